// The reference host's order file on a disk that fills up in the middle of a save or a delete, with the compiled plugin
// on the host's lent storage and the mock Svea: each answer says what is stored and what may have reached Svea, no
// failed write leaves its temp file holding space, and once space is freed (and after a restart) nothing is lost and
// no second link is sent; a customer's payment whose callback meets the full disk is retried by Svea (the answer is 503)
// and ends recorded paid, never cancelled. As root the folder is a small tmpfs filled for real (ENOSPC); otherwise writes
// are made to fail.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startReferenceHost } from "../../host/reference-host.js";
import { ORDER_FILE_UNWRITABLE_LOG } from "../../host/host-order-file-error.js";
import { capturingLogger } from "../host/host-test-helpers.js";
import { fullDisk, type FullDisk } from "../support/full-disk.js";
import { repoRoot } from "./ensure-plugin-built.js";
import { callbackAttempts, eventually, orderFor, payAtCheckout, pluginSettingsFor, startStory, type Story } from "./story-harness.js";

let story: Story | undefined;
let disk: FullDisk | undefined;
afterEach(async () => {
  await story?.close();
  story = undefined;
  await disk?.close();
  disk = undefined;
});

async function fullDiskStory(): Promise<{ s: Story; file: string; disk: FullDisk; errors: () => Record<string, unknown>[] }> {
  disk = await fullDisk("svea-full-host-");
  const file = join(disk.dir, "host-orders.json");
  const logs = capturingLogger();
  story = await startStory({ dataFile: file, logger: logs.logger, enforcePollInterval: false });
  return { s: story, file, disk, errors: () => logs.lines().filter((l) => (l.level as number) >= 50) };
}

/** The one error line of a failed write: the file, the write's code and the answer, no stack. */
function expectOneFileErrorLine(lines: Record<string, unknown>[], file: string, answer: string, real: boolean): void {
  expect(lines).toEqual([expect.objectContaining({ file, code: real ? "ENOSPC" : "EISDIR", answer, msg: ORDER_FILE_UNWRITABLE_LOG })]);
  expect(JSON.stringify(lines)).not.toMatch(/"stack"|\n\s+at /);
}

const smsFor = async (s: Story, orderNumber: string) => (await s.sms()).filter((m) => m.merchantOrderNumber.startsWith(orderNumber));

