// An order's version as the clerk API shows it (ETag) and checks it (If-Match): a digest of the order's content, so a
// save made from a page opened before another save of the same order is told apart and refused, not let through to
// put back the older content (and have the plugin text the customer a link for it).
import { createHash } from "node:crypto";
import { canonicalJson } from "../common/canonical-json.js";
import type { HostOrder } from "../plugin/host-contract/host-contract-types.js";

/** A strong entity tag of the order's content: equal orders, equal tags, whatever order their keys were stored in. */
export function orderVersion(order: HostOrder): string {
  return `"${createHash("sha256").update(canonicalJson(order)).digest("base64url").slice(0, 27)}"`;
}

/**
 * Whether an If-Match header's value lets a write go on over `current` (RFC 9110 13.1.1): `*` when the order exists,
 * or one of its listed tags equal to the order's version (a weak tag never matches: the comparison is strong).
 */
export function ifMatchHolds(header: string, current: HostOrder | undefined): boolean {
  if (current === undefined) return false;
  const value = header.trim();
  if (value === "*") return true;
  const version = orderVersion(current);
  return value.split(",").some((tag) => tag.trim() === version);
}

/**
 * Whether an If-None-Match header's value lets a write go on over `current` (RFC 9110 13.1.2): `*` only when no order
 * is stored under the id (a create that must not replace one stored meanwhile), a list of tags unless one of them is
 * the order's version (the comparison is weak: a W/ tag matches its strong twin).
 */
export function ifNoneMatchHolds(header: string, current: HostOrder | undefined): boolean {
  if (current === undefined) return true;
  const value = header.trim();
  if (value === "*") return false;
  const version = orderVersion(current);
  return !value.split(",").some((tag) => tag.trim().replace(/^W\//, "") === version);
}
