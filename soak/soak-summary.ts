// Renders a soak report as the table `npm run soak` prints; the last line is always `violations: N`.
import { INVARIANTS, type SoakReport } from "./soak-run.js";

const row = (label: string, value: string | number) => `| ${label.padEnd(58)} | ${String(value).padStart(10)} |`;

export function renderSoakSummary(r: SoakReport): string {
  const injected = Object.values(r.faults.injected).reduce((a, b) => a + b, 0);
  const lines = [
    `soak: seed ${r.options.seed}, ${r.options.orders} orders, ${(r.options.faultRate * 100).toFixed(1)} % of Svea calls failing, concurrency ${r.options.concurrency}`,
    "",
    `| ${"what".padEnd(58)} | ${"count".padStart(10)} |`,
    `| ${"-".repeat(58)} | ${"-".repeat(10)}: |`,
    row("orders run", r.ordersRun),
    row("re-saves with a change (status, cancel, create)", r.resaves.changed),
    row("re-saves without a change", r.resaves.unchanged),
    ...Object.entries(r.outcomes).map(([k, v]) => row(`outcome: ${k}`, v)),
    row("delete attempts on paid orders", r.paidDeleteAttempts),
    row("Svea API calls", r.faults.calls),
    row("faults injected", `${injected} (${((injected / Math.max(1, r.faults.calls)) * 100).toFixed(2)} %)`),
    ...Object.entries(r.faults.injected).map(([k, v]) => row(`  fault: ${k}`, v)),
    ...Object.entries(r.faults.byEndpoint).map(([k, v]) => row(`  on ${k}`, v)),
    row("clerk retries after a failed save or delete", r.retries),
    row("saves still failed after 3 retries (left to reconcile)", r.unsettledAfterRetries),
    row("reconcile runs at the end", r.reconcileRuns),
    row("late creates (landed unseen beside another link)", r.lateCreates),
    row("orders held at Svea", r.sveaOrders),
    row("SMS sent", r.sms),
    ...Object.entries(r.finalStates).map(([k, v]) => row(`final state: ${k}`, v)),
    ...INVARIANTS.map((name) => row(`violations: ${name}`, r.violations.filter((v) => v.invariant === name).length)),
    row("real time (s)", (r.realMillis / 1000).toFixed(1)),
    "",
    ...r.violations.slice(0, 20).map((v) => `violation: ${v.invariant}: ${v.detail}`),
    `violations: ${r.violations.length}`,
  ];
  return lines.join("\n");
}
