// One reference-host node of a multi-machine install: orders and the plugin's data in a shared PostgreSQL, Svea at a given URL.
//
// Environment:
//   DATABASE_URL            postgres://user:password@host:port/database (required; never printed; one that is not such
//                           a URL exits 2, a database that cannot be opened exits 1, each with one line naming it)
//   SVEA_URL                the Svea Instore API base URL (the mock's URL)      SVEA_MERCHANT_ID, SVEA_MERCHANT_PASSWORD
//   SVEA_CALLBACK_KEY       the callback HMAC key, the same on every node (32+ characters that look random)
//   PUBLIC_BASE_URL         where Svea's callbacks reach the plugin's routes (the load balancer + route prefix);
//                           default this node's own address
//   HOST_PORT               port on 127.0.0.1 (default 0: any free port)
//   PLUGIN_PG_SCHEMA        the plugin's schema (default svea_instore)     HOST_PG_SCHEMA  the orders' schema (default reference_host)
//   HOST_SCHEDULES          cron (default) or manual                     LOG_LEVEL       pino level (default info)
//   HOST_ALLOWED_HOSTS      names the pages and clerk API answer to besides 127.0.0.1, localhost and [::1] (name or
//                           name:port, comma-separated; e.g. the load balancer's name)
//   HOST_TIME_ZONE          the shop's IANA time zone, in which the clerk pages show times (default Europe/Stockholm)
//   SVEA_ALLOW_PLAIN_HTTP_HOSTS  development only: hosts SVEA_URL and PUBLIC_BASE_URL may reach over plain http besides
//                           this machine (comma-separated, e.g. a docker-compose service name; the plugin's allowPlainHttpTo)
// A HOST_PORT, HOST_SCHEDULES, LOG_LEVEL, HOST_TIME_ZONE, HOST_PG_SCHEMA or PLUGIN_PG_SCHEMA it cannot use exits 2
// before the database is opened, a HOST_PORT in use exits 1, each with one line naming the variable, in English, and
// under it the same in Swedish.
// Prints one line {"node":"ready","url":…,"pluginBaseUrl":…} once it serves. Started with an IPC channel (fork), it runs
// schedules on request: {id, schedule, firingAt} → {id, outcome}, as its cron would for that firing.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { systemClock } from "../common/clock.js";
import { inBothLanguages, withSwedishUnder, type BilingualText } from "../common/bilingual-text.js";
import { listenProblemText, parsePort, portProblem } from "../common/port-setting.js";
import { isTimeZone, timeZoneProblem } from "../common/time-zone.js";
import { DEFAULT_CLERK_TIME_ZONE } from "../host/ui/format-instant.js";
import { isLogLevel, LOG_LEVELS } from "../host/host-logger.js";
import { HostStartupError } from "../host/host-startup-error.js";
import { startupMessage } from "../host/host-startup-messages.js";
import { openPostgresHostOrderStore } from "../host/postgres-host-order-store.js";
import { parseAllowedHosts } from "../host/request-origin-guards.js";
import { startReferenceHost } from "../host/reference-host.js";
import { redactConnectionText } from "../plugin/store/postgres-connection-secret.js";
import { keepRunningWhenOutputCloses } from "../common/closed-output.js";
import { envSetting } from "../common/env-setting.js";
import { isPgSchemaName } from "../common/pg-schema-name.js";

interface ScheduleRequest {
  id: number;
  schedule: string;
  firingAt: number;
}

// Compiled to dist/scripts/: the package root holds plugin.manifest.json two levels up.
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function required(name: string): string {
  return envSetting(process.env, name) ?? fail(startupMessage("variable-required", { setting: name }), 2);
}

/**
 * Stops with one English line for the operator and its Swedish under it: no stack trace, and never the connection
 * string or its password.
 */
function fail(text: string | BilingualText, exitCode: number): never {
  const message = typeof text === "string" ? text : withSwedishUnder(text);
  process.stderr.write(`start-host-node: ${redactConnectionText(message, process.env.DATABASE_URL ?? "")}\n`);
  process.exit(exitCode);
}

/** The value is never echoed: it holds the database password. */
function checkedDatabaseUrl(value: string): string {
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    return fail(startupMessage("database-url-not-url"), 2);
  }
  if (protocol !== "postgres:" && protocol !== "postgresql:") fail(startupMessage("database-url-scheme"), 2);
  return value;
}

/** An optional schema variable's value (unset or empty: the default), or a stop naming the variable and the rule. */
function pgSchemaSetting(env: NodeJS.ProcessEnv, name: "HOST_PG_SCHEMA" | "PLUGIN_PG_SCHEMA"): string | undefined {
  const value = envSetting(env, name);
  if (value !== undefined && !isPgSchemaName(value)) fail(startupMessage("pg-schema", { setting: name, value: value.slice(0, 100) }), 2);
  return value;
}

