// The hidden field that names one form of one rendered page, so a repeated post of it is recognised (form-submissions.ts).
import type { FC } from "hono/jsx";
import type { PageContext } from "./layout.js";

/** `form` tells the forms of one page apart: a Back to the page and a post of another form there is a new action. */
export const FormToken: FC<{ ctx: PageContext; form: string }> = ({ ctx, form }) => <input type="hidden" name="formToken" value={`${ctx.formToken}.${form}`} />;
