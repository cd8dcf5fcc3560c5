// The rule every store applies to schedule firings, as PostgreSQL's schedule_firings table does: each exact firing time once.

/** How long a claimed firing is kept behind the firing whose claim prunes it, and how far behind the newest one a firing is refused. */
export const FIRINGS_KEPT_MS = 31 * 24 * 3_600_000;

/**
 * Claims `firingAt` (epoch ms, the slot's time) against the times a schedule has claimed (ascending). Answers the new
 * list, or undefined when the firing is refused:
 * - a time claimed before is refused, however often it is asked again (a late node, a restart, a replay);
 * - a time never claimed is taken, also when later ones were: after a clock set ahead fired the jumped-to slots and
 *   was corrected (a restart on the real clock), the firings up to the jumped-to time still run;
 * - a time FIRINGS_KEPT_MS or more behind the newest claimed one is refused: its own claim may have been pruned.
 * The new list drops the times more than FIRINGS_KEPT_MS older than `firingAt` (about 3,000 for a 15-minute schedule).
 */
export function claimFiring(claimed: readonly number[] | undefined, firingAt: number): number[] | undefined {
  const times = claimed ?? [];
  if (times.includes(firingAt)) return undefined;
  if (times.length > 0 && times[times.length - 1]! >= firingAt + FIRINGS_KEPT_MS) return undefined;
  const kept = times.filter((time) => time >= firingAt - FIRINGS_KEPT_MS);
  const at = kept.findIndex((time) => time > firingAt);
  kept.splice(at === -1 ? kept.length : at, 0, firingAt);
  return kept;
}

/**
 * The claimed times an earlier layout leaves: it kept only each schedule's newest claimed firing. That one is known
 * claimed; the earlier ones it stood for are not, so they may be claimed once more (only a host firing an earlier slot
 * asks: after a clock step back, which is when they should run).
 */
export function claimedFromNewest(newest: number | undefined): number[] | undefined {
  return newest === undefined ? undefined : [newest];
}

/** Whether a stored value is a list of claimed firing times (what this layout writes). */
export function isClaimedFirings(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((time) => Number.isSafeInteger(time));
}
