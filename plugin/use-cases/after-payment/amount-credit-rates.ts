// Which VAT rates a credit by amount may carry on a paid order: the rates of the goods paid for, and the rounding row's
// 0 % where that row took öre from the customer. order.credit checks an amount's rate by it; the payment view offers it.
import type { OrderItem } from "../../../common/svea-instore-types.js";
import { isRoundingRow } from "../../svea-order/index.js";

/** The paid order's rounding row (0 %, quantity 1, last), if it has one, and the VAT rates of its goods. */
export function goodsAndRounding(items: readonly OrderItem[]): { rounding: OrderItem | undefined; rates: number[] } {
  const last = items.at(-1);
  const rounding = last && isRoundingRow(last) ? last : undefined;
  const goods = rounding ? items.slice(0, -1) : items;
  return { rounding, rates: [...new Set((goods.length > 0 ? goods : items).map((i) => i.vatPercent))] };
}

/**
 * The rates (hundredths of a percent) an amount may be credited at: the goods' rates, and 0 % when a positive rounding
 * row exists (the öre it took are given back at 0 %, as paid). The rounding row's 0 % is otherwise no goods' rate.
 */
export function amountCreditRates(items: readonly OrderItem[]): number[] {
  const { rounding, rates } = goodsAndRounding(items);
  return rounding && rounding.unitPrice > 0 ? [...new Set([...rates, rounding.vatPercent])] : rates;
}
