// The mock's command line refuses settings it cannot honour in one line naming the setting and the rule, and names the
// data file (and its setting) when that, not the port, is what keeps the mock from starting.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listenErrorMessage, main, OPTIONS_USAGE, parseCliOptions, startErrorMessage } from "../../mock-svea/cli.js";
import { REFERENCE_HOST_USAGE, referenceHostEnv } from "../../scripts/reference-host-env.js";
import { startMockSvea, type StartMockSveaOptions } from "../../mock-svea/start-mock-svea.js";
import { basic, DEMO, orderRequest, startTestMock } from "./mock-svea-test-server.js";
import { repoRoot, startScript } from "../e2e/ensure-plugin-built.js";
import { runToExit } from "../support/run-to-exit.js";
import { startNpmStart } from "../support/npm-start-process.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mock-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Why startMockSvea failed with these options, as the CLI prints it. */
async function startFailure(dataFile: string): Promise<string> {
  const options = { port: 0, dataFile, logger: false as const, sweepSchedule: false as const };
  const error = await startMockSvea(options).then(
    async (server) => {
      await server.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return startErrorMessage(error, options, "--port or MOCK_SVEA_PORT");
}

describe("mock CLI settings", () => {
  it.each([
    [{ MOCK_SVEA_CLOCK: "manul" }, /^MOCK_SVEA_CLOCK must be "manual" or "system", not "manul"$/],
    [{ MOCK_SVEA_PUBLIC_URL: "not a url" }, /^MOCK_SVEA_PUBLIC_URL must be an absolute http:\/\/ or https:\/\/ URL \(payment links start with it\), not "not a url"$/],
    [{ MOCK_SVEA_PUBLIC_URL: "ftp://mock.example" }, /^MOCK_SVEA_PUBLIC_URL must be an absolute http/],
  ])("refuses %o naming the setting and the rule", (env, message) => {
    expect(() => parseCliOptions([], env)).toThrow(message);
  });

  it("names --public-url when the flag is wrong, and takes good values", () => {
    expect(() => parseCliOptions(["--public-url", "mock.example"], {})).toThrow(/^--public-url must be an absolute/);
    expect(parseCliOptions([], { MOCK_SVEA_CLOCK: "system", MOCK_SVEA_PUBLIC_URL: "https://mock.example/" })).toMatchObject({ publicUrl: "https://mock.example/" });
    expect(parseCliOptions([], { MOCK_SVEA_CLOCK: "manual" })).toHaveProperty("clock");
  });

  it.each([
    ["https://proxyuser:Pr0xySecret@mock.example/", /^MOCK_SVEA_PUBLIC_URL must not hold user:password@ /],
    ["https://proxyuser@mock.example", /^MOCK_SVEA_PUBLIC_URL must not hold user:password@ /],
    ["https://mock.example/?via=lb", /^MOCK_SVEA_PUBLIC_URL must not hold a query \(\?\) or a fragment \(#\)/],
    ["https://mock.example/base#x", /^MOCK_SVEA_PUBLIC_URL must not hold a query \(\?\) or a fragment \(#\)/],
    ["https://mock.example/?", /^MOCK_SVEA_PUBLIC_URL must not hold a query/],
  ])("refuses the public URL %s: payment links append /checkout/<token> to it, and it is printed", (url, message) => {
    expect(() => parseCliOptions([], { MOCK_SVEA_PUBLIC_URL: url })).toThrow(message);
  });

  it("exits 2 on a public URL with credentials, a query and a fragment, in one line naming the setting and the rule, never the password", async () => {
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await main(["--memory", "--port", "0", "--public-url", "https://proxyuser:Pr0xySecret@mock.example/?via=lb#x"], {})).toBeUndefined();
      expect(process.exitCode).toBe(2);
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
      process.exitCode = undefined;
    }
    const text = written.join("");
    expect(text.split("\n")[0]).toMatch(/^--public-url must not hold user:password@ \(/);
    expect(text).not.toContain("Pr0xySecret");
    // startMockSvea refuses it alike.
    await expect(startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false, publicUrl: "https://u:Pr0xySecret@mock.example" })).rejects.toThrow(/^publicUrl must not hold user:password@/);
  });

  it("takes the duplicate-create status from --duplicate-create-status or MOCK_SVEA_DUPLICATE_CREATE_STATUS, and the mock answers a repeat with it", async () => {
    expect(() => parseCliOptions(["--duplicate-create-status", "418"], {})).toThrow(/^--duplicate-create-status must be one of 409, 400, 422, not "418"$/);
    expect(() => parseCliOptions([], { MOCK_SVEA_DUPLICATE_CREATE_STATUS: "409 " })).toThrow(/^MOCK_SVEA_DUPLICATE_CREATE_STATUS must be one of/);
    expect(parseCliOptions([], {})).not.toHaveProperty("duplicateCreateStatus");
    // The flag wins over the variable, as every other flag does.
    const options = parseCliOptions(["--duplicate-create-status", "422", "--memory", "--port", "0"], { MOCK_SVEA_DUPLICATE_CREATE_STATUS: "400" });
    expect(options).toMatchObject({ duplicateCreateStatus: 422 });
    const mock = await startTestMock({ ...(options as StartMockSveaOptions), logger: false, sweepSchedule: false });
    try {
      const body = JSON.stringify(orderRequest());
      const create = () =>
        fetch(`${mock.url}/api/v1/orders`, { method: "POST", headers: { authorization: basic(DEMO), "content-type": "application/json" }, body });
      expect((await create()).status).toBe(200);
      expect((await create()).status).toBe(422);
    } finally {
      await mock.close();
    }
  });

  it("--data naming a directory is named with its path and setting, in English and Swedish", async () => {
    const message = await startFailure(dir);
    expect(message).toBe(
      `--data or MOCK_SVEA_DATA must name a file, but ${dir} is a directory; name a file in it, e.g. ${join(dir, "mock-svea.json")}\n` +
        `  sv: --data eller MOCK_SVEA_DATA måste ange en fil, men ${dir} är en katalog; ange en fil i den, t.ex. ${join(dir, "mock-svea.json")}`,
    );
  });

  it("EACCES on the data file is about the file, not the port", async () => {
    const file = join(dir, "mock-svea.json");
    await writeFile(file, "{}");
    const fileError = Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: "EACCES", syscall: "open", path: file });
    expect(startErrorMessage(fileError, { port: 4010, dataFile: file }, "--port")).toBe(
      `the data file ${file} (--data or MOCK_SVEA_DATA) may not be used by this user (EACCES); give that user access or choose another file\n` +
        `  sv: datafilen ${file} (--data eller MOCK_SVEA_DATA) får inte användas av den här användaren (EACCES); ge användaren åtkomst eller välj en annan fil`,
    );
    expect(listenErrorMessage(fileError, 4010, "--port")).not.toMatch(/port/);
    const listenError = Object.assign(new Error("listen EACCES: permission denied 127.0.0.1:80"), { code: "EACCES", syscall: "listen" });
    expect(startErrorMessage(listenError, { port: 80, dataFile: file }, "--port")).toMatch(/^port 80 on 127\.0\.0\.1 may not be used by this user.*\n  sv: porten 80 på 127\.0\.0\.1 får inte användas/);
    const inUse = Object.assign(new Error("listen EADDRINUSE: address already in use 127.0.0.1:4010"), { code: "EADDRINUSE", syscall: "listen" });
    expect(startErrorMessage(inUse, { port: 4010, dataFile: file }, "MOCK_SVEA_PORT or --port")).toBe(
      "port 4010 on 127.0.0.1 is already in use; choose another with MOCK_SVEA_PORT or --port (0 = any free port)\n" +
        "  sv: porten 4010 på 127.0.0.1 används redan; välj en annan med MOCK_SVEA_PORT eller --port (0 = valfri ledig port)",
    );
    // Not a problem it knows: the error's own message, as it was.
    expect(startErrorMessage(new Error("boom"), { port: 4010, dataFile: file }, "--port")).toBe("boom");
  });

  it("a data file under a path whose parent is a file names the setting", async () => {
    await writeFile(join(dir, "plain"), "");
    expect(await startFailure(join(dir, "plain", "mock-svea.json"))).toMatch(
      /^--data or MOCK_SVEA_DATA names .*plain\/mock-svea\.json, but a part of that path is a file, not a directory\n  sv: --data eller MOCK_SVEA_DATA anger .*plain\/mock-svea\.json, men en del av sökvägen är en fil, inte en katalog$/,
    );
  });
});

describe("the admin token", () => {
  const randomness = "must look random: at least 64 bits estimated from how often each character occurs";
  it.each([
    [[], { MOCK_SVEA_ADMIN_TOKEN: "hunter2" }, "MOCK_SVEA_ADMIN_TOKEN must be at least 32 characters long"],
    [["--admin-token", "Tok3n-just-under-32-characters"], {}, "--admin-token must be at least 32 characters long"],
    [["--admin-token", "t".repeat(40)], {}, `--admin-token ${randomness}`],
    [[], { MOCK_SVEA_ADMIN_TOKEN: "ab".repeat(20) }, `MOCK_SVEA_ADMIN_TOKEN ${randomness}`],
  ])("is refused when short or plainly not random (%o %o), naming the setting and the rule, never the token", (argv, env, message) => {
    const token = argv[1] ?? Object.values(env)[0]!;
    const error = (() => {
      try {
        parseCliOptions(argv, env);
      } catch (e) {
        return e as Error;
      }
      throw new Error("accepted");
    })();
    expect(error.message).toContain(message);
    expect(error.message).not.toContain(token.slice(0, 7));
  });

  it("is taken when long and random; an empty one is no token (loopback only)", () => {
    const token = "2f7Kq9xWm4TzL8vRb1NcY6sHd3JpE0aG";
    expect(parseCliOptions([], { MOCK_SVEA_ADMIN_TOKEN: token })).toMatchObject({ adminToken: token });
    // Empty is unset, as for every variable: no token.
    expect(parseCliOptions([], { MOCK_SVEA_ADMIN_TOKEN: "" })).toMatchObject({ adminToken: undefined });
  });

  it("the mock's command exits 2 with one line naming MOCK_SVEA_ADMIN_TOKEN, and the token nowhere", async () => {
    const run = await runToExit(join(repoRoot, "dist/mock-svea/cli.js"), ["--memory", "--port", "0"], { PATH: process.env.PATH ?? "", MOCK_SVEA_ADMIN_TOKEN: "letmein-admin" });
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe("MOCK_SVEA_ADMIN_TOKEN must be at least 32 characters long; generate one, e.g. `openssl rand -base64 32`");
    expect(run.stderr).not.toContain("letmein");
  });

  it("startMockSvea refuses a short adminToken too, naming it", async () => {
    const started = startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false, adminToken: "letmein-admin" });
    const error = await started.then(async (server) => void (await server.close()), (e: unknown) => e);
    expect((error as Error | undefined)?.message).toMatch(/^adminToken must be at least 32 characters long; generate one/);
  });
});

