// Shared set-up for the client suites: a fake Svea on a real server, a client pointed at it, a shared ManualClock.
import { afterEach } from "vitest";
import { ManualClock } from "../../../common/clock.js";
import type { CreateOrderRequest } from "../../../common/svea-instore-types.js";
import { loadSveaInstoreFixture } from "../../../fixtures/svea-instore/load-svea-instore-fixture.js";
import { createSveaInstoreClient, type SveaInstoreClientOptions } from "../../../plugin/svea-client/index.js";
import { createFakeSvea } from "./fake-svea-orders.js";
import { startTestHttpServer, type TestHandler, type TestHttpServer } from "./test-http-server.js";

export const MERCHANT_ID = "instore-merchant-7";
/** Distinctive so any leak is easy to find; non-ASCII so its encodings differ from the raw text. */
export const PASSWORD = "Pässw0rd-SECRET-91xq!";
export const CREDENTIALS_B64 = Buffer.from(`${MERCHANT_ID}:${PASSWORD}`, "utf8").toString("base64");
export const SECRETS = [PASSWORD, CREDENTIALS_B64, `Basic ${CREDENTIALS_B64}`, encodeURIComponent(PASSWORD)];

const servers: TestHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

export async function serve(handler: TestHandler): Promise<TestHttpServer> {
  const server = await startTestHttpServer(handler);
  servers.push(server);
  return server;
}

type Extra = Partial<Omit<SveaInstoreClientOptions, "environment" | "baseUrl">>;

/** A client for `baseUrl` with no backoff wait (random 0), unless the test says otherwise. */
export function clientFor(baseUrl: string, extra: Extra = {}) {
  return createSveaInstoreClient({
    environment: "custom",
    baseUrl,
    merchantId: MERCHANT_ID,
    password: PASSWORD,
    ...extra,
    retry: { random: () => 0, ...extra.retry },
  } as SveaInstoreClientOptions);
}

/** A fake Svea on a real server, and a client sharing its ManualClock. */
export async function fakeSveaWithClient(extra: Extra = {}) {
  const clock = new ManualClock();
  const fake = createFakeSvea({ clock, merchantId: MERCHANT_ID, password: PASSWORD });
  const server = await serve(fake.handler);
  const client = clientFor(server.url, { clock, ...extra });
  return { clock, fake, server, client };
}

let counter = 0;
/** The example request under a fresh merchantOrderNumber. */
export function exampleOrder(merchantOrderNumber = `T-${process.pid}-${++counter}`): CreateOrderRequest {
  const request = loadSveaInstoreFixture("create-order-request.example") as CreateOrderRequest;
  return { ...request, merchantOrderNumber };
}

/** Runs `promise` and returns what it rejected with; fails the test if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
