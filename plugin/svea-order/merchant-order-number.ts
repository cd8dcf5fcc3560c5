// Svea's merchantOrderNumber for one payment link: readable, at most 32 characters of [A-Za-z0-9_-], never reused.
import { sha256Hex } from "./sha256-hex.js";

export const MERCHANT_ORDER_NUMBER_MAX = 32;
export const MERCHANT_ORDER_NUMBER_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const TIME_WIDTH = 7; // base-36 seconds: 7 digits last until the year 4453
const HASH_WIDTH = 10; // base-36 digits of SHA-256: about 51 bits
const HOST_ORDER_WIDTH = 4; // base-36 digits of SHA-256 of the host's order id: about 21 bits
const CLEAN = /^[A-Za-z0-9_]+$/;

/**
 * `<body>-<sequence>-<time>-<host order>` (or `<body>-<sequence>-<time>` when no host order id is given), read from the right:
 * - host order: 4 base-36 digits of the SHA-256 of the host's own order id. Two host orders may carry the same ERP order
 *   number (a re-used number, two shops on one account); each issues sequence 1 first, maybe within the same second,
 *   and without this part their numbers would be equal and Svea would refuse the second with 409.
 * - time: the issue time in whole seconds since 1970, base 36, 7 digits. A database restored from a backup issues
 *   sequence numbers again, but never at an earlier time, so the number is still new to Svea.
 * - sequence: the order's link sequence (0, 1, 2, …) in base 36. Two links of one order in the same second differ here.
 * - body: the ERP order number itself when it is short enough and uses only [A-Za-z0-9_]. Otherwise a readable
 *   prefix (accents stripped, other characters turned into `_`, none at either end) plus `-` plus 10 base-36 digits of the SHA-256 of the full ERP number.
 *   A plain body never contains `-` and a hashed one always does, so the two forms never meet; two different long
 *   numbers collide only if their hashes do (about 1 in 2^51).
 */
export function makeMerchantOrderNumber(orderNumber: string, linkSequence: number, now: number, hostOrderId?: string): string {
  if (!Number.isSafeInteger(linkSequence) || linkSequence < 0)
    throw new RangeError(`link sequence must be a non-negative safe integer, got ${linkSequence}`);
  const seconds = Math.floor(now / 1000);
  const time = Number.isFinite(seconds) && seconds >= 0 ? seconds.toString(36) : "";
  if (time === "" || time.length > TIME_WIDTH) throw new RangeError(`time ${now} is outside the supported range`);
  if (orderNumber.length === 0) throw new RangeError("order number must not be empty");
  if (hostOrderId !== undefined && hostOrderId.length === 0) throw new RangeError("host order id must not be empty");
  const host = hostOrderId === undefined ? "" : `-${base36Hash(hostOrderId, HOST_ORDER_WIDTH)}`;
  const tail = `-${linkSequence.toString(36)}-${time.padStart(TIME_WIDTH, "0")}${host}`;
  const room = MERCHANT_ORDER_NUMBER_MAX - tail.length;
  return `${bodyOf(orderNumber, room)}${tail}`;
}

function bodyOf(orderNumber: string, room: number): string {
  if (CLEAN.test(orderNumber) && orderNumber.length <= room) return orderNumber;
  // Only an absurd link sequence (over 36^8) leaves less room than a full hash: the hash then shortens, the length holds.
  const width = Math.min(HASH_WIDTH, room - 1);
  const hash = base36Hash(orderNumber, width);
  const prefix = readablePrefix(orderNumber, room - width - 1);
  return `${prefix}-${hash}`;
}

function readablePrefix(orderNumber: string, max: number): string {
  const ascii = orderNumber.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^A-Za-z0-9]+/g, "_");
  return ascii.slice(0, Math.max(0, max)).replace(/^_+|_+$/g, "");
}

function base36Hash(text: string, width: number): string {
  return BigInt(`0x${sha256Hex(text).slice(0, 16)}`)
    .toString(36)
    .padStart(width, "0")
    .slice(-width);
}
