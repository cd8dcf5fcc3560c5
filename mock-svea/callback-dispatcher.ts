// Delivers Svea's callback (POST {"merchantOrderNumber"} to callbackUri), retrying on the injected clock and journaling every attempt.
import type { Clock } from "../common/clock.js";
import type { CallbackBody } from "../common/svea-instore-types.js";
import { BoundedJournal } from "./bounded-journal.js";
import { callbackTargetUrl } from "./callback-target-url.js";
import type { FaultInjector } from "./fault-injector.js";
import { JSON_CONTENT_TYPE } from "./json-content-type.js";
import type { CallbackAttempt, MockOrder } from "./mock-svea-schemas.js";
import { redactUrl, redactUrlsInText } from "./redact.js";

/** Svea documents no retries; this is the mock's choice (README). */
export const DEFAULT_RETRY_SCHEDULE_MS = [1_000, 5_000, 30_000, 120_000, 600_000];

export interface CallbackDispatcherOptions {
  clock: Clock;
  faults: FaultInjector;
  /** Waits between attempts: attempt n+1 runs scheduleMs[n-1] after attempt n failed; when it runs out, the mock gives up. */
  scheduleMs?: number[];
  /** Per-attempt timeout, in real time (it bounds a socket, not a business rule). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Told after every attempt what the order is still owed: the next attempt and when, or null (delivered, given up,
   * suppressed). The mock stores it with the order (`callbackOwed`), so a restart goes on where this left off. A
   * failure to store is logged by the caller; the retry still runs in this process.
   */
  onProgress?: (order: { merchantId: string; merchantOrderNumber: string }, owed: { attempt: number; dueAt: number } | null) => Promise<void>;
}

interface Job {
  merchantId: string;
  merchantOrderNumber: string;
  url: string;
  attempt: number;
  dueAt: number;
  /** The dispatcher's generation when queued: an attempt that comes back after an admin reset belongs to no order. */
  generation: number;
}

