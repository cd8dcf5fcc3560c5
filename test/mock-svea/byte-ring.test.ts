// The byte ring behind the mock's request journal: what goes in comes out, newest kept, oldest dropped, never corrupted.
import { describe, expect, it } from "vitest";
import { ByteRing, type RingField } from "../../mock-svea/byte-ring.js";

/** A small deterministic generator, so a failure names a reproducible sequence. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Bytes a record takes in the ring: its encoding as documented in byte-ring.ts (tag, length, UTF-8). */
function encodedBytes(fields: readonly RingField[]): number {
  let n = 0;
  for (const f of fields) {
    if (f === null || f === undefined) n += 1;
    else if (typeof f === "number") n += 9;
    else if (typeof f === "string") n += 5 + Buffer.byteLength(f);
    else n += 5 + f.reduce((sum, s) => sum + 4 + Buffer.byteLength(s), 0);
  }
  return n;
}

describe("ByteRing", () => {
  it("gives back every kind of field as it was added", () => {
    const ring = new ByteRing(10, 4096);
    const record: RingField[] = ["", "åäö ✓ 𝄞 \u0000 \"quoted\"", 0, -1.5, 1e300, Number.MAX_SAFE_INTEGER, null, undefined, [], ["a", "", "ß"]];
    expect(ring.add(record)).toBe(true);
    expect(ring.add(["second"])).toBe(true);
    expect(ring.records()).toEqual([record, ["second"]]);
    expect(ring.size).toBe(2);
  });

  it("keeps at most maxRecords, dropping the oldest first", () => {
    const ring = new ByteRing(3, 4096);
    for (let i = 0; i < 7; i++) ring.add([i]);
    expect(ring.records()).toEqual([[4], [5], [6]]);
  });

  it("refuses a record larger than the whole ring and keeps what it had", () => {
    const ring = new ByteRing(10, 100);
    ring.add(["kept"]);
    expect(ring.add(["x".repeat(100)])).toBe(false);
    expect(ring.records()).toEqual([["kept"]]);
    // Exactly the ring's size fits, alone.
    expect(ring.add(["y".repeat(95)])).toBe(true);
    expect(ring.records()).toEqual([["y".repeat(95)]]);
  });

  it("clears", () => {
    const ring = new ByteRing(10, 1000);
    ring.add(["a"]);
    ring.clear();
    expect(ring.records()).toEqual([]);
    ring.add(["b"]);
    expect(ring.records()).toEqual([["b"]]);
  });

  it("under random sizes keeps the newest records intact, within its bytes, and uses most of them", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed);
      const maxBytes = 2000 + Math.floor(next() * 3000);
      const maxRecords = 5 + Math.floor(next() * 200);
      const ring = new ByteRing(maxRecords, maxBytes);
      const added: RingField[][] = [];
      let largest = 0;
      for (let i = 0; i < 3000; i++) {
        // Mostly small records, now and then one a fifth of the ring, with multi-byte characters in some.
        const length = next() < 0.05 ? Math.floor(maxBytes / 5) : Math.floor(next() * 120);
        const text = (next() < 0.3 ? "ö" : "o").repeat(length);
        const record: RingField[] = [i, text, next() < 0.5 ? null : ["h", String(i)]];
        const size = encodedBytes(record);
        expect(ring.add(record), `seed ${seed}, record ${i}`).toBe(size <= maxBytes);
        if (size > maxBytes) continue;
        added.push(record);
        largest = Math.max(largest, size);
        const kept = ring.records();
        // The newest records, in order, each exactly as added: a record whose bytes were overwritten would differ.
        expect(kept, `seed ${seed}, record ${i}`).toEqual(added.slice(added.length - kept.length));
        expect(kept.length).toBeLessThanOrEqual(maxRecords);
        const bytes = kept.reduce((sum, r) => sum + encodedBytes(r), 0);
        expect(bytes).toBeLessThanOrEqual(maxBytes);
        // Nothing dropped needlessly: short of maxRecords, at most the space one record can waste at the ring's end
        // and one before the oldest kept record lie unused (once as many bytes were written as the ring holds).
        const written = added.reduce((sum, r) => sum + encodedBytes(r), 0);
        if (kept.length < maxRecords && written > maxBytes) expect(bytes, `seed ${seed}, record ${i}`).toBeGreaterThanOrEqual(maxBytes - 2 * largest);
      }
    }
  });
});
