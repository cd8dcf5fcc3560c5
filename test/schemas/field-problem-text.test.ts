// fieldProblem: every rule the schemas use, violated for real through ajv, said in Swedish and in English.
import { describe, expect, it } from "vitest";
import { fieldProblem } from "../../common/field-problem-text.js";
import { SchemaRegistry, type FieldError } from "../../common/json-schema-validator.js";
import { hostContractValidators } from "../../plugin/host-contract/host-contract-schemas.js";

const ID = "https://schemas.svea-instore-plugin.dev/test/field-problem.schema.json";

/** The one field error of `value` against a `{ "field": property }` object schema (strict: unknown properties refused). */
function errorOf(property: object, value: unknown): FieldError {
  const schema = { $id: ID, type: "object", properties: { field: property }, additionalProperties: false };
  const result = new SchemaRegistry([schema]).validator(ID, "strict")({ field: value });
  expect(result.ok).toBe(false);
  const errors = result.ok ? [] : result.errors;
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe("fieldProblem", () => {
  it.each([
    ["type, one", { type: "integer" }, "x", "måste vara ett heltal", "must be a whole number"],
    ["type, several", { type: ["string", "number"] }, true, "måste vara text eller ett tal", "must be text or a number"],
    ["a named pattern", { type: "string", pattern: "^[+-]?\\d+(\\.\\d+)?$" }, "1,5", "måste vara ett decimaltal med punkt, t.ex. 12.50", "must be a decimal number with a point, such as 12.50"],
    ["another pattern", { type: "string", pattern: "^[a-z]+$" }, "A", "måste följa mönstret ^[a-z]+$", "must match the pattern ^[a-z]+$"],
    ["format", { type: "string", format: "email" }, "not-an-email", "måste vara en giltig e-postadress", "must be a valid e-mail address"],
    ["maxLength", { type: "string", maxLength: 4 }, "styck", "får vara högst 4 tecken", "must be at most 4 characters"],
    ["minLength 1", { type: "string", minLength: 1 }, "", "får inte vara tomt", "must not be empty"],
    ["minLength", { type: "string", minLength: 3 }, "ab", "måste vara minst 3 tecken", "must be at least 3 characters"],
    ["minimum", { type: "integer", minimum: 1 }, 0, "måste vara minst 1", "must be at least 1"],
    ["maximum", { type: "integer", maximum: 100 }, 101, "får vara högst 100", "must be at most 100"],
    ["exclusiveMinimum", { type: "number", exclusiveMinimum: 0 }, 0, "måste vara större än 0", "must be more than 0"],
    ["enum", { enum: ["sv", "en"] }, "fi", 'måste vara något av: "sv", "en"', 'must be one of: "sv", "en"'],
    ["const", { const: "svea-instore" }, "card", 'måste vara "svea-instore"', 'must be "svea-instore"'],
    ["minItems 1", { type: "array", minItems: 1 }, [], "måste ha minst en post", "must have at least one entry"],
    ["minItems", { type: "array", minItems: 2 }, [1], "måste ha minst 2 poster", "must have at least 2 entries"],
    ["uniqueItems", { type: "array", uniqueItems: true }, [1, 1], "får inte ha samma värde två gånger", "must not hold the same value twice"],
    ["required", { type: "object", required: ["id"] }, {}, "saknas", "is required"],
    ["additionalProperties", { type: "object", properties: {}, additionalProperties: false }, { extra: 1 }, "är inget känt fält", "is not a known property"],
  ])("%s", (_, property, value, sv, en) => {
    const error = errorOf(property, value);
    expect([fieldProblem(error, "sv"), fieldProblem(error, "en")]).toEqual([sv, en]);
  });

  it("keeps the message of an error that carries no rule values, as a Svea answer's own field errors", () => {
    const fromSvea: FieldError = { path: "mobilePhoneNumber", rule: "svea", message: "The MobilePhoneNumber field is not a valid phone number." };
    expect(fieldProblem(fromSvea, "sv")).toBe(fromSvea.message);
    expect(fieldProblem({ path: "x", rule: "maxLength", message: "too long" }, "sv")).toBe("too long");
  });

  it("says every problem of a host order in the clerk's language, naming each field", () => {
    const checked = hostContractValidators.order({ id: "o1", number: "1", paymentMethod: "svea-instore", currency: "sek", pricesIncludeVat: "yes", customer: {}, rows: [], total: "1,00" });
    expect(checked.ok).toBe(false);
    const said = checked.ok ? [] : checked.errors.map((e) => `${e.path}: ${fieldProblem(e, "sv")}`);
    expect(said).toEqual(
      expect.arrayContaining([
        "currency: måste vara en valutakod med tre versaler, t.ex. SEK",
        "pricesIncludeVat: måste vara true eller false",
        "total: måste vara ett decimaltal med punkt, t.ex. 12.50",
      ]),
    );
    expect(said.join("\n")).not.toMatch(/must|pattern "/);
  });

  it("says only the value's own problem for a nullable field (anyOf with null), not 'must be null' and 'none of the forms'", () => {
    const said = (discountPercent: unknown) => {
      const row = { name: "Kaffe", quantity: "1", unitPrice: "10.00", vatPercent: "25", discountPercent };
      const order = { id: "o1", number: "1", paymentMethod: "svea-instore", currency: "SEK", pricesIncludeVat: true, customer: {}, rows: [row], total: "10.00" };
      const checked = hostContractValidators.order(order);
      return checked.ok ? [] : checked.errors.filter((e) => e.path.startsWith("rows")).map((e) => [e.path, e.rule, fieldProblem(e, "sv")]);
    };
    expect(said("12,5")).toEqual([["rows[0].discountPercent", "pattern", "måste vara ett decimaltal med punkt, t.ex. 12.50"]]);
    expect(said({})).toEqual([["rows[0].discountPercent", "type", "måste vara text eller ett tal"]]);
    expect(said(null)).toEqual([]);
  });

  it("keeps every branch's problem and the summary of an anyOf that is not a nullable value", () => {
    const property = { anyOf: [{ type: "string", enum: ["stage", "production"] }, { type: "string", pattern: "^https?://" }] };
    const schema = { $id: ID, type: "object", properties: { field: property } };
    const result = new SchemaRegistry([schema]).validator(ID, "strict")({ field: "prod" });
    expect(result.ok ? [] : result.errors.map((e) => e.rule)).toEqual(["enum", "pattern", "anyOf"]);
  });
});
