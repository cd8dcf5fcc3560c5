// The per-key lock's path for a free key: no listener, but the same answers as with a holder (abort, order, re-entry).
import { describe, expect, it } from "vitest";
import { callingHost } from "../../../plugin/store/held-locks.js";
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

  it("runs fn after the caller's own synchronous code, holds the key for later callers, and lets its host call in", async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = mutex.run("k", async () => {
      order.push("first");
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      await callingHost(() => mutex.run("k", async () => order.push("first re-entered")));
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

describe("KeyedMutex: who gets in while the key is held", () => {
  const nap = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("makes work a holder left running wait like anyone else once the holder has released", async () => {
    const mutex = new KeyedMutex();
    const probe = new OverlapProbe();
    const critical = () => probe.critical();
    let leftRunning!: Promise<void>;
    // A holder (say, a host's status callback) starts work it does not await: a save of the same order, 20 ms later.
    await mutex.run("k", async () => {
      leftRunning = nap(20).then(() => mutex.run("k", critical));
    });
    // Meanwhile the next holder has taken the key; the left-running work must queue behind it, not run beside it.
    const next = nap(5).then(() => mutex.run("k", critical));
    await Promise.all([leftRunning, next]);
    expect(probe.most).toBe(1);
  });

  it("makes work a holder left running wait for the holder while it still holds", async () => {
    const mutex = new KeyedMutex();
    const probe = new OverlapProbe();
    let leftRunning!: Promise<void>;
    await mutex.run("k", async () => {
      leftRunning = mutex.run("k", () => probe.critical());
      await probe.critical();
    });
    await leftRunning;
    expect(probe.most).toBe(1);
  });

  it("lets the host's calls in during a host call, one at a time, and goes on only once they are done", async () => {
    const mutex = new KeyedMutex();
    const probe = new OverlapProbe();
    const events: string[] = [];
    await mutex.run("k", async () => {
      await callingHost(async () => {
        // A host that fires off two saves of the order it is told about and returns at once.
        void mutex.run("k", () => probe.critical(20)).then(() => events.push("first nested done"));
        void mutex.run("k", () => probe.critical(20)).then(() => events.push("second nested done"));
      });
      events.push("holder goes on");
    });
    expect(events).toEqual(["first nested done", "second nested done", "holder goes on"]);
    expect(probe.most).toBe(1);
  });

  it("lets nested calls in at any depth, and across keys, while the host calls last", async () => {
    const mutex = new KeyedMutex();
    const seen: string[] = [];
    await mutex.run("a", () =>
      mutex.run("b", () =>
        callingHost(async () => {
          await mutex.run("a", async () => seen.push("a again inside b"));
          await mutex.run("b", () => callingHost(() => mutex.run("a", async () => seen.push("b, then a, inside b"))));
        }),
      ),
    );
    expect(seen).toEqual(["a again inside b", "b, then a, inside b"]);
  });

  it("gives up waiting behind nested work when the nested caller's signal fires", async () => {
    const mutex = new KeyedMutex();
    const controller = new AbortController();
    let outcome = "";
    await mutex.run("k", () =>
      callingHost(async () => {
        void mutex.run("k", () => nap(30));
        const waiting = mutex.run("k", async () => "ran", controller.signal, () => new Busy());
        controller.abort();
        outcome = await waiting.then(
          () => "ran",
          (error: unknown) => (error instanceof Busy ? "busy" : "other"),
        );
      }),
    );
    expect(outcome).toBe("busy");
  });
});
