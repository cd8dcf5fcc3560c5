// Starting the reference host with the real plugin and bad settings: a clear error naming each setting, never the secret itself.
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HostStartupError } from "../../host/host-startup-error.js";
import { startReferenceHost } from "../../host/reference-host.js";
import { rejectionOf } from "../host/host-test-helpers.js";
import { freshSchema, testDatabaseUrl } from "../support/postgres-test-database.js";
import { runToExit } from "../support/run-to-exit.js";
import { ensurePluginBuilt, repoRoot } from "./ensure-plugin-built.js";

describe("host start-up with the compiled plugin", () => {
  it("names each bad setting and echoes no secret", async () => {
    await ensurePluginBuilt();
    const error = await rejectionOf(startReferenceHost({
      pluginDir: repoRoot,
      dataFile: null,
      logLevel: "silent",
      schedules: "manual",
      settings: { merchantId: "demo-merchant", password: "Hunter2-secret", environment: "nowhere", termsUri: "https://shop.example/terms", publicBaseUrl: "http://127.0.0.1:1/plugins/svea-instore", callbackKey: "TooShortKey123" },
    }));
    expect(error).toBeInstanceOf(HostStartupError);
    const startup = error as HostStartupError;
    expect(startup.code).toBe("invalid-settings");
    expect(startup.settingErrors.map((e) => e.setting).sort()).toEqual(["callbackKey", "environment"]);
    expect(startup.message).toMatch(/^The settings of plugin svea-instore are invalid:\n/);
    expect(startup.message).toContain("callbackKey");
    // The administrator reads each problem in Swedish too, from the plugin's own texts.
    expect(startup.message).toContain("  - callbackKey: must be at least 32 characters\n    sv: callbackKey: måste vara minst 32 tecken");
    expect(startup.settingErrors.find((e) => e.setting === "environment")?.messages?.sv).toBe(
      'environment: måste vara "stage", "production" eller en basadress som börjar med http:// eller https://',
    );
    expect(startup.message).not.toContain("TooShortKey123");
    expect(startup.message).not.toContain("Hunter2-secret");
  });
});

