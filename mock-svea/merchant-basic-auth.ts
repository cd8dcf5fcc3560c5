// HTTP Basic auth of the Svea API: Hono's basicAuth against the merchants config, remembering headers it accepted.
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { basicAuth } from "hono/basic-auth";
import type { Merchants } from "./merchants-config.js";
import type { MockSveaEnv } from "./mock-svea-env.js";

/** Accepted headers kept; a client sends the same one on every call, so a few suffice (a cap keeps memory bounded). */
const MAX_REMEMBERED = 256;

interface Accepted {
  merchantId: string;
  header: Buffer;
}

/**
 * A client sends the same Authorization header on every call; decoding base64 and re-checking the password each
 * time cost more than the status answer itself. A header that passed the full check once (the merchants config
 * never changes while the mock runs) is remembered: the map only finds the candidate, and acceptance is still a
 * constant-time comparison of the whole header. Anything else, wrong or new, goes through basicAuth as before.
 */
export function merchantBasicAuth(merchants: Merchants, realm: string): MiddlewareHandler<MockSveaEnv> {
  const remembered = new Map<string, Accepted>();
  const full = basicAuth({
    realm,
    verifyUser: (id, password, c) => {
      const ok = merchants.verify(id, password);
      if (!ok) return false;
      c.set("merchantId", id);
      const header = c.req.header("authorization");
      if (header !== undefined && remembered.size < MAX_REMEMBERED) remembered.set(header, { merchantId: id, header: Buffer.from(header, "utf8") });
      return true;
    },
  });
  return (c, next) => {
    const header = c.req.header("authorization");
    const known = header === undefined ? undefined : remembered.get(header);
    if (known) {
      const given = Buffer.from(header!, "utf8");
      if (given.length === known.header.length && timingSafeEqual(given, known.header)) {
        c.set("merchantId", known.merchantId);
        return next();
      }
    }
    return full(c, next);
  };
}
