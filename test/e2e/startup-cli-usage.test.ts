// Start-up commands given settings they cannot honour say so as bad usage (exit 2), naming what to give instead,
// rather than taking them without a word or failing later with a misleading message.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCliOptions } from "../../mock-svea/cli.js";
import { repoRoot } from "./ensure-plugin-built.js";
import { runToExit } from "../support/run-to-exit.js";

describe("npm run expire-links with REFERENCE_HOST_PORT=0", () => {
  it("says the host's port cannot be told from 0 (use --host), as bad usage, not 'could not reach the host at :0; is npm start running?'", async () => {
    // README: REFERENCE_HOST_PORT 0 = any free port for `npm start`; expire-links then cannot know the host's port.
    const { code, stderr } = await runToExit(join(repoRoot, "dist/scripts/expire-links.js"), [], { ...process.env, REFERENCE_HOST_PORT: "0" });
    expect(stderr).not.toMatch(/is npm start running\?/);
    expect(stderr).toMatch(/--host/);
    expect(code).toBe(2);
  });

  it("still asks the host at REFERENCE_HOST_PORT when it is a port, and takes --host beside a 0", async () => {
    // Nothing listens on port 1: the host cannot be reached (exit 3), which shows the port was taken as given.
    const atPort = await runToExit(join(repoRoot, "dist/scripts/expire-links.js"), [], { ...process.env, REFERENCE_HOST_PORT: "1" });
    expect(atPort.stderr).toMatch(/could not reach the host at http:\/\/127\.0\.0\.1:1 /);
    expect(atPort.code).toBe(3);
    const withHost = await runToExit(join(repoRoot, "dist/scripts/expire-links.js"), ["--host", "http://127.0.0.1:1"], { ...process.env, REFERENCE_HOST_PORT: "0" });
    expect(withHost.code).toBe(3);
  });
});

describe("the mock's --memory beside --data", () => {
  it("refuses the pair (or says which wins) instead of silently dropping --data", () => {
    // `npm start -- --data /srv/shop/mock.json --memory`: the operator asked for a file; everything is lost at stop,
    // and npm start's host also keeps its orders (and its callback key) in memory only.
    let outcome: unknown;
    try {
      outcome = parseCliOptions(["--data", "/srv/shop/mock.json", "--memory"], {});
    } catch (error) {
      outcome = error;
    }
    expect(outcome).toBeInstanceOf(Error);
    expect(String((outcome as Error).message)).toMatch(/--memory/);
    expect(String((outcome as Error).message)).toMatch(/--data/);
  });

  it("stops the mock's command with exit 2 naming both; --memory over MOCK_SVEA_DATA still wins, as a flag over its variable", async () => {
    const { code, stderr } = await runToExit(join(repoRoot, "dist/mock-svea/cli.js"), ["--data", "/srv/shop/mock.json", "--memory", "--port", "0"], { PATH: process.env.PATH ?? "" });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--memory and --data/);
    const options = parseCliOptions(["--memory"], { MOCK_SVEA_DATA: "/srv/shop/mock.json" });
    expect(options !== "help" && options.dataFile).toBeNull();
  });
});
