// The one shape of an error answer over HTTP, from the clerk API and the plugin's routes alike: an RFC 7807 problem
// document with a stable code a caller matches on and a title in words.

export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

/** The document's JSON text; `extra` (e.g. the clerk API's field `errors`) joins the four fields every document has. */
export function problemDocument(status: number, code: string, title: string, extra: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({ type: "about:blank", status, code, title, ...extra });
}
