// Exponential backoff with full jitter: each wait is random in [0, min(max, base × 2^(attempt-1))).

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1); injectable so tests get fixed waits. */
  random: () => number;
}

/** The wait before the attempt after `failedAttempt` (1-based). */
export function backoffDelayMs(failedAttempt: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.floor(policy.random() * ceiling);
}
