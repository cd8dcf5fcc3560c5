// Whether a secret is plainly not random ("aaaa…", "abab…", a repeated word): one rule for the plugin's callbackKey and
// previousCallbackKey, the host's callback-key file and the mock's admin token.

/** The least a secret must carry, as estimated by secretBits. */
export const MIN_SECRET_BITS = 64;

/** A stretch at least this long that repeats an earlier one adds nothing to secretBits. */
export const MIN_REPEATED_STRETCH = 6;

/** The rule, as a refusal says it after the secret's name; it never quotes the secret. */
export const SECRET_RANDOMNESS_RULE =
  `must look random: at least ${MIN_SECRET_BITS} bits estimated from how often each character occurs ` +
  `(its length times the Shannon entropy of its characters, a stretch of ${MIN_REPEATED_STRETCH} or more characters that repeats an earlier one counting for nothing; ` +
  "one character repeated, a short pattern or a repeated word has far less)";

/** The Swedish of SECRET_RANDOMNESS_RULE. */
export const SECRET_RANDOMNESS_RULE_SV =
  `måste se slumpmässig ut: minst ${MIN_SECRET_BITS} bitar, uppskattade från hur ofta varje tecken förekommer ` +
  `(längden gånger Shannon-entropin för tecknen, där en sträcka på ${MIN_REPEATED_STRETCH} eller fler tecken som upprepar en tidigare inte räknas; ` +
  "ett upprepat tecken, ett kort mönster eller ett upprepat ord har långt mindre)";

/** What to do about it, for a secret the reader chooses (not one already in use). */
export const SECRET_GENERATE_HINT = "generate one, e.g. `openssl rand -base64 32`";

/**
 * A secret's entropy as estimated from how often each character occurs in it: length × Shannon entropy of the
 * character frequencies, over the characters left once every stretch of MIN_REPEATED_STRETCH or more that repeats an
 * earlier stretch is taken out (the stretches may overlap, so "abcd" repeated keeps only its first "abcd", and
 * "hunter2" five times its first "hunter2"). "a"×32 gives 0, "ab"×16 gives 2, "hunter2"×5 gives 20; 32 random bytes
 * as base64 or hex, 16 as hex, a UUID, or 32 random decimal digits give 71 or more (seen over 200,000 draws each: such
 * a key almost never holds a repeated stretch of six). It still cannot tell a cleverer pattern from a random key: it
 * refuses only what is plainly not random.
 */
export function secretBits(secret: string): number {
  const characters = withoutRepeatedStretches([...secret]);
  const counts = new Map<string, number>();
  for (const ch of characters) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / characters.length);
  return bits;
}

/** True when the secret carries fewer than MIN_SECRET_BITS by secretBits. */
export function isPlainlyNotRandom(secret: string): boolean {
  return secretBits(secret) < MIN_SECRET_BITS;
}

/** How many earlier places a stretch is compared with: bounds the work on a long, odd secret, never a usual key's. */
const MAX_CANDIDATES = 32;

/**
 * The characters left after a greedy left-to-right pass drops, at each place, the longest stretch (of at least
 * MIN_REPEATED_STRETCH) that equals one starting earlier. Earlier starts are found by their first MIN_REPEATED_STRETCH
 * characters.
 */
function withoutRepeatedStretches(characters: readonly string[]): string[] {
  const n = MIN_REPEATED_STRETCH;
  const startsOf = new Map<string, number[]>();
  const gramAt = (i: number) => characters.slice(i, i + n).join("\u0000");
  const kept: string[] = [];
  let indexed = 0;
  let i = 0;
  while (i < characters.length) {
    // Every start before i is indexed, those inside a dropped stretch too.
    for (; indexed < i && indexed + n <= characters.length; indexed++) {
      const gram = gramAt(indexed);
      const starts = startsOf.get(gram) ?? [];
      starts.push(indexed);
      if (starts.length > MAX_CANDIDATES) starts.shift();
      startsOf.set(gram, starts);
    }
    let longest = 0;
    if (i + n <= characters.length) {
      for (const start of startsOf.get(gramAt(i)) ?? []) {
        let length = 0;
        while (i + length < characters.length && characters[start + length] === characters[i + length]) length++;
        longest = Math.max(longest, length);
      }
    }
    if (longest >= n) {
      i += longest;
    } else {
      kept.push(characters[i]!);
      i += 1;
    }
  }
  return kept;
}
