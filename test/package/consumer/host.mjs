// An ERP host in plain ESM JavaScript that uses the installed package only as the README's host guide says: the manifest
// through the package's export, the entry imported from it, the mock started through the package's bin, the plugin's
// routes served from node:http through instance.routes.fetch. Prints one JSON line: what the host saw.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { PluginDeactivatedError, systemClock, validatePluginManifest } from "svea-instore-erp-plugin";

const require = createRequire(import.meta.url);
const manifestPath = require.resolve("svea-instore-erp-plugin/plugin.manifest.json");
const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
if (!validatePluginManifest(manifest).ok) throw new Error("manifest invalid");
const { activate } = await import(pathToFileURL(join(dirname(manifestPath), manifest.entry)).href);

const mock = spawn(join("node_modules", ".bin", "svea-instore-mock"), ["--port", "0", "--memory"], { stdio: ["ignore", "pipe", "inherit"] });
const mockUrl = await new Promise((resolve, reject) => {
  let text = "";
  mock.on("error", reject);
  mock.on("exit", (code) => reject(new Error(`svea-instore-mock exited ${code}`)));
  mock.stdout.on("data", (chunk) => {
    text += chunk;
    const line = /^mock: (\S+)$/m.exec(text);
    if (line) resolve(line[1]);
  });
});

const orders = new Map();
const updates = [];
const documents = new Map();
let instance;
const server = createServer(async (req, res) => {
  const prefix = manifest.routes.prefix;
  if (!req.url.startsWith(`${prefix}/`)) return res.writeHead(404).end();
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const request = new Request(`http://host${req.url.slice(prefix.length)}`, {
    method: req.method,
    headers: req.headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
  });
  const answer = await instance.routes.fetch(request);
  res.writeHead(answer.status).end(Buffer.from(await answer.arrayBuffer()));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

instance = await activate({
  settings: {
    merchantId: "demo-merchant",
    password: "demo-password-2026",
    environment: mockUrl,
    termsUri: "https://shop.example/terms",
    publicBaseUrl: `http://127.0.0.1:${server.address().port}${manifest.routes.prefix}`,
    callbackKey: "consumer-host-callback-key-0123456789abcdef",
  },
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} },
  clock: systemClock,
  orders: {
    async get(id) {
      return orders.get(id);
    },
    async setPaymentState(update) {
      updates.push(update);
    },
  },
  storage: {
    async read(key) {
      return documents.get(key);
    },
    async update(key, fn) {
      const next = await fn(documents.get(key));
      documents.set(key, next);
      return next;
    },
  },
});

const order = JSON.parse(process.argv[2]);
orders.set(order.id, order);
const saved = await instance.hooks["order.save"]({ order, locale: "en" });
const merchantOrderNumber = saved.paymentView.links.at(-1).merchantOrderNumber;
const paid = await fetch(`${mockUrl}/__admin/orders/demo-merchant/${merchantOrderNumber}/complete`, { method: "POST" });
for (let i = 0; i < 200 && !updates.some((u) => u.state === "paid"); i++) await new Promise((r) => setTimeout(r, 50));
const { views } = await instance.hooks["order.payment-view"]({ orderIds: [order.id], locale: "en" });
const picking = await instance.hooks["picking.filter"]({ orders: [order], locale: "en" });
await instance.deactivate();
const afterDeactivate = await instance.hooks["order.payment-view"]({ orderIds: [order.id], locale: "en" }).then(
  () => "answered",
  (error) => (error instanceof PluginDeactivatedError ? error.status : String(error)),
);
server.close();
mock.kill("SIGTERM");
console.log(JSON.stringify({ saved: saved.accepted, savedState: saved.paymentView.state, paidStatus: paid.status, updates: updates.map((u) => u.state), view: views[0]?.state, pickable: picking.pickable, afterDeactivate }));
