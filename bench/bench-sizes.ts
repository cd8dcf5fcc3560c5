// How big each bench scenario is: the standard sizes the floors are stated for, a larger growth size, and the quick mode.
export interface ScenarioSizes {
  /** Orders already in the mock's store for the "stored orders" figures. */
  storedOrders: number;
  /** Seconds of measured load per server compared (after a short unmeasured warm-up each). */
  loadSeconds: number;
  /** Those seconds are cut into this many slices, interleaved with the other servers' (A B A B ...). */
  rounds: number;
  warmupSeconds: number;
  /** Rows of the host order saved in the plugin overhead figure. */
  saveRows: number;
  /** Saves (and create round trips) sampled for the p50s. */
  saveSamples: number;
  /** Saves (and round trips) run untimed first, so both p50s are steady-state figures (see save-overhead.ts). */
  saveWarmup: number;
  /** Host orders passed to one picking.filter call (half of them Instore). */
  pickingOrders: number;
  /** Waiting links the nightly sweep checks. */
  sweepLinks: number;
  callbacks: number;
}

export interface BenchPlan {
  mode: "full" | "quick";
  connections: number;
  createRows: number;
  callbackConcurrency: number;
  standard: ScenarioSizes;
  /** The same scenarios at a larger size, to show how each cost grows; no floors apply. */
  growth: ScenarioSizes | null;
}

export function benchPlan(mode: "full" | "quick"): BenchPlan {
  if (mode === "quick") {
    return {
      mode,
      connections: 20,
      createRows: 3,
      callbackConcurrency: 50,
      standard: { storedOrders: 500, loadSeconds: 1, rounds: 2, warmupSeconds: 0.5, saveRows: 20, saveSamples: 40, saveWarmup: 100, pickingOrders: 2_000, sweepLinks: 60, callbacks: 100 },
      growth: { storedOrders: 1_000, loadSeconds: 1, rounds: 2, warmupSeconds: 0.5, saveRows: 40, saveSamples: 40, saveWarmup: 100, pickingOrders: 4_000, sweepLinks: 120, callbacks: 200 },
    };
  }
  return {
    mode,
    connections: 20,
    createRows: 3,
    callbackConcurrency: 50,
    standard: { storedOrders: 50_000, loadSeconds: 10, rounds: 5, warmupSeconds: 2, saveRows: 20, saveSamples: 2_000, saveWarmup: 4_000, pickingOrders: 100_000, sweepLinks: 10_000, callbacks: 2_000 },
    growth: { storedOrders: 100_000, loadSeconds: 8, rounds: 4, warmupSeconds: 2, saveRows: 40, saveSamples: 2_000, saveWarmup: 4_000, pickingOrders: 200_000, sweepLinks: 20_000, callbacks: 4_000 },
  };
}
