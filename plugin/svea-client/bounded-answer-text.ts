// Reads an HTTP answer's body as text up to a bound, so an answer no Svea API sends is never read whole into memory.

/**
 * The most of an answer the clients read: 1 MiB. Svea's largest answers (a create's or a status read's) hold the
 * order's rows and the customer's details, a few hundred bytes a row: an order of a hundred rows answers in about
 * 30 KiB, so the bound leaves room for thousands of rows (an order beyond any till) while a runaway answer (a proxy's
 * page, a broken stream, a hostile endpoint; 128 MiB was read and parsed whole) is cut off after 1 MiB.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * The body as UTF-8 text (decoded as `Response.text()` decodes it), or undefined when it is larger than `maxBytes`:
 * refused at once when its Content-Length says so, else as soon as the bytes read pass the bound. Either way the rest
 * is not read: the body is cancelled, which lets the connection go. A failure while reading (a timeout, a cut
 * connection) rejects as `Response.text()` would.
 */
export async function readBoundedText(response: Response, maxBytes: number = MAX_ANSWER_BYTES): Promise<string | undefined> {
  const declared = Number(response.headers.get("content-length") ?? "");
  const body = response.body;
  if (body === null) return "";
  if (Number.isFinite(declared) && declared > maxBytes) {
    await body.cancel().catch(() => undefined);
    return undefined;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}
