// Reads a request body the way ASP.NET Core accepts one: JSON media types only, UTF-8, malformed JSON refused with a 400.
import type { Context } from "hono";
import { MockSveaError } from "./problem-document.js";

/** application/json, text/json and application/*+json, with any parameters (charset...). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type === "text/json" || /^application\/[^/]+\+json$/.test(type);
}

export async function readJsonBody(c: Context): Promise<unknown> {
  const contentType = c.req.header("content-type");
  if (!isJsonMediaType(contentType)) {
    throw new MockSveaError(415, `Content-Type ${contentType ? `"${contentType}"` : "(none)"} is not supported; send application/json, text/json or application/*+json`);
  }
  const text = await c.req.text();
  if (text.trim() === "") throw MockSveaError.invalid("", "required", "A non-empty request body is required.");
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw MockSveaError.invalid("$", "json", `The JSON value could not be parsed: ${(error as Error).message}`);
  }
}
