// The clerk's order list: each order's payment state as icon and words, and the payment link (copyable) where Svea's reference would stand.
import type { FC } from "hono/jsx";
import type { Locale, Notice } from "../../plugin/host-contract/host-contract-types.js";
import type { HostOrderView } from "../order-list-query.js";
import { formatInstant } from "./format-instant.js";
import { Layout, NoticeList, NoticesPanel, type PageContext } from "./layout.js";
import { OrderCells, OrderHeadCells } from "./order-cells.js";
import { PaymentReference } from "./payment-reference.js";
import { ScrollBox } from "./scroll-box.js";
import { SandboxPanel, type SandboxStatus } from "./sandbox-panel.js";
import { PaymentState } from "./state-icon.js";
import { uiMessage } from "./ui-messages.js";

export interface OrderListPageProps {
  ctx: PageContext;
  orders: HostOrderView[];
  /** The labels of the payment methods the plugin declares, by code. */
  methodLabels: Record<string, string>;
  /** The notices of the action just done (its redirect's), and the language they were given in. */
  flash: { notices: Notice[]; givenIn?: Locale };
  sandbox: SandboxStatus | null;
}

export const OrderListPage: FC<OrderListPageProps> = ({ ctx, orders, methodLabels, flash, sandbox }) => {
  const { locale } = ctx;
  const t = (key: Parameters<typeof uiMessage>[1], params?: Record<string, string>) => uiMessage(locale, key, params);
  return (
    <Layout ctx={ctx} title={t("heading-orders")}>
      <h1 id="orders-heading">{t("heading-orders")}</h1>
      <NoticesPanel notices={flash.notices} locale={locale} givenIn={flash.givenIn} />
      {orders.length === 0 ? (
        <p>{t("no-orders")}</p>
      ) : (
        <ScrollBox labelledBy="orders-heading">
          <table id="orders">
            <thead>
              <tr>
                <OrderHeadCells locale={locale} />
                <th scope="col">{t("column-payment-method")}</th>
                <th scope="col">{t("column-payment")}</th>
                <th scope="col">{t("column-reference")}</th>
                <th scope="col">{t("column-notices")}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr data-order-id={o.order.id} data-order-number={o.order.number} class={o.deletedAt ? "deleted" : ""}>
                  <OrderCells id={o.order.id} order={o.order} deleted={o.deletedAt !== null} locale={locale} />
                  <td>{methodLabels[o.order.paymentMethod] ?? o.order.paymentMethod}</td>
                  <td class="payment-cell">
                    <PaymentState view={o.paymentView} noneLabel={t("link-state-none")} />
                    {o.paymentView && o.paymentView.flags.length > 0 && (
                      <NoticeList notices={o.paymentView.flags.map((f) => ({ code: f.code, severity: "warning", message: f.message }))} locale={locale} />
                    )}
                  </td>
                  <td class="reference-cell">
                    <PaymentReference view={o.paymentView} locale={locale} orderNumber={o.order.number} />
                  </td>
                  <td class="last-save-cell">
                    <small class="saved-at">{t("saved-at", { time: formatInstant(Date.parse(o.savedAt), ctx.timeZone) })}</small>
                    {/* In the language of the save that gave them: marked when it is not the page's (none claimed for older records). */}
                    <NoticeList notices={o.lastNotices} locale={locale} givenIn={o.noticesLocale} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {sandbox && <SandboxPanel ctx={ctx} status={sandbox} locale={locale} timeZone={ctx.timeZone} />}
    </Layout>
  );
};
