// The sandbox's time machine: moves the mock Svea's clock (over its admin API) and the host's clock together, then runs the mock's expiry sweep and the plugin's schedules.
import type { AdvanceableClock } from "../../common/advanceable-clock.js";
import type { Locale } from "../../plugin/host-contract/host-contract-types.js";
import type { PluginLogger } from "../../plugin/host-contract/plugin-api.js";
import type { ScheduledRunOutcome } from "../schedule-runner.js";

export interface SandboxClockOptions {
  /** The mock's admin API, e.g. http://127.0.0.1:4010/__admin. Only ever a mock: a real Svea has no clock to move. */
  mockAdminUrl: string;
  /** The clock the host and the plugin were given. */
  clock: AdvanceableClock;
  /**
   * Runs the plugin's schedules (expire-links among them), as their cron would once the night has passed, their
   * results in `locale` (the clerk's).
   */
  runSchedules: (locale: Locale) => Promise<{ name: string; outcome: ScheduledRunOutcome }[]>;
  /** Where a failed advance is said, once. */
  logger: Pick<PluginLogger, "warn">;
}

export interface SandboxClockStatus {
  hostNow: number;
  mockNow: number | null;
}

export interface SandboxAdvanceResult {
  hostNow: number;
  mockNow: number;
  mockExpired: number;
  schedules: { name: string; outcome: ScheduledRunOutcome }[];
}

/** A mock admin call that failed; its message names the call and what the mock said. */
export class SandboxClockError extends Error {
  override readonly name = "SandboxClockError";

  constructor(
    message: string,
    /** The clocks had moved when it failed (the mock's sweep after them): the plugin's schedules did not run. */
    readonly moved = false,
  ) {
    super(message);
  }
}

export interface SandboxClock {
  readonly inboxUrl: string;
  status(): Promise<SandboxClockStatus>;
  /** `locale`: the clerk's, in which the plugin's schedules report. */
  advance(ms: number, locale: Locale): Promise<SandboxAdvanceResult>;
}

export function createSandboxClock(options: SandboxClockOptions): SandboxClock {
  const admin = options.mockAdminUrl.replace(/\/+$/, "");
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${admin}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      throw new SandboxClockError(`${method} ${path}: ${(error as Error).message}`);
    });
    const answer = (await response.json().catch(() => ({}))) as T & { title?: string; detail?: string };
    if (!response.ok) throw new SandboxClockError(`${method} ${path}: ${response.status} ${answer.detail ?? answer.title ?? ""}`.trim());
    return answer;
  }

  return {
    inboxUrl: `${admin}/inbox`,
    async status() {
      const mock = await call<{ now: string }>("GET", "/clock").catch(() => null);
      return { hostNow: options.clock.now(), mockNow: mock ? Date.parse(mock.now) : null };
    },
    async advance(ms, locale) {
      try {
        const { now } = await call<{ now: string }>("POST", "/clock/advance", { ms });
        const mockNow = Date.parse(now);
        // The host follows the mock to the same instant: a clock shared with the mock (--manual-clock) has already moved and stays put.
        const behind = mockNow - options.clock.now();
        if (behind > 0) options.clock.advance(behind);
        const swept = await call<{ expired: unknown[] }>("POST", "/sweep").catch((error: unknown) => {
          throw error instanceof SandboxClockError ? new SandboxClockError(error.message, true) : error;
        });
        const schedules = await options.runSchedules(locale);
        return { hostNow: options.clock.now(), mockNow, mockExpired: swept.expired.length, schedules };
      } catch (error) {
        if (error instanceof SandboxClockError) options.logger.warn({ reason: error.message, clocksMoved: error.moved }, "the sandbox clock's advance failed: the mock Svea did not answer as expected");
        throw error;
      }
    },
  };
}
