// `npm run soak`'s arguments: a bad flag is refused by name and rule with the usage, never a stack trace, and runs nothing.
import { describe, expect, it } from "vitest";
import { soakCommand } from "../../soak/soak-command.js";
import { parseSoakOptions } from "../../soak/soak-options.js";

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await soakCommand(argv, "/nonexistent-plugin-dir", { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("npm run soak arguments", () => {
  it.each([
    [["--bogus"], /^soak: Unknown option '--bogus'/],
    [["--orders", "0"], /^soak: --orders must be a whole number of at least 1, not "0"/],
    [["--seed", "1.5"], /^soak: --seed must be a whole number of at least 1, not "1\.5"/],
    [["--concurrency", "many"], /^soak: --concurrency must be a whole number of at least 1, not "many"/],
    [["--max-seconds=-3"], /^soak: --max-seconds must be a whole number of at least 1, not "-3"/],
    [["--fault-rate", "1"], /^soak: --fault-rate must be a number from 0 to below 1, not "1"/],
    [["--fault-rate", "x"], /^soak: --fault-rate must be a number from 0 to below 1, not "x"/],
  ])("refuses %j with exit 2, naming the flag, the usage after it, and no stack", async (argv, message) => {
    // The plugin directory does not exist: a run that started anyway would throw reading its fixture.
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toContain("npm run soak -- [--orders <n>]");
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe("");
  });

  it("prints the usage for --help and runs nothing", async () => {
    const { code, out, err } = await run(["--help"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^npm run soak -- /);
    expect(err).toBe("");
  });

  it("reads the defaults the README names, and each flag over its default", () => {
    expect(parseSoakOptions([], "/p")).toEqual({ orders: 2000, seed: 20260302, faultRate: 0.05, concurrency: 1, maxMillis: 600_000, pluginDir: "/p" });
    expect(parseSoakOptions(["--orders", "100", "--seed", "7", "--fault-rate", "0", "--concurrency", "4", "--max-seconds", "60"], "/p")).toEqual({
      orders: 100,
      seed: 7,
      faultRate: 0,
      concurrency: 4,
      maxMillis: 60_000,
      pluginDir: "/p",
    });
  });
});
