// Every CreateOrderRequest rule of the API document, as the strict (client) compile of the schema enforces it.
import { describe, expect, it } from "vitest";
import { clientRequestValidators, serverRequestValidators } from "../../common/svea-instore-schemas.js";
import { chars, exampleRequest, expectAccepted, expectRefused, setPath } from "./schema-test-helpers.js";

const validate = clientRequestValidators.createOrderRequest;
const withValue = (path: string, value: unknown) => setPath(exampleRequest(), path, value);
const uriOfLength = (n: number) => {
  const base = "https://shop.example.com/";
  return base + chars(n - base.length);
};
const emailOfLength = (n: number) => `${chars(n - "@example.com".length)}@example.com`;

describe("CreateOrderRequest: the example request", () => {
  it("accepts the example request built from the API document", () => {
    expectAccepted(validate(exampleRequest()));
  });

  it("accepts the smallest valid request (only the required fields)", () => {
    const minimal = {
      merchantOrderNumber: "1",
      countryCode: "SE",
      termsUri: "https://shop.example.com/terms",
      orderItems: [{ name: "A", quantity: 1, unitPrice: 0, vatPercent: 0, unit: "st" }],
    };
    expectAccepted(validate(minimal));
  });
});

describe("CreateOrderRequest: accepted boundary values", () => {
  it.each<[string, unknown]>([
    ["merchantOrderNumber", chars(32)],
    ["merchantOrderNumber", "1"],
    ["orderItems[0].name", chars(40)],
    ["orderItems[0].unit", chars(4)],
    ["orderItems[0].merchantData", chars(255)],
    ["orderItems[0].articleNumber", chars(256)],
    ["termsUri", uriOfLength(500)],
    ["confirmationUri", uriOfLength(500)],
    ["callbackUri", uriOfLength(500)],
    ["termsUri", "http://127.0.0.1:8080/terms?lang=sv"],
    ["presetValues[2].value", emailOfLength(50)],
    ["orderItems[0].quantity", 1],
    ["orderItems[0].quantity", 9_999_999],
    ["orderItems[0].unitPrice", 9_999_999_999_999],
    ["orderItems[1].unitPrice", -9_999_999_999_999],
    ["orderItems[0].unitPrice", 0],
    ["orderItems[0].rowNumber", 2_147_483_647],
    ["orderItems[0].rowNumber", -2_147_483_648],
    ["orderItems[0].discountPercent", 0],
    ["orderItems[0].discountPercent", 10_000],
    ["orderItems[0].vatPercent", 0],
    ["presetValues[1].value", "True"],
    ["presetValues[1].value", "False"],
    ["countryCode", "NO"],
    ["currency", "EUR"],
    ["minutesUntilLinkExpires", 1],
    ["minutesUntilLinkExpires", 2_147_483_647],
    // a number, as Svea's document types it (a double in Svea's own client): fractions of a minute are valid
    ["minutesUntilLinkExpires", 0.5],
    ["minutesUntilLinkExpires", 2.5],
    ["tags", []],
    ["presetValues", []],
  ])("%s = %j is accepted", (path, value) => {
    expectAccepted(validate(withValue(path, value)));
  });

  it.each(["NationalId", "EmailAddress", "PostalCode", "IsCompany"])("attributeName %s is accepted", (name) => {
    const value = name === "IsCompany" ? "True" : name === "EmailAddress" ? "a@b.se" : "12345";
    const request = withValue("presetValues", [
      { attributeName: name, value },
      ...(name === "NationalId" ? [{ attributeName: "IsCompany", value: "False" }] : []),
    ]);
    expectAccepted(validate(request));
  });

  it("accepts an order without presetValues, and presets without NationalId need no IsCompany", () => {
    expectAccepted(validate(withValue("presetValues", undefined)));
    expectAccepted(validate(withValue("presetValues", [{ attributeName: "PostalCode", value: "11122" }])));
  });
});

