// Vitest global setup: prepares a place for the run's throwaway PostgreSQL cluster (started only if a pg test asks) and stops it at the end.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CLUSTER_SCRIPT, PG_TEST_STATE_VARIABLE, parseClusterOutput } from "./postgres-test-database.js";

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.DATABASE_URL) return;
  const state = await mkdtemp(join(tmpdir(), "svea-pg-state-"));
  process.env[PG_TEST_STATE_VARIABLE] = state;
  return async () => {
    const recorded = await readFile(join(state, "cluster.env"), "utf8").catch(() => undefined);
    if (recorded !== undefined) await promisify(execFile)("bash", [CLUSTER_SCRIPT, "stop", parseClusterOutput(recorded).dir]);
    await rm(state, { recursive: true, force: true });
  };
}
