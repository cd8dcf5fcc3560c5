// The `npm start` entry: the mock Svea server, and the reference host with the plugin configured against the mock.
import { dirname } from "node:path";
import { DEFAULT_HOST_PORT, startDemoHost } from "../host/demo-host.js";
import { HostStartupError } from "../host/host-startup-error.js";
import { startupMessage } from "../host/host-startup-messages.js";
import { parseAllowedHosts } from "../host/request-origin-guards.js";
import { OffsetClock } from "../common/offset-clock.js";
import { inBothLanguages, withSwedishUnder, type BilingualText } from "../common/bilingual-text.js";
import { listenProblemText, parsePort, portProblem } from "../common/port-setting.js";
import { isTimeZone, timeZoneProblem } from "../common/time-zone.js";
import { DEFAULT_CLERK_TIME_ZONE } from "../host/ui/format-instant.js";
import { bannerLines, OPTIONS_USAGE, parseCliOptions, startErrorMessage } from "../mock-svea/cli.js";
import { FSYNC_ENV_VARIABLE, fsyncPolicyFromEnv } from "../plugin/store/create-plugin-store.js";
import { DEFAULT_DATA_FILE, DEFAULT_PORT, startMockSvea } from "../mock-svea/index.js";
import { keepRunningWhenOutputCloses } from "../common/closed-output.js";

const USAGE = `npm start -- [options]   the mock Svea server with these flags, and the reference host beside it
${OPTIONS_USAGE}`;

const HOST_USAGE = `reference host (started alongside):
  env REFERENCE_HOST_PORT  port on 127.0.0.1 (default ${DEFAULT_HOST_PORT}; 0 = any free port)
  env REFERENCE_HOST_ALLOWED_HOSTS  names the pages and clerk API answer to besides 127.0.0.1, localhost and [::1],
                           comma-separated: name (any port) or name:port (e.g. a proxy's name)
  env REFERENCE_HOST_TIME_ZONE  the shop's IANA time zone, in which the clerk pages show times (default ${DEFAULT_CLERK_TIME_ZONE})
  orders, the plugin's data and the callback key live beside the mock's data file (default ./data), or in memory with --memory`;

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
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n${HOST_USAGE}\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n${HOST_USAGE}\n`);
    return;
  }
  const portText = process.env.REFERENCE_HOST_PORT ?? String(DEFAULT_HOST_PORT);
  const hostPort = parsePort(portText);
  if (hostPort === undefined) {
    refuse(inBothLanguages((locale) => portProblem("REFERENCE_HOST_PORT", portText, locale)));
  }

  const allowed = parseAllowedHosts(process.env.REFERENCE_HOST_ALLOWED_HOSTS ?? "");
  if (!allowed.ok) {
    refuse(startupMessage("allowed-hosts", { setting: "REFERENCE_HOST_ALLOWED_HOSTS", value: allowed.entry.slice(0, 100) }));
  }

  const timeZone = process.env.REFERENCE_HOST_TIME_ZONE ?? DEFAULT_CLERK_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    refuse(inBothLanguages((locale) => timeZoneProblem("REFERENCE_HOST_TIME_ZONE", timeZone, locale)));
  }

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
    process.exit(1);
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
      allowedHosts: allowed.hosts,
      timeZone,
    });
  } catch (error) {
    await mock.close();
    // A startup error is meant for the operator as it stands; anything else is a bug and keeps its stack in the log.
    const listen = listenProblemText(error, hostPort, "REFERENCE_HOST_PORT");
    const message =
      error instanceof HostStartupError ? error.message : listen !== undefined ? withSwedishUnder(listen) : String((error as Error).stack ?? error);
    process.stderr.write(`host: ${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`host: ${host.url}\n`);

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
}

keepRunningWhenOutputCloses();
main().catch((error: unknown) => {
  process.stderr.write(`start: ${(error as Error).message}\n`);
  process.exit(1);
});
