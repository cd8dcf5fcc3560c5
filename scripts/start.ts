// The `npm start` entry: the mock Svea server, and the reference host with the plugin configured against the mock.
import { dirname } from "node:path";
import { startDemoHost } from "../host/demo-host.js";
import { HostStartupError } from "../host/host-startup-error.js";
import { OffsetClock } from "../common/offset-clock.js";
import { withSwedishUnder, type BilingualText } from "../common/bilingual-text.js";
import { listenProblemText } from "../common/port-setting.js";
import { bannerLines, OPTIONS_USAGE, parseCliOptions, startErrorExitCode, startErrorMessage } from "../mock-svea/cli.js";
import { FSYNC_ENV_VARIABLE, fsyncPolicyFromEnv } from "../plugin/store/create-plugin-store.js";
import { DEFAULT_DATA_FILE, DEFAULT_PORT, startMockSvea } from "../mock-svea/index.js";
import { keepRunningWhenOutputCloses } from "../common/closed-output.js";
import { REFERENCE_HOST_USAGE, referenceHostEnv } from "./reference-host-env.js";

const USAGE = `npm start -- [options]   the mock Svea server with these flags, and the reference host beside it
${OPTIONS_USAGE}`;

/** A setting of the host's it cannot use: one English line and its Swedish under it, exit code 2, nothing started. */
function refuse(text: BilingualText): never {
  process.stderr.write(`${withSwedishUnder(text)}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n${REFERENCE_HOST_USAGE}\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n${REFERENCE_HOST_USAGE}\n`);
    return;
  }
  const hostEnv = referenceHostEnv(process.env);
  if (!hostEnv.ok) refuse(hostEnv.problem);
  const { port: hostPort, allowedHosts, timeZone } = hostEnv.settings;

  // The plugin's own store setting: npm start lends the plugin the host's storage, so it does not apply; a wrong value
  // is still refused (it would be wrong wherever it is copied to), a right one is said not to apply.
  try {
    if (fsyncPolicyFromEnv(process.env) !== undefined) {
      process.stderr.write(`start: ${FSYNC_ENV_VARIABLE} does not apply here: npm start lends the plugin the host's storage (host-orders.json), not the plugin's own journal store\n`);
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }

  // Sandbox: the mock and the host each run on real time plus an offset, which the UI's sandbox control moves for both.
  // --manual-clock instead gives both one ManualClock, which only the mock's admin API (or that control) moves.
  const mockClock = options.clock ?? new OffsetClock();
  const hostClock = options.clock ?? new OffsetClock();
  let mock;
  try {
    mock = await startMockSvea({ ...options, clock: mockClock });
  } catch (error) {
    process.stderr.write(`mock: ${startErrorMessage(error, options, "MOCK_SVEA_PORT or --port")}\n`);
    process.exit(startErrorExitCode(error));
  }
  process.stdout.write(`${bannerLines(mock).join("\n")}\n`);
  let host;
  try {
    host = await startDemoHost({
      sveaUrl: mock.url,
      merchant: mock.merchant,
      dataDir: options.dataFile === null ? null : dirname(options.dataFile ?? DEFAULT_DATA_FILE),
      port: hostPort,
      clock: hostClock,
      mockAdminUrl: mock.adminUrl,
      allowedHosts,
      timeZone,
    });
  } catch (error) {
    await mock.close();
    // A startup error is meant for the operator as it stands; anything else is a bug and keeps its stack in the log.
    const listen = listenProblemText(error, hostPort, "REFERENCE_HOST_PORT");
    const message =
      error instanceof HostStartupError ? error.message : listen !== undefined ? withSwedishUnder(listen) : String((error as Error).stack ?? error);
    process.stderr.write(`host: ${message}\n`);
    // A data folder another host uses is refused as the mock's is (exit 2); the rest as before.
    process.exit(error instanceof HostStartupError && error.code === "data-dir-in-use" ? 2 : 1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // The host first: it stops its schedules and the plugin before the Svea it talks to goes away.
    host
      .close()
      .then(() => mock.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`start: shutdown after ${signal} failed: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  // Said once the signals are heard: a supervisor (or a test) that stops it as soon as it reads this line gets the
  // clean shutdown, never the default death of a signal nobody listens for yet.
  process.stdout.write(`host: ${host.url}\n`);
}

keepRunningWhenOutputCloses();
main().catch((error: unknown) => {
  process.stderr.write(`start: ${(error as Error).message}\n`);
  process.exit(1);
});
