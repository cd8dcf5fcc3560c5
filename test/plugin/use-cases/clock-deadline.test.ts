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

  test("a clock's timer is used when it has one, with the deadline's time", () => {
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
    expect(timers.map((t) => t.ms)).toEqual([20_000]);
    deadline.dispose();
    expect(timers[0]!.cancelled).toBe(true);
    timers[0]!.fn();
    expect(deadline.expired).toBe(true);
  });
});
