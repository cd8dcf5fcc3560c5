// What the mock's public URL may be: the base of every payment link (`${publicUrl}/checkout/<token>`), printed in the
// start-up lines and put into every SMS. So an absolute http(s) URL, and nothing a link cannot be appended to or that
// must not be printed: no user:password@ (the banner and SMS texts would show the password), no query and no fragment
// (the appended path would land in them and the links break).

/** Why `text` cannot be the public URL, naming `setting` and the rule and never quoting a credential; or undefined. */
export function publicUrlProblem(setting: string, text: string): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    // The text is quoted only when it cannot hold a user:password@.
    const quoted = text.includes("@") ? "" : `, not "${text.slice(0, 100)}"`;
    return `${setting} must be an absolute http:// or https:// URL (payment links start with it)${quoted}`;
  }
  if (url.username !== "" || url.password !== "" || /^[^/?#]*\/\/[^/?#]*@/.test(text)) {
    return `${setting} must not hold user:password@ (it is printed in the start-up lines and every payment link and SMS); give the proxy its credentials another way`;
  }
  if (/[?#]/.test(text)) {
    return `${setting} must not hold a query (?) or a fragment (#): payment links append /checkout/<token> to it, which would land in them`;
  }
  return undefined;
}
