// Property names matched without regard to case, as ASP.NET binds them: in place when they already match, later names winning.
import { describe, expect, it } from "vitest";
import { sveaInstoreSchemas } from "../../common/svea-instore-schemas.js";
import { matchPropertyNames } from "../../mock-svea/property-name-case.js";

const schema = sveaInstoreSchemas.createOrderRequest;

describe("matchPropertyNames", () => {
  it("leaves a body spelled as the schema spells it in place, nested rows included", () => {
    const body = { merchantOrderNumber: "A-1", orderItems: [{ name: "Te", quantity: 100 }] };
    const row = body.orderItems[0];
    const matched = matchPropertyNames(body, schema) as typeof body;
    expect(matched).toBe(body);
    expect(matched.orderItems[0]).toBe(row);
    expect(matched).toEqual({ merchantOrderNumber: "A-1", orderItems: [{ name: "Te", quantity: 100 }] });
  });

  it("renames other spellings, in rows too, keeping unknown names as given", () => {
    const matched = matchPropertyNames({ MerchantOrderNumber: "A-1", OrderItems: [{ NAME: "Te", quantity: 100 }], Extra: 1 }, schema);
    expect(matched).toEqual({ merchantOrderNumber: "A-1", orderItems: [{ name: "Te", quantity: 100 }], Extra: 1 });
  });

  it("lets the later of two spellings win, whichever comes first", () => {
    expect(matchPropertyNames({ merchantOrderNumber: "first", MERCHANTORDERNUMBER: "second" }, schema)).toEqual({ merchantOrderNumber: "second" });
    expect(matchPropertyNames({ MERCHANTORDERNUMBER: "first", merchantOrderNumber: "second" }, schema)).toEqual({ merchantOrderNumber: "second" });
  });
});
