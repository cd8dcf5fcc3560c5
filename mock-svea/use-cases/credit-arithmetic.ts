// How much of a paid order is still creditable, in total and per sold row; returns and cancels both draw on it.
import type { OrderItem } from "../../common/svea-instore-types.js";
import { orderTotalMinor } from "../../common/money.js";
import type { MockOrder } from "../mock-svea-schemas.js";

export function creditedMinor(order: MockOrder): bigint {
  let sum = 0n;
  for (const credit of order.credits) sum += BigInt(credit.amountMinor);
  return sum;
}

export const minBigInt = (a: bigint, b: bigint): bigint => (a < b ? a : b);
export const maxBigInt = (a: bigint, b: bigint): bigint => (a > b ? a : b);

export function remainingMinor(order: MockOrder): bigint {
  return orderTotalMinor(order.request.orderItems) - creditedMinor(order);
}

/** Whether a returned row is a sold row's article: same articleNumber when both have one, otherwise same name and unit price. */
function sameArticle(sold: OrderItem, returned: OrderItem): boolean {
  return sold.articleNumber !== undefined && returned.articleNumber !== undefined
    ? sold.articleNumber === returned.articleNumber
    : sold.name === returned.name && sold.unitPrice === returned.unitPrice;
}

/**
 * Whether a returned row counts the same units at the same price as its sold row, so that their quantities compare:
 * 50000 hundredths of "g" at 0.10 say nothing about the 1.5 "kg" sold. Svea's returned rows need not match the sold
 * ones; only where unit and unitPrice both match does the mock hold a row's returned quantity to what was sold.
 */
export function sameMeasure(sold: OrderItem, returned: OrderItem): boolean {
  return sold.unit === returned.unit && sold.unitPrice === returned.unitPrice;
}

/** A part of a returned row drawn on one sold row (its index): `quantity` hundredths of it, 0 when in another measure. */
export interface RowDraw {
  row: number;
  quantity: number;
}

/** What one returned row drew on; `over` when it took the rows it counts against past what was sold of them. */
export interface ItemDraws {
  draws: RowDraw[];
  over?: { returned: number; sold: number };
}

/**
 * Quantity (hundredths) returned per sold row, built up credit by credit in the order they were made. A returned row
 * with the rowNumber of a sold row of its article draws on that row. Without one (rowNumber is optional, and returned
 * rows need not match the sold ones), it draws on the sold rows of its article in the same measure together, first to
 * last, each up to what it has left: an article sold on two rows (scanned twice) is returned in full as one row or in
 * two returns of one. A returned row in another unit or at another price draws on the first sold row of its article
 * without a quantity (only the amount limits it), and a row of no sold article draws on none.
 */
export class ReturnedQuantities {
  readonly returned: number[];

  constructor(private readonly sold: readonly OrderItem[]) {
    this.returned = sold.map(() => 0);
  }

  /** Counts a returned row against the sold rows and says which it drew on. */
  draw(item: OrderItem): ItemDraws {
    const sold = this.sold;
    const numbered = item.rowNumber === undefined ? -1 : sold.findIndex((s) => s.rowNumber === item.rowNumber && sameArticle(s, item));
    if (numbered >= 0) {
      if (!sameMeasure(sold[numbered]!, item)) return { draws: [{ row: numbered, quantity: 0 }] };
      return this.take([numbered], item.quantity);
    }
    const measured = sold.flatMap((s, i) => (sameArticle(s, item) && sameMeasure(s, item) ? [i] : []));
    if (measured.length > 0) return this.take(measured, item.quantity);
    const first = sold.findIndex((s) => sameArticle(s, item));
    return { draws: first >= 0 ? [{ row: first, quantity: 0 }] : [] };
  }

  /** Counts whole rows credited by their ids (a Payment Admin credit): each row's full quantity on itself. */
  drawRow(row: number): ItemDraws {
    return this.take([row], this.sold[row]!.quantity);
  }

  /** Takes `quantity` from `rows` in turn, each up to what it has left; what none has left goes on the last. */
  private take(rows: readonly number[], quantity: number): ItemDraws {
    const draws: RowDraw[] = [];
    let left = quantity;
    for (const row of rows) {
      const part = Math.min(left, Math.max(0, this.sold[row]!.quantity - this.returned[row]!));
      if (part <= 0) continue;
      this.returned[row]! += part;
      draws.push({ row, quantity: part });
      left -= part;
    }
    if (left <= 0) return { draws: draws.length > 0 ? draws : [{ row: rows[0]!, quantity: 0 }] };
    const last = rows.at(-1)!;
    this.returned[last]! += left;
    if (draws.at(-1)?.row === last) draws.at(-1)!.quantity += left;
    else draws.push({ row: last, quantity: left });
    const sum = (of: (row: number) => number) => rows.reduce((total, row) => total + of(row), 0);
    return { draws, over: { returned: sum((row) => this.returned[row]!), sold: sum((row) => this.sold[row]!.quantity) } };
  }
}

/** Every credit of the order so far, replayed: per credit, per credited item, the sold rows it drew on. */
export function replayCredits(order: MockOrder): { quantities: ReturnedQuantities; draws: RowDraw[][][] } {
  const quantities = new ReturnedQuantities(order.request.orderItems);
  const draws = order.credits.map((credit) =>
    credit.kind === "payment-admin" && credit.orderRowIds
      ? credit.orderRowIds.map((id) => quantities.drawRow(id - 1).draws)
      : credit.items.map((item) => quantities.draw(item).draws),
  );
  return { quantities, draws };
}

/** The sold rows (indexes) an Instore return drew on, in whatever unit or at whatever price. */
export function returnedRows(order: MockOrder): Set<number> {
  const { draws } = replayCredits(order);
  const rows = new Set<number>();
  order.credits.forEach((credit, c) => {
    if (credit.kind === "return") for (const item of draws[c]!) for (const draw of item) rows.add(draw.row);
  });
  return rows;
}
