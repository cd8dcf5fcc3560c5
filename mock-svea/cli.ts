#!/usr/bin/env node
// The mock Svea server's command line: flags and env vars in, five labelled lines out, clean exit on SIGTERM/SIGINT.
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { keepRunningWhenOutputCloses } from "../common/closed-output.js";
import { envSetting } from "../common/env-setting.js";
import { StoreLockedError } from "../common/data-dir-lock.js";
import { ManualClock } from "../common/clock.js";
import { inBothLanguages, withSwedishUnder } from "../common/bilingual-text.js";
import type { ProblemLocale } from "../common/field-problem-text.js";
import { listenProblem, parsePort, portProblem } from "../common/port-setting.js";
import { adminTokenProblem } from "./admin-token-rule.js";
import { publicUrlProblem } from "./public-url-rule.js";
import { DEFAULT_DUPLICATE_CREATE_STATUS, DUPLICATE_CREATE_STATUSES, parseDuplicateCreateStatus } from "./duplicate-create-refusal.js";
import { DEFAULT_DATA_FILE, DEFAULT_PORT, startMockSvea, type MockSveaServer, type StartMockSveaOptions } from "./start-mock-svea.js";

/** The mock's flags, without the line naming the command: `npm start` takes the same flags under its own name. */
export const OPTIONS_USAGE = `  --port <n>            port on 127.0.0.1 (env MOCK_SVEA_PORT, default ${DEFAULT_PORT}; 0 = any free port)
  --data <file>         JSON snapshot file (env MOCK_SVEA_DATA, default ${DEFAULT_DATA_FILE})
  --memory              keep state in memory only (env MOCK_SVEA_DATA=:memory:); not beside a data file
  --fsync <policy>      batched: answer once the journal write is on the device (survives a power cut; default);
                        never: once it is in the OS (survives kill -9; faster) (env MOCK_SVEA_FSYNC)
  --merchants <file>    merchants config JSON (env MOCK_SVEA_MERCHANTS, default the demo config)
  --admin-token <t>     let non-loopback callers use /__admin with "Authorization: Bearer <t>" (env MOCK_SVEA_ADMIN_TOKEN)
                        prefer MOCK_SVEA_ADMIN_TOKEN: a flag's value is visible to every user of the machine in ps
                        32+ characters that look random, e.g. from openssl rand -base64 32
  --public-url <url>    base URL put in payment links (env MOCK_SVEA_PUBLIC_URL)
  --no-poll-limit       answer every status poll (env MOCK_SVEA_POLL_LIMIT=off); default 403 within 5 s
  --manual-clock        run on a clock that only /__admin/clock/advance moves (env MOCK_SVEA_CLOCK=manual; system is the default)
  --duplicate-create-status <s>
                        how a create under a merchantOrderNumber already used is refused: ${DUPLICATE_CREATE_STATUSES.join(", ")}
                        (env MOCK_SVEA_DUPLICATE_CREATE_STATUS, default ${DEFAULT_DUPLICATE_CREATE_STATUS}; Svea documents none)
  --help`;

export const USAGE = `svea-instore-mock [options]
${OPTIONS_USAGE}`;

