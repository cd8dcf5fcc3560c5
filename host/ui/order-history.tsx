// An order's payment links, oldest first, each with its state: the cancelled link an edit left behind stays visible beside the new one.
import type { FC } from "hono/jsx";
import type { LinkState, Locale, PaymentLink, PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { formatInstant } from "./format-instant.js";
import { ScrollBox } from "./scroll-box.js";
import { StateIcon } from "./state-icon.js";
import { isUiMessageKey, uiMessage } from "./ui-messages.js";

// The contract's link states in the design card's colours; the plugin's view gives colours for the current state only.
const LINK_COLOURS = { waiting: "own", failed: "red", cancelled: "black", expired: "grey", paid: "normal" } as const satisfies Record<LinkState, string>;

/** The reason in the clerk's words; a code this host does not know yet is shown as it is. */
function reasonLabel(reason: string | null | undefined, locale: Locale): string {
  if (reason == null) return "—";
  const key = `link-reason-${reason}`;
  return isUiMessageKey(key) ? uiMessage(locale, key) : reason;
}

/**
 * An instant that may break between its date and its time, never inside either ("2026-12-02" above "07:15 CET"), so
 * the history's two time columns leave room for the rest on a 768 px tablet.
 */
const Instant: FC<{ at: string; timeZone: string }> = ({ at, timeZone }) => {
  const text = formatInstant(Date.parse(at), timeZone);
  const cut = text.indexOf(" ");
  return (
    <time datetime={at}>
      <span class="nowrap">{text.slice(0, cut)}</span>{" "}<span class="nowrap">{text.slice(cut + 1)}</span>
    </time>
  );
};

/**
 * `payment`: the order's payment view. Its paid link (its one paid link, or the one whose payment the view shows) is
 * shown as the view shows the payment (annulled or credited in full: the cancelled bar in black, "Betald, sedan
 * makulerad"), so the history does not call it plainly paid. Another paid link given back (an order paid twice) is
 * shown so too, from its givenBack.
 */
export const OrderHistory: FC<{ links: readonly PaymentLink[]; locale: Locale; timeZone: string; payment?: PaymentView }> = ({ links, locale, timeZone, payment }) => {
  const t = (key: Parameters<typeof uiMessage>[1]) => uiMessage(locale, key);
  const paidLinks = links.filter((l) => l.state === "paid").length;
  const shownAsPayment = (link: PaymentLink) =>
    payment?.state === "paid" && link.state === "paid" && (paidLinks === 1 || (link.paymentOrderId != null && link.paymentOrderId === payment.sveaReference));
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t("history")}</h2>
      {links.length === 0 ? (
        <p>{t("history-empty")}</p>
      ) : (
        <ScrollBox labelledBy="history-heading">
          <table id="history">
            <thead>
              <tr>
                <th scope="col">{t("history-number")}</th>
                <th scope="col">{t("history-state")}</th>
                <th scope="col">{t("history-created")}</th>
                <th scope="col">{t("history-expires")}</th>
                <th scope="col">{t("history-reason")}</th>
                <th scope="col">{t("history-link")}</th>
              </tr>
            </thead>
            <tbody>
              {links.map((link) => (
                <tr data-merchant-order-number={link.merchantOrderNumber} data-link-state={link.state}>
                  <th scope="row">{link.merchantOrderNumber}</th>
                  <td>
                    {shownAsPayment(link) ? (
                      <StateIcon state={link.state} colour={payment!.icon.colour} label={payment!.label} iconName={payment!.icon.name} />
                    ) : link.state === "paid" && link.givenBack ? (
                      <StateIcon state={link.state} colour="black" label={t(`link-state-paid-${link.givenBack}`)} iconName="svea-instore-cancelled" />
                    ) : link.beingChecked ? (
                      // Its create's answer was lost: Svea may hold it, so it is not called failed.
                      <StateIcon state="checking" colour="own" label={t("link-state-checking")} />
                    ) : (
                      <StateIcon state={link.state} colour={LINK_COLOURS[link.state]} label={t(`link-state-${link.state}`)} />
                    )}
                  </td>
                  <td>
                    <Instant at={link.createdAt} timeZone={timeZone} />
                  </td>
                  {/* A link that failed never had an expiry the customer could meet. */}
                  <td>{link.expiresAt && link.state !== "failed" ? <Instant at={link.expiresAt} timeZone={timeZone} /> : "—"}</td>
                  <td data-reason={link.reason ?? undefined}>{reasonLabel(link.reason, locale)}</td>
                  {/* Only a waiting link can still be paid: an old one is not offered to copy and send. */}
                  <td>{link.instoreUiUri && link.state === "waiting" ? <a href={link.instoreUiUri}>{link.instoreUiUri}</a> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
};
