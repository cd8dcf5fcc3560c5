// Where Svea's credentials (and Svea's callbacks, which carry a token) may travel over plain http: only to this machine
// (the mock, a test server), never across a network, where HTTP Basic's password, Payment Admin's signed requests and
// callback tokens would be readable by anyone on the path; in development, also to a host named in allowPlainHttpTo.

/** A URL's hostname (as `new URL` gives it) that names this machine: localhost, *.localhost, 127.0.0.0/8 or [::1]. */
export function isLoopbackHostname(hostname: string): boolean {
  const name = normalisedHost(hostname);
  return name === "localhost" || name.endsWith(".localhost") || name === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * An entry of allowPlainHttpTo: one host by name (a docker-compose service name, a DNS name) or address (IPv6 in
 * brackets), as a URL's hostname has it: no scheme, port or wildcard, so the list can never switch the rule off.
 */
const PLAIN_HTTP_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])$/;

export function isPlainHttpHostName(entry: string): boolean {
  return entry.length <= 253 && PLAIN_HTTP_HOST.test(entry);
}

/** What an allowPlainHttpTo entry must be, after its name. */
export const PLAIN_HTTP_HOST_RULE = "must be a host name or an IP address (IPv6 in brackets), with no scheme, port or wildcard";

/** A client option's allowPlainHttpTo: absent, or a list of host names; the clients' options error says so otherwise. */
export function isPlainHttpHostList(value: unknown): value is readonly string[] | undefined {
  return value === undefined || (Array.isArray(value) && value.every((entry) => typeof entry === "string" && isPlainHttpHostName(entry)));
}

/** The clients' options error for a list isPlainHttpHostList refuses. */
export const PLAIN_HTTP_HOST_LIST_RULE = `allowPlainHttpTo must list host names: each ${PLAIN_HTTP_HOST_RULE}`;

/**
 * True for an `http:` URL to another machine: credentials sent there would cross the network unencrypted. `allowed`
 * (allowPlainHttpTo, development only) names hosts taken as if they were this machine, each exactly.
 */
export function isPlainHttpOffMachine(url: URL, allowed: readonly string[] = []): boolean {
  if (url.protocol !== "http:" || isLoopbackHostname(url.hostname)) return false;
  const name = normalisedHost(url.hostname);
  return !allowed.some((entry) => normalisedHost(entry) === name);
}

/** A hostname compared as DNS compares it: lower case, without a trailing root dot. */
export function normalisedHost(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** The rule's wording for a URL over which plain http would send `what`. */
export function plainHttpOffMachineRule(what: string): string {
  return `must be https: plain http sends ${what} unencrypted (http is allowed to this machine only: 127.0.0.1, localhost, [::1]; in development, a host named in allowPlainHttpTo)`;
}

/** The rule's wording, one for the settings and both clients' options errors. */
export const PLAIN_HTTP_OFF_MACHINE_RULE = plainHttpOffMachineRule("the credentials");
