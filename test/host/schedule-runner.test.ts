// Schedules: timing from settings over the manifest's defaults, and never two runs of one schedule at once.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import type { CommandResult } from "../../plugin/host-contract/plugin-api.js";
import { HostStartupError } from "../../host/host-startup-error.js";
import { loadPluginPackage } from "../../host/plugin-package-loader.js";
import { startReferenceHost } from "../../host/reference-host.js";
import { scheduleTimings, startScheduleRunner } from "../../host/schedule-runner.js";
import { createHostLogger } from "../../host/host-logger.js";
import { fakePayPluginDir } from "./host-test-helpers.js";

const silent = createHostLogger("silent");

describe("scheduleTimings", () => {
  it("takes cron and time zone from the settings where given, else from the manifest", async () => {
    const { manifest } = await loadPluginPackage(fakePayPluginDir);
    expect(scheduleTimings(manifest, {})).toEqual([{ name: "tick", cron: "0 3 * * *", timeZone: "Europe/Stockholm" }]);
    expect(scheduleTimings(manifest, { schedules: { tick: { cron: "30 1 * * *", timeZone: "Europe/Helsinki" } } })).toEqual([
      { name: "tick", cron: "30 1 * * *", timeZone: "Europe/Helsinki" },
    ]);
    expect(scheduleTimings(manifest, { schedules: { tick: { cron: "30 1 * * *" } } })[0]?.timeZone).toBe("Europe/Stockholm");
  });
});

describe("startScheduleRunner", () => {
  it("skips a run while the same schedule is still running, and runs again once it has finished", async () => {
    let release: (result: CommandResult) => void = () => undefined;
    let calls = 0;
    const runner = startScheduleRunner({
      timings: [{ name: "sweep", cron: "0 2 * * *", timeZone: "Europe/Stockholm" }],
      execute: () => {
        calls += 1;
        return new Promise<CommandResult>((done) => (release = done));
      },
      logger: silent,
      startTimers: true,
    });
    const first = runner.run("sweep");
    expect(await runner.run("sweep")).toEqual({ skipped: true, reason: "already-running" });
    release({ ok: true, message: "swept 3" });
    expect(await first).toEqual({ skipped: false, result: { ok: true, message: "swept 3" } });
    const third = runner.run("sweep");
    release({ ok: true, message: "swept 0" });
    expect(await third).toEqual({ skipped: false, result: { ok: true, message: "swept 0" } });
    expect(calls).toBe(2);
    await runner.stop();
  });

  it("passes each cron firing's slot time (not the moment the timer went off), so nodes agree on the firing", async () => {
    const firings: (number | undefined)[] = [];
    let fired!: () => void;
    const firstFiring = new Promise<void>((r) => (fired = r));
    const runner = startScheduleRunner({
      // Every second: the slot is a whole second; the timer itself goes off some milliseconds after it.
      timings: [{ name: "tick", cron: "* * * * * *", timeZone: "Europe/Stockholm" }],
      execute: async (_name, firing) => {
        firings.push(firing?.firingAt);
        fired();
        return { ok: true, message: "ticked" };
      },
      logger: silent,
      startTimers: true,
    });
    await firstFiring;
    await runner.stop();
    const firingAt = firings[0]!;
    expect(firingAt % 1000).toBe(0);
    expect(firingAt).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - firingAt).toBeLessThan(5_000);
    // A run by hand passes the firing it is given, or none.
    const manual = startScheduleRunner({
      timings: [{ name: "tick", cron: "0 2 * * *", timeZone: "Europe/Stockholm" }],
      execute: async (_name, firing) => ({ ok: true, message: String(firing?.firingAt ?? "none") }),
      logger: silent,
      startTimers: false,
    });
    expect(await manual.run("tick", { firingAt: 1_700_000_000_000 })).toEqual({ skipped: false, result: { ok: true, message: "1700000000000" } });
    expect(await manual.run("tick")).toEqual({ skipped: false, result: { ok: true, message: "none" } });
    await manual.stop();
  });

  it("refuses an unknown time zone at start", () => {
    expect(() =>
      startScheduleRunner({ timings: [{ name: "x", cron: "0 2 * * *", timeZone: "Mars/Olympus" }], execute: async () => ({ ok: true, message: "" }), logger: silent, startTimers: false }),
    ).toThrow(HostStartupError);
    expect(() =>
      startScheduleRunner({ timings: [{ name: "x", cron: "0 2 * * *", timeZone: "Mars/Olympus" }], execute: async () => ({ ok: true, message: "" }), logger: silent, startTimers: false }),
    ).toThrow('Schedule x: "Mars/Olympus" is not a known time zone.\n  sv: Schemat x: "Mars/Olympus" är ingen känd tidszon.');
  });
});

describe("schedules in the host", () => {
  it("runs a manifest schedule through the plugin's command, never overlapping, on the shared clock", async () => {
    const clock = new ManualClock();
    const host = await startReferenceHost({
      pluginDir: fakePayPluginDir,
      settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({ apiKey: "secret-api-key-123", publicBaseUrl: pluginBaseUrl }),
      dataFile: null,
      clock,
      logLevel: "silent",
      schedules: "manual",
    });
    try {
      const first = host.schedules.run("tick");
      expect(await host.schedules.run("tick")).toEqual({ skipped: true, reason: "already-running" });
      await untilTrue(() => clock.pending === 1);
      clock.advance(1000);
      expect(await first).toEqual({ skipped: false, result: { ok: true, message: "tickning 1", data: { ticks: 1 } } });
    } finally {
      await host.close();
    }
  });
});

async function untilTrue(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}
