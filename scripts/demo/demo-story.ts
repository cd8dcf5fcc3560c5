// The brief's story, step by step: order 1 is created, changed, paid through the mock's checkout and picked; order 2 expires; order 3 is deleted.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { HostOrder, LinkState, Notice } from "../../plugin/host-contract/host-contract-types.js";
import type { DemoStep } from "./demo-step.js";
import { packageRoot, type DemoWorld } from "./demo-world.js";

/** Svea's default link lifetime is 48 h (settings.linkLifetimeMinutes 2880); the clock jumps past it. */
const PAST_EXPIRY_MS = (2880 + 1) * 60_000;
/** The clerk takes a minute or two between actions; the clock moves instead of anyone waiting. */
const A_MOMENT_MS = 2 * 60_000;

interface StoryStep {
  step: string;
  orderId: string;
  expected: LinkState;
  /** Picking steps: the order must (not) be on the picking list. */
  expectPickable?: boolean;
  /** How far the clock moves before the step. */
  clockMovesMs?: number;
  act(world: DemoWorld): Promise<{ notices?: Notice[] }>;
}

function fixtureOrder(id: string, number: string, changes: Partial<HostOrder> = {}): HostOrder {
  const base = JSON.parse(readFileSync(join(packageRoot, "fixtures/host/instore-order.json"), "utf8")) as HostOrder;
  return { ...base, id, number, ...changes };
}

const order1 = fixtureOrder("demo-1", "1001");
const order1Changed = fixtureOrder("demo-1", "1001", {
  rows: [...order1.rows, { rowNumber: 3, articleNumber: "FIL-4", name: "Kaffefilter nr 4", quantity: "1", unit: "st", unitPrice: "24.90", vatPercent: "25" }],
  total: "321.10",
});
const order2 = fixtureOrder("demo-2", "1002");
const order3 = fixtureOrder("demo-3", "1003");

/** A clerk API call that must succeed; answers the notices the clerk got. */
async function clerkDoes(world: DemoWorld, method: string, path: string, body?: unknown): Promise<{ notices: Notice[]; data?: unknown }> {
  const answer = await world.clerk(method, path, body);
  if (answer.status !== 200 && answer.status !== 201) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body.errors ?? answer.body)}`);
  return { notices: (answer.body.notices as Notice[] | undefined) ?? [], data: answer.body.data };
}

const save = (world: DemoWorld, order: HostOrder) => clerkDoes(world, "PUT", `/api/orders/${order.id}`, order);

export const STORY: readonly StoryStep[] = [
  { step: "create", orderId: "demo-1", expected: "waiting", act: (w) => save(w, order1) },
  { step: "change", orderId: "demo-1", expected: "waiting", clockMovesMs: A_MOMENT_MS, act: (w) => save(w, order1Changed) },
  {
    step: "pay",
    orderId: "demo-1",
    expected: "paid",
    clockMovesMs: A_MOMENT_MS,
    async act(w) {
      const link = (await w.view("demo-1"))?.paymentLink;
      if (!link) throw new Error("demo-1 has no payment link to pay");
      // The customer opens the link from the SMS and pays by card: the checkout page's own form post.
      const page = await fetch(link);
      if (page.status !== 200) throw new Error(`the checkout page answered ${page.status}`);
      const paid = await fetch(`${link}/pay`, { method: "POST", body: new URLSearchParams({ method: "card" }), redirect: "manual" });
      if (paid.status !== 303) throw new Error(`paying at the checkout answered ${paid.status}`);
      // Svea calls the host back; the plugin reads the status and tells the host.
      await w.settle(() => w.view("demo-1"), (v) => v?.state === "paid");
      return {};
    },
  },
  { step: "picking", orderId: "demo-1", expected: "paid", expectPickable: true, act: async () => ({}) },
  { step: "create", orderId: "demo-2", expected: "waiting", act: (w) => save(w, order2) },
  {
    step: "expire",
    orderId: "demo-2",
    expected: "expired",
    clockMovesMs: PAST_EXPIRY_MS,
    async act(w) {
      // Overnight Svea has ended the link too (the mock's expiry sweep); then the nightly schedule's command, as an
      // administrator would run it: one status read, Canceled.
      await w.sweepSvea();
      const { data } = await clerkDoes(w, "POST", "/api/commands/expire-links", {});
      process.stderr.write(`expire-links: ${JSON.stringify(data)}\n`);
      return {};
    },
  },
  { step: "create", orderId: "demo-3", expected: "waiting", act: (w) => save(w, order3) },
  { step: "delete", orderId: "demo-3", expected: "cancelled", clockMovesMs: A_MOMENT_MS, act: (w) => clerkDoes(w, "DELETE", "/api/orders/demo-3") },
];

/** Runs one step and describes the order afterwards. */
export async function runStep(world: DemoWorld, story: StoryStep, index: number): Promise<DemoStep> {
  await world.sveaCallsSinceLastRead();
  if (story.clockMovesMs) await world.advance(story.clockMovesMs);
  const { notices = [] } = await story.act(world);
  const view = await world.view(story.orderId);
  // The story has no lost creates: a link being checked (or none) is a demo gone wrong, not a state to print.
  if (!view || view.state === "none" || view.state === "checking") throw new Error(`${story.orderId} has no settled payment state (${view?.state ?? "no view"}) after "${story.step}"`);
  const pickable = story.expectPickable === undefined ? undefined : (await world.pickableIds()).includes(story.orderId);
  const sveaCalls = await world.sveaCallsSinceLastRead();
  const current = view.links.at(-1);
  return {
    index,
    step: story.step,
    orderId: story.orderId,
    state: view.state,
    icon: { name: view.icon.name, colour: view.icon.colour },
    label: view.label,
    sveaCalls,
    expected: story.expected,
    ok: view.state === story.expected && (story.expectPickable === undefined || pickable === story.expectPickable),
    merchantOrderNumber: current?.merchantOrderNumber ?? null,
    paymentLink: view.paymentLink,
    sveaReference: view.sveaReference,
    ...(pickable === undefined ? {} : { pickable }),
    notices: notices.map((n) => n.code),
    at: new Date(world.clock.now()).toISOString(),
  };
}
