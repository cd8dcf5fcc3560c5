// Notices the reference host adds to the plugin's own, in Swedish and English: what its order file could not keep.
import type { Locale, Notice } from "../plugin/host-contract/host-contract-types.js";

const notices = {
  "notices-not-kept": {
    sv: "Ordern är sparad och betaltillägget har gjort sitt, men värdens orderfil gick inte att skriva (t.ex. full disk) när de här meddelandena skulle sparas med ordern: de visas bara nu. Åtgärda felet (se loggen).",
    en: "The order is saved and the payment plugin did its part, but the host's order file could not be written (e.g. a full disk) when these notices were to be kept with the order: they are shown only now. Fix the fault (see the log).",
  },
  // The same, when the order book failed otherwise (a database that stopped answering, not the file).
  "notices-not-kept-order-book": {
    sv: "Ordern är sparad och betaltillägget har gjort sitt, men värdens orderbok svarade inte när de här meddelandena skulle sparas med ordern: de visas bara nu. Se loggen.",
    en: "The order is saved and the payment plugin did its part, but the host's order book did not answer when these notices were to be kept with the order: they are shown only now. See the log.",
  },
  "order-not-restored": {
    sv: "Värdens orderfil gick inte att skriva (t.ex. full disk), så ordern kunde inte återställas som den var före sparandet: orderfilen har nu den nekade versionen. Inget skickades till Svea. Åtgärda felet (se loggen) och spara ordern igen.",
    en: "The host's order file could not be written (e.g. a full disk), so the order could not be put back as it was before this save: the order file now holds the refused version. Nothing was sent to Svea. Fix the fault (see the log) and save the order again.",
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type HostNoticeCode = keyof typeof notices;

/** A warning of the host's own, added after the plugin's notices (the README lists the codes). */
export function hostNotice(locale: Locale, code: HostNoticeCode): Notice {
  return { code, severity: "warning", message: notices[code][locale] };
}
