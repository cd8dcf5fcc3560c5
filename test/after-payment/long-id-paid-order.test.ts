// A new order's id is at most 500 characters (plugin/host-contract/new-order-id-rule.ts). 74bec68 put the limit in the
// order schema, so order.credit, order.annul and order.deliver refused an order an earlier version had stored under a
// longer id (the embedded journal store took any length) before the store was asked: a paid order from before the
// upgrade could never be credited, annulled or delivered (captured) through the plugin, for its id alone. The rule
// now applies only where a new record comes into being; an order the plugin holds is saved and acted on as any other.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import type { PluginInstance } from "../../plugin/host-contract/plugin-api.js";
import { activate } from "../../plugin/index.js";
import { STORE_FILE_NAME } from "../../plugin/plugin-runtime.js";
import { createLowdbPluginStore } from "../../plugin/store/index.js";
import { link } from "../plugin/store/plugin-store-contract.js";
import { hostOrder } from "../plugin/support/plugin-test-kit.js";
import { whileDriving } from "../e2e/story-harness.js";

let mock: MockSveaServer | undefined;
let plugin: PluginInstance | undefined;
let dir: string | undefined;
afterEach(async () => {
  await plugin?.deactivate();
  await mock?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  plugin = mock = dir = undefined;
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe("a paid order stored under an id over 500 characters before the new-order id rule", () => {
  it("can still be credited, annulled and delivered (not refused for its id alone)", async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 9));
    mock = await startMockSvea({ port: 0, dataFile: null, clock, logger: false, sweepSchedule: false, enforcePollInterval: false });
    dir = await mkdtemp(join(tmpdir(), "long-id-paid-"));
    const orderId = `order-${"x".repeat(594)}`;
    // What the earlier release left in the embedded store: a paid link for the order.
    const seeded = createLowdbPluginStore({ file: join(dir, STORE_FILE_NAME) });
    await seeded.withOrderLock(orderId, () => seeded.nextLinkSequence(orderId, "1001"));
    await seeded.putLink(orderId, link("1001-1", { state: "paid" }));
    expect((await seeded.getPaymentSummaries([orderId]))[0]).toMatchObject({ paid: true });
    await seeded.close();

    plugin = await activate({
      settings: {
        merchantId: mock.merchant.id,
        password: mock.merchant.password,
        environment: mock.url,
        termsUri: "https://shop.example/terms",
        publicBaseUrl: "http://127.0.0.1:9/plugins/svea-instore",
        callbackKey: "reliability-callback-key-0123456789abcdef",
      },
      logger: silent,
      clock,
      orders: { get: async () => undefined, setPaymentState: async () => {} },
      dataDir: dir,
    });
    const order = hostOrder({ id: orderId, number: "1001" });
    const hooks = plugin.hooks;
    // Each hook is let run to its end (the plugin's retries wait on the clock): the seeded link is unknown at the mock,
    // so credit and annul end at Svea's "does not know this order" and deliver at the missing Payment Admin account.
    // What matters is that they went on to Svea rather than refuse the order for its id.
    const answers = {
      save: await whileDriving(hooks["order.save"]({ order, locale: "en" }), clock),
      credit: await whileDriving(hooks["order.credit"]({ order, locale: "en", amount: "10.00" }), clock),
      annul: await whileDriving(hooks["order.annul"]({ order, locale: "en", confirm: true }), clock),
      deliver: await whileDriving(hooks["order.deliver"]({ order, locale: "en" }), clock),
    };
    const refusedForId = Object.entries(answers)
      .filter(([, a]) => (a as { errors?: { field?: string; rule?: string }[] }).errors?.some((e) => e.field === "id" && e.rule === "maxLength"))
      .map(([hook]) => hook);
    // Before: ["credit", "annul", "deliver"] - each refused "order.id: must be at most 500 characters".
    expect(refusedForId).toEqual([]);
    expect(answers.save).toMatchObject({ accepted: true });
    expect(answers.credit).toMatchObject({ accepted: false, errors: [{ code: "after-payment-svea" }] });
    expect(answers.annul).toMatchObject({ accepted: false, errors: [{ code: "after-payment-svea" }] });
    expect(answers.deliver).toMatchObject({ accepted: false, errors: [{ code: "payment-admin-not-configured" }] });
    // Its payment is still shown and checked.
    expect((await hooks["order.payment-view"]({ orderIds: [orderId], locale: "en" })).views[0]).toMatchObject({ state: "paid" });
  });
});
