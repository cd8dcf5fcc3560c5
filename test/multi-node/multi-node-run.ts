// Three reference-host processes on one PostgreSQL and one mock Svea: saves, deletes and callbacks for the same orders spread over the nodes at random (fixed seed), then the invariants.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { startMockSvea } from "../../mock-svea/start-mock-svea.js";
import type { MockOrder } from "../../mock-svea/mock-svea-schemas.js";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { createPostgresPluginStore } from "../../plugin/store/index.js";
import { pick, seededRandom, type Random } from "../../soak/seeded-random.js";
import { startHostNode, type HostNode, type ScheduleOutcome } from "./host-node-processes.js";
import { startLoadBalancer } from "./load-balancer.js";

export interface MultiNodeOptions {
  databaseUrl: string;
  /** The package root (fixtures, dist/). */
  repoRoot: string;
  orders: number;
  seed: number;
  nodes: number;
  /** Schema names for this run (fresh ones keep runs apart on a shared server). */
  pluginSchema: string;
  hostSchema: string;
}

export const MULTI_NODE_INVARIANTS = [
  "no order has two Active links",
  "no payment is lost track of",
  "every callback is processed once",
  "each schedule runs once per firing",
  "no 403 is earned",
  "an accepted delete stays deleted, with nothing payable",
] as const;

export interface MultiNodeReport {
  outcomes: Record<string, number>;
  /** Requests each node served (clerk calls, callbacks through the balancer and replayed ones). */
  requestsPerNode: number[];
  callbacksProcessed: number;
  paid: number;
  /** Orders whose delete was accepted: what the delete invariant checked. */
  deletesAccepted: number;
  scheduleRuns: { schedule: string; firingAt: number; ran: number; skipped: number }[];
  violations: { invariant: (typeof MULTI_NODE_INVARIANTS)[number]; detail: string }[];
  nodeErrors: string[];
}

const CALLBACK_KEY = "multi-node-callback-key-0123456789abcdefghij";
const orderNumberOf = (mon: string) => mon.slice(0, mon.indexOf("-"));

