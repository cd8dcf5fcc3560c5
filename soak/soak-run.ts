// The soak run: thousands of orders through their whole lifecycle against the mock Svea with random faults, then the invariants.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../common/clock.js";
import { startReferenceHost } from "../host/reference-host.js";
import type { MockOrder } from "../mock-svea/mock-svea-schemas.js";
import { startMockSvea } from "../mock-svea/start-mock-svea.js";
import type { HostOrder, PaymentView } from "../plugin/host-contract/host-contract-types.js";
import { injectRandomFaults, type FaultCounts } from "./random-svea-faults.js";
import { pick, seededRandom, type Random } from "./seeded-random.js";

export interface SoakOptions {
  orders: number;
  seed: number;
  /** Share of Svea API calls that fail (0.05 = 5 %). */
  faultRate: number;
  concurrency: number;
  /** Stops starting new orders after this much real time; the run still settles and checks what it started. */
  maxMillis: number;
  /** The package root holding plugin.manifest.json and the compiled plugin. */
  pluginDir: string;
}

export type Outcome = "pay" | "decline" | "expire" | "delete";

export interface SoakReport {
  options: Omit<SoakOptions, "pluginDir">;
  ordersRun: number;
  outcomes: Record<Outcome, number>;
  resaves: { changed: number; unchanged: number };
  paidDeleteAttempts: number;
  retries: number;
  unsettledAfterRetries: number;
  faults: FaultCounts;
  sveaOrders: number;
  sms: number;
  finalStates: Record<string, number>;
  reconcileRuns: number;
  /** Links that turned Active beside another the plugin had not seen Active (a create landing late); cancelled by the end. */
  lateCreates: number;
  violations: { invariant: string; detail: string }[];
  realMillis: number;
}

const LIFETIME_MS = 2880 * 60_000;

export const INVARIANTS = [
  "every completed payment is the order's payment or flagged credited",
  "no paid order is cancelled by a delete",
  "never two Active links for one order at Svea",
  "every order in a known state that agrees with Svea",
  "every SMS belongs to a link the plugin knows",
] as const;

