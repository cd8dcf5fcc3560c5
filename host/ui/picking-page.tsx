// The picking list: what may be picked, and what the plugin holds back (unpaid orders) with its reason in the clerk's language.
import type { FC } from "hono/jsx";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import type { PickingList } from "./clerk-api-client.js";
import { Layout, type PageContext } from "./layout.js";
import { uiMessage } from "./ui-messages.js";

const OrderLink: FC<{ order: HostOrder | undefined; id: string }> = ({ order, id }) => (
  <a href={`/orders/${encodeURIComponent(id)}`}>{order?.number ?? id}</a>
);

export const PickingPage: FC<{ ctx: PageContext; picking: PickingList; ordersById: Map<string, HostOrder> }> = ({ ctx, picking, ordersById }) => {
  const t = (key: Parameters<typeof uiMessage>[1]) => uiMessage(ctx.locale, key);
  return (
    <Layout ctx={ctx} title={t("heading-picking")}>
      <h1>{t("heading-picking")}</h1>
      <section aria-labelledby="pickable-heading">
        <h2 id="pickable-heading">{t("picking-ready")}</h2>
        {picking.pickable.length === 0 ? (
          <p>{t("picking-none-ready")}</p>
        ) : (
          <table id="pickable">
            <thead>
              <tr>
                <th scope="col">{t("column-order")}</th>
                <th scope="col">{t("column-customer")}</th>
                <th scope="col" class="num">
                  {t("column-total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {picking.pickable.map((o) => (
                <tr data-order-id={o.id}>
                  <th scope="row">
                    <OrderLink order={o} id={o.id} />
                  </th>
                  <td>{o.customer.name ?? ""}</td>
                  <td class="num">{`${String(o.total)} ${o.currency}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="held-heading">
        <h2 id="held-heading">{t("picking-held")}</h2>
        {picking.heldBack.length === 0 ? (
          <p>{t("picking-none-held")}</p>
        ) : (
          <table id="held-back">
            <thead>
              <tr>
                <th scope="col">{t("column-order")}</th>
                <th scope="col">{t("column-customer")}</th>
                <th scope="col">{t("picking-reason")}</th>
              </tr>
            </thead>
            <tbody>
              {picking.heldBack.map((h) => (
                <tr data-order-id={h.orderId} data-reason={h.reason}>
                  <th scope="row">
                    <OrderLink order={ordersById.get(h.orderId)} id={h.orderId} />
                  </th>
                  <td>{ordersById.get(h.orderId)?.customer.name ?? ""}</td>
                  <td>{h.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
};
