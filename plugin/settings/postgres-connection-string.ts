// Whether node-postgres can read a postgres.connectionString, told before activation hands it to the pool.

/**
 * pg (pg-connection-string's parse) reads a postgres:// connection string with `new URL`, after percent-encoding a
 * space or a stray `%`, and again with a stand-in host for one that has none (`postgres://user:pw@/db`, a socket
 * directory given as `?host=`). What fails both (a port over 65535, an IPv4 part over 255, a `[` in the host) throws
 * a bare "Invalid URL" TypeError at activation, naming neither the setting nor the rule: this says it first.
 */
export function isReadableConnectionString(value: string): boolean {
  const encoded = / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(value) ? encodeURI(value).replace(/%25(\d\d)/g, "%$1") : value;
  return URL.canParse(encoded, BASE) || URL.canParse(encoded.replace("@/", "@___DUMMY___/"), BASE);
}

const BASE = "postgres://base";