describe("CreateOrderRequest: refusals name the field path and the rule", () => {
  it.each<[string, unknown, string, string]>([
    // lengths, one past each boundary
    ["merchantOrderNumber", chars(33), "merchantOrderNumber", "maxLength"],
    ["merchantOrderNumber", "", "merchantOrderNumber", "minLength"],
    ["orderItems[0].name", chars(41), "orderItems[0].name", "maxLength"],
    ["orderItems[2].name", "", "orderItems[2].name", "minLength"],
    ["orderItems[0].unit", chars(5), "orderItems[0].unit", "maxLength"],
    ["orderItems[0].merchantData", chars(256), "orderItems[0].merchantData", "maxLength"],
    ["orderItems[0].articleNumber", chars(257), "orderItems[0].articleNumber", "maxLength"],
    ["termsUri", uriOfLength(501), "termsUri", "maxLength"],
    ["confirmationUri", uriOfLength(501), "confirmationUri", "maxLength"],
    ["callbackUri", uriOfLength(501), "callbackUri", "maxLength"],
    ["presetValues[2].value", emailOfLength(51), "presetValues[2].value", "maxLength"],
    // integer ranges
    ["orderItems[0].quantity", 0, "orderItems[0].quantity", "minimum"],
    ["orderItems[0].quantity", 10_000_000, "orderItems[0].quantity", "maximum"],
    ["orderItems[0].unitPrice", 10_000_000_000_000, "orderItems[0].unitPrice", "maximum"],
    ["orderItems[0].unitPrice", -10_000_000_000_000, "orderItems[0].unitPrice", "minimum"],
    ["orderItems[0].rowNumber", 2_147_483_648, "orderItems[0].rowNumber", "maximum"],
    ["orderItems[0].rowNumber", -2_147_483_649, "orderItems[0].rowNumber", "minimum"],
    ["orderItems[0].discountPercent", -1, "orderItems[0].discountPercent", "minimum"],
    ["orderItems[0].discountPercent", 10_001, "orderItems[0].discountPercent", "maximum"],
    ["minutesUntilLinkExpires", 0, "minutesUntilLinkExpires", "exclusiveMinimum"],
    ["minutesUntilLinkExpires", -0.5, "minutesUntilLinkExpires", "exclusiveMinimum"],
    ["minutesUntilLinkExpires", 2_147_483_648, "minutesUntilLinkExpires", "maximum"],
    // integers only
    ["orderItems[0].quantity", 1.5, "orderItems[0].quantity", "type"],
    ["orderItems[0].unitPrice", 1.5, "orderItems[0].unitPrice", "type"],
    ["orderItems[0].vatPercent", 2.5, "orderItems[0].vatPercent", "type"],
    ["orderItems[0].discountPercent", 10.5, "orderItems[0].discountPercent", "type"],
    ["orderItems[0].rowNumber", 1.5, "orderItems[0].rowNumber", "type"],
    ["minutesUntilLinkExpires", "20", "minutesUntilLinkExpires", "type"],
    ["orderItems[0].quantity", "100", "orderItems[0].quantity", "type"],
    // enums and formats
    ["presetValues[0].attributeName", "Phone", "presetValues[0].attributeName", "enum"],
    ["presetValues[1].value", "true", "presetValues[1].value", "enum"],
    ["presetValues[1].value", "Yes", "presetValues[1].value", "enum"],
    ["presetValues[2].value", "not-an-email", "presetValues[2].value", "format"],
    ["presetValues[3].value", "", "presetValues[3].value", "minLength"],
    ["countryCode", "se", "countryCode", "pattern"],
    ["countryCode", "SWE", "countryCode", "pattern"],
    ["countryCode", "", "countryCode", "pattern"],
    ["currency", "sek", "currency", "pattern"],
    ["currency", "SE", "currency", "pattern"],
    ["currency", "SEKK", "currency", "pattern"],
    ["termsUri", "/villkor", "termsUri", "format"],
    ["termsUri", "shop.example.com/villkor", "termsUri", "format"],
    ["confirmationUri", "tack.html", "confirmationUri", "format"],
    ["callbackUri", "not a uri", "callbackUri", "format"],
    ["termsUri", "javascript:alert(1)", "termsUri", "pattern"],
    ["confirmationUri", "data:text/html,hi", "confirmationUri", "pattern"],
    // http(s) without a host: Svea (.NET's Uri) refuses them, and fetch would read http:///127.0.0.1/x as 127.0.0.1
    ["termsUri", "https://", "termsUri", "pattern"],
    ["termsUri", "https:///terms", "termsUri", "pattern"],
    ["termsUri", "https://user@/terms", "termsUri", "pattern"],
    ["confirmationUri", "http://:80/done", "confirmationUri", "pattern"],
    ["callbackUri", "https://", "callbackUri", "pattern"],
    ["callbackUri", "http:///127.0.0.1:8080/cb", "callbackUri", "pattern"],
    ["deferredDelivery", "true", "deferredDelivery", "type"],
    ["requireElectronicIdAuthentication", 1, "requireElectronicIdAuthentication", "type"],
    ["tags", ["ok", 5], "tags[1]", "type"],
    // required and non-empty
    ["merchantOrderNumber", undefined, "merchantOrderNumber", "required"],
    ["countryCode", undefined, "countryCode", "required"],
    ["termsUri", undefined, "termsUri", "required"],
    ["orderItems", undefined, "orderItems", "required"],
    ["orderItems", [], "orderItems", "minItems"],
    ["orderItems[0].name", undefined, "orderItems[0].name", "required"],
    ["orderItems[0].quantity", undefined, "orderItems[0].quantity", "required"],
    ["orderItems[0].unitPrice", undefined, "orderItems[0].unitPrice", "required"],
    ["orderItems[0].vatPercent", undefined, "orderItems[0].vatPercent", "required"],
    ["orderItems[0].unit", undefined, "orderItems[0].unit", "required"],
    ["presetValues[0].value", undefined, "presetValues[0].value", "required"],
    ["presetValues[0].attributeName", undefined, "presetValues[0].attributeName", "required"],
  ])("%s = %j is refused at %s by %s", (path, value, errorPath, rule) => {
    expectRefused(validate(withValue(path, value)), errorPath, rule);
  });

  it("counts text lengths in UTF-16 code units, as Svea's .NET server does: an emoji counts 2, in the client's and the mock's compile", () => {
    const emoji = "\u{1F600}";
    for (const check of [validate, serverRequestValidators.createOrderRequest]) {
      expectAccepted(check(withValue("orderItems[0].name", chars(38) + emoji)));
      expectRefused(check(withValue("orderItems[0].name", chars(39) + emoji)), "orderItems[0].name", "maxLength");
      expectRefused(check(withValue("orderItems[0].unit", `kgs${emoji}`)), "orderItems[0].unit", "maxLength");
      expectRefused(check(withValue("orderItems[0].merchantData", chars(254) + emoji)), "orderItems[0].merchantData", "maxLength");
    }
  });

  it("refuses discountPercent and discountAmount together, naming the row", () => {
    const errors = expectRefused(validate(withValue("orderItems[0].discountAmount", 100)), "orderItems[0]", "not");
    expect(errors.find((e) => e.rule === "not")?.message).toMatch(/discountPercent and discountAmount/);
  });

  it("gives a row that is not an object its type error only, not the two-discounts rule", () => {
    for (const item of [null, 5, "row"]) {
      const errors = expectRefused(validate(withValue("orderItems[0]", item)), "orderItems[0]", "type");
      expect(errors.map((e) => e.rule)).toEqual(["type"]);
    }
  });

  it("refuses NationalId without IsCompany, naming presetValues and the rule", () => {
    const request = withValue("presetValues", [
      { attributeName: "NationalId", value: "197001011234" },
      { attributeName: "PostalCode", value: "11122" },
    ]);
    const errors = expectRefused(validate(request), "presetValues", "contains");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/IsCompany is required/);
  });

  it("reports every violation at once, each with its own path", () => {
    const request = exampleRequest();
    setPath(request, "orderItems[0].name", chars(41));
    setPath(request, "orderItems[1].unit", chars(5));
    setPath(request, "countryCode", "se");
    const result = validate(request);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["orderItems[0].name", "orderItems[1].unit", "countryCode"]));
  });
});

describe("CreateOrderRequest: unknown properties", () => {
  it.each([
    ["paymentMethod", "paymentMethod"],
    ["orderItems[0].colour", "orderItems[0].colour"],
    ["presetValues[0].note", "presetValues[0].note"],
  ])("the strict (client) compile refuses an unknown %s", (path, errorPath) => {
    expectRefused(validate(withValue(path, "x")), errorPath, "additionalProperties");
  });

  it("the lenient (mock) compile accepts unknown properties and drops them", () => {
    const request = exampleRequest();
    request.paymentMethod = "x";
    request.orderItems[0].colour = "red";
    request.presetValues[0].note = "n";
    expectAccepted(serverRequestValidators.createOrderRequest(request));
    expect(request).not.toHaveProperty("paymentMethod");
    expect(request.orderItems[0]).not.toHaveProperty("colour");
    expect(request.presetValues[0]).not.toHaveProperty("note");
    expect(request.orderItems[0].name).toBe("Skrivbordslampa");
  });

  it("the lenient compile still refuses a known field of the wrong shape", () => {
    expectRefused(serverRequestValidators.createOrderRequest(withValue("orderItems[0].name", chars(41))), "orderItems[0].name", "maxLength");
  });
});
