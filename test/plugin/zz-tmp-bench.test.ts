import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";
import { systemClock } from "../../common/clock.js";
import { createPluginRuntime } from "../../plugin/plugin-runtime.js";
import { FakeSvea } from "./support/fake-svea.js";
import { MemoryHostStorage } from "./support/memory-host-storage.js";
import { CapturingLogger, RecordingOrders, hostOrder, testSettings } from "./support/plugin-test-kit.js";
import { buildSveaOrder } from "../../plugin/svea-order/index.js";
import { resolveSettings } from "../../plugin/settings/index.js";
it("bench", async () => {
  const rows = Array.from({ length: 20 }, (_, i) => ({ name: `Item ${i}`, quantity: "1", unitPrice: "10", vatPercent: "25" }));
  const s = resolveSettings(testSettings());
  let t = performance.now();
  for (let i = 0; i < 1000; i++) buildSveaOrder({ order: hostOrder({ rows, total: "200" }), settings: s, merchantOrderNumber: "x", callbackUri: "https://a.b/c", locale: "en" });
  console.log("build per save ms", ((performance.now() - t) / 1000).toFixed(3));
  for (const kind of ["memory", "lowdb"]) {
    const dataDir = await mkdtemp(join(tmpdir(), "b-"));
    const rt = await createPluginRuntime({ settings: testSettings(), logger: new CapturingLogger(), clock: systemClock, orders: new RecordingOrders(), dataDir, ...(kind === "memory" ? { storage: new MemoryHostStorage() } : {}) }, { svea: new FakeSvea() });
    for (let i = 0; i < 200; i++) await rt.instance.hooks["order.save"]({ order: hostOrder({ id: `w${i}`, number: `W${i}`, rows, total: "200" }), locale: "en" });
    const n = 500;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await rt.instance.hooks["order.save"]({ order: hostOrder({ id: `o${i}`, number: `O${i}`, rows, total: "200" }), locale: "en" });
    console.log(kind, "sequential per save ms", ((performance.now() - t0) / n).toFixed(3));
    const t2 = performance.now();
    await Promise.all(Array.from({ length: n }, (_, i) => rt.instance.hooks["order.save"]({ order: hostOrder({ id: `q${i}`, number: `Q${i}`, rows, total: "200" }), locale: "en" })));
    console.log(kind, "concurrent per save ms", ((performance.now() - t2) / n).toFixed(3));
    await rt.instance.deactivate();
  }
}, 120000);
