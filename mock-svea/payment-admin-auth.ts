// Payment Admin authentication as Svea checks it: `Authorization: Svea base64(merchantId:sha512hex(body + secret +
// timestamp))` plus a `Timestamp` header; the digest is accepted in upper- or lower-case hex. Anything else is a 401.
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { isPaymentAdminTimestamp, paymentAdminDigest } from "../common/payment-admin-token.js";
import type { Merchants } from "./merchants-config.js";
import type { MockSveaEnv } from "./mock-svea-env.js";
import { MockSveaError } from "./problem-document.js";
import { decodeUtf8 } from "./read-json-body.js";

const CHALLENGE = { "www-authenticate": 'Svea realm="Svea Payment Admin"' };

function unauthorized(detail: string): MockSveaError {
  return new MockSveaError(401, detail, [], CHALLENGE);
}

/**
 * Checks the token over the raw body (Hono keeps the bytes, so handlers can read them again) and sets `merchantId` to
 * the Instore merchant the Payment Admin account belongs to. The timestamp must be a real UTC time in its format; its age is not checked: Svea
 * documents no allowed clock skew (see the README's "After payment").
 */
export function paymentAdminAuth(merchants: Merchants): MiddlewareHandler<MockSveaEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const timestamp = c.req.header("timestamp") ?? "";
    const match = /^Svea\s+([A-Za-z0-9+/=]+)$/.exec(header);
    if (!match) throw unauthorized("missing Payment Admin credentials: send Authorization: Svea base64(merchantId:sha512hex(body + secret + timestamp))");
    if (!isPaymentAdminTimestamp(timestamp)) throw unauthorized("the Timestamp header must be a real UTC time, yyyy-MM-dd HH:mm:ss");
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.lastIndexOf(":");
    const merchantId = colon > 0 ? decoded.slice(0, colon) : "";
    const given = Buffer.from((colon > 0 ? decoded.slice(colon + 1) : "").toLowerCase(), "utf8");
    const merchant = merchants.byPaymentAdminId(merchantId);
    // The raw bytes, strictly: a lenient c.req.text() would turn a Latin-1 "ö" into U+FFFD, and the body reader after
    // this (which Hono hands the same bytes) could no longer refuse it.
    const body = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()));
    // An unknown merchant still costs a digest and a comparison, so timing does not tell which ids exist.
    const expected = Buffer.from(paymentAdminDigest(body, merchant?.paymentAdmin?.secret ?? "\u0000no-such-merchant\u0000", timestamp), "utf8");
    const same = given.length === expected.length && timingSafeEqual(given, expected);
    if (!merchant || !same) throw unauthorized("wrong Payment Admin credentials: the token does not match merchant id, secret, body and timestamp");
    c.set("merchantId", merchant.id);
    return next();
  };
}