async function main(): Promise<void> {
  const databaseUrl = checkedDatabaseUrl(required("DATABASE_URL"));
  const env = process.env;
  const allowed = parseAllowedHosts(envSetting(env, "HOST_ALLOWED_HOSTS") ?? "");
  if (!allowed.ok) fail(startupMessage("allowed-hosts", { setting: "HOST_ALLOWED_HOSTS", value: allowed.entry.slice(0, 100) }), 2);
  const timeZone = envSetting(env, "HOST_TIME_ZONE") ?? DEFAULT_CLERK_TIME_ZONE;
  if (!isTimeZone(timeZone)) fail(inBothLanguages((locale) => timeZoneProblem("HOST_TIME_ZONE", timeZone, locale)), 2);
  // Checked before the database is opened, each naming its variable: none of them may end in a stack trace, and a
  // misspelt HOST_SCHEDULES must not quietly start cron timers on a node meant to run schedules only when asked.
  const portText = envSetting(env, "HOST_PORT") ?? "0";
  const port = parsePort(portText) ?? fail(inBothLanguages((locale) => portProblem("HOST_PORT", portText, locale)), 2);
  const schedules = envSetting(env, "HOST_SCHEDULES") ?? "cron";
  if (schedules !== "cron" && schedules !== "manual") fail(startupMessage("schedules-mode", { value: schedules.slice(0, 100) }), 2);
  const logLevel = envSetting(env, "LOG_LEVEL") ?? "info";
  if (!isLogLevel(logLevel)) fail(startupMessage("log-level", { levels: LOG_LEVELS.join(", "), value: logLevel.slice(0, 100) }), 2);
  // Both schemas before the database is opened: a bad name is a setting to correct (exit 2), not a database that could
  // not be opened, and the plugin's must not wait until the orders' schema has been created and migrated.
  const hostSchema = pgSchemaSetting(env, "HOST_PG_SCHEMA");
  const pluginSchema = pgSchemaSetting(env, "PLUGIN_PG_SCHEMA");
  const orderStore = await openPostgresHostOrderStore({
    connectionString: databaseUrl,
    clock: systemClock,
    ...(hostSchema !== undefined ? { schema: hostSchema } : {}),
  }).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    const detail = `${(error as Error).message}${typeof code === "string" && !(error as Error).message.includes(code) ? ` (${code})` : ""}`;
    const settings = hostSchema !== undefined ? { sv: "DATABASE_URL och HOST_PG_SCHEMA", en: "DATABASE_URL and HOST_PG_SCHEMA" } : "DATABASE_URL";
    return fail(startupMessage("database-open", { settings, detail }), 1);
  });
  let host;
  try {
    host = await startReferenceHost({
      pluginDir: packageRoot,
      orderStore,
      port,
      logLevel,
      schedules,
      allowedHosts: allowed.hosts,
      timeZone,
      settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({
        merchantId: required("SVEA_MERCHANT_ID"),
        password: required("SVEA_MERCHANT_PASSWORD"),
        environment: required("SVEA_URL"),
        termsUri: "https://shop.example/terms",
        publicBaseUrl: envSetting(env, "PUBLIC_BASE_URL") ?? pluginBaseUrl,
        callbackKey: required("SVEA_CALLBACK_KEY"),
        ...(env.SVEA_ALLOW_PLAIN_HTTP_HOSTS ? { allowPlainHttpTo: env.SVEA_ALLOW_PLAIN_HTTP_HOSTS.split(",").map((host) => host.trim()) } : {}),
        postgres: { connectionString: databaseUrl, ...(pluginSchema !== undefined ? { schema: pluginSchema } : {}) },
      }),
    });
  } catch (error) {
    await orderStore.close();
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "EADDRINUSE" || code === "EACCES") fail(listenProblemText(error, port, "HOST_PORT") ?? (error as Error).message, 1);
    throw error;
  }
  const running = host;
  process.on("message", (message: ScheduleRequest) => {
    running.schedules.run(message.schedule, { firingAt: message.firingAt }).then(
      (outcome) => process.send?.({ id: message.id, outcome }),
      (error: unknown) => process.send?.({ id: message.id, error: redactConnectionText((error as Error).message, databaseUrl) }),
    );
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running
      .close()
      .then(() => orderStore.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  process.once("disconnect", stop);
  // Ready once the signals are heard: a stop right after reading this line gets the clean shutdown.
  process.stdout.write(`${JSON.stringify({ node: "ready", url: running.url, pluginBaseUrl: running.pluginBaseUrl })}\n`);
}

keepRunningWhenOutputCloses();
main().catch((error: unknown) => {
  const text = error instanceof HostStartupError ? error.message : String((error as Error).stack ?? error);
  process.stderr.write(`start-host-node: ${redactConnectionText(text, process.env.DATABASE_URL ?? "")}\n`);
  process.exit(1);
});
