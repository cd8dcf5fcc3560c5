// The picking list: what may be picked, and what the plugin holds back (unpaid orders) with its reason in the clerk's language.
import type { FC } from "hono/jsx";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import type { PickingList } from "./clerk-api-client.js";
import { Layout, type PageContext } from "./layout.js";
import { OrderCells, OrderHeadCells } from "./order-cells.js";
import { ScrollBox } from "./scroll-box.js";
import { uiMessage } from "./ui-messages.js";

export const PickingPage: FC<{ ctx: PageContext; picking: PickingList; ordersById: Map<string, HostOrder> }> = ({ ctx, picking, ordersById }) => {
  const { locale } = ctx;
  const t = (key: Parameters<typeof uiMessage>[1]) => uiMessage(locale, key);
  return (
    <Layout ctx={ctx} title={t("heading-picking")}>
      <h1>{t("heading-picking")}</h1>
      <section aria-labelledby="pickable-heading">
        <h2 id="pickable-heading">{t("picking-ready")}</h2>
        {picking.pickable.length === 0 ? (
          <p>{t("picking-none-ready")}</p>
        ) : (
          <ScrollBox labelledBy="pickable-heading">
            <table id="pickable">
              <thead>
                <tr>
                  <OrderHeadCells locale={locale} />
                </tr>
              </thead>
              <tbody>
                {picking.pickable.map((o) => (
                  <tr data-order-id={o.id}>
                    <OrderCells id={o.id} order={o} locale={locale} />
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
      <section aria-labelledby="held-heading">
        <h2 id="held-heading">{t("picking-held")}</h2>
        {picking.heldBack.length === 0 ? (
          <p>{t("picking-none-held")}</p>
        ) : (
          <ScrollBox labelledBy="held-heading">
            <table id="held-back">
              <thead>
                <tr>
                  <OrderHeadCells locale={locale} />
                  <th scope="col">{t("picking-reason")}</th>
                </tr>
              </thead>
              <tbody>
                {picking.heldBack.map((h) => (
                  <tr data-order-id={h.orderId} data-reason={h.reason}>
                    <OrderCells id={h.orderId} order={ordersById.get(h.orderId)} locale={locale} />
                    <td class="reason">{h.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
    </Layout>
  );
};
