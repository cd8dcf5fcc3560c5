// A child process writing to the embedded store is killed with SIGKILL mid-burst; the restarted store holds every write it acknowledged.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddedPluginStore, type FsyncPolicy } from "../../../plugin/store/index.js";
import { compileStore } from "./compiled-store.js";
import { link } from "./plugin-store-contract.js";
import { storeDir } from "./store-temp-dir.js";

const childScript = fileURLToPath(new URL("./journal-kill-child.mjs", import.meta.url));
const ACKS_BEFORE_KILL = 3_000;

interface Acknowledged {
  links: Map<number, number>;
  callbacks: number;
  lastSlot: number;
}

/** Runs the child until it has acknowledged enough writes, kills it with SIGKILL, and returns what it acknowledged. */
function runAndKill(moduleUrl: string, file: string, fsync: FsyncPolicy): Promise<Acknowledged> {
  const child = spawn(process.execPath, [childScript, moduleUrl, file, fsync, JSON.stringify(link("template"))], { stdio: ["ignore", "pipe", "pipe"] });
  const acked: Acknowledged = { links: new Map(), callbacks: -1, lastSlot: -1 };
  let count = 0;
  let killed = false;
  let partial = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop()!;
      // Lines that arrive after the kill was sent were still written after their acknowledgement: they count too.
      for (const line of lines) {
        const [kind, a, b] = line.split(" ");
        if (kind === "link") acked.links.set(Number(a), Math.max(acked.links.get(Number(a)) ?? -1, Number(b)));
        else if (kind === "callback") acked.callbacks = Number(a);
        else if (kind === "slot") acked.lastSlot = Number(a);
        else continue;
        count++;
      }
      if (!killed && count >= ACKS_BEFORE_KILL) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    // "close", not "exit": it comes once the pipe is read to its end, so every line the child got into it counts.
    child.once("close", (code, signal) => {
      if (signal === "SIGKILL") resolve(acked);
      else reject(new Error(`child exited with ${code} before the kill: ${stderr}`));
    });
  });
}

describe("embedded store under SIGKILL", () => {
  let compiled: Awaited<ReturnType<typeof compileStore>>;
  let moduleUrl: string;
  beforeAll(async () => {
    compiled = await compileStore("plugin-store-kill");
    moduleUrl = compiled.url("index");
  });
  afterAll(async () => {
    await compiled.remove();
  });

  for (const fsync of ["never", "batched"] satisfies FsyncPolicy[]) {
    it(`keeps every acknowledged write (fsync ${fsync}), compactions included`, async () => {
      const dir = await storeDir();
      try {
        const file = join(dir.path, "svea-instore-plugin.json");
        const acked = await runAndKill(moduleUrl, file, fsync);
        // The burst compacted at least once before the kill, so the restart reads a snapshot plus journal.
        expect(existsSync(file)).toBe(true);
        expect(acked.links.size).toBe(2);

        const store = createEmbeddedPluginStore({ file, fsync });
        for (const [w, last] of acked.links) {
          const orderIds = Array.from({ length: Math.floor(last / 3) + 1 }, (_, o) => `w${w}-o${o}`);
          const orders = await store.getOrderStates(orderIds);
          const stored = new Set([...orders.values()].flatMap((o) => o.links.map((l) => l.merchantOrderNumber)));
          const missing = Array.from({ length: last + 1 }, (_, k) => `w${w}-${k}`).filter((m) => !stored.has(m));
          expect(missing).toEqual([]);
        }
        const inbox = await store.getOrderStates(Array.from({ length: Math.floor(acked.callbacks / 3) + 1 }, (_, o) => `cb-o${o}`));
        const recorded = new Set([...inbox.values()].flatMap((o) => o.inbox.map((e) => e.merchantOrderNumber)));
        expect(Array.from({ length: acked.callbacks + 1 }, (_, k) => `cb-${k}`).filter((m) => !recorded.has(m))).toEqual([]);
        // The slot stored before the kill is at least the last one this reader saw acknowledged (asked at that one's
        // time: a lost slot would give that time itself). It may be far ahead: the child's stdout to a pipe is
        // asynchronous, so a kill loses the lines still queued in the child, while the slots they announced are on
        // disk. More than 8 gaps ahead, the poll-slot rule takes it for a clock jump and reports it as discarded
        // (seen in CI on a busy machine, where the last slot read was 43 gaps behind the stored one).
        let discarded: number | undefined;
        const next = await store.reserve("polled", acked.lastSlot, 5_000, (slot) => (discarded = slot));
        expect(discarded ?? next - 5_000).toBeGreaterThanOrEqual(acked.lastSlot);
        await store.close();
      } finally {
        await dir.remove();
      }
    });
  }
});
