// The save deadline fires after its time on any clock and never after dispose: on a clock's cancellable timer (the
// system clock's) and on sleep (ManualClock's).
import { afterEach, describe, expect, test, vi } from "vitest";
import { ManualClock, systemClock, type Clock } from "../../../common/clock.js";
import { clockDeadline, DeadlineExceededError } from "../../../plugin/use-cases/index.js";

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

  test("a clock's timer is used when it has one, with the deadline's time, once the signal is read", () => {
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
    const deadline = clockDeadline(clock, 20_000);
    // Nothing runs until the signal is read (a save whose lock is free and whose Svea client never waits).
    expect(timers).toEqual([]);
    expect(deadline.signal.aborted).toBe(false);
    expect(timers.map((t) => t.ms)).toEqual([20_000]);
    deadline.dispose();
    expect(timers[0]!.cancelled).toBe(true);
    timers[0]!.fn();
    expect(deadline.expired).toBe(true);
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
