// Link states: every combination of Svea status, expiry and who cancelled, and how each state looks.
import { describe, expect, test } from "vitest";
import type { LinkState } from "../../plugin/host-contract/host-contract-types.js";
import { linkStateFromSvea, linkStateIcon, linkStateLabel, type SveaOrderStatus } from "../../plugin/link-state/index.js";

const EXPIRES_AT = 1_700_000_000_000;
const MOMENTS = {
  "before expiry": EXPIRES_AT - 1,
  "at expiry": EXPIRES_AT,
  "after expiry": EXPIRES_AT + 60_000,
} as const;

// The table from the product brief, written out so every cell is asserted.
const EXPECTED: Record<SveaOrderStatus, Record<keyof typeof MOMENTS, Record<"plugin" | "not plugin", LinkState>>> = {
  Active: {
    "before expiry": { plugin: "waiting", "not plugin": "waiting" },
    "at expiry": { plugin: "expired", "not plugin": "expired" },
    "after expiry": { plugin: "expired", "not plugin": "expired" },
  },
  Completed: {
    "before expiry": { plugin: "paid", "not plugin": "paid" },
    "at expiry": { plugin: "paid", "not plugin": "paid" },
    "after expiry": { plugin: "paid", "not plugin": "paid" },
  },
  Canceled: {
    "before expiry": { plugin: "cancelled", "not plugin": "cancelled" },
    "at expiry": { plugin: "cancelled", "not plugin": "expired" },
    "after expiry": { plugin: "cancelled", "not plugin": "expired" },
  },
};

const cases = (Object.keys(EXPECTED) as SveaOrderStatus[]).flatMap((status) =>
  (Object.keys(MOMENTS) as (keyof typeof MOMENTS)[]).flatMap((moment) =>
    (["plugin", "not plugin"] as const).map((who) => [status, moment, who, EXPECTED[status][moment][who]] as const),
  ),
);

describe("linkStateFromSvea", () => {
  test("covers all 18 combinations", () => expect(cases).toHaveLength(18));

  test.each(cases)("%s, %s, cancelled by %s → %s", (status, moment, who, expected) => {
    expect(linkStateFromSvea({ status, expiresAt: EXPIRES_AT, now: MOMENTS[moment], canceledByPlugin: who === "plugin" })).toBe(expected);
  });

  test("an unknown status is an error, not a guess", () => {
    expect(() => linkStateFromSvea({ status: "Pending" as SveaOrderStatus, expiresAt: EXPIRES_AT, now: 0, canceledByPlugin: false })).toThrow(
      /unknown Svea order status/,
    );
  });
});

describe("icons and labels", () => {
  const states = ["none", "checking", "waiting", "failed", "cancelled", "expired", "paid"] as const;

  test("each state has its colour and its own icon name", () => {
    expect(Object.fromEntries(states.map((s) => [s, linkStateIcon(s).colour]))).toEqual({
      none: "normal",
      checking: "own",
      waiting: "own",
      failed: "red",
      cancelled: "black",
      expired: "grey",
      paid: "normal",
    });
    expect(linkStateIcon("waiting").name).toBe("svea-instore-waiting");
    expect(new Set(states.map((s) => linkStateIcon(s).name)).size).toBe(states.length);
  });

  test("each state has a distinct label in each language", () => {
    for (const locale of ["sv", "en"] as const) {
      const labels = states.map((s) => linkStateLabel(s, locale));
      expect(new Set(labels).size).toBe(states.length);
      for (const label of labels) expect(label.trim()).not.toBe("");
    }
    expect(linkStateLabel("paid", "sv")).toBe("Betald");
    expect(linkStateLabel("paid", "en")).toBe("Paid");
  });
});