/** The ERP order number a merchantOrderNumber was made from (the soak's order numbers are plain digits). */
const orderNumberOf = (mon: string) => mon.slice(0, mon.indexOf("-"));

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const baseOrder = JSON.parse(readFileSync(join(options.pluginDir, "fixtures/host/instore-order.json"), "utf8")) as HostOrder;
  const random = seededRandom(options.seed);
  const faultRandom = seededRandom(options.seed ^ 0x5eed);
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0, 0));
  // The request journal must hold the whole run: double Active links are judged from it at the end.
  const mock = await startMockSvea({ port: 0, dataFile: null, clock, logger: false, sweepSchedule: false, enforcePollInterval: true, requestJournalSize: 1_000_000 });
  const violations: SoakReport["violations"] = [];
  const violate = (invariant: (typeof INVARIANTS)[number], detail: string) => violations.push({ invariant, detail });

  // Watch every state change at Svea. The plugin cancels before it creates: it must never send a create while it knows
  // (from a create's answer or a status read) that another link of the order is Active. Two Active links without
  // that are a create whose answer was lost landing at Svea after the plugin's status read had said 404: no client
  // can stop that, so it is counted, and the plugin must have cancelled it by the end (checked after reconcile).
  const activeByOrder = new Map<string, Set<string>>();
  const activeSince = new Map<string, number>();
  const lateCreates = new Set<string>();
  /** Moments two links of one order were Active at once, judged at the end, when every request is in the journal. */
  const doubleActive: { key: string; mon: string; others: string[] }[] = [];
  const save = mock.deps.repo.save.bind(mock.deps.repo);
  mock.deps.repo.save = async (order: MockOrder) => {
    await save(order);
    const mon = order.merchantOrderNumber;
    const key = orderNumberOf(mon);
    const active = activeByOrder.get(key) ?? new Set<string>();
    const wasActive = active.has(mon);
    if (order.orderStatus === "Active") active.add(mon);
    else active.delete(mon);
    activeByOrder.set(key, active);
    if (order.orderStatus === "Active" && !wasActive) activeSince.set(mon, clock.now());
    if (order.orderStatus !== "Active" || wasActive || active.size < 2) return;
    doubleActive.push({ key, mon, others: [...active].filter((m) => m !== mon) });
  };

  const host = await startReferenceHost({
    pluginDir: options.pluginDir,
    dataFile: null,
    clock,
    logLevel: "silent",
    schedules: "manual",
    settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({
      merchantId: mock.merchant.id,
      password: mock.merchant.password,
      environment: mock.url,
      termsUri: "https://shop.example/terms",
      publicBaseUrl: pluginBaseUrl,
      callbackKey: "soak-callback-key-0123456789abcdefghijklmnop",
    }),
  });
  const faults = injectRandomFaults(mock.deps.faults, faultRandom, options.faultRate);
  // Time moves only while something sleeps on the clock (back-off, Svea's poll gap, a held call), 1 s per 20 ms.
  const driver = setInterval(() => {
    if (clock.pending > 0) clock.advance(1000);
  }, 20);

  const report: SoakReport = {
    options: { orders: options.orders, seed: options.seed, faultRate: options.faultRate, concurrency: options.concurrency, maxMillis: options.maxMillis },
    ordersRun: 0,
    outcomes: { pay: 0, decline: 0, expire: 0, delete: 0 },
    resaves: { changed: 0, unchanged: 0 },
    paidDeleteAttempts: 0,
    retries: 0,
    unsettledAfterRetries: 0,
    faults: faults.counts,
    sveaOrders: 0,
    sms: 0,
    finalStates: {},
    reconcileRuns: 0,
    lateCreates: 0,
    violations,
    realMillis: 0,
  };
  const paidDeletes = new Set<string>();

  const clerk = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${host.url}${path}`, { method, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as { accepted?: boolean; paymentView?: PaymentView | null; ok?: boolean } };
  };
  const admin = (method: string, path: string) => fetch(`${mock.adminUrl}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
  const pause = () => clock.advance(6_000);

  /**
   * The clerk saves; when Svea failed (refused, red, or the link is being checked because Svea's answer was lost), they
   * try again a few times, as a clerk would and as the notice asks.
   */
  const saveWithRetries = async (order: HostOrder) => {
    for (let attempt = 0; ; attempt++) {
      const answer = await clerk("PUT", `/api/orders/${order.id}?locale=en`, order);
      const state = answer.body.paymentView?.state;
      const ok = answer.body.accepted === true && state !== "failed" && state !== "checking";
      if (ok || attempt === 3) {
        if (!ok) report.unsettledAfterRetries++;
        return answer.body.paymentView ?? null;
      }
      report.retries++;
      pause();
    }
  };

  async function lifecycle(i: number, rnd: Random): Promise<void> {
    const id = `soak-${i}`;
    const order: HostOrder = { ...structuredClone(baseOrder), id, number: String(100000 + i) };
    let view = await saveWithRetries(order);
    pause();
    const resave = pick(rnd, [["changed", 3], ["unchanged", 1], ["none", 6]] as const);
    if (resave !== "none") {
      report.resaves[resave]++;
      const next = resave === "changed" ? { ...order, rows: order.rows.map((r, k) => (k === 0 ? { ...r, quantity: "3" } : r)), total: "356.10" } : order;
      view = await saveWithRetries(next);
      pause();
    }
    const outcome = pick(rnd, [["pay", 50], ["decline", 15], ["expire", 15], ["delete", 20]] as const);
    report.outcomes[outcome]++;
    const mon = view?.state === "waiting" ? (view.links.at(-1)?.merchantOrderNumber ?? "") : "";
    switch (outcome) {
      case "pay":
      case "decline":
        if (mon) await admin("POST", `/orders/${mock.merchant.id}/${mon}/${outcome === "pay" ? "complete" : "decline"}`);
        if (outcome === "pay" && rnd() < 0.2) {
          report.paidDeleteAttempts++;
          paidDeletes.add(id);
          pause();
          await clerk("DELETE", `/api/orders/${id}?locale=en`);
        }
        break;
      case "delete":
        for (let attempt = 0; attempt < 4; attempt++) {
          const answer = await clerk("DELETE", `/api/orders/${id}?locale=en`);
          if (answer.body.accepted === true) break;
          report.retries++;
          pause();
        }
        break;
      case "expire":
        break;
    }
  }

  // Every order draws its own random stream from the seed, so interleaving changes fault timing but not the workload.
  let next = 0;
  const workers = Array.from({ length: options.concurrency }, async () => {
    while (next < options.orders && Date.now() - started < options.maxMillis) {
      const i = next++;
      report.ordersRun++;
      await lifecycle(i, seededRandom(options.seed * 1_000_003 + i));
    }
  });
  await Promise.all(workers);

  // Settle: no more faults, callbacks delivered, reconcile after the quiet time, then every link past its lifetime.
  faults.stop();
  for (let i = 0; i < 500 && (mock.deps.callbacks.pending().length > 0 || clock.pending > 0); i++) await new Promise((r) => setTimeout(r, 20));
  const command = async (name: string) => {
    const res = await clerk("POST", `/api/commands/${name}?locale=en`, {});
    if (name === "reconcile") report.reconcileRuns++;
    return res;
  };
  clock.advance(31 * 60_000);
  await command("reconcile");
  clock.advance(31 * 60_000);
  await command("reconcile");
  // Reconcile has run past every create's outcome window: no order may have two Active links now. (After the jump
  // past the links' lifetime below, Active links are expired ones and the final check no longer sees them.)
  checkOneActiveLink();
  clock.advance(LIFETIME_MS + 60_000);
  await command("expire-links");
  await command("reconcile");
  clearInterval(driver);

  judgeDoubleActive();
  report.lateCreates = lateCreates.size;
  await checkInvariants();
  report.realMillis = Date.now() - started;
  await host.close();
  await mock.close();
  return report;

  /**
   * A double Active link is the plugin's fault when it issued the newer link (the one whose create reached Svea later)
   * after Svea had told it the older one was Active: a create answered in full, or a status read after it turned Active.
   */
  function judgeDoubleActive(): void {
    const entries = mock.deps.requests.list();
    const isCreateOf = (r: (typeof entries)[number], m: string) =>
      r.method === "POST" && r.path === "/api/v1/orders" && (r.body as { merchantOrderNumber?: unknown } | undefined)?.merchantOrderNumber === m;
    const sentAt = (m: string) => Math.min(...entries.filter((r) => isCreateOf(r, m)).map((r) => Date.parse(r.at)));
    const knewActive = (m: string, before: number) =>
      entries.some((r) => {
        const when = Date.parse(r.at);
        if (when >= before || r.status >= 300 || r.fault !== null) return false;
        return isCreateOf(r, m) || (r.method === "GET" && r.path === `/api/v1/orders/${m}/status` && when >= (activeSince.get(m) ?? Infinity));
      });
    for (const { key, mon, others } of doubleActive) {
      const known = others.filter((other) => {
        const [older, newer] = sentAt(other) <= sentAt(mon) ? [other, mon] : [mon, other];
        return knewActive(older, sentAt(newer));
      });
      if (known.length === 0) lateCreates.add(mon);
      else violate("never two Active links for one order at Svea", `${key}: ${mon} Active beside ${known.join(", ")}, issued while the plugin knew the other was Active`);
    }
  }

  function checkOneActiveLink(): void {
    const active = new Map<string, string[]>();
    for (const o of mock.deps.repo.list({ orderStatus: "Active" })) {
      const key = orderNumberOf(o.merchantOrderNumber);
      active.set(key, [...(active.get(key) ?? []), o.merchantOrderNumber]);
    }
    for (const [key, mons] of active) {
      if (mons.length > 1) violate("never two Active links for one order at Svea", `${key}: ${mons.join(", ")} still Active after reconcile`);
    }
  }

  async function checkInvariants(): Promise<void> {
    const sveaOrders = mock.deps.repo.list({});
    report.sveaOrders = sveaOrders.length;
    const sms = mock.deps.repo.smsOutbox();
    report.sms = sms.length;
    const known = new Set<string>();
    const byNumber = new Map<string, MockOrder[]>();
    for (const o of sveaOrders) byNumber.set(orderNumberOf(o.merchantOrderNumber), [...(byNumber.get(orderNumberOf(o.merchantOrderNumber)) ?? []), o]);

    for (let i = 0; i < report.ordersRun; i++) {
      const id = `soak-${i}`;
      const number = String(100000 + i);
      const { body } = await clerk("GET", `/api/orders/${id}?locale=en`);
      const view = (body.paymentView ?? null) as PaymentView | null;
      const state = view?.state ?? "none";
      report.finalStates[state] = (report.finalStates[state] ?? 0) + 1;
      const links = new Map((view?.links ?? []).map((l) => [l.merchantOrderNumber, l]));
      for (const m of links.keys()) known.add(m);
      const flagged = new Set((view?.flags ?? []).filter((f) => f.code === "paid-then-credited").map((f) => /\(([^)]+)\)$/.exec(f.message)?.[1]));
      const atSvea = byNumber.get(number) ?? [];

      for (const o of atSvea) {
        const link = links.get(o.merchantOrderNumber);
        if (!link) {
          violate("every order in a known state that agrees with Svea", `${id}: Svea holds ${o.merchantOrderNumber} (${o.orderStatus}) the plugin does not know`);
          continue;
        }
        if (o.completedAt) {
          const isPayment = o.orderStatus === "Completed" && link.state === "paid" && view?.sveaReference === o.paymentOrderId;
          if (!isPayment && !flagged.has(o.merchantOrderNumber))
            violate("every completed payment is the order's payment or flagged credited", `${id}: ${o.merchantOrderNumber} paid at Svea (${o.orderStatus}/${o.reason}), plugin shows ${link.state}`);
        }
        const agrees =
          link.state === "paid" ? o.orderStatus === "Completed" : link.state === "waiting" ? o.orderStatus === "Active" : link.state === "failed" ? o.orderStatus !== "Active" : o.orderStatus !== "Completed" || flagged.has(o.merchantOrderNumber);
        if (!agrees) violate("every order in a known state that agrees with Svea", `${id}: ${o.merchantOrderNumber} is ${o.orderStatus} at Svea, ${link.state} in the plugin`);
        if (link.state === "paid" && o.reason === "credited") violate("no paid order is cancelled by a delete", `${id}: paid link ${o.merchantOrderNumber} was credited`);
      }
      if (!["paid", "cancelled", "expired", "failed", "none"].includes(state)) violate("every order in a known state that agrees with Svea", `${id}: ends ${state}`);
      if (paidDeletes.has(id) && state === "paid") {
        const record = await host.store.get(id);
        if (record?.deletedAt) violate("no paid order is cancelled by a delete", `${id}: a paid order was deleted`);
      }
      const active = atSvea.filter((o) => o.orderStatus === "Active" && Date.parse(o.expiresAt) > clock.now());
      if (active.length > 1) violate("never two Active links for one order at Svea", `${id}: ${active.map((o) => o.merchantOrderNumber).join(", ")}`);
    }
    for (const m of sms) if (!known.has(m.merchantOrderNumber)) violate("every SMS belongs to a link the plugin knows", `SMS for ${m.merchantOrderNumber}`);
    if (sms.length !== sveaOrders.length) violate("every SMS belongs to a link the plugin knows", `${sms.length} SMS for ${sveaOrders.length} orders at Svea`);
  }
}
