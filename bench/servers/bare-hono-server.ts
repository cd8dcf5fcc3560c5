// The baseline server: bare Hono routes with no validation, auth or storage, run in its own process like the server under test.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { serveRpc } from "../child-process-rpc.js";

/** Shaped like the mock's status answer for a 3-row order, so both servers send about as many bytes. */
const STATUS_BODY = {
  merchantOrderNumber: "bench-000000",
  instoreUiUri: "http://127.0.0.1:4010/checkout/0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
  orderStatus: "Active",
  paymentOrderId: 8000001,
  paymentMethodType: null,
  paymentType: null,
  campaignCode: null,
  customerInformation: null,
  tags: null,
  orderItems: [1, 2, 3].map((n) => ({
    articleNumber: `ART-${999 + n}`,
    name: `Artikel ${n}`,
    quantity: 200,
    unitPrice: 1250,
    discountPercent: null,
    discountAmount: null,
    vatPercent: 2500,
    unit: "st",
    rowNumber: n,
    merchantData: null,
  })),
};

const app = new Hono();
app.post("/echo", async (c) => c.json(await c.req.json()));
app.get("/status/:merchantOrderNumber", (c) => c.json({ ...STATUS_BODY, merchantOrderNumber: c.req.param("merchantOrderNumber") }));

const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
  serveRpc(info.port, {
    shutdown: () => {
      server.close();
      setImmediate(() => process.exit(0));
    },
  });
});
