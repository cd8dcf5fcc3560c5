#!/usr/bin/env bash
# `npm run test:pg`: starts a throwaway PostgreSQL cluster (unless DATABASE_URL is set), runs the PostgreSQL tests
# against it (the store contract, the pg store's own tests, the host's PostgreSQL order book, the three-node test), and
# stops it again.
# Arguments go to vitest: test paths replace the default set, options are added (`npm run test:pg -- --reporter=verbose`).
set -euo pipefail
cd "$(dirname "$0")/.."
started=""
if [ -z "${DATABASE_URL:-}" ]; then
  out=$(bash scripts/test-pg-cluster.sh start "${PG_TEST_PORT:-}")
  DATABASE_URL=$(printf '%s\n' "$out" | sed -n 's/^DATABASE_URL=//p')
  started=$(printf '%s\n' "$out" | sed -n 's/^PG_TEST_DIR=//p')
  export DATABASE_URL
  trap 'bash scripts/test-pg-cluster.sh stop "$started"' EXIT
  echo "test:pg: throwaway PostgreSQL cluster in $started"
fi
npm run build >/dev/null
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  npx vitest run "$@"
else
  npx vitest run test/plugin/store/plugin-store.test.ts test/plugin/store/postgres-plugin-store.test.ts test/plugin/store/postgres-order-lock-secret.test.ts test/host/host-order-store.test.ts test/multi-node "$@"
fi