/** Reads flags first, then env vars (an empty one counts as unset), then defaults. Throws with a message naming the bad flag. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartMockSveaOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string" },
      data: { type: "string" },
      memory: { type: "boolean" },
      fsync: { type: "string" },
      merchants: { type: "string" },
      "admin-token": { type: "string" },
      "public-url": { type: "string" },
      "no-poll-limit": { type: "boolean" },
      "manual-clock": { type: "boolean" },
      "duplicate-create-status": { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const portText = values.port ?? envSetting(env, "MOCK_SVEA_PORT") ?? String(DEFAULT_PORT);
  const port = parsePort(portText);
  if (port === undefined) throw new Error(portProblem(values.port !== undefined ? "--port" : "MOCK_SVEA_PORT", portText));
  // Both flags ask for opposite things: dropping --data would lose at stop what the operator asked to keep in a file.
  // (--memory over MOCK_SVEA_DATA is a flag winning over its own variable, as every flag does.)
  if (values.memory && values.data !== undefined)
    throw new Error("--memory and --data ask for opposite things (state in memory only, or kept in a file): give one of them");
  const data = values.memory ? ":memory:" : (values.data ?? envSetting(env, "MOCK_SVEA_DATA") ?? DEFAULT_DATA_FILE);
  const pollLimit = values["no-poll-limit"] ? "off" : (envSetting(env, "MOCK_SVEA_POLL_LIMIT") ?? "on");
  if (pollLimit !== "on" && pollLimit !== "off") throw new Error(`MOCK_SVEA_POLL_LIMIT must be "on" or "off", not "${pollLimit}"`);
  const clockSetting = envSetting(env, "MOCK_SVEA_CLOCK");
  if (clockSetting !== undefined && clockSetting !== "manual" && clockSetting !== "system") {
    throw new Error(`MOCK_SVEA_CLOCK must be "manual" or "system", not "${clockSetting.slice(0, 100)}"`);
  }
  const manual = values["manual-clock"] || clockSetting === "manual";
  const publicUrl = values["public-url"] ?? envSetting(env, "MOCK_SVEA_PUBLIC_URL");
  const publicUrlRefusal = publicUrl === undefined ? undefined : publicUrlProblem(values["public-url"] !== undefined ? "--public-url" : "MOCK_SVEA_PUBLIC_URL", publicUrl);
  if (publicUrlRefusal) throw new Error(publicUrlRefusal);
  const fsync = values.fsync ?? envSetting(env, "MOCK_SVEA_FSYNC") ?? "batched";
  if (fsync !== "batched" && fsync !== "never") {
    throw new Error(`${values.fsync !== undefined ? "--fsync" : "MOCK_SVEA_FSYNC"} must be "batched" or "never", not "${fsync}"`);
  }
  const duplicateText = values["duplicate-create-status"] ?? envSetting(env, "MOCK_SVEA_DUPLICATE_CREATE_STATUS");
  const duplicateCreateStatus = duplicateText === undefined ? undefined : parseDuplicateCreateStatus(duplicateText);
  if (duplicateText !== undefined && duplicateCreateStatus === undefined) {
    const setting = values["duplicate-create-status"] !== undefined ? "--duplicate-create-status" : "MOCK_SVEA_DUPLICATE_CREATE_STATUS";
    throw new Error(`${setting} must be one of ${DUPLICATE_CREATE_STATUSES.join(", ")}, not "${duplicateText.slice(0, 100)}"`);
  }
  const adminToken = values["admin-token"] ?? envSetting(env, "MOCK_SVEA_ADMIN_TOKEN");
  const tokenProblem = adminToken ? adminTokenProblem(values["admin-token"] !== undefined ? "--admin-token" : "MOCK_SVEA_ADMIN_TOKEN", adminToken) : undefined;
  if (tokenProblem) throw new Error(tokenProblem);
  return {
    port,
    host: "127.0.0.1",
    dataFile: data === ":memory:" ? null : data,
    merchants: values.merchants ?? envSetting(env, "MOCK_SVEA_MERCHANTS"),
    adminToken,
    publicUrl,
    enforcePollInterval: pollLimit === "on",
    fsync,
    ...(duplicateCreateStatus !== undefined ? { duplicateCreateStatus } : {}),
    ...(manual ? { clock: new ManualClock(Date.now()) } : {}),
  };
}

/**
 * The lines `npm start` prints, one label each. The bundled demo merchant's credentials are public (they are in the
 * repository) and printed so they can be pasted into the ERP's settings; a configured merchants file may hold
 * passwords someone copied from elsewhere, so those are never printed, only where to find them.
 */
export function bannerLines(server: MockSveaServer): string[] {
  const pa = server.merchant.paymentAdmin;
  const shown = (secret: string) => (server.merchantsSource === "demo" ? secret : "(not shown: see the merchants file)");
  return [
    `mock: ${server.url}`,
    `merchant: ${server.merchant.id} / ${shown(server.merchant.password)}`,
    // The demo merchant's Payment Admin credentials (after payment: credit, annul, deliver), under the same server; the
    // line stays when there are none, so the banner is always the same five lines (the README says so).
    pa ? `payment admin: ${server.url}/payment-admin ${pa.merchantId} / ${shown(pa.secret)}` : `payment admin: not configured (${server.merchant.id} has no paymentAdmin in the merchants file)`,
    `inbox: ${server.inboxUrl}`,
    `admin: ${server.adminUrl}`,
  ];
}

