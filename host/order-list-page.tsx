// The clerk's order list as server-rendered HTML (Hono JSX escapes every value: customer and article names come from users).
import { Hono } from "hono";
import type { FC } from "hono/jsx";
import { NONCE, secureHeaders, type SecureHeadersVariables } from "hono/secure-headers";
import type { Locale, PaymentView } from "../plugin/host-contract/host-contract-types.js";
import { clerkLocaleMiddleware } from "./clerk-locale.js";
import { hostMessage } from "./host-messages.js";
import type { HostOrderStore } from "./host-order-store.js";
import { listOrderViews, type HostOrderView } from "./order-list-query.js";
import type { PluginDispatcher } from "./plugin-dispatcher.js";

type PageEnv = { Variables: SecureHeadersVariables & { language: string } };

const colours: Record<PaymentView["icon"]["colour"], string> = {
  own: "#1f6feb",
  red: "#c62828",
  black: "#111111",
  grey: "#8a8a8a",
  normal: "#2e7d32",
};

const styles = `
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
tr.deleted td{color:#888}
.state-icon{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.4rem;vertical-align:middle}
.notice-warning{color:#8a5a00}.notice-error{color:#c62828}
ul{margin:0;padding-left:1rem}
`;

// Constant text, not user data, so it is inlined raw. The only behaviour on the page: copy the payment link so the clerk can hand it over again.
const copyScript = `document.addEventListener("click",function(e){var b=e.target.closest("[data-copy]");if(!b)return;navigator.clipboard.writeText(b.getAttribute("data-copy"));b.textContent="\\u2713";});`;

const PaymentCell: FC<{ view: PaymentView | null }> = ({ view }) => {
  if (!view) return <td>—</td>;
  return (
    <td data-state={view.state}>
      <span class="state-icon" data-icon={view.icon.name} style={`background:${colours[view.icon.colour]}`} title={view.icon.name}></span>
      {view.label}
      {view.flags.length > 0 && (
        <ul>
          {view.flags.map((f) => (
            <li class="notice-warning" data-flag={f.code}>{f.message}</li>
          ))}
        </ul>
      )}
    </td>
  );
};

// Svea's reference once paid; until then the payment link stands in its place.
const ReferenceCell: FC<{ view: PaymentView | null; locale: Locale }> = ({ view, locale }) => {
  if (view?.sveaReference != null) return <td data-reference>{String(view.sveaReference)}</td>;
  if (view?.paymentLink) {
    return (
      <td>
        <a href={view.paymentLink} data-payment-link>{view.paymentLink}</a>{" "}
        <button type="button" data-copy={view.paymentLink}>{hostMessage(locale, "copy-link")}</button>
      </td>
    );
  }
  return <td>—</td>;
};

export const OrderListPage: FC<{ orders: HostOrderView[]; locale: Locale; nonce: string }> = ({ orders, locale, nonce }) => (
  <html lang={locale}>
    <head>
      <meta charset="utf-8" />
      <title>{hostMessage(locale, "heading-orders")}</title>
      <style nonce={nonce} dangerouslySetInnerHTML={{ __html: styles }} />
    </head>
    <body>
      <h1>{hostMessage(locale, "heading-orders")}</h1>
      {orders.length === 0 ? (
        <p>{hostMessage(locale, "no-orders")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{hostMessage(locale, "column-order")}</th>
              <th>{hostMessage(locale, "column-customer")}</th>
              <th>{hostMessage(locale, "column-total")}</th>
              <th>{hostMessage(locale, "column-payment")}</th>
              <th>{hostMessage(locale, "column-reference")}</th>
              <th>{hostMessage(locale, "column-notices")}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr data-order-id={o.order.id} class={o.deletedAt ? "deleted" : ""}>
                <td>
                  {o.order.number}
                  {o.deletedAt && ` (${hostMessage(locale, "deleted")})`}
                </td>
                <td>{o.order.customer.name ?? ""}</td>
                <td>{`${String(o.order.total)} ${o.order.currency}`}</td>
                <PaymentCell view={o.paymentView} />
                <ReferenceCell view={o.paymentView} locale={locale} />
                <td>
                  <ul>
                    {o.lastNotices.map((n) => (
                      <li class={`notice-${n.severity}`} data-notice={n.code}>{n.message}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: copyScript }} />
    </body>
  </html>
);

/** GET / : the order list, in the clerk's locale, under a CSP that only lets this page's own nonce-tagged style and script run. */
export function orderListPageRoute(deps: { store: HostOrderStore; plugin: PluginDispatcher; defaultLocale: Locale }): Hono<PageEnv> {
  const page = new Hono<PageEnv>();
  page.get(
    "/",
    clerkLocaleMiddleware(deps.defaultLocale),
    secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: [NONCE], scriptSrc: [NONCE] } }),
    async (c) => {
      const locale: Locale = c.get("language") === "en" ? "en" : "sv";
      const orders = await listOrderViews(deps.store, deps.plugin, locale);
      return c.html(<OrderListPage orders={orders} locale={locale} nonce={c.get("secureHeadersNonce") ?? ""} />);
    },
  );
  return page;
}
