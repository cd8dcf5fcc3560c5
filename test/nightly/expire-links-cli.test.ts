// `npm run expire-links` (the compiled CLI) against a running reference host: it runs the command once and reports the summary.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "../e2e/ensure-plugin-built.js";
import { orderFor, startStory, type Story } from "../e2e/story-harness.js";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("../../dist/scripts/expire-links.js", import.meta.url));

async function expireLinksCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return expireLinksCliWith(process.env, ...args);
}

async function expireLinksCliWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(cli)) await run("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repoRoot, timeout: 120_000 }).catch(() => undefined);
  return run(process.execPath, [cli, ...args], { cwd: repoRoot, timeout: 30_000, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe("npm run expire-links", () => {
  let story: Story | undefined;
  afterEach(async () => story?.close());

  it("runs the command on the host once: the expired link turns grey, the summary is printed, exit 0", async () => {
    story = await startStory({ settings: { linkLifetimeMinutes: 60 } });
    await story.save(orderFor("cli-1"));
    await story.advance(61 * 60_000);
    // Svea has ended it too (the mock's expiry sweep), as overnight: the sweep's one status read says Canceled.
    expect((await story.admin("POST", "/sweep")).status).toBe(200);
    const { code, stdout } = await expireLinksCli("--host", story.host.url, "--locale", "en");
    expect(code).toBe(0);
    const [message, summary] = stdout.trim().split("\n");
    expect(message).toBe("Payment links checked: 1; expired: 1; found paid: 0; could not be checked: 0 (retried on the next run).");
    expect(JSON.parse(summary!)).toEqual({ checked: 1, expired: 1, paid: 0, errors: 0 });
    expect((await story.view("cli-1"))?.state).toBe("expired");
  });

  it("exits 3 with a hint when no host answers, and 2 on a bad argument", async () => {
    const unreachable = await expireLinksCli("--host", "http://127.0.0.1:9");
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain("is npm start running?");
    const bad = await expireLinksCli("--hots", "x");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown or incomplete argument --hots");
  });

  it("refuses a REFERENCE_HOST_PORT that is not a port as bad usage (exit 2, naming the variable), as npm start does", async () => {
    const bad = await expireLinksCliWith({ PATH: process.env.PATH ?? "", REFERENCE_HOST_PORT: "abc" }, "--locale", "en");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('REFERENCE_HOST_PORT must be an integer from 0 to 65535, not "abc"');
    // Given --host, the variable is not used, so not judged either.
    const hosted = await expireLinksCliWith({ PATH: process.env.PATH ?? "", REFERENCE_HOST_PORT: "abc" }, "--host", "http://127.0.0.1:1", "--locale", "en");
    expect(hosted.code).toBe(3);
  });

  it("asks the host at REFERENCE_HOST_PORT, and at the default port when the variable is empty (as unset)", async () => {
    story = await startStory({});
    const port = new URL(story.host.url).port;
    const reached = await expireLinksCliWith({ PATH: process.env.PATH ?? "", REFERENCE_HOST_PORT: port }, "--locale", "en");
    expect(reached.code).toBe(0);
    const empty = await expireLinksCliWith({ PATH: process.env.PATH ?? "", REFERENCE_HOST_PORT: "" }, "--locale", "en");
    // Nothing may answer at 4020 here (exit 3, the address named), or a host started there may: never an empty port.
    expect(empty.stderr).not.toContain("http://127.0.0.1: ");
    if (empty.code === 3) expect(empty.stderr).toContain("could not reach the host at http://127.0.0.1:4020 ");
  });
});
