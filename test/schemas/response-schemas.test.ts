// Responses and callbacks: unknown extra fields are accepted, a known field of the wrong type is refused.
import { describe, expect, it } from "vitest";
import { responseValidators } from "../../common/svea-instore-schemas.js";
import { loadSveaInstoreFixture } from "../../fixtures/svea-instore/load-svea-instore-fixture.js";
import { expectAccepted, expectRefused, setPath, type Json } from "./schema-test-helpers.js";

const createResponse = () => loadSveaInstoreFixture("create-order-response.active") as Json;
const statusResponse = () => loadSveaInstoreFixture("order-status-response.completed") as Json;

describe("CreateOrderResponse", () => {
  const validate = responseValidators.createOrderResponse;

  it("accepts the fixture, and unknown extra fields at every level", () => {
    expectAccepted(validate(createResponse()));
    const response = createResponse();
    response.futureField = { nested: true };
    response.orderItems[0].futureRowField = 1;
    expectAccepted(validate(response));
  });

  it("accepts nulls in the optional fields, as ASP.NET serialises them", () => {
    const response = createResponse();
    for (const key of ["tags", "orderItems", "smsSentSuccessfully", "customerInformation", "campaignCode"]) response[key] = null;
    expectAccepted(validate(response));
  });

  it.each<[string, unknown, string, string]>([
    ["paymentOrderId", "12", "paymentOrderId", "type"],
    ["paymentOrderId", 1.5, "paymentOrderId", "type"],
    ["orderStatus", "Paid", "orderStatus", "enum"],
    ["instoreUiUri", "not a uri", "instoreUiUri", "format"],
    ["instoreUiUri", undefined, "instoreUiUri", "required"],
    ["merchantOrderNumber", undefined, "merchantOrderNumber", "required"],
    ["smsSentSuccessfully", "yes", "smsSentSuccessfully", "type"],
    ["orderItems[0].quantity", "100", "orderItems[0].quantity", "type"],
    ["orderItems[0].name", undefined, "orderItems[0].name", "required"],
    ["tags", [1], "tags[0]", "type"],
  ])("%s = %j is refused at %s by %s", (path, value, errorPath, rule) => {
    expectRefused(validate(setPath(createResponse(), path, value)), errorPath, rule);
  });
});

describe("GetOrderStatusResponse", () => {
  const validate = responseValidators.orderStatusResponse;

  it("accepts the Completed fixture with customer information and an extra field", () => {
    expectAccepted(validate(statusResponse()));
    const response = statusResponse();
    response.customerInformation.billingAddress.newAddressField = "x";
    response.extra = [1, 2];
    expectAccepted(validate(response));
    expect(response.extra).toEqual([1, 2]);
  });

  it.each<[string, unknown, string, string]>([
    ["paymentOrderId", "12", "paymentOrderId", "type"],
    ["orderStatus", "active", "orderStatus", "enum"],
    ["orderStatus", undefined, "orderStatus", "required"],
    ["customerInformation.billingAddress.city", 5, "customerInformation.billingAddress.city", "type"],
    ["customerInformation.billingAddress.addressLines", [1], "customerInformation.billingAddress.addressLines[0]", "type"],
    ["customerInformation.emailAddress", false, "customerInformation.emailAddress", "type"],
  ])("%s = %j is refused at %s by %s", (path, value, errorPath, rule) => {
    expectRefused(validate(setPath(statusResponse(), path, value)), errorPath, rule);
  });
});

describe("problem details, acknowledgement, callback", () => {
  it("accepts an ASP.NET problem document and refuses a string status", () => {
    const problem = { type: "https://tools.ietf.org/html/rfc7231#section-6.5.1", title: "One or more validation errors occurred.", status: 400, traceId: "00-abc", errors: { "orderItems[0].name": ["too long"] } };
    expectAccepted(responseValidators.problemDetails(problem));
    expectRefused(responseValidators.problemDetails({ ...problem, status: "400" }), "status", "type");
    expectRefused(responseValidators.problemDetails({ ...problem, errors: { name: "too long" } }), "errors.name", "type");
  });

  it("accepts {} as acknowledgement and refuses a non-object", () => {
    expectAccepted(responseValidators.acknowledgement({}));
    expectRefused(responseValidators.acknowledgement([]), "", "type");
    expectRefused(responseValidators.acknowledgement("ok"), "", "type");
  });

  // Svea documents {} for cancel and return; a 200 carrying an error document is a refusal, not an acknowledgement.
  it.each<[string, unknown]>([
    ["an ASP.NET problem document", { type: "https://tools.ietf.org/html/rfc7231#section-6.5.1", title: "One or more validation errors occurred.", status: 400, errors: { order: ["The order could not be cancelled"] } }],
    ["a problem document with a 5xx status and no errors", { title: "Internal Server Error", status: 500 }],
    ["a status of 400 as text", { status: "400" }],
    ["a status that says error", { status: "Error", message: "Order not found" }],
    ["a statusCode of 409", { statusCode: 409 }],
    ["success: false", { success: false }],
    ["Success: false with an error message", { Success: false, ErrorMessage: "Return not allowed" }],
    ["isSuccess: false", { isSuccess: false }],
    ["ok: false", { ok: false }],
    ["errors, capitalised", { Errors: { MerchantOrderNumber: ["Unknown order"] } }],
    ["an error text", { error: "invalid_request" }],
    ["a non-empty errors list", { errors: ["cancel refused"] }],
    ["an errorCode", { errorCode: 3 }],
    ["an ASP.NET exception", { Message: "An error has occurred.", ExceptionMessage: "Object reference not set", ExceptionType: "System.NullReferenceException" }],
    ["hasErrors: true", { hasErrors: true }],
  ])("refuses %s as acknowledgement", (_name, answer) => {
    expect(responseValidators.acknowledgement(answer).ok).toBe(false);
  });

  it.each<[string, unknown]>([
    ["{}", {}],
    ["a status of 200", { status: 200 }],
    ["a status that says ok", { status: "OK" }],
    ["success: true", { success: true }],
    ["empty error fields", { errors: null, Errors: {}, error: "", errorMessages: [], isError: false }],
    ["an unknown harmless field", { orderId: 5, message: "Order canceled" }],
  ])("accepts %s as acknowledgement", (_name, answer) => {
    expectAccepted(responseValidators.acknowledgement(answer));
  });

  it("a callback needs a merchantOrderNumber of at most 32 characters", () => {
    expectAccepted(responseValidators.callback({ merchantOrderNumber: "10045", extra: 1 }));
    expectRefused(responseValidators.callback({}), "merchantOrderNumber", "required");
    expectRefused(responseValidators.callback({ merchantOrderNumber: "x".repeat(33) }), "merchantOrderNumber", "maxLength");
  });
});
