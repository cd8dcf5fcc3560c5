// A form post as the sandbox pages send it: read within a size limit, and refused in the clerk's words (not a 500)
// when it is too large or is not a form a browser could have sent (a multipart body without its boundary...).
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { FormBody } from "./order-form-fields.js";
import type { UiMessageKey } from "./ui-messages.js";

/** The largest form the pages accept: an order of a few hundred rows fits many times over. */
export const MAX_FORM_BYTES = 256 * 1024;

/** A form post the pages refuse, with the HTTP status and the sandbox's message that says why. */
export class FormBodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly messageKey: Extract<UiMessageKey, "form-unreadable" | "form-too-large">,
  ) {
    super(messageKey);
    this.name = "FormBodyError";
  }
}

/** For every POST of the pages: a body over MAX_FORM_BYTES is refused before it is read. */
export const formBodyLimit: MiddlewareHandler = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: () => {
    throw new FormBodyError(413, "form-too-large");
  },
});

/**
 * The posted fields. A name sent twice keeps both values (a list), so `confirm=no&confirm=yes` is not read as "yes":
 * every reader takes a list for what it is (the order form its first value; a confirmation box only the plain "yes").
 */
export async function readFormBody(c: Context): Promise<FormBody> {
  try {
    return (await c.req.parseBody({ all: true })) as FormBody;
  } catch {
    throw new FormBodyError(400, "form-unreadable");
  }
}
