// Notices that survive one post/redirect/get: kept in memory under a random key the redirect names, handed out once, the oldest dropped past a bound.
import { randomBytes } from "node:crypto";
import type { Notice } from "../../plugin/host-contract/host-contract-types.js";

export interface FlashNotices {
  /** Keeps the notices and returns the key to put in the redirect; no key when there is nothing to show. */
  put(notices: readonly Notice[]): string | null;
  /** The notices under the key, once; an unknown or used key gives none. */
  take(key: string | undefined): Notice[];
}

export function createFlashNotices(limit = 200): FlashNotices {
  const kept = new Map<string, Notice[]>();
  return {
    put(notices) {
      if (notices.length === 0) return null;
      const key = randomBytes(12).toString("base64url");
      kept.set(key, structuredClone([...notices]));
      for (const oldest of kept.keys()) {
        if (kept.size <= limit) break;
        kept.delete(oldest);
      }
      return key;
    },
    take(key) {
      if (!key) return [];
      const notices = kept.get(key) ?? [];
      kept.delete(key);
      return notices;
    },
  };
}
