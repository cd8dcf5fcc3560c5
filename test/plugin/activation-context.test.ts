// Activation names every part of the context it cannot use, instead of failing later or silently.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { activate, ActivationContextError } from "../../plugin/index.js";
import { CapturingLogger, RecordingOrders, testSettings } from "./support/plugin-test-kit.js";

describe("the activation context", () => {
  it("refuses a context without setPaymentState (a paid order would never reach the host), a Date as clock and a logger without warn, naming each part; nothing is opened", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "svea-context-"));
    try {
      const { warn: _warn, ...noWarn } = new CapturingLogger();
      const attempt = activate({
        settings: testSettings(),
        logger: noWarn as never,
        clock: Date as never,
        orders: { get: async () => undefined } as never,
        dataDir,
      });
      await expect(attempt).rejects.toBeInstanceOf(ActivationContextError);
      const error = (await attempt.catch((e: unknown) => e)) as ActivationContextError;
      expect(error.problems.map((p) => p.part)).toEqual(["logger.warn", "clock.sleep", "orders.setPaymentState"]);
      expect(error.message).toContain("orders.setPaymentState: must be a function (telling the host a link is waiting, paid or failed)");
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses a missing orders port and a storage without update; accepts a complete context", async () => {
    const base = { settings: testSettings(), logger: new CapturingLogger(), clock: new ManualClock() };
    await expect(activate({ ...base, storage: { read: async () => undefined } } as never)).rejects.toThrow(/orders: is required.*storage.update: must be a function/);
    const dataDir = await mkdtemp(join(tmpdir(), "svea-context-"));
    try {
      const instance = await activate({ ...base, orders: new RecordingOrders(), dataDir });
      await instance.deactivate();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("a schedule's firing", () => {
  it("runs once per firing, and refuses a firingAt that is not epoch milliseconds (a Date or an ISO string would run on every node)", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "svea-firing-"));
    try {
      const instance = await activate({ settings: testSettings(), logger: new CapturingLogger(), clock: new ManualClock(), orders: new RecordingOrders(), dataDir });
      const firingAt = Date.UTC(2026, 0, 1, 1, 0);
      expect((await instance.schedules["expire-links"]!({ firingAt })).data).not.toMatchObject({ result: "already-run" });
      expect((await instance.schedules["expire-links"]!({ firingAt })).data).toMatchObject({ result: "already-run" });
      for (const wrong of [new Date(firingAt), new Date(firingAt).toISOString(), 1.5]) {
        await expect(instance.schedules["expire-links"]!({ firingAt: wrong as never })).rejects.toThrow(/firingAt must be the firing's time in epoch milliseconds/);
      }
      await instance.deactivate();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("after firings on a clock set an hour ahead and a restart on the corrected clock, reconcile runs at the slots the jump skipped, and not again at those it ran", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "svea-firing-"));
    const quarter = 15 * 60_000;
    const now = Date.UTC(2026, 2, 3, 9, 0);
    const context = () => ({ settings: testSettings(), logger: new CapturingLogger(), clock: new ManualClock(now), orders: new RecordingOrders(), dataDir });
    const ran = async (instance: Awaited<ReturnType<typeof activate>>, firingAt: number) =>
      ((await instance.schedules.reconcile!({ firingAt })).data as { result?: string } | undefined)?.result !== "already-run";
    try {
      const advanced = await activate(context());
      expect(await ran(advanced, now + 4 * quarter)).toBe(true);
      await advanced.deactivate();
      const restarted = await activate(context());
      expect(await ran(restarted, now)).toBe(true);
      expect(await ran(restarted, now + quarter)).toBe(true);
      expect(await ran(restarted, now + quarter)).toBe(false);
      expect(await ran(restarted, now + 4 * quarter)).toBe(false);
      await restarted.deactivate();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
