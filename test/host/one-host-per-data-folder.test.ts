// One process per data folder: a second npm start (or reference host, or mock) on a folder another one uses is refused,
// naming the folder and the holder, instead of running beside it and overwriting its orders and payment states; a lock
// a killed process left is taken over.
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { systemLocks } from "../../common/data-dir-lock.js";
import { openHostOrderStore } from "../../host/host-order-store.js";
import { HostStartupError } from "../../host/host-startup-error.js";
import { startMockSvea } from "../../mock-svea/start-mock-svea.js";
import { startScript } from "../e2e/ensure-plugin-built.js";
import { startNpmStart } from "../support/npm-start-process.js";
import { runToExit } from "../support/run-to-exit.js";
import { capturingLogger, fakePayOrder, rejectionOf, useTempDirs } from "./host-test-helpers.js";

const tempDir = useTempDirs("one-host-per-folder-");
const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));

/** The pid a lock file names (its first line). */
const lockPid = async (lockFile: string) => Number((await readFile(lockFile, "utf8")).split("\n")[0]);

/** A lock as a process of this host, boot and PID namespace wrote it that has since been killed (its pid no longer runs). */
async function killedProcessLock(lockFile: string): Promise<number> {
  const { pid } = spawnSync(process.execPath, ["-e", ""]);
  const holder = { ...systemLocks().self, pid, startTime: 1, instance: "a-killed-process" };
  await writeFile(lockFile, `${pid}\n${JSON.stringify(holder)}\n`);
  return pid;
}

