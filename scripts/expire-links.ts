// `npm run expire-links`: runs the plugin's expire-links command once on the running reference host (the one `npm start` started).
import { DEFAULT_HOST_PORT } from "../host/demo-host.js";
import { keepRunningWhenOutputCloses } from "../common/closed-output.js";
import { envSetting } from "../common/env-setting.js";
import { parsePort, portProblem } from "../common/port-setting.js";

const USAGE = `usage: npm run expire-links [-- --host <url>] [-- --locale sv|en]
  asks the running reference host to run the plugin's expire-links command now (what the nightly schedule does):
  every waiting link past its expiry gets one paced status read and ends expired, or paid when Svea says Completed.
  --host <url>   the host (default http://127.0.0.1:$REFERENCE_HOST_PORT, port ${DEFAULT_HOST_PORT} when unset or empty;
                 required when REFERENCE_HOST_PORT is 0, any free port)
  --locale       language of the message (default sv)
  exit 0: done without errors; 1: some links could not be checked (they wait for the next run); 2: bad usage;
  3: the host could not be reached or refused the command`;

interface CommandAnswer {
  ok?: boolean;
  message?: string;
  data?: unknown;
  title?: string;
  detail?: string;
}

function parse(args: string[], env: NodeJS.ProcessEnv): { host: string; locale: "sv" | "en" } | "help" {
  let host: string | undefined;
  let locale: "sv" | "en" = "sv";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--help" || arg === "-h") return "help";
    const value = args[i + 1];
    if (arg === "--host" && value) {
      host = value.replace(/\/+$/, "");
      i++;
    } else if (arg === "--locale" && (value === "sv" || value === "en")) {
      locale = value;
      i++;
    } else {
      throw new Error(`unknown or incomplete argument ${arg}`);
    }
  }
  if (host === undefined) {
    // Only when it is used: a --host makes the variable moot.
    const portText = envSetting(env, "REFERENCE_HOST_PORT") ?? String(DEFAULT_HOST_PORT);
    const port = parsePort(portText);
    if (port === undefined) throw new Error(portProblem("REFERENCE_HOST_PORT", portText));
    // 0 told npm start to take any free port: which one, only its start-up line says.
    if (port === 0)
      throw new Error("REFERENCE_HOST_PORT is 0 (npm start took any free port), so the host's port cannot be told from it: give the host with --host http://127.0.0.1:<port>, the port npm start printed");
    host = `http://127.0.0.1:${port}`;
  }
  if (!/^https?:\/\/[^/]+$/.test(host)) throw new Error(`--host must be an http(s) URL without a path, not "${host}"`);
  return { host, locale };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`expire-links: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let status: number;
  let answer: CommandAnswer;
  try {
    const res = await fetch(`${options.host}/api/commands/expire-links?locale=${options.locale}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    status = res.status;
    answer = (await res.json()) as CommandAnswer;
  } catch (error) {
    process.stderr.write(`expire-links: could not reach the host at ${options.host} (${(error as Error).message}); is npm start running?\n`);
    return 3;
  }
  if (status !== 200) {
    process.stderr.write(`expire-links: the host answered ${status}: ${answer.title ?? ""} ${answer.detail ?? ""}\n`);
    return 3;
  }
  process.stdout.write(`${answer.message ?? ""}\n${JSON.stringify(answer.data ?? {})}\n`);
  return answer.ok ? 0 : 1;
}

keepRunningWhenOutputCloses();
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`expire-links: ${(error as Error).message}\n`);
    process.exitCode = 3;
  },
);