export async function runMultiNode(options: MultiNodeOptions): Promise<MultiNodeReport> {
  const baseOrder = JSON.parse(readFileSync(join(options.repoRoot, "fixtures/host/instore-order.json"), "utf8")) as HostOrder;
  const mock = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false, enforcePollInterval: true, requestJournalSize: 100_000 });
  const report: MultiNodeReport = { outcomes: {}, requestsPerNode: [], callbacksProcessed: 0, paid: 0, deletesAccepted: 0, scheduleRuns: [], violations: [], nodeErrors: [] };
  /** Orders whose delete a clerk was told went through. */
  const acceptedDeletes = new Set<string>();
  const violate = (invariant: MultiNodeReport["violations"][number]["invariant"], detail: string) => report.violations.push({ invariant, detail });

  // Two Active links of one order at any moment (no faults here, so no create can land late).
  const active = new Map<string, Set<string>>();
  const save = mock.deps.repo.save.bind(mock.deps.repo);
  mock.deps.repo.save = async (order: MockOrder) => {
    await save(order);
    const key = orderNumberOf(order.merchantOrderNumber);
    const set = active.get(key) ?? new Set<string>();
    if (order.orderStatus === "Active") set.add(order.merchantOrderNumber);
    else set.delete(order.merchantOrderNumber);
    active.set(key, set);
    if (set.size > 1) violate("no order has two Active links", `${key}: ${[...set].join(", ")} Active at once at Svea`);
  };

  const nodes: HostNode[] = [];
  const perNode: number[] = [];
  const balancer = await startLoadBalancer(() => nodes.map((n) => n.url), seededRandom(options.seed ^ 0xba1a));
  try {
    for (let i = 0; i < options.nodes; i++) {
      nodes.push(
        await startHostNode(i, {
          DATABASE_URL: options.databaseUrl,
          SVEA_URL: mock.url,
          SVEA_MERCHANT_ID: mock.merchant.id,
          SVEA_MERCHANT_PASSWORD: mock.merchant.password,
          SVEA_CALLBACK_KEY: CALLBACK_KEY,
          PUBLIC_BASE_URL: `${balancer.url}/plugins/svea-instore`,
          PLUGIN_PG_SCHEMA: options.pluginSchema,
          HOST_PG_SCHEMA: options.hostSchema,
          HOST_SCHEDULES: "manual",
          LOG_LEVEL: "info",
        }),
      );
    }

    const clerk = async (rnd: Random, method: string, path: string, body?: unknown) => {
      const node = Math.floor(rnd() * nodes.length);
      perNode[node] = (perNode[node] ?? 0) + 1;
      const res = await fetch(`${nodes[node]!.url}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as { accepted?: boolean } };
    };
    const deleteOrder = async (rnd: Random, id: string) => {
      const answer = await clerk(rnd, "DELETE", `/api/orders/${id}?locale=en`);
      if (answer.status === 200 && answer.body.accepted === true) acceptedDeletes.add(id);
    };
    const activeLinkOf = (number: string) => mock.deps.repo.list({ orderStatus: "Active" }).find((o) => orderNumberOf(o.merchantOrderNumber) === number);
    const admin = (action: "complete" | "decline", mon: string) =>
      fetch(`${mock.adminUrl}/orders/${mock.merchant.id}/${mon}/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    /** The same callback Svea sent through the balancer, delivered to every node at once (a retry storm). */
    const replayCallbackEverywhere = (sveaOrder: MockOrder) => {
      const sent = new URL(sveaOrder.request.callbackUri ?? "");
      return Promise.all(
        nodes.map((n) => {
          perNode[n.index] = (perNode[n.index] ?? 0) + 1;
          return fetch(`${n.url}${sent.pathname}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ merchantOrderNumber: sveaOrder.merchantOrderNumber }),
          });
        }),
      );
    };

    async function lifecycle(i: number, rnd: Random): Promise<void> {
      const id = `mn-${i}`;
      const number = String(700_000 + i);
      const order: HostOrder = { ...structuredClone(baseOrder), id, number };
      const changed: HostOrder = { ...order, rows: order.rows.map((r, k) => (k === 0 ? { ...r, quantity: "3" } : r)), total: "356.10" };
      await clerk(rnd, "PUT", `/api/orders/${id}?locale=en`, order);
      // Two clerks save the same order on two nodes at the same moment: one changes what Svea receives, one does not.
      await Promise.all([clerk(rnd, "PUT", `/api/orders/${id}?locale=en`, changed), clerk(rnd, "PUT", `/api/orders/${id}?locale=en`, rnd() < 0.5 ? changed : order)]);
      const outcome = pick(rnd, [["pay", 35], ["pay-while-deleting", 20], ["delete-twice", 20], ["save-while-deleting", 15], ["decline", 10]] as const);
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      const link = activeLinkOf(number);
      if (!link) return;
      switch (outcome) {
        case "pay":
          await Promise.all([admin("complete", link.merchantOrderNumber), clerk(rnd, "PUT", `/api/orders/${id}?locale=en`, changed)]);
          await replayCallbackEverywhere(mock.deps.repo.find(mock.merchant.id, link.merchantOrderNumber)!);
          break;
        case "pay-while-deleting":
          await Promise.all([admin("complete", link.merchantOrderNumber), deleteOrder(rnd, id)]);
          break;
        case "delete-twice":
          await Promise.all([deleteOrder(rnd, id), deleteOrder(rnd, id)]);
          break;
        case "save-while-deleting":
          // One clerk changes the order on one node while another deletes it on another.
          await Promise.all([clerk(rnd, "PUT", `/api/orders/${id}?locale=en`, order), deleteOrder(rnd, id)]);
          break;
        case "decline":
          await admin("decline", link.merchantOrderNumber);
          break;
      }
    }

    await Promise.all(Array.from({ length: options.orders }, (_, i) => lifecycle(i, seededRandom(options.seed * 1_000_003 + i))));

    // Settle: Svea's callbacks delivered and every recorded callback worked off (status reads wait for their 5 s slots).
    const reader = createPostgresPluginStore({ connectionString: options.databaseUrl, schema: options.pluginSchema, poolSize: 2 });
    try {
      const ids = Array.from({ length: options.orders }, (_, i) => `mn-${i}`);
      const unsettled = async () => {
        await mock.deps.callbacks.settled();
        const pendingAtMock = mock.deps.callbacks.pending().length;
        const states = await reader.getOrderStates(ids);
        return pendingAtMock + [...states.values()].reduce((n, o) => n + o.inbox.filter((e) => e.processedAt === null).length, 0);
      };
      for (let waited = 0; (await unsettled()) > 0 && waited < 60_000; waited += 250) await new Promise((r) => setTimeout(r, 250));

      // Every node fires the same schedule slots, as their crons would on the same wall clock.
      const firings = [
        { schedule: "expire-links", firingAt: Date.UTC(2026, 0, 2, 1, 0) },
        { schedule: "reconcile", firingAt: Date.UTC(2026, 0, 2, 1, 15) },
        { schedule: "reconcile", firingAt: Date.UTC(2026, 0, 2, 1, 30) },
      ];
      for (const firing of firings) {
        const outcomes: ScheduleOutcome[] = await Promise.all(nodes.map((n) => n.runSchedule(firing.schedule, firing.firingAt)));
        const ran = outcomes.filter((o) => !o.skipped && o.result?.data?.result !== "already-run").length;
        report.scheduleRuns.push({ ...firing, ran, skipped: outcomes.length - ran });
        if (ran !== 1) violate("each schedule runs once per firing", `${firing.schedule} at ${new Date(firing.firingAt).toISOString()} ran on ${ran} nodes`);
      }
      // A node that fires late (after the others finished) still finds the firing taken.
      const late = await nodes[nodes.length - 1]!.runSchedule(firings[0]!.schedule, firings[0]!.firingAt);
      if (late.result?.data?.result !== "already-run") violate("each schedule runs once per firing", `a late firing of ${firings[0]!.schedule} ran again`);
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${options.pluginSchema}".schedule_firings`);
        if (Number(rows[0]!.n) !== firings.length) violate("each schedule runs once per firing", `${rows[0]!.n} firing rows for ${firings.length} firings`);
      } finally {
        await client.end();
      }

      await checkInvariants(ids, await reader.getOrderStates(ids));
    } finally {
      await reader.close();
    }
  } finally {
    report.requestsPerNode = nodes.map((n, i) => (perNode[i] ?? 0) + (balancer.counts[i] ?? 0));
    await Promise.all(nodes.map((n) => n.stop()));
    await balancer.close();
    await mock.close();
  }
  for (const node of nodes) {
    for (const line of node.output) if (/"level":(50|60)/.test(line)) report.nodeErrors.push(`node ${node.index}: ${line}`);
  }
  return report;

  async function checkInvariants(ids: string[], states: Map<string, import("../../plugin/store/index.js").OrderPaymentRecord>): Promise<void> {
    // Every node's log of callbacks worked off: each inbox entry exactly once (later attempts find it processed).
    const processedBy = new Map<string, number>();
    for (const node of nodes) {
      for (const line of node.output) {
        if (!line.includes("svea instore callback processed")) continue;
        const entry = JSON.parse(line) as { entryId: string; outcome: string };
        if (entry.outcome !== "already-processed") processedBy.set(entry.entryId, (processedBy.get(entry.entryId) ?? 0) + 1);
      }
    }
    for (const order of states.values()) {
      const waiting = order.links.filter((l) => l.state === "waiting");
      if (waiting.length > 1) violate("no order has two Active links", `${order.orderId}: ${waiting.map((l) => l.merchantOrderNumber).join(", ")} waiting`);
      for (const entry of order.inbox) {
        report.callbacksProcessed++;
        const times = processedBy.get(entry.id) ?? 0;
        if (entry.processedAt === null || times !== 1) violate("every callback is processed once", `${order.orderId}: callback ${entry.id} for ${entry.merchantOrderNumber} processed ${times} times`);
      }
    }
    const byNumber = new Map<string, MockOrder[]>();
    for (const o of mock.deps.repo.list({})) byNumber.set(orderNumberOf(o.merchantOrderNumber), [...(byNumber.get(orderNumberOf(o.merchantOrderNumber)) ?? []), o]);
    for (const [number, atSvea] of byNumber) {
      if (atSvea.filter((o) => o.orderStatus === "Active").length > 1) violate("no order has two Active links", `${number}: several Active at the end`);
      const id = `mn-${Number(number) - 700_000}`;
      const order = states.get(id);
      for (const paid of atSvea.filter((o) => o.orderStatus === "Completed")) {
        report.paid++;
        const link = order?.links.find((l) => l.merchantOrderNumber === paid.merchantOrderNumber);
        if (link?.state !== "paid") violate("no payment is lost track of", `${id}: ${paid.merchantOrderNumber} paid at Svea, ${link?.state ?? "unknown"} in the plugin`);
        const host = await fetch(`${nodes[0]!.url}/api/orders/${id}?locale=en`).then((r) => r.json() as Promise<{ payment?: { state?: string; sveaReference?: number } | null; deletedAt?: string | null }>);
        if (host.payment?.state !== "paid" || host.payment.sveaReference !== paid.paymentOrderId)
          violate("no payment is lost track of", `${id}: paid at Svea (${paid.paymentOrderId}), the host holds ${JSON.stringify(host.payment ?? null)}`);
        if (host.deletedAt) violate("no payment is lost track of", `${id}: a paid order was deleted`);
      }
      for (const o of atSvea) {
        if (!order?.links.some((l) => l.merchantOrderNumber === o.merchantOrderNumber)) violate("no payment is lost track of", `${id}: Svea holds ${o.merchantOrderNumber} the plugin does not know`);
      }
    }
    const requests = mock.deps.requests.list();
    for (const r of requests) {
      if (r.status !== 403) continue;
      const polls = requests.filter((p) => p.method === "GET" && p.path === r.path).map((p) => `${p.at} ${p.status}`);
      violate("no 403 is earned", `${r.method} ${r.path} at ${r.at} (polls of it: ${polls.join(", ")})`);
    }
    for (const id of ids) if (!states.has(id)) violate("no payment is lost track of", `${id}: the plugin holds nothing for it`);
    for (const id of acceptedDeletes) {
      const host = await fetch(`${nodes[0]!.url}/api/orders/${id}?locale=en`).then((r) => r.json() as Promise<{ deletedAt?: string | null }>);
      if (!host.deletedAt) violate("an accepted delete stays deleted, with nothing payable", `${id}: a clerk was told it was deleted; the host holds it live`);
      const number = String(700_000 + Number(id.slice("mn-".length)));
      const active = mock.deps.repo.list({ orderStatus: "Active" }).filter((o) => orderNumberOf(o.merchantOrderNumber) === number);
      if (active.length > 0) violate("an accepted delete stays deleted, with nothing payable", `${id}: deleted, yet ${active.map((o) => o.merchantOrderNumber).join(", ")} is Active at Svea`);
    }
    report.deletesAccepted = acceptedDeletes.size;
  }
}
