// The payment link as the plugin hands it on: only an http(s) address, which a clerk's page may put in a link's href.

/**
 * `uri` when it is an absolute http or https URL, else null. Svea's answers are checked for `format: uri` only, which
 * `javascript:` passes: such a link is kept from the payment view, the notices and the host's pages (a page's CSP is
 * the last line, not the first).
 */
export function webAddressOrNull(uri: string | null | undefined): string | null {
  if (!uri) return null;
  try {
    const { protocol } = new URL(uri);
    return protocol === "https:" || protocol === "http:" ? uri : null;
  } catch {
    return null;
  }
}
