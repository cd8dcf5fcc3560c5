// The compiled `npm run demo` as a user runs it: every --json line matches schemas/demo/step.schema.json and the story's expected states.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SchemaRegistry } from "../../common/json-schema-validator.js";
import type { PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import type { DemoStep } from "../../scripts/demo/demo-step.js";
import { runStep, STORY } from "../../scripts/demo/demo-story.js";
import type { DemoWorld } from "../../scripts/demo/demo-world.js";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";

const run = promisify(execFile);
const demoJs = fileURLToPath(new URL("../../dist/scripts/demo.js", import.meta.url));
const schemaOf = (path: string) => JSON.parse(readFileSync(new URL(`../../schemas/${path}`, import.meta.url), "utf8")) as { $id: string };
const stepSchema = schemaOf("demo/step.schema.json");
const validate = new SchemaRegistry([schemaOf("host/link-state.schema.json"), stepSchema]).validator<DemoStep>(stepSchema.$id, "strict");

async function demo(...args: string[]) {
  return demoWith({ DEMO_LOG_LEVEL: "warn" }, ...args);
}

async function demoWith(env: Record<string, string>, ...args: string[]) {
  await ensurePluginBuilt();
  if (!existsSync(demoJs)) await run("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repoRoot, timeout: 120_000 }).catch(() => undefined);
  return run(process.execPath, [demoJs, ...args], { cwd: repoRoot, timeout: 60_000, env: { ...process.env, ...env } });
}

const EXPECTED: [string, string, string, string[]][] = [
  ["create", "demo-1", "waiting", ["create"]],
  ["change", "demo-1", "waiting", ["status", "cancel", "create"]],
  ["pay", "demo-1", "paid", ["status"]],
  ["picking", "demo-1", "paid", []],
  ["create", "demo-2", "waiting", ["create"]],
  ["expire", "demo-2", "expired", ["status"]],
  ["create", "demo-3", "waiting", ["create"]],
  ["delete", "demo-3", "cancelled", ["status", "cancel"]],
];

describe("npm run demo", () => {
  it("--json prints exactly one schema-valid JSON object per step on stdout, each in its expected state", async () => {
    const { stdout, stderr } = await demo("--json");
    const lines = stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(EXPECTED.length);
    const steps = lines.map((line) => JSON.parse(line) as DemoStep);
    for (const step of steps) expect(validate(step), JSON.stringify(step)).toEqual({ ok: true, value: step });
    expect(steps.map((s) => [s.step, s.orderId, s.state, s.sveaCalls])).toEqual(EXPECTED);
    expect(steps.every((s) => s.ok && s.state === s.expected)).toBe(true);
    expect(steps.map((s) => s.icon.colour)).toEqual(["own", "own", "normal", "normal", "own", "grey", "own", "black"]);
    expect(steps[3]?.pickable).toBe(true);
    // The change re-issued the link; the payment carries Svea's reference.
    expect(steps[1]?.merchantOrderNumber).not.toBe(steps[0]?.merchantOrderNumber);
    expect(steps[2]?.sveaReference).toEqual(expect.any(Number));
    expect(stderr).toContain("all 8 steps reached their expected state");
  });

  it("prints one readable line per step without --json", async () => {
    const { stdout } = await demo();
    const lines = stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(EXPECTED.length);
    lines.forEach((line, i) => {
      const [step, orderId, state, calls] = EXPECTED[i]!;
      expect(line).toMatch(new RegExp(`^\\[${i + 1}/8\\] ${step}\\s+${orderId}\\s+${state}\\s`));
      expect(line).toContain(`Svea received: ${calls.length > 0 ? calls.join(", ") : "nothing"}`);
    });
  });

  it("refuses an unknown argument with the usage and exit code 2", async () => {
    const failed = await demo("--jsn").then(
      () => undefined,
      (error: { code?: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toBe("");
    expect(failed?.stderr).toContain("unknown argument --jsn");
  });

  it("takes an empty DEMO_LOG_LEVEL as unset (warn), as every other variable, and refuses another value showing it, exit 2", async () => {
    // docker-compose passes `DEMO_LOG_LEVEL=` for a variable an .env file leaves blank: it was refused as a level.
    const { stderr } = await demoWith({ DEMO_LOG_LEVEL: "" }, "--json");
    expect(stderr).toContain("all 8 steps reached their expected state");
    const failed = await demoWith({ DEMO_LOG_LEVEL: "loud" }).then(
      () => undefined,
      (error: { code?: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toBe("");
    expect(failed?.stderr).toBe(
      'demo: DEMO_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"\n' +
        '  sv: DEMO_LOG_LEVEL måste vara en av fatal, error, warn, info, debug, trace, silent, inte "loud"\n',
    );
  });
});

describe("a demo step that misses its expected state", () => {
  it("is marked not ok, and the entry counts it as a miss", async () => {
    const view = { orderId: "demo-2", state: "waiting", icon: { name: "svea-instore-waiting", colour: "own" }, label: "Waiting", paymentLink: null, sveaReference: null, flags: [], links: [] } as PaymentView;
    const world = {
      clock: { now: () => 0 },
      view: async () => view,
      sveaCallsSinceLastRead: async () => ["status"],
      advance: async () => undefined,
      sweepSvea: async () => undefined,
      clerk: async () => ({ status: 200, body: { data: {} } }),
    } as unknown as DemoWorld;
    const expire = STORY.find((s) => s.step === "expire")!;
    const step = await runStep(world, expire, 6);
    expect(step).toMatchObject({ state: "waiting", expected: "expired", ok: false });
    expect(validate(step).ok).toBe(true);
  });
});
