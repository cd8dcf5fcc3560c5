// A redirect's notices: each key read once (a reload of the address does not repeat them), the page's language links
// handed a fresh key for the same notices, until FLASH_READABLE_MS after the redirect on the injected clock.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { createFlashNotices, FLASH_READABLE_MS } from "../../host/ui/flash-notices.js";

const notices = [{ code: "link-sent", severity: "info" as const, message: "Länken skickades." }];

describe("flash notices", () => {
  it("are read once under a key, with the language they were given in and the next key for the language links", () => {
    const flash = createFlashNotices(new ManualClock());
    const key = flash.put(notices, "sv")!;
    const first = flash.take(key);
    expect(first).toEqual({ notices, givenIn: "sv", next: expect.any(String) });
    expect(first!.next).not.toBe(key);
    expect(flash.take(key)).toBeUndefined();
    const second = flash.take(first!.next);
    expect(second?.notices).toEqual(notices);
    expect(flash.take(first!.next)).toBeUndefined();
  });

  it("are not read once FLASH_READABLE_MS has passed since the redirect, however many keys were handed on", () => {
    const clock = new ManualClock();
    const flash = createFlashNotices(clock);
    let key = flash.put(notices, "en")!;
    clock.advance(FLASH_READABLE_MS / 2);
    key = flash.take(key)!.next;
    clock.advance(FLASH_READABLE_MS / 2 - 1);
    key = flash.take(key)!.next;
    clock.advance(1);
    expect(flash.take(key)).toBeUndefined();
  });

  it("give no key for no notices, none for an unknown key, and drop the oldest past the bound", () => {
    const flash = createFlashNotices(new ManualClock(), 2);
    expect(flash.put([], "sv")).toBeNull();
    expect(flash.take(undefined)).toBeUndefined();
    expect(flash.take("nope")).toBeUndefined();
    const [first, second, third] = [flash.put(notices, "sv")!, flash.put(notices, "sv")!, flash.put(notices, "sv")!];
    expect([flash.take(first), flash.take(second)?.givenIn, flash.take(third)?.givenIn]).toEqual([undefined, "sv", "sv"]);
  });
});
