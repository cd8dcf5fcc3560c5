// The mock's status-poll pacing keeps only the polls that can still refuse one: memory stays bounded under load.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { POLL_INTERVAL_MS, PollGuard } from "../../mock-svea/poll-guard.js";

describe("PollGuard", () => {
  it("refuses a second poll of an order inside 5 s, and answers one at 5 s", () => {
    const clock = new ManualClock();
    const guard = new PollGuard(clock);
    expect(guard.admit("m", "order-1")).toBe(true);
    clock.advance(POLL_INTERVAL_MS - 1);
    expect(guard.admit("m", "order-1")).toBe(false);
    expect(guard.admit("other-merchant", "order-1")).toBe(true);
    clock.advance(1);
    expect(guard.admit("m", "order-1")).toBe(true);
    expect(guard.admit("m", "order-1")).toBe(false);
  });

  it("keeps only the orders polled in the last 5 s, however many were polled before", () => {
    const clock = new ManualClock();
    const guard = new PollGuard(clock);
    for (let i = 0; i < 10_000; i++) {
      expect(guard.admit("m", `old-${i}`)).toBe(true);
      if (i % 1_000 === 999) clock.advance(100);
    }
    expect(guard.tracked).toBe(10_000);
    clock.advance(POLL_INTERVAL_MS);
    // Each second a thousand new orders: never more than the last five seconds' worth are kept.
    for (let second = 0; second < 20; second++) {
      clock.advance(1_000);
      for (let i = 0; i < 1_000; i++) guard.admit("m", `s${second}-${i}`);
      expect(guard.tracked).toBeLessThanOrEqual(5 * 1_000);
    }
    // The recent ones still pace: an order polled 1 s ago is refused, one polled 5 s ago is answered.
    expect(guard.admit("m", "s18-7")).toBe(false);
    expect(guard.admit("m", "s14-7")).toBe(true);
    clock.advance(POLL_INTERVAL_MS);
    guard.admit("m", "last");
    expect(guard.tracked).toBe(1);
  });

  it("an order polled again is kept from its latest poll, not dropped at its first poll's age", () => {
    const clock = new ManualClock();
    const guard = new PollGuard(clock);
    expect(guard.admit("m", "a")).toBe(true);
    clock.advance(POLL_INTERVAL_MS);
    expect(guard.admit("m", "a")).toBe(true);
    expect(guard.admit("m", "b")).toBe(true);
    clock.advance(POLL_INTERVAL_MS - 1);
    expect(guard.admit("m", "c")).toBe(true);
    expect(guard.admit("m", "a")).toBe(false);
  });

  it("with pacing off, an order polled many times is kept once, from its latest poll; pacing switched on paces from it", () => {
    const clock = new ManualClock();
    const guard = new PollGuard(clock, false);
    for (let i = 0; i < 20_000; i++) {
      expect(guard.admit("m", "busy")).toBe(true);
      expect(guard.admit("m", `other-${i % 50}`)).toBe(true);
      clock.advance(1);
    }
    expect(guard.tracked).toBe(51);
    clock.advance(POLL_INTERVAL_MS - 2);
    guard.admit("m", "late");
    // 24,998 now: "busy" and "other-49" were last polled at 19,999 (4,999 ms ago), the other 49 earlier (dropped).
    expect(guard.tracked).toBe(3);
    guard.enabled = true;
    expect(guard.admit("m", "busy")).toBe(false);
    clock.advance(1);
    expect(guard.admit("m", "busy")).toBe(true);
    clock.advance(POLL_INTERVAL_MS);
    expect(guard.admit("m", "last")).toBe(true);
    expect(guard.tracked).toBe(1);
  });
});