describe("the reference host's order file on a full disk", () => {
  it("a save whose last write (the notices) fails answers the plugin's result with a warning, and a restart keeps it all", async () => {
    const { s, file, disk, errors } = await fullDiskStory();
    const store = s.host.store;
    const save = store.save.bind(store);
    let saves = 0;
    // The write ahead of the plugin goes through; the disk is full when the host comes to keep the plugin's notices.
    store.save = async (order, notices) => {
      if (++saves === 2) await disk.fill(file);
      return save(order, notices);
    };
    const answer = await s.save(orderFor("full-1"), "sv");
    expect([answer.status, answer.accepted, answer.paymentView?.state]).toEqual([201, true, "waiting"]);
    const last = answer.notices.at(-1);
    expect(last).toEqual({
      code: "notices-not-kept",
      severity: "warning",
      message:
        "Ordern är sparad och betaltillägget har gjort sitt, men värdens orderfil gick inte att skriva (t.ex. full disk) när de här meddelandena skulle sparas med ordern: de visas bara nu. Åtgärda felet (se loggen).",
    });
    expect(answer.notices.length).toBeGreaterThan(1);
    expect((await store.get("full-1"))?.order.id).toBe("full-1");
    expect(await smsFor(s, "1")).toHaveLength(1);
    expect(await disk.leftTempFiles()).toEqual([]);
    expectOneFileErrorLine(errors(), file, "notices-not-kept", disk.real);

    // Space freed, the host restarted on the same file: the order and its waiting link are there, and saving it again
    // sends nothing new.
    await disk.free();
    await s.host.close();
    const again = await restartedHost(s, file);
    try {
      expect((await again.store.get("full-1"))?.payment?.state).toBe("waiting");
      const res = await fetch(`${again.url}/api/orders/full-1?locale=en`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(orderFor("full-1")) });
      const body = (await res.json()) as { accepted: boolean; paymentView: { state: string } };
      expect([res.status, body.accepted, body.paymentView.state]).toEqual([200, true, "waiting"]);
      expect(await smsFor(s, "1")).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it("a write the plugin makes after Svea created the link answers 503: the order is saved, the link may be sent; saving again sends no second link", async () => {
    const { s, file, disk, errors } = await fullDiskStory();
    const storage = s.host.store.pluginStorage;
    const update = storage.update.bind(storage);
    let filled = false;
    // The disk fills once Svea has texted the customer: the plugin's record of the new link is the write that fails.
    storage.update = async (key, fn) => {
      if (!filled && (await smsFor(s, "2")).length > 0) {
        filled = true;
        await disk.fill(file);
      }
      return update(key, fn);
    };
    const res = await fetch(`${s.host.url}/api/orders/full-2?locale=sv`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(orderFor("full-2")) });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      code: "order-saved-link-may-be-sent",
      title:
        "Ordern är sparad, men värdens orderfil gick inte att skriva medan betaltillägget arbetade (t.ex. full disk), så betalningens läge kan saknas här. Betallänken kan redan ha skickats till kunden. Åtgärda felet (se loggen) och spara ordern igen: det skickar ingen andra länk.",
    });
    expect(filled).toBe(true);
    expect((await s.host.store.get("full-2"))?.order.id).toBe("full-2");
    const sent = await smsFor(s, "2");
    expect(sent).toHaveLength(1);
    expect((await s.mockOrder(sent[0]!.merchantOrderNumber)).orderStatus).toBe("Active");
    expect(await disk.leftTempFiles()).toEqual([]);
    expectOneFileErrorLine(errors(), file, "order-saved-link-may-be-sent", disk.real);
    // A save while the disk is still full stops at the write ahead of the plugin: that one truly changed nothing.
    const stopped = await fetch(`${s.host.url}/api/orders/full-2?locale=en`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(orderFor("full-2")) });
    expect([stopped.status, ((await stopped.json()) as { code: string }).code]).toEqual([503, "order-file-unwritable"]);
    expect(await smsFor(s, "2")).toHaveLength(1);

    // The fault fixed, the same save finds the link Svea holds: waiting, and still one SMS and one link at Svea.
    await disk.free();
    const saved = await s.save(orderFor("full-2"));
    expect([saved.status, saved.accepted, saved.paymentView?.state]).toEqual([200, true, "waiting"]);
    expect(await smsFor(s, "2")).toHaveLength(1);
    expect((await s.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/orders" && r.status < 300)).toHaveLength(1);
  });

  it("a refused save whose putting back fails answers the refusal with a warning that the file holds the refused version", async () => {
    const { s, file, disk, errors } = await fullDiskStory();
    const good = orderFor("full-3");
    expect((await s.save(good)).status).toBe(201);
    const store = s.host.store;
    const restore = store.restore.bind(store);
    store.restore = async (written, previous) => {
      await disk.fill(file);
      return restore(written, previous);
    };
    const refused = await s.save(orderFor("full-3", { customer: { ...good.customer, mobilePhone: "12345" } }));
    expect([refused.status, refused.accepted, refused.errors.length > 0]).toEqual([422, false, true]);
    expect(refused.notices).toEqual([
      {
        code: "order-not-restored",
        severity: "warning",
        message:
          "The host's order file could not be written (e.g. a full disk), so the order could not be put back as it was before this save: the order file now holds the refused version. Nothing was sent to Svea. Fix the fault (see the log) and save the order again.",
      },
    ]);
    expect((await store.get("full-3"))?.order.customer.mobilePhone).toBe("12345");
    expect(await disk.leftTempFiles()).toEqual([]);
    expectOneFileErrorLine(errors(), file, "order-not-restored", disk.real);

    await disk.free();
    store.restore = restore;
    const saved = await s.save(good);
    expect([saved.status, saved.accepted, saved.paymentView?.state]).toEqual([200, true, "waiting"]);
    expect(await smsFor(s, "3")).toHaveLength(1);
  });

  it("a delete whose marking fails after the plugin cancelled the link answers 503 saying the order is not deleted and the link may be cancelled", async () => {
    const { s, file, disk, errors } = await fullDiskStory();
    expect((await s.save(orderFor("full-4"))).status).toBe(201);
    const store = s.host.store;
    const markDeleted = store.markDeleted.bind(store);
    store.markDeleted = async (id, notices) => {
      await disk.fill(file);
      return markDeleted(id, notices);
    };
    const res = await fetch(`${s.host.url}/api/orders/full-4?locale=sv`, { method: "DELETE" });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      code: "order-not-deleted-link-may-be-cancelled",
      title: "Ordern är inte borttagen: värdens orderfil gick inte att skriva (t.ex. full disk) sedan betaltillägget börjat ta bort betalningen. Betallänken kan redan vara avbruten hos Svea. Åtgärda felet (se loggen) och ta bort ordern igen.",
    });
    const [sms] = await smsFor(s, "4");
    expect((await s.mockOrder(sms!.merchantOrderNumber)).orderStatus).toBe("Canceled");
    expect((await store.get("full-4"))?.deletedAt).toBeNull();
    expect(await disk.leftTempFiles()).toEqual([]);
    expectOneFileErrorLine(errors(), file, "order-not-deleted-link-may-be-cancelled", disk.real);

    await disk.free();
    store.markDeleted = markDeleted;
    const deleted = await s.remove("full-4");
    expect([deleted.status, deleted.accepted]).toEqual([200, true]);
    expect((await store.get("full-4"))?.deletedAt).not.toBeNull();
  });
});

