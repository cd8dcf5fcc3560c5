// A refused post's page, kept a while under a random key, so the language switch can show it again in the other
// language with what the clerk typed (a plain link to the page would lose it): the last 100, in memory.
import type { Locale } from "../../plugin/host-contract/host-contract-types.js";
import { keepUnderNewKey } from "./keyed-memory.js";

export interface RefusedPage<Shown> {
  /** The GET address of the page it shows (`/orders/new`, `/orders/:id`): a key is only good there. */
  path: string;
  /** What the page shows in `locale`: the clerk's input, and the refusals (the host's own checks made again in it). */
  shownIn(locale: Locale): Promise<Shown>;
}

export interface RefusedPages<Shown> {
  put(page: RefusedPage<Shown>): string;
  /** The page under the key, if it is still kept and belongs to `path`; a key may be used again (switching back). */
  get(key: string | undefined, path: string): RefusedPage<Shown> | undefined;
}

export function createRefusedPages<Shown>(limit = 100): RefusedPages<Shown> {
  const kept = new Map<string, RefusedPage<Shown>>();
  return {
    put: (page) => keepUnderNewKey(kept, page, limit),
    get(key, path) {
      const page = key ? kept.get(key) : undefined;
      return page?.path === path ? page : undefined;
    },
  };
}
