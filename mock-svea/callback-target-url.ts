// The address a callback is sent to: callbackUri without its user:password@. Svea's server is .NET, whose HttpClient
// sends no credentials from a URI's userinfo (and fetch refuses such a URL outright), so the receiver gets the POST
// without them, and without an Authorization header: a receiver that wants Basic credentials refuses it, as it would
// refuse Svea's. Svea documents nothing here; this is the project's reading, kept in this one place.
export function callbackTargetUrl(callbackUri: string): string {
  let url: URL;
  try {
    url = new URL(callbackUri);
  } catch {
    return callbackUri;
  }
  if (url.username === "" && url.password === "") return callbackUri;
  url.username = "";
  url.password = "";
  return url.href;
}
