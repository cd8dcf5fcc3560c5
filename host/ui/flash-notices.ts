// Notices that survive a post/redirect/get: kept in memory under a random key the redirect names, each key read once (a reload does not repeat them), the page's language links handed a fresh one, for a bounded while, the oldest dropped past a bound.
import type { Clock } from "../../common/clock.js";
import type { Locale, Notice } from "../../plugin/host-contract/host-contract-types.js";
import { keepUnderNewKey } from "./keyed-memory.js";

/**
 * How long after the redirect its notices can be shown at all: long enough for the page's language links (there and
 * back, each view handing the links a fresh key), short enough that an old page's links do not show an old save's
 * notices.
 */
export const FLASH_READABLE_MS = 10 * 60_000;

export interface FlashShown {
  notices: Notice[];
  /** The language the notices were given in (the plugin words them, and asking it again would be acting again). */
  givenIn: Locale;
  /** The key for this page's language links: the same notices, readable once, until the first key's deadline. */
  next: string;
}

export interface FlashNotices {
  /** Keeps the notices, given in `locale`, and returns the key to put in the redirect; no key when there is nothing to show. */
  put(notices: readonly Notice[], locale: Locale): string | null;
  /** The notices under the key, once; an unknown, used or expired key gives none. */
  take(key: string | undefined): FlashShown | undefined;
}

interface Kept {
  notices: Notice[];
  givenIn: Locale;
  until: number;
}

export function createFlashNotices(clock: Clock, limit = 200): FlashNotices {
  const kept = new Map<string, Kept>();
  const keep = (entry: Kept): string => keepUnderNewKey(kept, entry, limit);
  return {
    put(notices, locale) {
      if (notices.length === 0) return null;
      return keep({ notices: structuredClone([...notices]), givenIn: locale, until: clock.now() + FLASH_READABLE_MS });
    },
    take(key) {
      const entry = key ? kept.get(key) : undefined;
      if (!entry) return undefined;
      kept.delete(key!);
      if (clock.now() >= entry.until) return undefined;
      return { notices: structuredClone(entry.notices), givenIn: entry.givenIn, next: keep(entry) };
    },
  };
}
