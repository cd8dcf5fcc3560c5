// The per-key lock's path for a free key: no listener, but the same answers as with a holder (abort, order, re-entry).
import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../../plugin/store/keyed-mutex.js";

class Busy extends Error {}

describe("KeyedMutex on a free key", () => {
  it("refuses an already aborted signal with onAbort's error and leaves the key free", async () => {
    const mutex = new KeyedMutex();
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    await expect(mutex.run("k", async () => (ran = true), controller.signal, () => new Busy())).rejects.toBeInstanceOf(Busy);
    expect(ran).toBe(false);
    await expect(mutex.run("k", async () => "next")).resolves.toBe("next");
  });

  it("runs fn after the caller's own synchronous code, holds the key for later callers, and re-enters in its own flow", async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = mutex.run("k", async () => {
      order.push("first");
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      await mutex.run("k", async () => order.push("first re-entered"));
      order.push("first done");
    });
    order.push("caller");
    const second = mutex.run("k", async () => order.push("second"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["caller", "first"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["caller", "first", "first re-entered", "first done", "second"]);
  });
});
