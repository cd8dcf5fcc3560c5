// Where Svea's credentials (and Svea's callbacks, which carry a token) may travel over plain http: only to this machine
// (the mock, a test server), never across a network, where HTTP Basic's password, Payment Admin's signed requests and
// callback tokens would be readable by anyone on the path.

/** A URL's hostname (as `new URL` gives it) that names this machine: localhost, *.localhost, 127.0.0.0/8 or [::1]. */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || name === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** True for an `http:` URL to another machine: credentials sent there would cross the network unencrypted. */
export function isPlainHttpOffMachine(url: URL): boolean {
  return url.protocol === "http:" && !isLoopbackHostname(url.hostname);
}

/** The rule's wording for a URL over which plain http would send `what`. */
export function plainHttpOffMachineRule(what: string): string {
  return `must be https: plain http sends ${what} unencrypted (http is allowed to this machine only: 127.0.0.1, localhost, [::1])`;
}

/** The rule's wording, one for the settings and both clients' options errors. */
export const PLAIN_HTTP_OFF_MACHINE_RULE = plainHttpOffMachineRule("the credentials");
