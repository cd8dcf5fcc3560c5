// The remembered phone check answers exactly as libphonenumber-js's check does, every time, with objects of its own.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { BoundedMemo } from "../../common/bounded-memo.js";
import { checkMobilePhone } from "../../plugin/customer-phone/index.js";
import { checkMobilePhoneRemembered } from "../../plugin/svea-order/remembered-phone-check.js";

const numbers = fc.oneof(
  fc.constantFrom("070-123 45 67", "+46701234567", " 0046 70 123 45 67 ", "08-123 456 78", "12345", "", "  ", "+4791234567", "41234567", "+358401234567", "20123456"),
  fc.stringMatching(/^[+0-9 -]{0,14}$/),
);

describe("checkMobilePhoneRemembered", () => {
  test("equals checkMobilePhone on the first and on every later call", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.option(numbers, { nil: undefined }), fc.constantFrom("SE", "NO", "FI", "DK", "US", "XX"), fc.constantFrom("sv", "en") as fc.Arbitrary<"sv" | "en">), { minLength: 1, maxLength: 8 }),
        (calls) => {
          for (const [raw, country, locale] of [...calls, ...calls]) {
            expect(checkMobilePhoneRemembered(raw, country, locale)).toEqual(checkMobilePhone(raw, country, locale));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a caller that changes its notice or refusal does not change the next caller's", () => {
    const first = checkMobilePhoneRemembered("070-123 45 67", "SE", "en");
    if (!first.ok || !first.notice) throw new Error("expected a normalised number");
    first.notice.message = "changed";
    const again = checkMobilePhoneRemembered("070-123 45 67", "SE", "en");
    expect(again.ok && again.notice?.message).toContain("+46701234567");

    const refused = checkMobilePhoneRemembered("12345", "SE", "sv");
    if (refused.ok) throw new Error("expected a refusal");
    refused.refusal.field = "changed";
    const refusedAgain = checkMobilePhoneRemembered("12345", "SE", "sv");
    expect(!refusedAgain.ok && refusedAgain.refusal.field).toBe("customer.mobilePhone");
  });
});

describe("BoundedMemo", () => {
  test("computes once per key and drops the oldest key once full", () => {
    const memo = new BoundedMemo<string>(2);
    let computed = 0;
    const get = (key: string) => memo.get(key, () => `${key}:${++computed}`);
    expect(get("a")).toBe("a:1");
    expect(get("a")).toBe("a:1");
    expect(get("b")).toBe("b:2");
    expect(get("c")).toBe("c:3"); // "a" goes
    expect(get("b")).toBe("b:2");
    expect(get("a")).toBe("a:4");
    expect(computed).toBe(4);
  });
});
