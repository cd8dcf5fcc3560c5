// ReturnRequest, standalone OrderItem/PresetValue and the merchant order number, as the client compiles them.
import { describe, expect, it } from "vitest";
import { clientRequestValidators, serverRequestValidators } from "../../common/svea-instore-schemas.js";
import { chars, expectAccepted, expectRefused, validRow } from "./schema-test-helpers.js";

describe("ReturnRequest", () => {
  const validate = clientRequestValidators.returnRequest;

  it("accepts an empty returnedItems (credits the whole order) and partial rows", () => {
    expectAccepted(validate({ returnedItems: [] }));
    expectAccepted(validate({ returnedItems: [validRow({ quantity: 50 })] }));
  });

  it.each<[unknown, string, string]>([
    [{}, "returnedItems", "required"],
    [{ returnedItems: [validRow({ name: chars(41) })] }, "returnedItems[0].name", "maxLength"],
    [{ returnedItems: [validRow(), validRow({ quantity: 1.5 })] }, "returnedItems[1].quantity", "type"],
    [{ returnedItems: [validRow({ discountPercent: 1, discountAmount: 1 })] }, "returnedItems[0]", "not"],
    [{ returnedItems: [], reason: "broken" }, "reason", "additionalProperties"],
    [{ returnedItems: "all" }, "returnedItems", "type"],
  ])("%j is refused at %s by %s", (body, path, rule) => {
    expectRefused(validate(body), path, rule);
  });

  it("the lenient compile drops an unknown property instead", () => {
    const body: Record<string, unknown> = { returnedItems: [], reason: "broken" };
    expectAccepted(serverRequestValidators.returnRequest(body));
    expect(body).toEqual({ returnedItems: [] });
  });
});

describe("OrderItem and PresetValue on their own", () => {
  it("paths start at the row itself", () => {
    expectRefused(clientRequestValidators.orderItem(validRow({ unit: chars(5) })), "unit", "maxLength");
    expectRefused(clientRequestValidators.orderItem(validRow({ quantity: -1 })), "quantity", "minimum");
  });

  it.each<[unknown, string, string]>([
    [{ attributeName: "EmailAddress", value: `${chars(39)}@example.com` }, "value", "maxLength"],
    [{ attributeName: "IsCompany", value: "false" }, "value", "enum"],
    [{ attributeName: "Country", value: "SE" }, "attributeName", "enum"],
    [{ attributeName: "PostalCode", value: "11122", isReadonly: "yes" }, "isReadonly", "type"],
  ])("PresetValue %j is refused at %s by %s", (preset, path, rule) => {
    expectRefused(clientRequestValidators.presetValue(preset), path, rule);
  });

  it("accepts a 50-character EmailAddress and any non-empty PostalCode", () => {
    expectAccepted(clientRequestValidators.presetValue({ attributeName: "EmailAddress", value: `${chars(38)}@example.com` }));
    expectAccepted(clientRequestValidators.presetValue({ attributeName: "PostalCode", value: "111 22", isReadonly: true }));
  });
});

describe("merchantOrderNumber on its own (order paths)", () => {
  const validate = clientRequestValidators.merchantOrderNumber;
  it.each([["1"], [chars(32)], ["A/B 1?#"]])("%j is accepted", (value) => expectAccepted(validate(value)));
  it.each<[unknown, string]>([
    ["", "minLength"],
    [chars(33), "maxLength"],
    [12, "type"],
  ])("%j is refused by %s", (value, rule) => {
    expectRefused(validate(value), "", rule);
  });
});

describe("one order-number rule", () => {
  it("create, callback and the standalone schema agree on the merchantOrderNumber limits", async () => {
    const { sveaInstoreSchemas: s } = await import("../../common/svea-instore-schemas.js");
    const limits = (x: { minLength: number; maxLength: number }) => [x.minLength, x.maxLength];
    expect(limits(s.createOrderRequest.properties.merchantOrderNumber)).toEqual(limits(s.merchantOrderNumber));
    expect(limits(s.callback.properties.merchantOrderNumber)).toEqual(limits(s.merchantOrderNumber));
  });
});
