// `npm run demo`: the whole story against the mock Svea with the reference host, in-process on 127.0.0.1; `--json` prints one JSON object per step.
import { isLogLevel, LOG_LEVELS } from "../host/host-logger.js";
import { readableLine, validateDemoStep } from "./demo/demo-step.js";
import { runStep, STORY } from "./demo/demo-story.js";
import { startDemoWorld } from "./demo/demo-world.js";
import { keepRunningWhenOutputCloses } from "../common/closed-output.js";
import { envSetting } from "../common/env-setting.js";
import { withSwedishUnder } from "../common/bilingual-text.js";

const USAGE = `usage: npm run demo [-- --json]
  plays the story: order 1 created, changed, paid at the mock's checkout and picked; order 2 expires; order 3 deleted
  --json   one JSON object per step on stdout (schemas/demo/step.schema.json), nothing else there
  env DEMO_LOG_LEVEL   log level of mock, host and plugin on stderr (default warn)
  exits 1 when a step misses its expected state`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = args.filter((a) => a !== "--json");
  if (unknown.length > 0) {
    process.stderr.write(`demo: unknown argument ${unknown[0]}\n${USAGE}\n`);
    return 2;
  }
  const json = args.includes("--json");
  // Empty counts as unset (docker-compose's `DEMO_LOG_LEVEL=`), as for every other variable the start-up commands read.
  const level = envSetting(process.env, "DEMO_LOG_LEVEL") ?? "warn";
  if (!isLogLevel(level)) {
    const value = level.slice(0, 100);
    const levels = LOG_LEVELS.join(", ");
    const text = { en: `DEMO_LOG_LEVEL must be one of ${levels}, not "${value}"`, sv: `DEMO_LOG_LEVEL måste vara en av ${levels}, inte "${value}"` };
    process.stderr.write(`demo: ${withSwedishUnder(text)}\n`);
    return 2;
  }

  const world = await startDemoWorld({ logLevel: level });
  process.stderr.write(`demo: mock Svea ${world.mock.url}, reference host ${world.host.url}, clock ${new Date(world.clock.now()).toISOString()}\n`);
  let missed = 0;
  try {
    for (const [i, story] of STORY.entries()) {
      const step = await runStep(world, story, i + 1);
      const valid = validateDemoStep(step);
      if (!valid.ok) throw new Error(`step ${step.index} breaks schemas/demo/step.schema.json: ${JSON.stringify(valid.errors)}`);
      if (!step.ok) missed++;
      process.stdout.write(`${json ? JSON.stringify(step) : readableLine(step, STORY.length)}\n`);
    }
  } finally {
    await world.close();
  }
  process.stderr.write(missed === 0 ? `demo: all ${STORY.length} steps reached their expected state\n` : `demo: ${missed} step(s) missed their expected state\n`);
  return missed === 0 ? 0 : 1;
}

keepRunningWhenOutputCloses();
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
