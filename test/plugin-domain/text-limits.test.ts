// Cutting text to Svea's limits never splits a surrogate pair or a grapheme cluster.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cutToLimit } from "../../plugin/svea-order/index.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(s)].map((x) => x.segment);

describe("cutToLimit", () => {
  test("leaves text within the limit alone", () => {
    expect(cutToLimit("Kaffe", 40)).toEqual({ text: "Kaffe", cut: false });
  });

  test("cuts plain text at the limit", () => {
    expect(cutToLimit("abcdef", 4)).toEqual({ text: "abcd", cut: true });
  });

  test("never splits an emoji, a family or a flag", () => {
    expect(cutToLimit("ab😀", 3)).toEqual({ text: "ab", cut: true });
    expect(cutToLimit("a👨‍👩‍👧‍👦b", 4)).toEqual({ text: "a", cut: true });
    expect(cutToLimit("🇸🇪🇳🇴", 6)).toEqual({ text: "🇸🇪", cut: true });
  });

  test("keeps a letter with its combining accents together", () => {
    const decomposed = "Cafe\u0301 au lait"; // é as e + combining acute
    expect(cutToLimit(decomposed, 4)).toEqual({ text: "Caf", cut: true });
    expect(cutToLimit(decomposed, 5).text).toBe("Cafe\u0301");
  });

  test("non-Latin text is cut safely too", () => {
    expect(cutToLimit("مرحبا بالعالم", 5)).toEqual({ text: "مرحبا", cut: true });
    expect(cutToLimit("こんにちは世界", 3)).toEqual({ text: "こんに", cut: true });
  });

  test("property: the result fits, is a prefix of whole graphemes, and is as long as possible", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), fc.integer({ min: 1, max: 45 }), (text, max) => {
        const { text: out, cut } = cutToLimit(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(text.startsWith(out)).toBe(true);
        expect(cut).toBe(out !== text);
        const all = graphemes(text);
        const kept = graphemes(out);
        expect(kept).toEqual(all.slice(0, kept.length));
        const next = all[kept.length];
        if (cut && next !== undefined) expect(out.length + next.length).toBeGreaterThan(max);
        expect(out).not.toMatch(LONE_SURROGATE);
      }),
      { numRuns: 1000 },
    );
  });
});