export class CallbackDispatcher {
  readonly journal = new BoundedJournal<CallbackAttempt>();
  scheduleMs: number[];
  private jobs: Job[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private wake: AbortController | null = null;
  private stopped = false;
  /** Moved on by clear(): attempts of an earlier generation still in flight then end without a trace. */
  private generation = 0;
  private readonly clock: Clock;
  private readonly faults: FaultInjector;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly onProgress: NonNullable<CallbackDispatcherOptions["onProgress"]>;

  constructor(options: CallbackDispatcherOptions) {
    this.clock = options.clock;
    this.faults = options.faults;
    this.scheduleMs = options.scheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.onProgress = options.onProgress ?? (async () => {});
  }

  /** Queues the callback of an order whose customer just finished (paid or declined). An empty callbackUri means none. */
  enqueue(order: MockOrder): void {
    const url = order.request.callbackUri;
    if (!url || this.stopped) return;
    this.jobs.push({ merchantId: order.merchantId, merchantOrderNumber: order.merchantOrderNumber, url, attempt: 1, dueAt: this.clock.now(), generation: this.generation });
    this.runDueInBackground();
  }

  /** Picks up a callback a stopped mock still owed (its stored `callbackOwed`): attempt n, due when it was (or now). */
  resume(order: MockOrder): void {
    const owed = order.callbackOwed;
    const url = order.request.callbackUri;
    if (!owed || !url || this.stopped) return;
    this.jobs.push({ merchantId: order.merchantId, merchantOrderNumber: order.merchantOrderNumber, url, attempt: owed.attempt, dueAt: Date.parse(owed.dueAt), generation: this.generation });
    this.runDueInBackground();
  }

  /** Runs every attempt that is due now and waits for all attempts in flight: tests call this after advancing the clock. */
  async runDue(): Promise<void> {
    this.startDue();
    await this.settled();
  }

  /** Waits until no attempt is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Attempts still waiting for their time, for the admin view. */
  pending(): { merchantId: string; merchantOrderNumber: string; url: string; attempt: number; dueAt: string }[] {
    return this.jobs.map((j) => ({ merchantId: j.merchantId, merchantOrderNumber: j.merchantOrderNumber, url: redactUrl(j.url), attempt: j.attempt, dueAt: new Date(j.dueAt).toISOString() }));
  }

  /**
   * Drops queued retries (admin reset). Attempts in flight finish, but leave no journal entry, queue no retry and store
   * nothing: the order they were for is gone, and a new order may already have its number.
   */
  clear(): void {
    this.generation++;
    this.jobs = [];
    this.journal.clear();
    this.wake?.abort();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.abort();
    await this.settled();
  }

  private runDueInBackground(): void {
    this.startDue();
    this.scheduleWake();
  }

  private startDue(): void {
    const now = this.clock.now();
    const due = this.jobs.filter((j) => j.dueAt <= now);
    if (due.length === 0) return;
    this.jobs = this.jobs.filter((j) => j.dueAt > now);
    for (const job of due) {
      const run = this.attempt(job).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  /** One sleeper on the injected clock, for the earliest queued retry. */
  private scheduleWake(): void {
    this.wake?.abort();
    this.wake = null;
    if (this.stopped || this.jobs.length === 0) return;
    const next = Math.min(...this.jobs.map((j) => j.dueAt));
    const controller = new AbortController();
    this.wake = controller;
    this.clock.sleep(Math.max(0, next - this.clock.now()), controller.signal).then(
      () => {
        if (this.wake === controller) this.runDueInBackground();
      },
      () => {},
    );
  }

  private async attempt(job: Job): Promise<void> {
    const at = new Date(this.clock.now()).toISOString();
    const started = performance.now();
    const base = { at, merchantId: job.merchantId, merchantOrderNumber: job.merchantOrderNumber, url: redactUrl(job.url), attempt: job.attempt };
    const fault = this.faults.takeCallbackFault(job.merchantId, job.merchantOrderNumber);
    if (fault === "suppress") {
      this.journal.add({ ...base, outcome: "suppressed", status: null, latencyMs: 0, nextAttemptAt: null });
      return this.onProgress(job, null);
    }
    let status: number | null = null;
    let error: string | undefined;
    if (fault === "fail") {
      error = "failure injected through the admin API";
    } else {
      try {
        const body: CallbackBody = { merchantOrderNumber: job.merchantOrderNumber };
        const response = await this.fetch(callbackTargetUrl(job.url), {
          method: "POST",
          headers: { "content-type": JSON_CONTENT_TYPE, "user-agent": "mock-svea-instore/1" },
          body: JSON.stringify(body),
          redirect: "manual",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        status = response.status;
        await response.body?.cancel().catch(() => {});
      } catch (e) {
        // fetch's message may quote the whole callback URL (`…includes credentials: http://user:pw@…/<token>`): the
        // admin API shows this text, so it is redacted like the URL beside it.
        error = (e as Error).name === "TimeoutError" ? `no answer within ${this.timeoutMs} ms` : `connection failed: ${redactUrlsInText(String((e as Error)?.message), job.url)}`;
      }
    }
    const latencyMs = Math.round(performance.now() - started);
    if (job.generation !== this.generation) return;
    if (status !== null && status >= 200 && status < 300) {
      this.journal.add({ ...base, outcome: "delivered", status, latencyMs, nextAttemptAt: null });
      return this.onProgress(job, null);
    }
    const wait = this.scheduleMs[job.attempt - 1];
    const failed = { ...base, status, latencyMs, ...(error ? { error } : {}) };
    if (wait === undefined) {
      this.journal.add({ ...failed, outcome: "gave-up", nextAttemptAt: null });
      return this.onProgress(job, null);
    }
    const next = { attempt: job.attempt + 1, dueAt: this.clock.now() + wait };
    this.journal.add({ ...failed, outcome: fault === "fail" ? "injected-failure" : "failed", nextAttemptAt: new Date(next.dueAt).toISOString() });
    await this.onProgress(job, next);
    // A stopping mock queues nothing more; the stored next attempt is where the restarted one goes on.
    if (this.stopped) return;
    this.jobs.push({ ...job, ...next });
    this.scheduleWake();
  }
}
