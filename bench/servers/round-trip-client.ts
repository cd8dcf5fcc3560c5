// The create round trips of floor 4, sent from their own process: the HTTP client's garbage and caches stay out of
// the process whose saves are timed, and the saves' stay out of the round trips.
import { createSveaInstoreClient } from "../../plugin/svea-client/index.js";
import { childOptions, serveRpc } from "../child-process-rpc.js";
import { basicAuthHeader, sveaCreateBody } from "../bench-orders.js";
import { RoundTripClient } from "../http-round-trip.js";

export interface RoundTripClientOptions {
  baseUrl: string;
  merchantId: string;
  password: string;
}

export interface TripsArgs {
  /** merchantOrderNumbers rt-<rows>-<from> … rt-<rows>-<to - 1>, one create each, one after another. */
  from: number;
  to: number;
  rows: number;
}

const options = childOptions<RoundTripClientOptions>();
const client = new RoundTripClient(options.baseUrl, { authorization: basicAuthHeader(options.merchantId, options.password) });
const sveaClient = createSveaInstoreClient({ environment: "custom", baseUrl: options.baseUrl, merchantId: options.merchantId, password: options.password });

/** Sends the creates one at a time and answers each one's milliseconds (null for an answer other than 200). */
async function trips({ from, to, rows }: TripsArgs): Promise<(number | null)[]> {
  const ms: (number | null)[] = [];
  for (let i = from; i < to; i++) {
    const trip = await client.send("POST", "/api/v1/orders", JSON.stringify(sveaCreateBody(`rt-${rows}-${i}`, rows)));
    ms.push(trip.status === 200 ? trip.ms : null);
  }
  return ms;
}

/**
 * The same creates (merchantOrderNumbers pc-<rows>-<i>) through the plugin's own Svea client: the round trip a save
 * really waits for, with the client's request check, fetch and answer validation. Milliseconds each; null for a failure.
 */
async function clientTrips({ from, to, rows }: TripsArgs): Promise<(number | null)[]> {
  const ms: (number | null)[] = [];
  for (let i = from; i < to; i++) {
    const request = sveaCreateBody(`pc-${rows}-${i}`, rows);
    const started = performance.now();
    ms.push(await sveaClient.createOrder(request).then(() => performance.now() - started, () => null));
  }
  return ms;
}

serveRpc(0, {
  trips,
  clientTrips,
  shutdown: () => {
    client.close();
    setImmediate(() => process.exit(0));
  },
});
