// Whether a secret is plainly not random ("aaaa…", "abab…"): one rule for the plugin's callbackKey and the mock's admin token.

/** The least a secret must carry, as estimated by secretBits. */
export const MIN_SECRET_BITS = 64;

/** The rule, as a refusal says it after the secret's name; it never quotes the secret. */
export const SECRET_RANDOMNESS_RULE =
  `must look random: at least ${MIN_SECRET_BITS} bits estimated from how often each character occurs ` +
  "(its length times the Shannon entropy of its characters; one character repeated, or a short pattern, has far less)";

/** What to do about it, for a secret the reader chooses (not one already in use). */
export const SECRET_GENERATE_HINT = "generate one, e.g. `openssl rand -base64 32`";

/**
 * A secret's entropy as estimated from how often each character occurs in it: length × Shannon entropy of the
 * character frequencies. "a"×32 gives 0 and "ab"×16 gives 32; 32 random bytes as base64 or hex, a UUID, or 32 random
 * decimal digits give 74 or more (seen over 300,000 draws each). It cannot tell a repeated word from a random key: it
 * refuses only what is plainly not random.
 */
export function secretBits(secret: string): number {
  const characters = [...secret];
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
