// POST /api/v1/orders/{merchantOrderNumber}/return: credits rows of a Completed order, never more than was sold.
import type { FieldError } from "../../common/json-schema-validator.js";
import { orderTotalMinor, rowTotalMinor } from "../../common/money.js";
import { checkOrderTotal } from "../../common/order-total-rule.js";
import { serverRequestValidators, sveaInstoreSchemas } from "../../common/svea-instore-schemas.js";
import { checkVatRates } from "../merchant-rules.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MerchantConfig, MockOrder } from "../mock-svea-schemas.js";
import { MockSveaError } from "../problem-document.js";
import { matchPropertyNames } from "../property-name-case.js";
import { remainingMinor, replayCredits } from "./credit-arithmetic.js";
import { findOrder } from "./find-order.js";

export async function returnOrder(deps: MockSveaDeps, merchant: MerchantConfig, merchantOrderNumber: string, body: unknown): Promise<MockOrder> {
  const order = findOrder(deps, merchant.id, merchantOrderNumber);
  const checked = serverRequestValidators.returnRequest(matchPropertyNames(body, sveaInstoreSchemas.returnRequest));
  if (!checked.ok) throw new MockSveaError(400, "the return is invalid", checked.errors);
  if (order.orderStatus !== "Completed") {
    throw MockSveaError.invalid("merchantOrderNumber", "orderStatus", `the order is ${order.orderStatus}; only a Completed order can be returned`);
  }
  const items = checked.value.returnedItems;
  const remaining = remainingMinor(order);
  const at = new Date(deps.clock.now()).toISOString();
  let amount: bigint;
  if (items.length === 0) {
    // An empty returnedItems credits the whole order: whatever earlier returns left.
    if (remaining <= 0n) throw MockSveaError.invalid("returnedItems", "creditable", "the order is already credited in full");
    amount = remaining;
  } else {
    const country = deps.merchants.country(merchant, order.request.countryCode);
    const errors: FieldError[] = [...(country ? checkVatRates(items, country, "returnedItems", Date.parse(order.createdAt)) : []), ...checkOrderTotal(items).map((e) => ({ ...e, path: "returnedItems" }))];
    errors.push(...checkPerRow(order, items));
    amount = orderTotalMinor(items);
    if (errors.length === 0 && amount > remaining) {
      errors.push({ path: "returnedItems", rule: "creditable", message: `the return totals ${amount} minor units but only ${remaining} remain creditable` });
    }
    if (errors.length > 0) throw new MockSveaError(400, "the return cannot be credited", errors);
  }
  const returned: MockOrder = { ...order, credits: [...order.credits, { at, kind: "return", items, amountMinor: amount.toString() }] };
  await deps.repo.save(returned);
  return returned;
}

function checkPerRow(order: MockOrder, items: MockOrder["request"]["orderItems"]): FieldError[] {
  const sold = order.request.orderItems;
  const { quantities } = replayCredits(order);
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    // Quantities compare only in the sold unit at the sold price; any other returned row is limited by the amount alone.
    const { draws, over } = quantities.draw(item);
    const row = draws[0]?.row;
    if (row === undefined) return;
    if (over) {
      errors.push({ path: `returnedItems[${i}].quantity`, rule: "creditable", message: `returns ${over.returned / 100} ${item.unit} of "${sold[row]!.name}" in all, but only ${over.sold / 100} ${item.unit} were sold` });
    }
    if (rowTotalMinor(item) < 0n && rowTotalMinor(sold[row]!) >= 0n) {
      errors.push({ path: `returnedItems[${i}].unitPrice`, rule: "creditable", message: "a returned row of a sold item cannot be negative" });
    }
  });
  return errors;
}
