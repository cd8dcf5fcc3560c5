#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temp dir, listening on 127.0.0.1 only.
#   scripts/test-pg-cluster.sh start [port]   prints two lines: DATABASE_URL=... and PG_TEST_DIR=...
#   scripts/test-pg-cluster.sh stop <dir>     stops that cluster and deletes its dir
# As root the server runs as the `postgres` user (initdb refuses root) through runuser; otherwise as the caller.
set -euo pipefail

fail() {
  echo "test-pg-cluster: $*" >&2
  exit 1
}

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
    echo "$newest"
    return
  fi
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  fail "PostgreSQL is not installed (no initdb found). Install it, e.g. apt-get install postgresql, or set DATABASE_URL."
}

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local port="${1:-}"
  [ -n "$port" ] || port=$(free_port)
  local bin
  bin=$(bindir)
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    fail "running as root but there is no postgres user to run the server as (install Debian's postgresql package)"
  fi
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/svea-pg.XXXXXX")
  local password
  password=$(node -e 'console.log(require("node:crypto").randomBytes(18).toString("hex"))')
  printf '%s\n' "$password" >"$dir/pwfile"
  chmod 700 "$dir"
  chmod 600 "$dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$dir"
  as_server_user "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pwfile" -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    fail "initdb failed: $(tail -n 5 "$dir/initdb.log")"
  rm -f "$dir/pwfile"
  # fsync off: the cluster is thrown away after the run; tests prove logic, not durability of PostgreSQL itself.
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null 2>&1 || fail "pg_ctl start failed on port $port: $(tail -n 5 "$dir/server.log" 2>/dev/null)"
  echo "DATABASE_URL=postgres://postgres:${password}@127.0.0.1:${port}/postgres"
  echo "PG_TEST_DIR=$dir"
}

stop() {
  local dir="${1:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || fail "stop needs the PG_TEST_DIR that start printed"
  as_server_user "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) fail "usage: $0 start [port] | stop <dir>" ;;
esac
