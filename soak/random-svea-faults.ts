// Makes a share of the mock's Svea API calls fail at random, through the mock's own fault injector, and counts them.
import type { EndpointFault, FaultInjector } from "../mock-svea/fault-injector.js";
import { pick, type Random } from "./seeded-random.js";

export type FaultKind = "500" | "503" | "drop-before" | "drop-after-store" | "delay-past-deadline";

const KINDS: readonly (readonly [FaultKind, number])[] = [
  ["500", 3],
  ["503", 3],
  ["drop-before", 2],
  ["drop-after-store", 2],
  ["delay-past-deadline", 1],
];

function faultOf(kind: FaultKind, endpoint: EndpointFault["endpoint"]): EndpointFault {
  switch (kind) {
    case "500":
      return { kind: "http-status", endpoint, status: 500 };
    case "503":
      return { kind: "http-status", endpoint, status: 503 };
    case "drop-before":
      return { kind: "drop-connection", endpoint };
    case "drop-after-store":
      return { kind: "drop-connection", endpoint, afterStore: true };
    case "delay-past-deadline":
      return { kind: "delay", endpoint, delayMs: 30_000 };
  }
}

export interface FaultCounts {
  calls: number;
  injected: Record<FaultKind, number>;
  byEndpoint: Record<string, number>;
}

/**
 * Wraps `faults.takeEndpointFault` so each Svea API call fails with probability `rate`. Faults armed through the admin
 * API still apply first. Returns the counts and a function that stops injecting.
 */
export function injectRandomFaults(faults: FaultInjector, random: Random, rate: number): { counts: FaultCounts; stop(): void } {
  const original = faults.takeEndpointFault.bind(faults);
  const counts: FaultCounts = { calls: 0, injected: { "500": 0, "503": 0, "drop-before": 0, "drop-after-store": 0, "delay-past-deadline": 0 }, byEndpoint: {} };
  let on = true;
  faults.takeEndpointFault = (endpoint) => {
    counts.calls++;
    const armed = original(endpoint);
    if (armed || !on || random() >= rate) return armed;
    const kind = pick(random, KINDS);
    counts.injected[kind]++;
    counts.byEndpoint[endpoint] = (counts.byEndpoint[endpoint] ?? 0) + 1;
    return faultOf(kind, endpoint);
  };
  return {
    counts,
    stop() {
      on = false;
    },
  };
}
