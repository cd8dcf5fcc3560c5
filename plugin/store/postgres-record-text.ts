// Order records into JSONB whatever text they hold: U+0000 and half a character are escaped in place, losslessly.
import { holdsUnstorableText, jsonMayHoldUnstorableText, replaceUnstorableText, rewriteJsonStrings } from "../../common/unstorable-text.js";
import type { OrderPaymentRecord } from "./plugin-store.js";

/** Starts an escape: followed by the escaped UTF-16 code unit as four hex digits. A private-use character. */
const ESCAPE = "\uE000";
/** Set on a record whose texts were escaped; only such records are unescaped when read. */
const ESCAPED_FLAG = "textEscaped";

const escapeCharacter = (character: string) => ESCAPE + character.charCodeAt(0).toString(16).padStart(4, "0");
const escapeText = (text: string) => replaceUnstorableText(text.replaceAll(ESCAPE, escapeCharacter), escapeCharacter);
const unescapeText = (text: string) => text.replace(/\uE000([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * The record as it goes into the `record` column. PostgreSQL's JSONB refuses U+0000 and lone surrogates (the write
 * fails), yet every other store keeps them, and such text could come from Svea: a record holding any has those
 * characters (and the escape character itself) escaped where they stand and is flagged, so SQL still reads its states
 * and amounts. Every other record goes in exactly as it is.
 */
export function recordForJsonb(record: OrderPaymentRecord): { record: OrderPaymentRecord; json: string } {
  const json = JSON.stringify(record);
  if (!jsonMayHoldUnstorableText(json)) return { record, json };
  let unstorable = false;
  const needsEscape = (text: string) => {
    if (!holdsUnstorableText(text)) return text.includes(ESCAPE);
    unstorable = true;
    return true;
  };
  const escaped = rewriteJsonStrings(record, needsEscape, escapeText);
  // Text that only looks like such an escape ("\\u0000" typed): nothing to escape.
  if (!unstorable) return { record, json };
  const stored = { ...(escaped.value as OrderPaymentRecord), [ESCAPED_FLAG]: true };
  return { record: stored, json: JSON.stringify(stored) };
}

/** The record as the plugin knows it, from the `record` column. */
export function recordFromJsonb(stored: OrderPaymentRecord): OrderPaymentRecord {
  if ((stored as unknown as Record<string, unknown>)[ESCAPED_FLAG] !== true) return stored;
  const { [ESCAPED_FLAG]: _flag, ...rest } = stored as unknown as Record<string, unknown>;
  return rewriteJsonStrings(rest, (text) => text.includes(ESCAPE), unescapeText).value as OrderPaymentRecord;
}
