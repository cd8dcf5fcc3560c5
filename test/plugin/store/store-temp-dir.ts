// A throwaway data dir for one store test.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function storeDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "svea-store-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