describe("npm start on a data folder another npm start uses", () => {
  it("is refused: exit 2, one line (and its Swedish) naming the folder and the running one's pid, no stack; the first keeps serving", async () => {
    const dir = await tempDir();
    const dataFile = join(dir, "mock.json");
    const first = await startNpmStart({ dataFile });
    try {
      const holder = await lockPid(`${dataFile}.lock`);
      const second = await runToExit(startScript, ["--port", "0", "--data", dataFile], { PATH: process.env.PATH ?? "", REFERENCE_HOST_PORT: "0" });
      expect(second.code).toBe(2);
      expect(second.stderr).toBe(
        `mock: the mock's data folder ${dir} is in use by process ${holder} (${dataFile}.lock); stop it first, or delete the file if no such process uses it\n` +
          `  sv: mockens datamapp ${dir} används av process ${holder} (${dataFile}.lock); stoppa den först, eller ta bort filen om ingen sådan process använder den\n`,
      );
      // Its own mock file, the same host folder: the mock starts, the host is refused alike.
      const otherMock = join(dir, "other-mock.json");
      const third = await runToExit(startScript, ["--port", "0", "--data", otherMock], { PATH: process.env.PATH ?? "", REFERENCE_HOST_PORT: "0" });
      expect(third.code).toBe(2);
      // (The mock that started logs its JSON lines to stderr too.)
      expect(third.stderr.split("\n").filter((line) => line !== "" && !line.startsWith("{")).join("\n") + "\n").toBe(
        `host: the host's data folder ${dir} is in use by process ${holder} (${join(dir, "host-orders.json")}.lock); stop it first, or delete the file if no such process uses it\n` +
          `  sv: värdens datamapp ${dir} används av process ${holder} (${join(dir, "host-orders.json")}.lock); stoppa den först, eller ta bort filen om ingen sådan process använder den\n`,
      );
      expect((await fetch(`${first.host}/healthz`)).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // Stopped cleanly: the locks are given back, and the next start gets in.
    const again = await startNpmStart({ dataFile });
    expect(await again.stop()).toBe(0);
  }, 60_000);

  it("starts after one that was killed (SIGKILL) left its locks, taking them over", async () => {
    const dir = await tempDir();
    const dataFile = join(dir, "mock.json");
    const killed = await startNpmStart({ dataFile });
    process.kill(await lockPid(`${dataFile}.lock`), "SIGKILL");
    expect(await killed.stop()).toBe(null);
    expect(await lockPid(join(dir, "host-orders.json.lock"))).toBeGreaterThan(0);
    const next = await startNpmStart({ dataFile });
    expect(await next.stop()).toBe(0);
  }, 60_000);
});

describe("the reference host's order file", () => {
  it("is refused to a second order book while one has it open (data-dir-in-use), so a paid state reported through the first is kept", async () => {
    const dir = await tempDir();
    const file = join(dir, "host-orders.json");
    const a = await openHostOrderStore({ file, clock });
    const refused = await rejectionOf(openHostOrderStore({ file, clock }));
    expect(refused).toBeInstanceOf(HostStartupError);
    expect(refused).toMatchObject({ code: "data-dir-in-use", messages: { en: expect.stringContaining(`the host's data folder ${dir} is in use by another reference host`), sv: expect.stringContaining(`värdens datamapp ${dir} används av en annan referensvärd`) } });
    await a.save(fakePayOrder("1"), []);
    await a.setPaymentState({ orderId: "1", state: "paid", paymentLink: "https://pay.example/1" } as never);
    await a.pluginStorage.update("orders/1", () => ({ paid: true }));
    await a.close();
    await expect(a.save(fakePayOrder("2"), []), "a closed order book writes without the lock").rejects.toThrow(/could not be written \(CLOSED\)/);

    const reopened = await openHostOrderStore({ file, clock });
    expect((await reopened.get("1"))?.payment?.state).toBe("paid");
    expect(await reopened.pluginStorage.read("orders/1")).toEqual({ paid: true });
    await reopened.close();
  });

  it("is refused while another running process holds its lock, naming that pid", async () => {
    const file = join(await tempDir(), "host-orders.json");
    const holder = { ...systemLocks().self, pid: process.ppid, startTime: null, instance: "the-other-host" };
    await writeFile(`${file}.lock`, `${process.ppid}\n${JSON.stringify(holder)}\n`);
    const refused = await rejectionOf(openHostOrderStore({ file, clock }));
    expect(refused).toMatchObject({ code: "data-dir-in-use", message: expect.stringContaining(`is in use by process ${process.ppid} (${file}.lock)`) });
  });

  it("takes over a lock a killed process left, with one warning naming its pid", async () => {
    const file = join(await tempDir(), "host-orders.json");
    const killedPid = await killedProcessLock(`${file}.lock`);
    const { logger, lines } = capturingLogger();
    const store = await openHostOrderStore({ file, clock, logger });
    expect(lines().filter((l) => l.level === 40)).toEqual([expect.objectContaining({ previousPid: killedPid, why: "its process no longer runs", msg: expect.stringMatching(/took over the host's order file lock/) })]);
    expect(await lockPid(`${file}.lock`)).toBe(process.pid);
    await store.close();
  });
});

describe("the mock's data file", () => {
  const options = (dataFile: string) => ({ port: 0, dataFile, logger: false as const, sweepSchedule: false as const });

  it("is refused to a second mock while one has it loaded, and free again once that one closed", async () => {
    const dir = await tempDir();
    const dataFile = join(dir, "mock-svea.json");
    const first = await startMockSvea(options(dataFile));
    const refused = await rejectionOf(startMockSvea(options(dataFile)));
    expect((refused as Error).message).toBe(
      `the mock's data folder ${dir} is in use by another mock server in this process (${dataFile}.lock): close it first, or give each mock a data file of its own`,
    );
    await first.close();
    const second = await startMockSvea(options(dataFile));
    await second.close();
  });

  it("takes over a lock a killed process left", async () => {
    const dataFile = join(await tempDir(), "mock-svea.json");
    await killedProcessLock(`${dataFile}.lock`);
    const mock = await startMockSvea(options(dataFile));
    expect(await lockPid(`${dataFile}.lock`)).toBe(process.pid);
    await mock.close();
  });
});
