// The reference host's own messages to the clerk, in Swedish and English.
import type { Locale } from "../plugin/host-contract/host-contract-types.js";

const messages = {
  "order-not-found": { sv: "Ordern {id} finns inte.", en: "Order {id} does not exist." },
  "api-route-unknown": { sv: "Klient-API:t har ingen {method} {path}.", en: "The clerk API has no {method} {path}." },
  // {order}: the order's number, which the clerk knows (its id where the order has none).
  "order-deleted": { sv: "Ordern {order} är borttagen och kan inte ändras.", en: "Order {order} has been deleted and cannot be changed." },
  "order-changed": {
    sv: "Ordern {id} har ändrats sedan den lästes (If-Match stämmer inte med dess ETag): inget sparades och inget skickades till Svea. Läs ordern igen och gör ändringen på den.",
    en: "Order {id} has changed since it was read (If-Match does not match its ETag): nothing was saved and nothing was sent to Svea. Read the order again and make the change on it.",
  },
  "order-exists": {
    sv: "Det finns redan en order {id} (If-None-Match: *): inget sparades och inget skickades till Svea.",
    en: "An order {id} already exists (If-None-Match: *): nothing was saved and nothing was sent to Svea.",
  },
  "order-invalid": { sv: "Ordern är ogiltig.", en: "The order is invalid." },
  "input-invalid": { sv: "Uppgifterna är ogiltiga.", en: "The input is invalid." },
  "order-id-mismatch": { sv: "Orderns id ({bodyId}) stämmer inte med adressen ({id}).", en: "The order id ({bodyId}) does not match the address ({id})." },
  "unknown-command": { sv: "Kommandot {name} finns inte.", en: "There is no command {name}." },
  "hook-not-declared": { sv: "Tillägget hanterar inte {hook}.", en: "The plugin does not handle {hook}." },
  "plugin-failed": {
    sv: "Betaltillägget kunde inte slutföra åtgärden. Försök igen om en stund.",
    en: "The payment plugin could not complete the action. Try again in a moment.",
  },
  "plugin-restart-required": {
    sv: "Betaltillägget har stannat efter ett misslyckat skrivfel och sparar ingenting förrän värden startas om. Be administratören starta om värden (försök inte igen innan dess).",
    en: "The payment plugin stopped after a failed write and saves nothing until the host is restarted. Ask the administrator to restart the host (trying again before that will not help).",
  },
  "plugin-contract-violation": {
    sv: "Betaltillägget svarade med något värden inte förstår.",
    en: "The payment plugin answered with something the host does not understand.",
  },
  "body-too-large": {
    sv: "Förfrågan är för stor (högst {limit} byte).",
    en: "The request is too large (at most {limit} bytes).",
  },
  "host-not-allowed": {
    sv: "Värden svarar inte på namnet {host}. Är det värdens eget namn (bakom en proxy), lägg till det i allowedHosts (REFERENCE_HOST_ALLOWED_HOSTS eller HOST_ALLOWED_HOSTS).",
    en: "The host does not answer to the name {host}. If it is the host's own name (behind a proxy), add it to allowedHosts (REFERENCE_HOST_ALLOWED_HOSTS or HOST_ALLOWED_HOSTS).",
  },
  "cross-site-request": {
    sv: "Förfrågan kom från en annan webbplats ({origin}) och togs inte emot: kassans API tar bara emot anrop från värdens egna sidor och från servrar.",
    en: "The request came from another site ({origin}) and was refused: the clerk API takes calls only from the host's own pages and from servers.",
  },
  "host-error": { sv: "Värden kunde inte slutföra förfrågan.", en: "The host could not complete the request." },
  "order-file-unwritable": {
    sv: "Ordern kunde inte sparas: värdens orderfil gick inte att skriva (t.ex. full disk). Inget ändrades. Åtgärda felet (se loggen) och spara igen.",
    en: "The order could not be saved: the host's order file could not be written (e.g. a full disk). Nothing was changed. Fix the fault (see the log) and save again.",
  },
  "order-saved-link-may-be-sent": {
    sv: "Ordern är sparad, men värdens orderfil gick inte att skriva medan betaltillägget arbetade (t.ex. full disk), så betalningens läge kan saknas här. Betallänken kan redan ha skickats till kunden. Åtgärda felet (se loggen) och spara ordern igen: det skickar ingen andra länk.",
    en: "The order is saved, but the host's order file could not be written while the payment plugin was working (e.g. a full disk), so the payment's state may be missing here. The payment link may already have been sent to the customer. Fix the fault (see the log) and save the order again: that sends no second link.",
  },
  "order-not-deleted-link-may-be-cancelled": {
    sv: "Ordern är inte borttagen: värdens orderfil gick inte att skriva (t.ex. full disk) sedan betaltillägget börjat ta bort betalningen. Betallänken kan redan vara avbruten hos Svea. Åtgärda felet (se loggen) och ta bort ordern igen.",
    en: "The order is not deleted: the host's order file could not be written (e.g. a full disk) after the payment plugin had started removing the payment. The payment link may already be cancelled at Svea. Fix the fault (see the log) and delete the order again.",
  },
  "order-file-unwritable-in-plugin": {
    sv: "Värdens orderfil gick inte att skriva medan betaltillägget arbetade (t.ex. full disk): det tillägget hann göra hos Svea kan ha skett utan att sparas här. Åtgärda felet (se loggen) och kontrollera orderns betalning innan du försöker igen.",
    en: "The host's order file could not be written while the payment plugin was working (e.g. a full disk): what the plugin did at Svea may have happened without being kept here. Fix the fault (see the log) and check the order's payment before trying again.",
  },
  "plugin-request-not-recorded": {
    sv: "Värdens orderfil gick inte att skriva (t.ex. full disk), så betaltillägget kunde inte spara anropet. Inget ändrades: skicka det igen senare.",
    en: "The host's order file could not be written (e.g. a full disk), so the payment plugin could not record this request. Nothing was changed: send it again later.",
  },
  "order-busy": {
    sv: "Ordern sparas eller tas bort på en annan värdnod just nu (eller så har en nod som slutat svara kvar dess lås i databasen), så ändringen gjordes inte. Inget ändrades. Försök igen om en stund.",
    en: "The order is being saved or deleted on another host node right now (or a node that stopped answering still holds its lock in the database), so the change was not made. Nothing was changed. Try again in a moment.",
  },
  "order-lock-lost": {
    sv: "Orderns lås i databasen förlorades medan ändringen gjordes (databasen startades om eller anslutningen bröts), så ändringen avbröts: det som hann sparas kan stå kvar, och betaltillägget kan ha hunnit göra något hos Svea. Öppna ordern för att se dess läge och spara eller ta bort den igen.",
    en: "The order's lock in the database was lost while the change was being made (the database restarted or the connection dropped), so the change was stopped: what was saved by then may stand, and the payment plugin may have acted at Svea. Open the order to see its state, then save or delete it again.",
  },
  "host-starting": { sv: "Värden startar fortfarande.", en: "The host is still starting." },
} as const satisfies Record<string, Record<Locale, string>>;

export type HostMessageKey = keyof typeof messages;

/** Every message key, which is also the `code` of the host's problem answer that carries it (the README lists them). */
export const HOST_MESSAGE_KEYS = Object.keys(messages) as HostMessageKey[];

export function hostMessage(locale: Locale, key: HostMessageKey, params: Record<string, string> = {}): string {
  return messages[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
