// Cancel is never sent blind: a paced status read before every try decides whether it may be sent at all.
import { POLL_SLOT_MARGIN_MS } from "../../plugin/svea-client/http-svea-instore-client.js";
import { describe, expect, it, vi } from "vitest";
import { SveaAuthError, SveaUnavailableError } from "../../plugin/svea-client/index.js";
import { driveClockWhile } from "../support/drive-manual-clock.js";
import { fakeSveaWithClient, rejectionOf } from "./support/client-test-setup.js";
import { sendJson } from "./support/test-http-server.js";

const CANCEL = /\/cancel$/;
const STATUS = /\/status$/;

describe("cancelOrder", () => {
  it("Active: sends cancel (POST, no body, no Content-Type) and answers canceled", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.addOrder("C-1", "Active");
    const result = await client.cancelOrder("C-1");
    expect(result.outcome).toBe("canceled");
    expect(result.status.orderStatus).toBe("Active");
    expect(fake.orders.get("C-1")?.orderStatus).toBe("Canceled");
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /api/v1/orders/C-1/status", "POST /api/v1/orders/C-1/cancel"]);
    const cancel = server.requests[1]!;
    expect(cancel.body).toBe("");
    expect(cancel.headers["content-type"]).toBeUndefined();
  });

  it("Completed (paid): cancel is NOT sent, because on a paid order it would credit the invoice", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.addOrder("C-2", "Completed");
    const result = await client.cancelOrder("C-2");
    expect(result.outcome).toBe("completed");
    expect(result.status.orderStatus).toBe("Completed");
    expect(server.count("POST", CANCEL)).toBe(0);
    expect(fake.orders.get("C-2")).toMatchObject({ orderStatus: "Completed", credited: false });
  });

  it("already Canceled: succeeds as already-canceled without sending cancel", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.addOrder("C-3", "Canceled");
    const result = await client.cancelOrder("C-3");
    expect(result.outcome).toBe("already-canceled");
    expect(server.count("POST", CANCEL)).toBe(0);
    expect(server.count("GET", STATUS)).toBe(1);
  });

  it("a failed cancel is retried only after a new, paced status read; a cancel that did land counts as canceled", async () => {
    const { client, fake, server, clock } = await fakeSveaWithClient();
    fake.addOrder("C-4", "Active");
    // Svea carries out the first cancel, but the answer is a 503.
    fake.hooks.afterEffect = (req, res) => (req.method === "POST" && server.count("POST", CANCEL) === 1 ? (sendJson(res, 503, { title: "busy", status: 503 }), true) : false);
    const pending = client.cancelOrder("C-4");
    await vi.waitFor(() => expect(clock.pending).toBe(1)); // waiting for the next 5 s poll slot
    expect(server.count("GET", STATUS)).toBe(1);
    clock.advance(5000 + POLL_SLOT_MARGIN_MS);
    const result = await pending;
    expect(result.outcome).toBe("canceled");
    expect(result.status.orderStatus).toBe("Canceled");
    expect(server.count("POST", CANCEL)).toBe(1);
    expect(server.count("GET", STATUS)).toBe(2);
    expect(fake.pollTimes.every((p) => p.answered === 200)).toBe(true);
  });

  // The customer pays between two tries; the first try's answer says whether its cancel may still land (and credit).
  for (const [answer, mayHaveLanded] of [
    [503, true],
    [403, false],
  ] as const) {
    it(`an order paid between two tries is reported completed, cancel not sent again; after a ${answer}, its cancel ${mayHaveLanded ? "may still land" : "proved not sent"}`, async () => {
      const { client, fake, server, clock } = await fakeSveaWithClient();
      fake.addOrder("C-5", "Active");
      fake.hooks.before = (req, res) => {
        if (req.method !== "POST") return false;
        fake.orders.get("C-5")!.orderStatus = "Completed";
        sendJson(res, answer, { title: "busy", status: answer });
        return true;
      };
      const pending = client.cancelOrder("C-5");
      await vi.waitFor(() => expect(clock.pending).toBe(1));
      clock.advance(5000 + POLL_SLOT_MARGIN_MS);
      const result = await pending;
      expect(result.outcome).toBe("completed");
      // A 5xx may have been taken into Svea's queue: the cancel may still credit the payment.
      expect(result.outcome === "completed" && result.cancelMayHaveLanded).toBe(mayHaveLanded ? true : undefined);
      expect(server.count("POST", CANCEL)).toBe(1);
      expect(fake.orders.get("C-5")?.credited).toBe(false);
    });
  }

  // Svea's auth can flap (or the password be rotated), and a busy Svea throttle the retry's reads: neither says whether
  // the cancel that lost its answer was carried out, so the failure must not read as "nothing was cancelled".
  for (const refused of [401, 403] as const) {
    it(`a cancel that may have landed, whose retries' status reads are refused ${refused}: the failure keeps its outcome unknown`, async () => {
      const { client, fake, server, clock } = await fakeSveaWithClient();
      fake.addOrder("C-6", "Active");
      fake.hooks.afterEffect = (req, res) => (req.method === "POST" ? (sendJson(res, 503, { title: "busy", status: 503 }), true) : false);
      fake.hooks.before = (req, res) => (req.method === "GET" && server.count("POST", CANCEL) > 0 ? (sendJson(res, refused, { title: "refused", status: refused }), true) : false);
      const failure = await driveClockWhile(rejectionOf(client.cancelOrder("C-6")), clock);
      expect(fake.orders.get("C-6")?.orderStatus).toBe("Canceled");
      expect(server.count("POST", CANCEL)).toBe(1);
      if (refused === 401) {
        expect(failure).toBeInstanceOf(SveaAuthError);
        expect(failure).toMatchObject({ code: "auth", outcomeUnknown: true });
      } else {
        expect(failure).toBeInstanceOf(SveaUnavailableError);
        expect(failure).toMatchObject({ code: "unavailable", outcomeUnknown: true, status: 403 });
      }
    });
  }

  it("a cancel whose every status read failed (5xx) sent nothing: its failure says the outcome is known", async () => {
    const { client, fake, server, clock } = await fakeSveaWithClient();
    fake.addOrder("C-9", "Active");
    fake.hooks.before = (req, res) => {
      if (req.method !== "GET") return false;
      sendJson(res, 503, { title: "busy", status: 503 });
      return true;
    };
    const error = await driveClockWhile(client.cancelOrder("C-9").catch((e: unknown) => e), clock);
    expect(error).toBeInstanceOf(SveaUnavailableError);
    expect(error).toMatchObject({ outcomeUnknown: false });
    expect(server.count("POST", CANCEL)).toBe(0);
    expect(fake.orders.get("C-9")?.orderStatus).toBe("Active");
  });

  it("an unknown order is a not-found error and nothing is sent", async () => {
    const { client, server } = await fakeSveaWithClient();
    await expect(client.cancelOrder("NOPE")).rejects.toMatchObject({ code: "not-found", status: 404 });
    expect(server.count("POST", CANCEL)).toBe(0);
  });
});
