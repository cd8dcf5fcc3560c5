// Cuts text to Svea's length limits without splitting a character, an emoji or a letter with its accents.

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export const SVEA_TEXT_LIMITS = { name: 40, unit: 4, articleNumber: 256, merchantData: 255 } as const;

/**
 * The longest prefix of whole grapheme clusters that fits in `max`. Length is counted in UTF-16 code units, which is
 * how Svea's .NET server counts and how the Svea schemas are compiled to count (common/svea-instore-schemas.ts).
 */
export function cutToLimit(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  let out = "";
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return { text: out, cut: true };
}
