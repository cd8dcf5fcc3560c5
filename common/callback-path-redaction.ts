// Callback URLs carry a bearer token in their last segment (`…/callback/<merchantOrderNumber>/<token>`): the plugin and
// the host that mounts its routes both log such paths, and both must hide the token the same way.

/** A callback URL or path fit for logs: the token segment replaced. */
export function redactCallbackUrl(urlOrPath: string): string {
  return urlOrPath.replace(/(\/callback\/[^/?#]*\/)[^/?#]*/, "$1[redacted]");
}
