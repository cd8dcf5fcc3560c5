// Text from Svea that no database holds as it is (U+0000, half a character) is replaced by U+FFFD where it enters the
// plugin, in both clients' answers, and a warning says which fields (never their text).
import { describe, expect, it } from "vitest";
import { loadSveaInstoreFixture } from "../../fixtures/svea-instore/load-svea-instore-fixture.js";
import { createRedactor, safeExcerpt } from "../../plugin/svea-client/redact-secrets.js";
import { SveaValidationError } from "../../plugin/svea-client/index.js";
import { createSveaPaymentAdminClient } from "../../plugin/svea-payment-admin-client/index.js";
import { CapturingLogger } from "../plugin/support/plugin-test-kit.js";
import { clientFor, rejectionOf, serve } from "./support/client-test-setup.js";
import { sendJson } from "./support/test-http-server.js";

const FFFD = "\uFFFD";
/** The replacement warnings a logger was given, each as one object with its message. */
const warningsOf = (logger: CapturingLogger) =>
  logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.level === "warn" && "fields" in entry);
const completed = () => structuredClone(loadSveaInstoreFixture("order-status-response.completed")) as Record<string, any>;

describe("text no database holds, in Svea's answers", () => {
  it("a status answer's customer, items and payment type: U+0000 and lone surrogates become U+FFFD, whole emoji stay, one warning names the fields", async () => {
    const answer = completed();
    const billing = answer.customerInformation.billingAddress;
    billing.fullName = "Test\u0000 Testsson";
    billing.city = "Stock\uD83Dholm";
    billing.streetAddress = "Gatan 1 \uD83D\uDE00";
    billing.addressLines = ["Gatan 1", "\uDE00111 22"];
    billing["extra\u0000field"] = "kept";
    answer.paymentMethodType = "Invoice\u0000";
    answer.orderItems[0].name = "Lampa \uDBFF";
    const server = await serve((_req, res) => sendJson(res, 200, answer));
    const logger = new CapturingLogger();
    const status = await clientFor(server.url, { logger }).getOrderStatus(answer.merchantOrderNumber);

    const got = status.customerInformation!.billingAddress!;
    expect(got.fullName).toBe(`Test${FFFD} Testsson`);
    expect(got.city).toBe(`Stock${FFFD}holm`);
    expect(got.streetAddress).toBe("Gatan 1 \uD83D\uDE00");
    expect(got.addressLines).toEqual(["Gatan 1", `${FFFD}111 22`]);
    expect((got as Record<string, unknown>)[`extra${FFFD}field`]).toBe("kept");
    expect(status.paymentMethodType).toBe(`Invoice${FFFD}`);
    expect(status.orderItems![0]!.name).toBe(`Lampa ${FFFD}`);
    expect(status.tags).toEqual(["Butik Stockholm", "Kassa 2"]);

    const warnings = warningsOf(logger);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      msg: expect.stringContaining("replaced with U+FFFD"),
      sveaCall: "status",
      status: 200,
      fieldCount: 6,
      fields: [
        "paymentMethodType",
        "customerInformation.billingAddress.fullName",
        "customerInformation.billingAddress.city",
        "customerInformation.billingAddress.addressLines[1]",
        `customerInformation.billingAddress.extra${FFFD}field`,
        "orderItems[0].name",
      ],
    });
    // The customer's text is never in the log.
    expect(JSON.stringify(warnings)).not.toMatch(/Testsson|Stock|Lampa|kept/);
  });

  it("an answer without such text is handed on as parsed, with no warning", async () => {
    const answer = completed();
    answer.customerInformation.billingAddress.fullName = "Tést \uD83D\uDE00 \\u0000 typed";
    const server = await serve((_req, res) => sendJson(res, 200, answer));
    const logger = new CapturingLogger();
    const status = await clientFor(server.url, { logger }).getOrderStatus(answer.merchantOrderNumber);
    expect(status.customerInformation?.billingAddress?.fullName).toBe("Tést \uD83D\uDE00 \\u0000 typed");
    expect(warningsOf(logger)).toEqual([]);
  });

  it("Svea's refusal (400): its field errors, kept as a failed link's detail, hold no such text either", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 400, { title: "Bad", status: 400, errors: { "$.orderItems[0].name\u0000": ["Name \uD800 is\u0000 bad"] } }),
    );
    const logger = new CapturingLogger();
    const error = await rejectionOf(clientFor(server.url, { logger }).getOrderStatus("10045-20260101T0900"));
    expect(error).toBeInstanceOf(SveaValidationError);
    expect((error as SveaValidationError).fieldErrors).toEqual([{ path: `orderItems[0].name${FFFD}`, rule: "svea", message: `Name ${FFFD} is${FFFD} bad` }]);
    expect(warningsOf(logger)).toMatchObject([{ sveaCall: "status", status: 400, fields: [`errors.$.orderItems[0].name${FFFD}`, `errors.$.orderItems[0].name${FFFD}[0]`] }]);
  });

  it("an excerpt never ends in half a character (an emoji cut at the 200th code unit)", () => {
    const excerpt = safeExcerpt(`${"a".repeat(199)}\uD83D\uDE00 and more`, createRedactor([]));
    expect(excerpt).toBe(`${"a".repeat(199)}…`);
    expect(Buffer.from(excerpt, "utf8").toString("utf8")).toBe(excerpt);
  });

  it("the Payment Admin client's answers too", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, {
        id: 7,
        currency: "SEK",
        orderStatus: "Open",
        orderAmount: 100,
        orderRows: [{ orderRowId: 1, name: "Lampa\u0000", quantity: 100, unitPrice: 100, vatPercent: 2500 }],
        deliveries: [],
      }),
    );
    const logger = new CapturingLogger();
    const read = await createSveaPaymentAdminClient({ baseUrl: server.url, merchantId: "124842", secret: "client-test-secret-0123456789", logger }).getOrder(7);
    expect(read.orderRows?.[0]?.name).toBe(`Lampa${FFFD}`);
    expect(warningsOf(logger)).toMatchObject([{ sveaCall: "payment-admin-read", fields: ["orderRows[0].name"], fieldCount: 1 }]);
  });
});