describe("an empty variable (VAR=, as docker-compose passes one on) counts as unset", () => {
  const named = (usage: string, prefix: string) => [...new Set(usage.match(new RegExp(`${prefix}[A-Z_]+`, "g")))];
  const emptied = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, ""]));
  const mockVariables = named(OPTIONS_USAGE, "MOCK_SVEA_");
  const hostVariables = named(REFERENCE_HOST_USAGE, "REFERENCE_HOST_");

  it("every MOCK_SVEA_* variable the usage names gives the mock, empty, what leaving it out does", () => {
    expect(mockVariables).toEqual(expect.arrayContaining(["MOCK_SVEA_PORT", "MOCK_SVEA_DATA", "MOCK_SVEA_MERCHANTS", "MOCK_SVEA_PUBLIC_URL", "MOCK_SVEA_ADMIN_TOKEN"]));
    expect(parseCliOptions([], emptied(mockVariables))).toEqual(parseCliOptions([], {}));
    for (const name of mockVariables) expect([name, parseCliOptions([], { [name]: "" })]).toEqual([name, parseCliOptions([], {})]);
  });

  it("every REFERENCE_HOST_* variable npm start's usage names gives the host, empty, its default", () => {
    expect(hostVariables.sort()).toEqual(["REFERENCE_HOST_ALLOWED_HOSTS", "REFERENCE_HOST_PORT", "REFERENCE_HOST_TIME_ZONE"]);
    expect(referenceHostEnv(emptied(hostVariables))).toEqual({ ok: true, settings: { port: 4020, allowedHosts: [], timeZone: "Europe/Stockholm" } });
  });

  it("npm start starts with each of them empty (but the ports it is given), the bundled demo merchant's credentials shown", async () => {
    const run = await startNpmStart({ env: { ...emptied([...mockVariables, ...hostVariables]), REFERENCE_HOST_PORT: "0" } });
    try {
      expect(run.labels).toEqual(["mock", "merchant", "payment admin", "inbox", "admin", "host"]);
      expect(run.line("merchant")).toBe(`${DEMO.id} / ${DEMO.password}`);
    } finally {
      expect(await run.stop()).toBe(0);
    }
  });
});

describe("npm start and SVEA_INSTORE_STORE_FSYNC", () => {
  it("refuses a wrong value in one line before starting anything", async () => {
    const run = await runToExit(startScript, ["--memory"], { PATH: process.env.PATH ?? "", SVEA_INSTORE_STORE_FSYNC: "bogus", MOCK_SVEA_PORT: "0", REFERENCE_HOST_PORT: "0" });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('SVEA_INSTORE_STORE_FSYNC must be one of never, batched, always (got "bogus")\n');
  });
});

describe("npm start's usage", () => {
  it("names the command the README runs, npm start, not the mock's bin, and still lists the mock's flags", async () => {
    const run = await runToExit(startScript, ["--bogus"], { PATH: process.env.PATH ?? "", MOCK_SVEA_PORT: "0", REFERENCE_HOST_PORT: "0" });
    expect(run.code).toBe(2);
    const lines = run.stderr.split("\n");
    expect(lines[0]).toBe("Unknown option '--bogus'");
    expect(lines[2]).toMatch(/^npm start -- \[options\]/);
    expect(run.stderr).not.toContain("svea-instore-mock");
    expect(run.stderr).toContain("--manual-clock");
    expect(run.stderr).toContain("REFERENCE_HOST_PORT");
  });
});
