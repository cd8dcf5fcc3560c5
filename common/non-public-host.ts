// Whether a URL's host is one no server on the internet can reach: this machine, a private network, a link-local address.
import { BlockList, isIP } from "node:net";
import { normalisedHost } from "./plain-http-target.js";

export type NonPublicHostKind = "loopback" | "private" | "link-local";

const RANGES: ReadonlyArray<[NonPublicHostKind, string, number, "ipv4" | "ipv6"]> = [
  ["loopback", "127.0.0.0", 8, "ipv4"],
  ["loopback", "0.0.0.0", 8, "ipv4"],
  ["loopback", "::1", 128, "ipv6"],
  ["loopback", "::", 128, "ipv6"],
  ["private", "10.0.0.0", 8, "ipv4"],
  ["private", "172.16.0.0", 12, "ipv4"],
  ["private", "192.168.0.0", 16, "ipv4"],
  // Carrier-grade NAT (RFC 6598), the addresses of a VPN mesh such as Tailscale: no more reachable from outside.
  ["private", "100.64.0.0", 10, "ipv4"],
  ["private", "fc00::", 7, "ipv6"],
  ["link-local", "169.254.0.0", 16, "ipv4"],
  ["link-local", "fe80::", 10, "ipv6"],
];

const LISTS = new Map<NonPublicHostKind, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  const list = LISTS.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  LISTS.set(kind, list);
}

/**
 * Which kind of host no server on the internet reaches a URL's hostname (as `new URL` gives it: IPv6 in brackets,
 * IPv4 normalised) names: `localhost` or a name under it, a loopback, private (RFC 1918, RFC 6598, fc00::/7) or
 * link-local address, an IPv4-mapped IPv6 address of these too. undefined for any other host (a DNS name is not
 * resolved: it may well point at a private address, which only the network can tell).
 */
export function nonPublicHostKind(hostname: string): NonPublicHostKind | undefined {
  const name = normalisedHost(hostname).replace(/^\[(.*)\]$/, "$1");
  if (name === "localhost" || name.endsWith(".localhost")) return "loopback";
  const family = isIP(name);
  if (family === 0) return undefined;
  for (const [kind, list] of LISTS) if (list.check(name, family === 4 ? "ipv4" : "ipv6")) return kind;
  return undefined;
}
