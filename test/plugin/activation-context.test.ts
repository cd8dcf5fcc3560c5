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