export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<MockSveaServer | undefined> {
  let options: StartMockSveaOptions | "help";
  try {
    options = parseCliOptions(argv, env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return undefined;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  let server: MockSveaServer;
  try {
    server = await startMockSvea(options);
  } catch (error) {
    process.stderr.write(`mock-svea: ${startErrorMessage(error, options, "--port or MOCK_SVEA_PORT")}\n`);
    process.exitCode = startErrorExitCode(error);
    return undefined;
  }
  const stop = (signal: string) => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`mock-svea: shutdown after ${signal} failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  // The banner once the signals are heard: a stop right after reading it gets the clean shutdown.
  process.stdout.write(`${bannerLines(server).join("\n")}\n`);
  return server;
}

/**
 * Whether this file is the program node was started with. Through the package's bin (`npx svea-instore-mock`) argv[1] is
 * the symlink in node_modules/.bin while import.meta.url is the file it points at, so both are compared as real paths.
 */
function startedAsProgram(): boolean {
  const started = process.argv[1];
  if (!started) return false;
  try {
    return realpathSync(started) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (startedAsProgram()) {
  keepRunningWhenOutputCloses();
  main().catch((error: unknown) => {
    process.stderr.write(`mock-svea: ${(error as Error).message}\n`);
    process.exit(1);
  });
}

/**
 * Why a server could not listen, for the operator: the port taken or not allowed, and the setting that chooses it
 * (no stack trace: nothing is wrong with the program). Anything else keeps its own message.
 */
export function listenErrorMessage(error: unknown, port: number, setting: string): string {
  return listenProblem(error, port, setting) ?? (error instanceof Error ? error.message : String(error));
}

const DATA_SETTING = "--data or MOCK_SVEA_DATA";

/**
 * Why the mock could not start, for the operator: a port problem (listenProblem), or a data file it cannot use, named
 * with its path and the setting that chose it (Node's own file errors name neither: EISDIR has no path at all). In
 * English with the Swedish under it, as the reference host's start-up refusals; anything else is the error's message.
 */
export function startErrorMessage(error: unknown, options: StartMockSveaOptions, portSetting: string): string {
  const problem = (locale: ProblemLocale) => startProblem(error, options, portSetting, locale);
  return problem("en") === undefined ? listenErrorMessage(error, options.port ?? DEFAULT_PORT, portSetting) : withSwedishUnder(inBothLanguages((locale) => problem(locale) ?? ""));
}

/** 2 for a data folder another process uses (as for a setting to correct: choose another, or stop that one), else 1. */
export function startErrorExitCode(error: unknown): 1 | 2 {
  return error instanceof StoreLockedError ? 2 : 1;
}

function startProblem(error: unknown, options: StartMockSveaOptions, portSetting: string, locale: ProblemLocale): string | undefined {
  // Another mock (another npm start) runs on the data folder: named with the holder, in the lock's own words.
  if (error instanceof StoreLockedError) return error.messages[locale];
  const { code, syscall, path } = (error ?? {}) as { code?: unknown; syscall?: unknown; path?: unknown };
  const dataFile = options.dataFile === undefined ? DEFAULT_DATA_FILE : options.dataFile;
  const sv = locale === "sv";
  // The settings are named as they are spelled; only the word between two of them is the language's.
  const either = (names: string) => (sv ? names.replace(/ or /g, " eller ") : names);
  const data = either(DATA_SETTING);
  if (dataFile !== null && typeof code === "string" && syscall !== "listen" && syscall !== "bind") {
    if (code === "EISDIR") {
      const example = join(dataFile, "mock-svea.json");
      return sv
        ? `${data} måste ange en fil, men ${dataFile} är en katalog; ange en fil i den, t.ex. ${example}`
        : `${data} must name a file, but ${dataFile} is a directory; name a file in it, e.g. ${example}`;
    }
    if (code === "EACCES" || code === "EPERM") {
      const file = typeof path === "string" ? path : dataFile;
      return sv
        ? `datafilen ${file} (${data}) får inte användas av den här användaren (${code}); ge användaren åtkomst eller välj en annan fil`
        : `the data file ${file} (${data}) may not be used by this user (${code}); give that user access or choose another file`;
    }
    if (code === "ENOTDIR" || (code === "EEXIST" && syscall === "mkdir")) {
      return sv
        ? `${data} anger ${dataFile}, men en del av sökvägen är en fil, inte en katalog`
        : `${data} names ${dataFile}, but a part of that path is a file, not a directory`;
    }
  }
  return listenProblem(error, options.port ?? DEFAULT_PORT, either(portSetting), locale);
}
