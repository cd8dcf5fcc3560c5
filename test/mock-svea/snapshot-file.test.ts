// The snapshot file: written in chunks as one JSON document with a record per line, read back line by line or whole.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MockOrder, SmsMessage } from "../../mock-svea/mock-svea-schemas.js";
import { readSnapshot, SnapshotCorruptError, writeSnapshot } from "../../mock-svea/state/snapshot-file.js";
import type { StateSnapshot } from "../../mock-svea/state/state-store.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mock-snapshot-"));
  dirs.push(dir);
  return join(dir, "mock-svea.json");
}

function snapshotOf(orders: number, sms: number): StateSnapshot {
  return {
    version: 1,
    lastSeq: orders + sms,
    nextPaymentOrderId: 8_000_001 + orders,
    // The file does not look inside records; line breaks and non-ASCII text inside values must survive.
    orders: Array.from({ length: orders }, (_, i) => ({ merchantOrderNumber: `O-${i}`, note: "rad 1\nrad 2 – köp", paymentOrderId: 8_000_001 + i }) as unknown as MockOrder),
    sms: Array.from({ length: sms }, (_, i) => ({ id: i + 1, text: `Slutför ditt köp ${i}` }) as unknown as SmsMessage),
  };
}

describe("snapshot file", () => {
  it("round-trips orders and SMS, and stays one JSON document", async () => {
    for (const [orders, sms] of [[0, 0], [1, 0], [0, 1], [600, 513]] as const) {
      const file = await tempFile();
      const snapshot = snapshotOf(orders, sms);
      await writeSnapshot(file, snapshot);
      expect(await readSnapshot(file)).toEqual(snapshot);
      expect(JSON.parse(await readFile(file, "utf8"))).toEqual(snapshot);
    }
  });

  it("lets the event loop run while a large snapshot is written", async () => {
    const file = await tempFile();
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    await writeSnapshot(file, snapshotOf(3_000, 0));
    running = false;
    // 3,000 orders are written in about a dozen chunks, with the loop turning between them.
    expect(turns).toBeGreaterThan(5);
  });

  it("reads a snapshot written on one line (the earlier lowdb layout), and none when there is no file", async () => {
    const file = await tempFile();
    expect(await readSnapshot(file)).toBeNull();
    const snapshot = snapshotOf(3, 2);
    await writeFile(file, JSON.stringify(snapshot));
    expect(await readSnapshot(file)).toEqual(snapshot);
  });

  it("refuses a cut-off or broken file instead of starting with part of the orders", async () => {
    const file = await tempFile();
    await writeSnapshot(file, snapshotOf(10, 2));
    const text = await readFile(file, "utf8");
    await writeFile(file, text.slice(0, text.indexOf("O-5")));
    await expect(readSnapshot(file)).rejects.toThrow(SnapshotCorruptError);
    await writeFile(file, text.replace('"O-3"', '"O-3'));
    await expect(readSnapshot(file)).rejects.toThrow(/line 5/);
    // A file that is no JSON at all: where it breaks and what to do, never its text (customers' numbers, links).
    await writeFile(file, '{"orders": [ oops +46701234567');
    const refused = await readSnapshot(file).catch((error: Error) => error.message);
    expect(refused).toMatch(/not a JSON snapshot \(line 1, column \d+: .+\)\. Repair the file at that spot, or move the data file and its journal aside/);
    expect(refused).not.toContain("oops");
    expect(refused).not.toContain("46701234567");
    await writeFile(file, "");
    await expect(readSnapshot(file)).rejects.toThrow(SnapshotCorruptError);
  });
});
