// The per-key lock's path for a free key: no listener, but the same answers as with a holder (abort, order, re-entry).
import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../../plugin/store/keyed-mutex.js";
import { OverlapProbe } from "./overlap-probe.js";

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

describe("KeyedMutex re-entry ends with the hold", () => {
  it("makes work a holder left running wait like anyone else once the holder has released", async () => {
    const mutex = new KeyedMutex();
    const probe = new OverlapProbe();
    const critical = () => probe.critical();
    let leftRunning!: Promise<void>;
    // A holder (say, a host's status callback) starts work it does not await: a save of the same order, 20 ms later.
    await mutex.run("k", async () => {
      leftRunning = new Promise((resolve) => setTimeout(resolve, 20)).then(() => mutex.run("k", critical));
    });
    // Meanwhile the next holder has taken the key; the left-running work must queue behind it, not run beside it.
    const next = new Promise((resolve) => setTimeout(resolve, 5)).then(() => mutex.run("k", critical));
    await Promise.all([leftRunning, next]);
    expect(probe.most).toBe(1);
  });

  it("still re-enters at any depth, and across keys, while the holds last", async () => {
    const mutex = new KeyedMutex();
    const seen: string[] = [];
    await mutex.run("a", () =>
      mutex.run("b", async () => {
        await mutex.run("a", async () => seen.push("a again inside b"));
        await mutex.run("b", () => mutex.run("a", async () => seen.push("b, then a, inside b")));
      }),
    );
    expect(seen).toEqual(["a again inside b", "b, then a, inside b"]);
  });
});
