// Runs the manifest's schedules with node-cron: timing from the settings or the manifest's defaults, never two runs of one schedule at once.
import cron, { type ScheduledTask } from "node-cron";
import type { Locale } from "../plugin/host-contract/host-contract-types.js";
import type { CommandResult, PluginLogger, ScheduleFiring } from "../plugin/host-contract/plugin-api.js";
import { isTimeZone } from "../common/time-zone.js";
import { HostStartupError } from "./host-startup-error.js";
import { startupMessage } from "./host-startup-messages.js";
import type { PluginManifest } from "./plugin-package-loader.js";

export interface ScheduleTiming {
  name: string;
  cron: string;
  timeZone: string;
}

export type ScheduledRunOutcome = { skipped: true; reason: "already-running" } | { skipped: false; result: CommandResult };

export interface ScheduleRunner {
  readonly timings: readonly ScheduleTiming[];
  /**
   * Runs a schedule now, as its cron would; a run already under way makes this one a skip. The cron passes the
   * firing (its slot time), so nodes sharing a store run each firing once; a run without one always runs.
   * `locale`: a run without a firing asked for a clerk (the sandbox's advance) runs the schedule's command in the
   * clerk's language, so its result's message is in it; otherwise the host's default language.
   */
  run(name: string, firing?: ScheduleFiring, locale?: Locale): Promise<ScheduledRunOutcome>;
  /** Stops the timers and waits for runs under way to finish. */
  stop(): Promise<void>;
}

type ScheduleOverrides = Record<string, { cron?: unknown; timeZone?: unknown } | undefined>;

/** Settings may move a schedule (`settings.schedules[name]`); the manifest holds the defaults. */
export function scheduleTimings(manifest: PluginManifest, settings: unknown): ScheduleTiming[] {
  const overrides = ((settings as { schedules?: unknown } | null)?.schedules ?? {}) as ScheduleOverrides;
  return manifest.schedules.map((s) => {
    const override = overrides[s.name];
    return {
      name: s.name,
      cron: typeof override?.cron === "string" ? override.cron : s.cron,
      timeZone: typeof override?.timeZone === "string" ? override.timeZone : s.timeZone,
    };
  });
}

export function startScheduleRunner(options: {
  timings: readonly ScheduleTiming[];
  execute: (name: string, firing?: ScheduleFiring, locale?: Locale) => Promise<CommandResult>;
  logger: PluginLogger;
  /** false: no timers (tests drive `run` themselves). */
  startTimers: boolean;
}): ScheduleRunner {
  const { timings, execute, logger } = options;
  for (const t of timings) {
    if (!cron.validate(t.cron)) throw new HostStartupError("schedule-invalid", startupMessage("schedule-cron", { name: t.name, cron: t.cron }));
    if (!isTimeZone(t.timeZone)) throw new HostStartupError("schedule-invalid", startupMessage("schedule-time-zone", { name: t.name, zone: t.timeZone }));
  }
  const running = new Map<string, Promise<CommandResult>>();

  async function run(name: string, firing?: ScheduleFiring, locale?: Locale): Promise<ScheduledRunOutcome> {
    if (!timings.some((t) => t.name === name)) throw new Error(`unknown schedule ${name}`);
    if (running.has(name)) {
      logger.warn({ schedule: name }, "schedule still running; this run is skipped");
      return { skipped: true, reason: "already-running" };
    }
    const started = execute(name, firing, locale);
    running.set(name, started);
    try {
      const result = await started;
      logger.info({ schedule: name, ok: result.ok, ...(firing ? { firingAt: new Date(firing.firingAt).toISOString() } : {}) }, result.message);
      return { skipped: false, result };
    } finally {
      running.delete(name);
    }
  }

  const tasks: ScheduledTask[] = options.startTimers
    ? timings.map((t) =>
        cron.schedule(
          t.cron,
          // node-cron's context.date is the slot the cron expression matched, not the moment the timer fired.
          (context) =>
            run(t.name, { firingAt: context.date.getTime() }).catch((error: unknown) => {
              logger.error({ schedule: t.name, err: error }, "schedule failed");
            }),
          { name: t.name, timezone: t.timeZone },
        ),
      )
    : [];

  return {
    timings,
    run,
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await Promise.allSettled([...running.values()]);
    },
  };
}

/**
 * Runs every schedule once, one after another, as a night's timers would: the sandbox clock's "the night has passed".
 * `locale`: the clerk's, whose page shows the results.
 */
export async function runAllSchedules(runner: ScheduleRunner, locale?: Locale): Promise<{ name: string; outcome: ScheduledRunOutcome }[]> {
  const outcomes: { name: string; outcome: ScheduledRunOutcome }[] = [];
  for (const { name } of runner.timings) outcomes.push({ name, outcome: await runner.run(name, undefined, locale) });
  return outcomes;
}
