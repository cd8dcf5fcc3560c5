// A child process for crash tests: the compiled reference host with the plugin, all state in files, its address on stdout.
import { startReferenceHost } from "../../../dist/host/index.js";

const env = process.env;
const repoRoot = new URL("../../../", import.meta.url).pathname;
const host = await startReferenceHost({
  pluginDir: repoRoot,
  dataFile: `${env.CRASH_DATA_DIR}/host-orders.json`,
  pluginDataDir: env.CRASH_DATA_DIR,
  port: Number(env.CRASH_HOST_PORT ?? 0),
  logLevel: "warn",
  schedules: "manual",
  settings: ({ pluginBaseUrl }) => ({
    merchantId: env.CRASH_MERCHANT_ID,
    password: env.CRASH_MERCHANT_PASSWORD,
    environment: env.CRASH_MOCK_URL,
    termsUri: "https://shop.example/terms",
    publicBaseUrl: pluginBaseUrl,
    callbackKey: env.CRASH_CALLBACK_KEY,
  }),
});
process.stdout.write(`${JSON.stringify({ url: host.url, pluginBaseUrl: host.pluginBaseUrl })}\n`);
