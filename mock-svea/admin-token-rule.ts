// What the mock's admin token must be: long and random enough that a caller off this machine cannot guess it.
import { isPlainlyNotRandom, SECRET_GENERATE_HINT, SECRET_RANDOMNESS_RULE } from "../common/secret-randomness.js";

export const MIN_ADMIN_TOKEN_LENGTH = 32;

/**
 * What is wrong with a token given under `setting` (a flag, an environment variable or an option), in one sentence that
 * names the setting and the rule and never the token; undefined when it is usable. An empty token is no token (the admin
 * API then answers loopback callers only), so it is left to the caller.
 */
export function adminTokenProblem(setting: string, token: string): string | undefined {
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) return `${setting} must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long; ${SECRET_GENERATE_HINT}`;
  if (isPlainlyNotRandom(token)) return `${setting} ${SECRET_RANDOMNESS_RULE}; ${SECRET_GENERATE_HINT}`;
  return undefined;
}
