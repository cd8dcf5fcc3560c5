// The PostgreSQL server the pg tests use: DATABASE_URL when given, else one throwaway cluster per test run, started by the first test that asks.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

/** Set by the global setup: the dir where the run's lazily started cluster is recorded. */
export const PG_TEST_STATE_VARIABLE = "SVEA_PG_TEST_STATE";
export const CLUSTER_SCRIPT = fileURLToPath(new URL("../../scripts/test-pg-cluster.sh", import.meta.url));

const run = promisify(execFile);

/** The cluster script's output lines, KEY=value. */
export function parseClusterOutput(stdout: string): { databaseUrl: string; dir: string } {
  const values = Object.fromEntries(stdout.split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  if (!values.DATABASE_URL || !values.PG_TEST_DIR) throw new Error(`the test cluster script printed no DATABASE_URL: ${stdout}`);
  return { databaseUrl: values.DATABASE_URL, dir: values.PG_TEST_DIR };
}

let cached: Promise<string> | undefined;

/**
 * DATABASE_URL if set; otherwise the run's throwaway cluster (started once, under a lock dir, whichever test file asks
 * first). Without PostgreSQL this rejects with a plain message, so every pg test fails rather than skips.
 */
export function testDatabaseUrl(): Promise<string> {
  cached ??= findDatabase();
  return cached;
}

async function findDatabase(): Promise<string> {
  const given = process.env.DATABASE_URL;
  if (given) return given;
  const state = process.env[PG_TEST_STATE_VARIABLE];
  if (!state) throw new Error("PostgreSQL tests need DATABASE_URL, or the vitest global setup that starts a throwaway cluster");
  const lock = join(state, "lock");
  const envFile = join(state, "cluster.env");
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    const known = await readFile(envFile, "utf8").catch(() => undefined);
    if (known !== undefined) return parseClusterOutput(known).databaseUrl;
    let stdout: string;
    try {
      ({ stdout } = await run("bash", [CLUSTER_SCRIPT, "start"], { timeout: 60_000 }));
    } catch (error) {
      const detail = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
      throw new Error(`PostgreSQL tests could not start a throwaway PostgreSQL server (set DATABASE_URL to use your own): ${detail}`);
    }
    await writeFile(envFile, stdout, { mode: 0o600 });
    return parseClusterOutput(stdout).databaseUrl;
  } finally {
    await rmdir(lock);
  }
}

/** A fresh schema name per test, so tests sharing one server never see each other's rows. */
export function freshSchema(prefix = "t"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** One statement on a connection of its own (a test's look at the tables, or a write as another node would make it); its rows. */
export async function queryRows<R extends pg.QueryResultRow>(databaseUrl: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
