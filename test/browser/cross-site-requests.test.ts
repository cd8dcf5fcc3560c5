// Another site's page, in a real Chromium, against `npm start`: it cannot credit, annul or delete through the clerk's
// API or pages, and a name that was pointed at 127.0.0.1 (DNS rebinding) does not reach them at all.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { repoRoot } from "../e2e/ensure-plugin-built.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from "./launch-chromium.js";
import { startNpmStart, type NpmStart } from "../support/npm-start-process.js";

let world: NpmStart;
let browser: Browser;
let evil: Server;
let evilUrl: string;

/** The attacker's page: it fires its requests at the host when loaded, then says so in its title. */
function evilPage(host: string, orderId: string): string {
  const api = `${host}/api/orders/${orderId}`;
  return `<!doctype html><title>loading</title>
<form id="f" method="post" action="${host}/orders/${orderId}/delete" target="sink"><input name="confirm" value="yes"></form>
<iframe name="sink"></iframe>
<script>
(async () => {
  const shots = [
    fetch("${api}/credit", { method: "POST", mode: "no-cors", body: JSON.stringify({ amount: "50.00" }) }),
    fetch("${api}/annul", { method: "POST", mode: "no-cors", body: JSON.stringify({ confirm: true }) }),
    fetch("${api}/credit", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: JSON.stringify({ amount: "10.00" }) }),
    fetch("${api}", { method: "DELETE", headers: { "content-type": "application/json" } }).catch(() => "blocked"),
  ];
  await Promise.allSettled(shots);
  document.getElementById("f").submit();
  setTimeout(() => (document.title = "done"), 500);
})();
</script>`;
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${world.host}${path}`, { ...init, headers: { "content-type": "application/json", ...(init.headers ?? {}) } });
}

beforeAll(async () => {
  browser = await launchChromium();
  world = await startNpmStart();
  evil = createServer((req, res) => {
    const orderId = new URL(req.url ?? "/", "http://x").searchParams.get("order") ?? "";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(evilPage(world.host, orderId));
  });
  await new Promise<void>((ready) => evil.listen(0, "127.0.0.1", ready));
  // Another origin than the host's 127.0.0.1: the same machine under the name localhost, at another port.
  evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (evil ? evil.close(() => done()) : done()));
  if (world) expect(await world.stop()).toBe(0);
});

it("another site's page cannot credit, annul or delete a paid order, nor delete an unpaid one, through the clerk API or the pages", async () => {
  const fixture = JSON.parse(await readFile(join(repoRoot, "fixtures/host/instore-order.json"), "utf8")) as Record<string, unknown>;
  const save = (id: string, number: string) => api(`/api/orders/${id}`, { method: "PUT", body: JSON.stringify({ ...fixture, id, number }) });
  expect((await save("ord-x1", "9101")).status).toBe(201);
  expect((await save("ord-x2", "9102")).status).toBe(201);
  // The customer pays ord-x1 at the mock (found by its link); the callback makes it paid.
  const link = ((await (await api("/api/orders/ord-x1")).json()) as { paymentView: { paymentLink: string } }).paymentView.paymentLink;
  const listed = (await (await fetch(`${world.admin}/orders`)).json()) as { orders: { merchantId: string; merchantOrderNumber: string; instoreUiUri: string }[] };
  const paid = listed.orders.find((o) => o.instoreUiUri === link)!;
  expect((await fetch(`${world.admin}/orders/${paid.merchantId}/${paid.merchantOrderNumber}/complete`, { method: "POST" })).status).toBe(200);
  await expect.poll(async () => ((await (await api("/api/orders/ord-x1")).json()) as { paymentView: { state: string } }).paymentView.state, { timeout: 10_000 }).toBe("paid");
  const before = await (await api("/api/orders/ord-x1")).json();

  const context = await browser.newContext();
  const page = await context.newPage();
  const answers: number[] = [];
  page.on("response", (response) => {
    if (response.url().startsWith(world.host)) answers.push(response.status());
  });
  for (const id of ["ord-x1", "ord-x2"]) {
    await page.goto(`${evilUrl}/?order=${id}`);
    await page.waitForFunction('document.title === "done"', undefined, { timeout: 15_000 });
  }
  await context.close();

  // The form post answered 403 from the pages; the no-cors calls were refused too (their answers are opaque to the page).
  expect(answers).toContain(403);
  expect(await (await api("/api/orders/ord-x1")).json()).toEqual(before);
  const unpaid = (await (await api("/api/orders/ord-x2")).json()) as { paymentView: { state: string }; deletedAt?: unknown };
  expect(unpaid.paymentView.state).toBe("waiting");
}, 60_000);

it("a name pointed at 127.0.0.1 (DNS rebinding) gets neither the pages nor the API", async () => {
  const port = new URL(world.host).port;
  // The browser resolves attacker.test to 127.0.0.1, as a rebinding attacker's DNS would after the first visit.
  const rebound = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP attacker.test 127.0.0.1"] });
  try {
    const page = await rebound.newPage();
    for (const path of ["/", "/api/orders", "/orders/ord-x2"]) {
      const response = await page.goto(`http://attacker.test:${port}${path}`);
      expect([path, response?.status()]).toEqual([path, 403]);
      expect(await page.textContent("body")).toContain("host-not-allowed");
    }
    // The host's own name still works in the same browser.
    expect((await page.goto(`${world.host}/`))?.status()).toBe(200);
  } finally {
    await rebound.close();
  }
  expect(((await (await api("/api/orders/ord-x2")).json()) as { paymentView: { state: string } }).paymentView.state).toBe("waiting");
}, 60_000);
