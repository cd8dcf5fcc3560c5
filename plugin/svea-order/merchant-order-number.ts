// Svea's merchantOrderNumber for one payment link: readable, at most 32 characters of [A-Za-z0-9_-], never reused.
import { createHash } from "node:crypto";

export const MERCHANT_ORDER_NUMBER_MAX = 32;
export const MERCHANT_ORDER_NUMBER_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const TIME_WIDTH = 7; // base-36 seconds: 7 digits last until the year 4453
const HASH_WIDTH = 10; // base-36 digits of SHA-256: about 51 bits
const CLEAN = /^[A-Za-z0-9_]+$/;

/**
 * `<body>-<sequence>-<time>`, read from the right:
 * - time: the issue time in whole seconds since 1970, base 36, 7 digits. A database restored from a backup issues
 *   sequence numbers again, but never at an earlier time, so the number is still new to Svea.
 * - sequence: the order's link sequence (0, 1, 2, …) in base 36. Two links of one order in the same second differ here.
 * - body: the ERP order number itself when it is short enough and uses only [A-Za-z0-9_]. Otherwise a readable
 *   prefix (accents stripped, other characters turned into `_`, none at either end) plus `-` plus 10 base-36 digits of the SHA-256 of the full ERP number.
 *   A plain body never contains `-` and a hashed one always does, so the two forms never meet; two different long
 *   numbers collide only if their hashes do (about 1 in 2^51).
 */
export function makeMerchantOrderNumber(orderNumber: string, linkSequence: number, now: number): string {
  if (!Number.isSafeInteger(linkSequence) || linkSequence < 0)
    throw new RangeError(`link sequence must be a non-negative safe integer, got ${linkSequence}`);
  const seconds = Math.floor(now / 1000);
  const time = Number.isFinite(seconds) && seconds >= 0 ? seconds.toString(36) : "";
  if (time === "" || time.length > TIME_WIDTH) throw new RangeError(`time ${now} is outside the supported range`);
  if (orderNumber.length === 0) throw new RangeError("order number must not be empty");
  const tail = `-${linkSequence.toString(36)}-${time.padStart(TIME_WIDTH, "0")}`;
  const room = MERCHANT_ORDER_NUMBER_MAX - tail.length;
  return `${bodyOf(orderNumber, room)}${tail}`;
}

function bodyOf(orderNumber: string, room: number): string {
  if (CLEAN.test(orderNumber) && orderNumber.length <= room) return orderNumber;
  const hash = BigInt(`0x${createHash("sha256").update(orderNumber, "utf8").digest("hex").slice(0, 16)}`)
    .toString(36)
    .padStart(HASH_WIDTH, "0")
    .slice(-HASH_WIDTH);
  const prefix = readablePrefix(orderNumber, room - HASH_WIDTH - 1);
  return `${prefix}-${hash}`;
}

function readablePrefix(orderNumber: string, max: number): string {
  const ascii = orderNumber.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^A-Za-z0-9]+/g, "_");
  return ascii.slice(0, Math.max(0, max)).replace(/^_+|_+$/g, "");
}
