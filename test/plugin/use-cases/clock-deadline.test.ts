// The save deadline fires after its time on any clock and never after dispose: on a clock's cancellable timer (the
// system clock's, where deadlines of one window share a signal) and on sleep (ManualClock's).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ManualClock, systemClock, type Clock } from "../../../common/clock.js";
import { clockDeadline, DeadlineExceededError } from "../../../plugin/use-cases/index.js";
import { DEADLINE_WINDOW_MS } from "../../../plugin/use-cases/clock-deadline.js";

const run = promisify(execFile);
const compiledDeadline = fileURLToPath(new URL("../../../dist/plugin/use-cases/clock-deadline.js", import.meta.url));
const compiledClock = fileURLToPath(new URL("../../../dist/common/clock.js", import.meta.url));

afterEach(() => {
  vi.useRealTimers();
});

describe("clockDeadline", () => {
  test("on the system clock's timer: aborts with DeadlineExceededError once due, not before, and not after dispose", () => {
    vi.useFakeTimers();
    const due = clockDeadline(systemClock, 1000);
    vi.advanceTimersByTime(999);
    expect(due.expired).toBe(false);
    vi.advanceTimersByTime(1);
    expect(due.expired).toBe(true);
    expect(due.signal.reason).toBeInstanceOf(DeadlineExceededError);
    due.dispose();

    const disposed = clockDeadline(systemClock, 1000);
    disposed.dispose();
    vi.advanceTimersByTime(5000);
    expect(disposed.expired).toBe(false);
    // Read after dispose, even past its due time: a signal that never fires, and no timer.
    expect(disposed.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("on a clock without a timer: sleeps, and dispose wakes the sleeper without expiring", async () => {
    const clock = new ManualClock();
    const due = clockDeadline(clock, 1000);
    expect(clock.pending).toBe(1);
    clock.advance(1000);
    await Promise.resolve();
    expect(due.expired).toBe(true);
    expect(due.signal.reason).toBeInstanceOf(DeadlineExceededError);

    const disposed = clockDeadline(clock, 1000);
    disposed.dispose();
    expect(clock.pending).toBe(0);
    clock.advance(5000);
    await Promise.resolve();
    expect(disposed.expired).toBe(false);
  });

  test("a clock's timer is used when it has one, until the deadline's window ends, once the signal is read", () => {
    const timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
    const clock: Clock = {
      now: () => 0,
      sleep: () => Promise.reject(new Error("sleep must not be used when timer exists")),
      timer(ms, fn) {
        const entry = { ms, fn, cancelled: false };
        timers.push(entry);
        return () => {
          entry.cancelled = true;
        };
      },
    };
    const deadline = clockDeadline(clock, 20_050);
    // Nothing runs until the signal is read (a save whose lock is free and whose Svea client never waits).
    expect(timers).toEqual([]);
    expect(deadline.signal.aborted).toBe(false);
    expect(timers.map((t) => t.ms)).toEqual([20_100]);
    timers[0]!.fn();
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
    deadline.dispose();
  });

  test("deadlines due in one window share a signal, which fires at the window's end: never before a due time", () => {
    let now = 1_000_000;
    const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: () => Promise.reject(new Error("sleep must not be used when timer exists")),
      timer(ms, fn) {
        const entry = { at: now + ms, fn, cancelled: false };
        timers.push(entry);
        return () => {
          entry.cancelled = true;
        };
      },
    };
    const first = clockDeadline(clock, 5_010);
    now += 40;
    const second = clockDeadline(clock, 5_010);
    now += 60;
    const third = clockDeadline(clock, 5_010);
    expect(second.signal).toBe(first.signal);
    expect(third.signal).not.toBe(first.signal);
    // One timer per window, each at its window's end, at most DEADLINE_WINDOW_MS after the latest due time in it.
    expect(timers.map((t) => t.at)).toEqual([1_005_100, 1_005_200]);
    expect(1_005_100 - (1_000_040 + 5_010)).toBeLessThan(DEADLINE_WINDOW_MS);

    now = 1_005_050;
    expect(second.expired).toBe(true);
    expect(first.signal.aborted).toBe(false);
    now = 1_005_100;
    timers[0]!.fn();
    expect(first.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect(second.signal.aborted).toBe(true);
    expect(third.signal.aborted).toBe(false);
    for (const d of [first, second, third]) d.dispose();
    // The window's timer is shared and left to run out; disposing cancels nothing.
    expect(timers.some((t) => t.cancelled)).toBe(false);
  });

  test("a window's signal fires after every deadline in it was disposed, and a later window has its own", () => {
    vi.useFakeTimers();
    const first = clockDeadline(systemClock, 30_000);
    const second = clockDeadline(systemClock, 30_000);
    expect(first.signal).toBe(second.signal);
    first.dispose();
    second.dispose();
    expect(first.expired).toBe(false);
    const third = clockDeadline(systemClock, 30_000);
    expect(third.signal).toBe(first.signal);
    vi.advanceTimersByTime(30_000 + DEADLINE_WINDOW_MS);
    expect(third.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect(third.expired).toBe(true);
    const fourth = clockDeadline(systemClock, 30_000);
    expect(fourth.signal.aborted).toBe(false);
    expect(fourth.signal).not.toBe(third.signal);
    third.dispose();
    fourth.dispose();
  });

  test("a deadline's timer does not keep the process running: a process that read one exits at once", async () => {
    // The compiled module (npm test builds first), in a process of its own: an event loop with nothing else to do.
    const script = `
      const { clockDeadline } = await import(${JSON.stringify(compiledDeadline)});
      const { systemClock } = await import(${JSON.stringify(compiledClock)});
      const deadline = clockDeadline(systemClock, 60_000);
      if (deadline.signal.aborted) process.exit(3);
      deadline.dispose();
      clockDeadline(systemClock, 60_000).signal;
    `;
    const started = Date.now();
    await run(process.execPath, ["--input-type=module", "-e", script], { timeout: 15_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("a signal first read after the deadline passed is already aborted; one read before fires on time", () => {
    let now = 1_000;
    const timers: { ms: number; fn: () => void }[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: () => Promise.reject(new Error("sleep must not be used when timer exists")),
      timer(ms, fn) {
        timers.push({ ms, fn });
        return () => undefined;
      },
    };
    const late = clockDeadline(clock, 500);
    now = 1_500;
    expect(late.expired).toBe(true);
    expect(late.signal.aborted).toBe(true);
    expect(late.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect(timers).toEqual([]);

    const early = clockDeadline(clock, 500);
    now = 1_700;
    expect(early.options.signal.aborted).toBe(false);
    expect(timers.map((t) => t.ms)).toEqual([300]);
    now = 2_000;
    timers[0]!.fn();
    expect(early.signal.reason).toBeInstanceOf(DeadlineExceededError);
  });
});
