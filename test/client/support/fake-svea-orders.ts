// A small stateful Svea Instore for the client suites: orders, 409 duplicates (or another status), 5-second poll rule on a shared clock.
import type { ServerResponse } from "node:http";
import type { Clock } from "../../../common/clock.js";
import { sendJson, type RecordedRequest, type TestHandler } from "./test-http-server.js";

export type FakeOrderStatus = "Active" | "Completed" | "Canceled";

export interface FakeOrder {
  merchantOrderNumber: string;
  instoreUiUri: string;
  orderStatus: FakeOrderStatus;
  paymentOrderId: number;
  orderItems: unknown[];
  /** Set when a cancel reached a Completed order: Svea would have credited the invoice. */
  credited: boolean;
}

export interface FakeSveaOptions {
  clock: Clock;
  merchantId: string;
  password: string;
  pollGapMs?: number;
}

/**
 * `intercept` lets a test take over one request before the fake answers it, after the fake has applied its effect
 * (`afterEffect`) or instead of it (`before`). Return true when the test answered (or destroyed the socket) itself.
 */
export interface FakeSveaHooks {
  before?: (req: RecordedRequest, res: ServerResponse) => boolean;
  afterEffect?: (req: RecordedRequest, res: ServerResponse) => boolean;
}

export function createFakeSvea(options: FakeSveaOptions) {
  const orders = new Map<string, FakeOrder>();
  const lastPoll = new Map<string, number>();
  const pollTimes: { merchantOrderNumber: string; at: number; answered: number }[] = [];
  const hooks: FakeSveaHooks = {};
  /** How a create under a number already used is refused: Svea documents no status for it (a 400 is a validation problem). */
  const settings = { duplicateStatus: 409 };
  let nextId = 8_000_001;
  const expectedAuth = `Basic ${Buffer.from(`${options.merchantId}:${options.password}`).toString("base64")}`;
  const gap = options.pollGapMs ?? 5000;

  const statusBody = (o: FakeOrder) => ({
    merchantOrderNumber: o.merchantOrderNumber,
    instoreUiUri: o.instoreUiUri,
    orderStatus: o.orderStatus,
    paymentOrderId: o.paymentOrderId,
    orderItems: o.orderItems,
    customerInformation: null,
  });

  const handler: TestHandler = (req, res) => {
    if (req.headers.authorization !== expectedAuth) return sendJson(res, 401, { title: "Unauthorized", status: 401 });
    if (hooks.before?.(req, res)) return;
    const path = req.url.split("?")[0]!;
    const match = /^\/api\/v1\/orders\/([^/]+)\/(status|cancel|return)$/.exec(path);
    const done = (status: number, body: unknown) => (hooks.afterEffect?.(req, res) ? undefined : sendJson(res, status, body));

    if (req.method === "POST" && path === "/api/v1/orders") {
      const body = JSON.parse(req.body) as { merchantOrderNumber: string; orderItems: unknown[] };
      if (orders.has(body.merchantOrderNumber)) return sendDuplicate(res, settings.duplicateStatus);
      const order: FakeOrder = {
        merchantOrderNumber: body.merchantOrderNumber,
        instoreUiUri: `https://instore.example.test/pay/${nextId}`,
        orderStatus: "Active",
        paymentOrderId: nextId++,
        orderItems: body.orderItems,
        credited: false,
      };
      orders.set(order.merchantOrderNumber, order);
      return done(200, { ...statusBody(order), smsSentSuccessfully: true });
    }
    if (!match) return sendJson(res, 404, { title: "Not Found", status: 404 });
    const order = orders.get(decodeURIComponent(match[1]!));
    if (!order) return sendJson(res, 404, { title: "Not Found", status: 404 });
    const now = options.clock.now();
    if (req.method === "GET" && match[2] === "status") {
      const last = lastPoll.get(order.merchantOrderNumber);
      if (last !== undefined && now - last < gap) {
        pollTimes.push({ merchantOrderNumber: order.merchantOrderNumber, at: now, answered: 403 });
        return sendJson(res, 403, { title: "Forbidden", status: 403 });
      }
      lastPoll.set(order.merchantOrderNumber, now);
      pollTimes.push({ merchantOrderNumber: order.merchantOrderNumber, at: now, answered: 200 });
      return done(200, statusBody(order));
    }
    if (req.method === "POST" && match[2] === "cancel") {
      if (order.orderStatus === "Completed") order.credited = true;
      order.orderStatus = "Canceled";
      return done(200, {});
    }
    if (req.method === "POST" && match[2] === "return") return done(200, {});
    return sendJson(res, 405, { title: "Method Not Allowed", status: 405 });
  };

  return {
    handler,
    orders,
    pollTimes,
    hooks,
    settings,
    /** Marks a poll as just made, as if another host had polled. */
    pollNow: (merchantOrderNumber: string) => lastPoll.set(merchantOrderNumber, options.clock.now()),
    addOrder(merchantOrderNumber: string, orderStatus: FakeOrderStatus): FakeOrder {
      const order: FakeOrder = { merchantOrderNumber, instoreUiUri: `https://instore.example.test/pay/${nextId}`, orderStatus, paymentOrderId: nextId++, orderItems: [], credited: false };
      orders.set(merchantOrderNumber, order);
      return order;
    },
  };
}

function sendDuplicate(res: ServerResponse, status: number): void {
  if (status !== 400) return sendJson(res, status, { title: status === 409 ? "Conflict" : "Refused", status, detail: "merchantOrderNumber is already used" });
  sendJson(res, 400, { title: "One or more validation errors occurred.", status: 400, errors: { MerchantOrderNumber: ["merchantOrderNumber is already used"] } });
}