/** Saves an order: its waiting link's merchant order number and payment link. */
async function waitingLink(s: Story, orderId: string): Promise<{ mon: string; paymentLink: string }> {
  const saved = await s.save(orderFor(orderId));
  expect([saved.status, saved.paymentView?.state]).toEqual([201, "waiting"]);
  return { mon: saved.paymentView!.links[0]!.merchantOrderNumber, paymentLink: saved.paymentView!.paymentLink! };
}

/** The reference host started again on the same order file, as after a restart. */
function restartedHost(s: Story, file: string) {
  return startReferenceHost({
    pluginDir: repoRoot,
    dataFile: file,
    clock: s.clock,
    logLevel: "silent",
    schedules: "manual",
    settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => pluginSettingsFor(s.mock, pluginBaseUrl, s.callbackKey),
  });
}

describe("a payment whose callback comes while the host's order file cannot be written (npm start's store: host-storage)", () => {
  it("the callback is answered 503, so Svea retries; the order waits, never cancelled, and the retry after space is freed records it paid", async () => {
    const { s, file, disk, errors } = await fullDiskStory();
    const { mon, paymentLink } = await waitingLink(s, "cb-full-1");
    await disk.fill(file);
    const before = await readFile(file, "utf8");
    await payAtCheckout(paymentLink);
    expect(await callbackAttempts(s.mock, mon)).toEqual(["1 503 failed"]);
    expect((await s.view("cb-full-1"))?.state).toBe("waiting");
    expect((await s.host.store.get("cb-full-1"))?.payment?.state).toBe("waiting");
    expect(await s.pickableIds()).not.toContain("cb-full-1");
    expect(await readFile(file, "utf8")).toBe(before);
    expect(await disk.leftTempFiles()).toEqual([]);
    expectOneFileErrorLine(errors(), file, "plugin-request-not-recorded", disk.real);
    // What Svea is answered (in the host's default language): the request was not recorded, send it again.
    const again = await fetch(s.callbackUrl(mon), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ merchantOrderNumber: mon }) });
    expect(again.status).toBe(503);
    expect(await again.json()).toMatchObject({ code: "plugin-request-not-recorded", title: "Värdens orderfil gick inte att skriva (t.ex. full disk), så betaltillägget kunde inte spara anropet. Inget ändrades: skicka det igen senare." });

    await disk.free();
    await s.advance(1_000);
    expect(await callbackAttempts(s.mock, mon)).toEqual(["1 503 failed", "2 200 delivered"]);
    const paid = await eventually(() => s.view("cb-full-1"), (v) => v?.state === "paid", s.clock);
    expect(paid?.sveaReference).toEqual(expect.any(Number));
    expect((await s.host.store.get("cb-full-1"))?.payment).toMatchObject({ state: "paid", sveaReference: paid?.sveaReference });
    expect(await s.pickableIds()).toContain("cb-full-1");
  });

  it("when Svea's retries run out on the full disk, the orders wait, never cancelled: check-now records one paid once space is freed, and reconcile the other after a restart", async () => {
    const { s, file, disk } = await fullDiskStory();
    const checked = await waitingLink(s, "cb-full-2");
    const reconciled = await waitingLink(s, "cb-full-3");
    await disk.fill(file);
    await payAtCheckout(checked.paymentLink);
    await payAtCheckout(reconciled.paymentLink);
    // Every retry of the mock's schedule (1 s, 5 s, 30 s, 2 min, 10 min) meets the full disk, then it gives up.
    for (const wait of s.mock.deps.callbacks.scheduleMs) {
      await callbackAttempts(s.mock, checked.mon);
      await s.advance(wait);
    }
    const refused = ["1 503 failed", "2 503 failed", "3 503 failed", "4 503 failed", "5 503 failed", "6 503 gave-up"];
    expect(await callbackAttempts(s.mock, checked.mon)).toEqual(refused);
    expect(await callbackAttempts(s.mock, reconciled.mon)).toEqual(refused);
    // A check while the disk is still full says the fault is here, and changes nothing.
    const whileFull = await fetch(`${s.host.url}/api/orders/cb-full-2/check-payment?locale=en`, { method: "POST" });
    expect(whileFull.status).toBe(200);
    expect(((await whileFull.json()) as { notices: { code: string }[] }).notices.map((n) => n.code)).toContain("local-failure");

    await disk.free();
    for (const id of ["cb-full-2", "cb-full-3"]) expect((await s.view(id))?.state).toBe("waiting");
    const check = await fetch(`${s.host.url}/api/orders/cb-full-2/check-payment?locale=en`, { method: "POST" });
    expect(((await check.json()) as { paymentView: { state: string } }).paymentView.state).toBe("paid");
    expect((await s.host.store.get("cb-full-2"))?.payment?.state).toBe("paid");

    await s.host.close();
    const again = await restartedHost(s, file);
    try {
      expect((await again.store.get("cb-full-2"))?.payment?.state).toBe("paid");
      expect((await again.store.get("cb-full-3"))?.payment?.state).toBe("waiting");
      // No callback will come: reconcile reads a waiting link's status once it has had none for reconcileAfterMinutes.
      await s.advance(31 * 60_000);
      const run = await fetch(`${again.url}/api/commands/reconcile?locale=en`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(((await run.json()) as { data: { paid: number; errors: number } }).data).toMatchObject({ paid: 1, errors: 0 });
      expect((await again.store.get("cb-full-3"))?.payment?.state).toBe("paid");
    } finally {
      await again.close();
    }
  });

  it("a callback recorded just before the disk filled is answered 200 (it is kept); its processing, refused by the full disk, is finished at the next start", async () => {
    const { s, file, disk, errors } = await fullDiskStory();
    const { mon, paymentLink } = await waitingLink(s, "cb-full-4");
    const storage = s.host.store.pluginStorage;
    const update = storage.update.bind(storage);
    let fillAfterNextWrite = true;
    // The callback's record is the write that goes through; the disk is full when its processing writes the payment.
    storage.update = async (key, fn) => {
      const written = await update(key, fn);
      if (fillAfterNextWrite) {
        fillAfterNextWrite = false;
        await disk.fill(file);
      }
      return written;
    };
    await payAtCheckout(paymentLink);
    expect(await callbackAttempts(s.mock, mon)).toEqual(["1 200 delivered"]);
    expect(fillAfterNextWrite).toBe(false);
    const failed = "background task failed; reconcile will retry";
    await eventually(async () => errors(), (lines) => lines.some((l) => l.msg === failed), s.clock);
    expect(errors().find((l) => l.msg === failed)).toMatchObject({ task: "process-callback", err: { name: "HostOrderFileError" } });
    expect((await s.view("cb-full-4"))?.state).toBe("waiting");

    await disk.free();
    await s.host.close();
    const again = await restartedHost(s, file);
    try {
      // The activation settles what was left open (the recorded callback), with no callback or clerk needed.
      const record = await eventually(async () => (await again.store.get("cb-full-4"))?.payment, (p) => p?.state === "paid", s.clock);
      expect(record).toMatchObject({ state: "paid", sveaReference: expect.any(Number) });
    } finally {
      await again.close();
    }
  });
});