describe("start-host-node (dist/scripts/start-host-node.js) whose DATABASE_URL does not work", () => {
  const script = fileURLToPath(new URL("../../dist/scripts/start-host-node.js", import.meta.url));
  /** Runs the node to its exit with only DATABASE_URL set. */
  const nodeFails = (databaseUrl: string) => runToExit(script, [], { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl });

  it("says in one line that the database cannot be reached, naming DATABASE_URL, with no stack and no password", async () => {
    // A port nothing listens on: the connection is refused at once.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((done) => probe.close(done));
    const run = await nodeFails(`postgres://shop:Db-Pw-31337@127.0.0.1:${port}/orders`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `start-host-node: cannot open the orders' database given by DATABASE_URL: connect ECONNREFUSED 127.0.0.1:${port}\n` +
        `  sv: kan inte öppna orderdatabasen som DATABASE_URL anger: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  });

  it("refuses a DATABASE_URL that is not a postgres:// URL before connecting, without echoing it", async () => {
    const invalid = await nodeFails("postgres://shop:Db-Pw-31337@[not-a-host/orders");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe(
      "start-host-node: DATABASE_URL is not a URL; it must look like postgres://user:password@host:port/database\n" +
        "  sv: DATABASE_URL är ingen URL; den ska se ut som postgres://användare:lösenord@värd:port/databas\n",
    );
    const otherScheme = await nodeFails("mysql://shop:Db-Pw-31337@db.example/orders");
    expect(otherScheme.code).toBe(2);
    expect(otherScheme.stderr).toBe("start-host-node: DATABASE_URL must be a postgres:// or postgresql:// URL\n  sv: DATABASE_URL måste vara en postgres://- eller postgresql://-URL\n");
  });
});

describe("start-host-node whose other settings are wrong: one line naming the variable and its Swedish under it, no stack", () => {
  const script = fileURLToPath(new URL("../../dist/scripts/start-host-node.js", import.meta.url));
  const goodKey = "k7Qp2ZxV9mLr4TbW8nYc3HsJ6dFg1KaE5uPo0RiX";
  /** A node whose other settings are fine, so only `extra` can be what stops it. */
  const nodeWith = (databaseUrl: string, extra: NodeJS.ProcessEnv) =>
    runToExit(script, [], {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: databaseUrl,
      SVEA_URL: "http://127.0.0.1:1",
      SVEA_MERCHANT_ID: "demo-merchant",
      SVEA_MERCHANT_PASSWORD: "demo-password-2026",
      SVEA_CALLBACK_KEY: goodKey,
      ...extra,
    });
  // Refused before the database is opened, so no server is needed: nothing listens on port 1.
  const unreachable = "postgres://shop:Db-Pw-31337@127.0.0.1:1/orders";

  it("refuses a HOST_PORT that is not a port (exit 2)", async () => {
    const run = await nodeWith(unreachable, { HOST_PORT: "abc" });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('start-host-node: HOST_PORT must be an integer from 0 to 65535, not "abc"\n  sv: HOST_PORT måste vara ett heltal från 0 till 65535, inte "abc"\n');
    const tooLarge = await nodeWith(unreachable, { HOST_PORT: "70000" });
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.stderr.split("\n")[0]).toBe('start-host-node: HOST_PORT must be an integer from 0 to 65535, not "70000"');
  });

  it("takes an empty optional variable (docker-compose's VAR=) as unset: the defaults apply and the start goes on to the database", async () => {
    const run = await nodeWith(unreachable, { HOST_PORT: "", HOST_TIME_ZONE: "", HOST_SCHEDULES: "", LOG_LEVEL: "", HOST_ALLOWED_HOSTS: "", PUBLIC_BASE_URL: "", HOST_PG_SCHEMA: "", PLUGIN_PG_SCHEMA: "", SVEA_ALLOW_PLAIN_HTTP_HOSTS: "" });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe("start-host-node: cannot open the orders' database given by DATABASE_URL: connect ECONNREFUSED 127.0.0.1:1");
  });

  it("refuses a HOST_SCHEDULES other than cron or manual instead of running cron timers (exit 2)", async () => {
    const run = await nodeWith(unreachable, { HOST_SCHEDULES: "manaul" });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('start-host-node: HOST_SCHEDULES must be "cron" or "manual", not "manaul"\n  sv: HOST_SCHEDULES måste vara "cron" eller "manual", inte "manaul"\n');
  });

  it("refuses a HOST_PG_SCHEMA or PLUGIN_PG_SCHEMA that is no schema name before opening the database (exit 2)", async () => {
    // HOST_PG_SCHEMA='Bad"Schema' was reported as a database that could not be opened (exit 1, the English rule in the
    // sv: line); PLUGIN_PG_SCHEMA=Bad-Schema named the setting postgres.schema, after the orders' schema was migrated.
    const rule = (name: string, value: string) =>
      `start-host-node: ${name} must be a PostgreSQL schema name of lower-case letters a-z, digits and underscores not starting with a digit, at most 63 characters, not "${value}"\n` +
      `  sv: ${name} måste vara ett PostgreSQL-schemanamn av små bokstäver a–z, siffror och understreck som inte börjar med en siffra, högst 63 tecken, inte "${value}"\n`;
    const host = await nodeWith(unreachable, { HOST_PG_SCHEMA: 'Bad"Schema' });
    expect(host.code).toBe(2);
    expect(host.stderr).toBe(rule("HOST_PG_SCHEMA", 'Bad"Schema'));
    const plugin = await nodeWith(unreachable, { PLUGIN_PG_SCHEMA: "Bad-Schema" });
    expect(plugin.code).toBe(2);
    expect(plugin.stderr).toBe(rule("PLUGIN_PG_SCHEMA", "Bad-Schema"));
    const tooLong = await nodeWith(unreachable, { PLUGIN_PG_SCHEMA: "s".repeat(64) });
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr.split("\n")[0]).toContain("PLUGIN_PG_SCHEMA must be a PostgreSQL schema name");
  });

  it("refuses a LOG_LEVEL pino does not know (exit 2)", async () => {
    const run = await nodeWith(unreachable, { LOG_LEVEL: "loud" });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'start-host-node: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"\n' +
        '  sv: LOG_LEVEL måste vara en av fatal, error, warn, info, debug, trace, silent, inte "loud"\n',
    );
  });

  it("says which port is taken and which variable chooses it (exit 1)", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = await nodeWith(await testDatabaseUrl(), { HOST_PORT: String(port), HOST_PG_SCHEMA: freshSchema("port"), PLUGIN_PG_SCHEMA: freshSchema("port") });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `start-host-node: port ${port} on 127.0.0.1 is already in use; choose another with HOST_PORT (0 = any free port)\n` +
          `  sv: porten ${port} på 127.0.0.1 används redan; välj en annan med HOST_PORT (0 = valfri ledig port)\n`,
      );
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});
