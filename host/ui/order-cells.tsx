// The first three columns every order table shares: the order (a link to its page), the customer, the total.
import type { FC } from "hono/jsx";
import type { HostOrder, Locale } from "../../plugin/host-contract/host-contract-types.js";
import { displayAmount } from "./format-amount.js";
import { uiMessage } from "./ui-messages.js";

export const OrderHeadCells: FC<{ locale: Locale }> = ({ locale }) => (
  <>
    <th scope="col">{uiMessage(locale, "column-order")}</th>
    <th scope="col">{uiMessage(locale, "column-customer")}</th>
    <th scope="col" class="num">
      {uiMessage(locale, "column-total")}
    </th>
  </>
);

/** `order` may be missing when the plugin names an order id the host no longer has; the id then stands in. */
export const OrderCells: FC<{ id: string; order: HostOrder | undefined; deleted?: boolean; locale: Locale }> = ({ id, order, deleted, locale }) => {
  const number = order?.number ?? id;
  return (
    <>
      <th scope="row">
        <a href={`/orders/${encodeURIComponent(id)}`} aria-label={uiMessage(locale, "open-order", { number })}>
          {number}
        </a>
        {deleted && ` (${uiMessage(locale, "deleted")})`}
      </th>
      <td>{order?.customer.name ?? ""}</td>
      <td class="num">{order ? displayAmount(order.total, order.currency, locale) : ""}</td>
    </>
  );
};
