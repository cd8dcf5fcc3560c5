// Reads a request body the way ASP.NET Core accepts one: JSON media types only, strict UTF-8 (no invalid bytes, no lone
// surrogates), malformed JSON refused with a 400.
import type { Context } from "hono";
import { MAX_JSON_DEPTH, nestsDeeperThan, pathDeeperThan } from "../common/json-depth.js";
import { loneSurrogatePath } from "./lone-surrogate.js";
import type { MockSveaEnv } from "./mock-svea-env.js";
import { MockSveaError } from "./problem-document.js";

/** application/json, text/json and application/*+json, with any parameters (charset...). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type === "text/json" || /^application\/[^/]+\+json$/.test(type);
}

/**
 * Parses the body and hands its text to the request journal, which keeps the text (one string) rather than the parsed
 * tree (dozens of objects per request for the garbage collector to copy and trace) and parses it again only when read.
 */
export async function readJsonBody(c: Context<MockSveaEnv>): Promise<unknown> {
  const contentType = c.req.header("content-type");
  if (!isJsonMediaType(contentType)) {
    throw new MockSveaError(415, `Content-Type ${contentType ? `"${contentType}"` : "(none)"} is not supported; send application/json, text/json or application/*+json`);
  }
  const raw = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()));
  if (raw.trim() === "") throw MockSveaError.invalid("", "required", "A non-empty request body is required.");
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw MockSveaError.invalid("$", "json", jsonParseMessage(error));
  }
  // System.Text.Json refuses nesting past its MaxDepth (64) while it reads; so does the mock, before anything walks it.
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    const path = pathDeeperThan(value, MAX_JSON_DEPTH) ?? "";
    throw MockSveaError.invalid(`$.${path}`, "json", `The maximum configured depth of ${MAX_JSON_DEPTH} has been exceeded.`);
  }
  // "\ud800" is valid JSON syntax but no text: System.Text.Json refuses it as invalid UTF-16, so does the mock.
  const lone = loneSurrogatePath(value);
  if (lone !== null) throw MockSveaError.invalid(lone, "utf16", "holds a lone surrogate (a \\uD800-\\uDFFF escape without its pair), which is not valid UTF-16 text");
  c.set("journalBody", text);
  return value;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The body's text, refused when its bytes are not UTF-8 (a Latin-1 "ö" is the lone byte 0xF6): Svea's bodies are UTF-8 JSON. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw MockSveaError.invalid("$", "utf8", "The request body is not valid UTF-8; send JSON encoded as UTF-8 (ö is the bytes 0xC3 0xB6, not the Latin-1 byte 0xF6).");
  }
}

/** V8's reason a body is not JSON, without the part of the body it may quote (a customer's data, a secret). */
export function jsonParseMessage(error: unknown): string {
  const reason = (error as Error).message.replace(/, ".*?"(?:\.\.\.)? is not valid JSON$/s, " (not valid JSON)");
  return `The JSON value could not be parsed: ${reason}`;
}
