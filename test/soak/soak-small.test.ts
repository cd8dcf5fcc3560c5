// A small soak in the suite: 100 orders, 5 % of Svea calls failing, fixed seed; every invariant must hold.
import { describe, expect, it } from "vitest";
import { runSoak } from "../../soak/soak-run.js";
import { renderSoakSummary } from "../../soak/soak-summary.js";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";

describe("soak (small)", () => {
  it("100 orders through create, re-save, pay/decline/expire/delete with random Svea faults break no invariant", async () => {
    await ensurePluginBuilt();
    const report = await runSoak({ orders: 100, seed: 7, faultRate: 0.05, concurrency: 1, maxMillis: 60_000, pluginDir: repoRoot });
    const summary = renderSoakSummary(report);
    expect(report.ordersRun).toBe(100);
    // The run really exercised faults and every outcome.
    expect(Object.values(report.faults.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const n of Object.values(report.outcomes)) expect(n).toBeGreaterThan(0);
    expect(report.sveaOrders).toBeGreaterThanOrEqual(100);
    expect(report.violations, summary).toEqual([]);
    expect(summary.split("\n").at(-1)).toBe("violations: 0");
  }, 90_000);
});
