// The sandbox's clock: real time plus an offset; an advance moves now() and wakes sleepers it passes, never backwards.
import { describe, expect, it } from "vitest";
import { isAdvanceableClock } from "../../common/advanceable-clock.js";
import { ManualClock, systemClock } from "../../common/clock.js";
import { OffsetClock } from "../../common/offset-clock.js";

describe("OffsetClock", () => {
  it("runs on its base clock plus what it was advanced by", () => {
    const base = new ManualClock(Date.UTC(2026, 0, 1));
    const clock = new OffsetClock(base);
    base.advance(5_000);
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1) + 5_000);
    clock.advance(3_600_000);
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1) + 5_000 + 3_600_000);
    expect(clock.advancedBy).toBe(3_600_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it("wakes a sleeper when an advance passes its deadline, long before real time would", async () => {
    const clock = new OffsetClock();
    let woke = false;
    const sleeping = clock.sleep(48 * 3_600_000).then(() => (woke = true));
    clock.advance(47 * 3_600_000);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(3_600_000);
    await sleeping;
    expect(woke).toBe(true);
  });

  it("cancels a timer and rejects an aborted sleep", async () => {
    const clock = new OffsetClock();
    let fired = false;
    const cancel = clock.timer(1_000, () => (fired = true));
    cancel();
    clock.advance(2_000);
    expect(fired).toBe(false);
    const abort = new AbortController();
    const sleeping = clock.sleep(10_000, abort.signal);
    abort.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
  });

  it("is advanceable, as the ManualClock is and the system clock is not", () => {
    expect(isAdvanceableClock(new OffsetClock())).toBe(true);
    expect(isAdvanceableClock(new ManualClock())).toBe(true);
    expect(isAdvanceableClock(systemClock)).toBe(false);
  });
});
