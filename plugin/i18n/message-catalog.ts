// Every clerk-facing message of the plugin, and what activation tells a shop's administrator about bad settings, in
// Swedish and English side by side so a missing translation is a type error.
// Placeholders are written {name}; both languages of a key use the same set (a test checks it).

import { afterPaymentMessages } from "./after-payment-messages.js";
import { settingsMessages } from "./settings-messages.js";

export interface Translations {
  sv: string;
  en: string;
}

export const messageCatalog = {
  // Refusals: the order is not sent to Svea. The key's last part is the Refusal's `code`.
  "refusal.account-not-configured": {
    sv: "Svea Instore är inte konfigurerat: ange merchant-id och lösenord i betalsättets inställningar.",
    en: "Svea Instore is not configured: enter the merchant id and password in the payment method's settings.",
  },
  "refusal.order-invalid": {
    sv: "Ordern kan inte läsas: {field}: {problem}.",
    en: "The order cannot be read: {field}: {problem}.",
  },
  "refusal.input-invalid": {
    sv: "Uppgiften kan inte användas: {field}: {problem}.",
    en: "The input cannot be used: {field}: {problem}.",
  },
  "refusal.mobile-missing": {
    sv: "Kundkortet saknar mobilnummer. Svea skickar betallänken med SMS, så ett mobilnummer krävs.",
    en: "The customer card has no mobile number. Svea sends the payment link by SMS, so a mobile number is required.",
  },
  "refusal.mobile-invalid": {
    sv: "Mobilnumret {phone} på kundkortet är inte ett giltigt telefonnummer.",
    en: "The mobile number {phone} on the customer card is not a valid phone number.",
  },
  "refusal.mobile-not-mobile": {
    sv: "Numret {phone} på kundkortet är inget mobilnummer (det går inte att ta emot SMS på det).",
    en: "The number {phone} on the customer card is not a mobile number (it cannot receive SMS).",
  },
  "refusal.mobile-wrong-country": {
    sv: "Mobilnumret {phone} hör inte till kundens land ({country}).",
    en: "The mobile number {phone} does not belong to the customer's country ({country}).",
  },
  "refusal.country-unsupported": {
    sv: "Svea Instore finns inte för landet {country}. Möjliga länder: {supported}.",
    en: "Svea Instore is not available for the country {country}. Possible countries: {supported}.",
  },
  "refusal.currency-mismatch": {
    sv: "Valutan {currency} passar inte landet {country}; Svea Instore tar {expected} där.",
    en: "The currency {currency} does not match the country {country}; Svea Instore takes {expected} there.",
  },
  "refusal.vat-invalid": {
    sv: "Momssatsen {vat} % på rad {row} gäller inte i {country}. Giltiga satser: {valid}.",
    en: "The VAT rate {vat} % on row {row} is not valid in {country}. Valid rates: {valid}.",
  },
  "refusal.quantity-invalid": {
    sv: "Antalet {quantity} på rad {row} går inte att skicka till Svea (högst två decimaler, mellan 0,01 och 99 999,99).",
    en: "The quantity {quantity} on row {row} cannot be sent to Svea (at most two decimals, between 0.01 and 99,999.99).",
  },
  "refusal.quantity-negative": {
    sv: "Rad {row} har negativt antal. Skriv en returrad som en rad med negativt pris i stället.",
    en: "Row {row} has a negative quantity. Write a return row as a row with a negative price instead.",
  },
  "refusal.price-invalid": {
    sv: "Priset {price} på rad {row} går inte att skicka till Svea: ett à-pris inkl. moms får vara högst {limit} (och lägst −{limit}).",
    en: "The price {price} on row {row} cannot be sent to Svea: a unit price incl. VAT may be at most {limit} (and at least −{limit}).",
  },
  "refusal.discount-invalid": {
    sv: "Rabatten {discount} % på rad {row} måste ligga mellan 0 och 100 med högst två decimaler.",
    en: "The discount {discount} % on row {row} must be between 0 and 100 with at most two decimals.",
  },
  "refusal.no-rows": {
    sv: "Ordern har inga rader att betala.",
    en: "The order has no rows to pay.",
  },
  "refusal.row-number-duplicate": {
    sv: "Rad {row} har radnummer {rowNumber}, som rad {other} redan har (en rad utan radnummer har sin plats i ordern som nummer). Varje rad behöver ett eget nummer, så att en kreditering eller leverans träffar rätt rad.",
    en: "Row {row} has row number {rowNumber}, which row {other} already has (a row without a row number takes its place in the order as its number). Each row needs a number of its own, so that a credit or delivery reaches the right row.",
  },
  "refusal.total-mismatch": {
    sv: "Orderns total {total} stämmer inte med raderna ({rows}). Kontrollera raderna innan betallänken skickas.",
    en: "The order total {total} does not match its rows ({rows}). Check the rows before the payment link is sent.",
  },
  "refusal.total-not-positive": {
    sv: "Orderns total är {total}. En betallänk skickas bara för ett belopp över noll.",
    en: "The order total is {total}. A payment link is sent only for an amount above zero.",
  },
  "refusal.total-too-large": {
    sv: "Orderns total {total} är mer än en betallänk kan gälla: högst {max}. Dela upp ordern.",
    en: "The order total {total} is more than a payment link can be for: at most {max}. Split the order.",
  },
  "refusal.rows-sum-too-large": {
    sv: "Raderna blir för stora tillsammans: raderna över noll blir {above} och raderna under noll {below}, men var för sig högst {max}. Dela upp ordern.",
    en: "The rows add up to too much together: the rows above zero come to {above} and those below zero to {below}, but each may come to at most {max}. Split the order.",
  },
  "refusal.row-total-too-large": {
    sv: "Rad {row} blir {amount}, mer än en rad kan vara: högst {max} (eller minus lika mycket).",
    en: "Row {row} comes to {amount}, more than a row can be: at most {max} (or minus as much).",
  },
  "refusal.total-invalid": {
    sv: "Orderns total {total} går inte att läsa som ett belopp i {currency}.",
    en: "The order total {total} cannot be read as an amount in {currency}.",
  },
  "refusal.paid-order-delete": {
    sv: "Ordern är betald med Svea Instore och kan inte tas bort. Den måste krediteras.",
    en: "The order has been paid with Svea Instore and cannot be deleted. It must be credited.",
  },
  "refusal.payment-method-near-miss": {
    sv: "Betalsättet ”{given}” är nästan Svea Instores kod men inte den: Svea Instore-ordrar ska ha betalsättet ”{code}”. Rätta koden (annars skickas ingen betallänk och ordern kan plockas obetald) eller välj ett annat betalsätt.",
    en: "The payment method \"{given}\" is almost Svea Instore's code but not it: Svea Instore orders need the payment method \"{code}\". Correct the code (otherwise no payment link is sent and the order could be picked unpaid), or choose another payment method.",
  },
  "refusal.paid-order-method-change": {
    sv: "Ordern är betald med Svea Instore och kan inte byta betalsätt. Kreditera betalningen först.",
    en: "The order has been paid with Svea Instore and cannot change its payment method. Credit the payment first.",
  },
  "refusal.svea-rejected": {
    sv: "Svea avvisade betallänken: {detail}",
    en: "Svea refused the payment link: {detail}",
  },
  "refusal.svea-unavailable": {
    sv: "Svea kunde inte nås just nu. Försök igen om en stund.",
    en: "Svea could not be reached just now. Try again in a moment.",
  },
  "refusal.svea-unauthorized": {
    sv: "Svea godkände inte inloggningen. Kontrollera merchant-id och lösenord i inställningarna.",
    en: "Svea did not accept the credentials. Check the merchant id and password in the settings.",
  },
  "refusal.local-failure": {
    sv: "Betaltillägget kunde inte spara sitt arbete. Felet finns här, inte hos Svea (t.ex. full disk, eller att databasen eller affärssystemets lagring inte svarar). Se loggen, åtgärda felet och försök sedan igen.",
    en: "The plugin could not store its work. The fault is here, not at Svea (e.g. a full disk, or the database or the ERP's storage not answering). See the log, fix the fault, then try again.",
  },
  "refusal.order-busy": {
    sv: "Ordern behandlas redan. Försök igen om en stund.",
    en: "The order is already being processed. Try again in a moment.",
  },
  "refusal.order-taken-over": {
    sv: "En annan server tog över ordern medan detta pågick, så det är inte säkert att allt blev gjort. Inget görs om av sig självt: öppna ordern igen om en stund och se hur den står innan du försöker igen. Det som kan ha nått Svea kontrolleras hos Svea först.",
    en: "Another server took the order over while this ran, so it is not certain everything was done. Nothing is repeated on its own: open the order again in a moment and see where it stands before you try again. Whatever may have reached Svea is checked with Svea first.",
  },

  // Notices: told to the clerk; the order was accepted. The key's last part is the Notice's `code`.
  "notice.phone-normalised": {
    sv: "Mobilnumret skrevs om för Svea: {from} → {to}.",
    en: "The mobile number was rewritten for Svea: {from} → {to}.",
  },
  "notice.currency-defaulted": {
    sv: "Ordern saknade valuta; {currency} används, landets valuta.",
    en: "The order had no currency; {currency}, the country's currency, is used.",
  },
  "notice.price-rounded": {
    sv: "Priset {from} på rad {row} har fler decimaler än {currency} har; Svea får {to} inkl. moms per enhet.",
    en: "The price {from} on row {row} has more decimals than {currency} has; Svea gets {to} incl. VAT per unit.",
  },
  "notice.row-skipped": {
    sv: "Rad {row} ({name}) har antal 0 och skickas inte till Svea.",
    en: "Row {row} ({name}) has quantity 0 and is not sent to Svea.",
  },
  "notice.name-truncated": {
    sv: "Benämningen på rad {row} kortades till Sveas gräns på {max} tecken: \"{to}\".",
    en: "The name on row {row} was cut to Svea's limit of {max} characters: \"{to}\".",
  },
  "notice.unit-truncated": {
    sv: "Enheten på rad {row} kortades till Sveas gräns på {max} tecken: \"{to}\".",
    en: "The unit on row {row} was cut to Svea's limit of {max} characters: \"{to}\".",
  },
  "notice.article-number-truncated": {
    sv: "Artikelnumret på rad {row} kortades till Sveas gräns på {max} tecken: \"{to}\".",
    en: "The article number on row {row} was cut to Svea's limit of {max} characters: \"{to}\".",
  },
  "notice.merchant-data-truncated": {
    sv: "Handlarens data på rad {row} kortades till Sveas gräns på {max} tecken.",
    en: "The merchant data on row {row} was cut to Svea's limit of {max} characters.",
  },
  "notice.customer-type-assumed": {
    sv: "Kundkortet anger inte om kunden är ett företag; Svea får \"privatperson\" eftersom ett person-/organisationsnummer skickas.",
    en: "The customer card does not say whether the customer is a company; Svea gets \"private person\" because an identity number is sent.",
  },
  "notice.unit-defaulted": {
    sv: "Rad {row} saknade enhet; \"{unit}\" skickas till Svea.",
    en: "Row {row} had no unit; \"{unit}\" is sent to Svea.",
  },
  "notice.name-defaulted": {
    sv: "Rad {row} saknade benämning; \"{name}\" skickas till Svea.",
    en: "Row {row} had no name; \"{name}\" is sent to Svea.",
  },
  "notice.rounding-row-added": {
    sv: "En rad \"{name}\" på {amount} lades till så att Sveas total blir exakt orderns total {total}.",
    en: "A row \"{name}\" of {amount} was added so that Svea's total equals the order total {total} exactly.",
  },
  "notice.email-omitted": {
    sv: "E-postadressen skickas inte till Svea: {reason}.",
    en: "The e-mail address is not sent to Svea: {reason}.",
  },
  "notice.sms-will-be-sent": {
    sv: "Ett SMS med betallänken skickas till {phone}.",
    en: "An SMS with the payment link will be sent to {phone}.",
  },
  "notice.sms-failed": {
    sv: "SMS:et till {phone} kunde inte skickas. Ge kunden betallänken på annat sätt: {link}",
    en: "The SMS to {phone} could not be sent. Give the customer the payment link another way: {link}",
  },
  "notice.link-reissued": {
    sv: "Betalningen ändrades: den gamla betallänken makulerades och en ny skickas.",
    en: "The payment changed: the old payment link was cancelled and a new one is sent.",
  },
  // The old link was cancelled, but Svea did not create the new one: the create's own notice follows and says why.
  "notice.link-reissued-sms-failed": {
    sv: "Betalningen ändrades: den gamla betallänken makulerades och en ny skapades, men sms:et med den kunde inte skickas (se nästa meddelande).",
    en: "The payment changed: the old payment link was cancelled and a new one was created, but its SMS could not be sent (see the next message).",
  },
  "notice.link-reissue-failed": {
    sv: "Betalningen ändrades: den gamla betallänken makulerades, men ingen ny länk skickades (se nästa meddelande). Kunden har ingen betallänk just nu.",
    en: "The payment changed: the old payment link was cancelled, but no new link was sent (see the next message). The customer has no payment link at the moment.",
  },
  // The old link was cancelled, and the new one's create has no known outcome (it may have landed): checked with Svea.
  "notice.link-reissue-unconfirmed": {
    sv: "Betalningen ändrades: den gamla betallänken makulerades, men Svea har inte bekräftat den nya (se nästa meddelande).",
    en: "The payment changed: the old payment link was cancelled, but Svea has not confirmed the new one (see the next message).",
  },
  "notice.link-unchanged": {
    sv: "Betalningen är oförändrad; betallänken gäller fortfarande.",
    en: "The payment is unchanged; the payment link is still valid.",
  },
  "notice.link-cancelled": {
    sv: "Betallänken makulerades hos Svea.",
    en: "The payment link was cancelled at Svea.",
  },
  "notice.already-paid-refunded": {
    sv: "Orderns betalning hos Svea är makulerad eller krediterad i sin helhet. Ordern kan inte betalas igen: gör en ny order för en ny betalning.",
    en: "The order's payment at Svea was annulled or credited in full. The order cannot be paid again: make a new order for a new payment.",
  },
  "notice.already-paid": {
    sv: "Ordern är redan betald hos Svea; ingen ny betallänk skickas.",
    en: "The order has already been paid at Svea; no new payment link is sent.",
  },
  "notice.paid-order-currency-changed": {
    sv: "Ordern ändrades efter betalningen till {currency}, men den är betald i {paidCurrency} ({atSvea} hos Svea). Att spara ändrar ingenting hos Svea: betalningen står kvar i {paidCurrency}.",
    en: "The order was changed to {currency} after payment, but it was paid in {paidCurrency} ({atSvea} at Svea). Saving changes nothing at Svea: the payment stays in {paidCurrency}.",
  },
  "notice.paid-order-total-lower": {
    sv: "Ordern ändrades efter betalningen: den är nu på {total}, men hos Svea står den på {atSvea}. Att spara ändrar ingenting hos Svea: kreditera mellanskillnaden {difference}.",
    en: "The order was changed after payment: it now totals {total}, but at Svea it stands at {atSvea}. Saving changes nothing at Svea: credit the difference of {difference}.",
  },
  "notice.paid-order-total-higher": {
    sv: "Ordern ändrades efter betalningen: den är nu på {total}, men hos Svea står den på {atSvea}. Mellanskillnaden {difference} är inte betald; Svea tar inte betalt för mer på en betald order, så ta betalt för den på annat sätt.",
    en: "The order was changed after payment: it now totals {total}, but at Svea it stands at {atSvea}. The difference of {difference} is not paid; Svea cannot charge more on a paid order, so take payment for it another way.",
  },
  "notice.svea-timeout": {
    sv: "Svea svarade inte i tid. Svea kan ändå ha skapat betallänken och skickat sms:et, så ordern visas som att den kontrolleras hos Svea tills Svea har svarat. Spara ordern igen för att skicka länken: den går under samma nummer, så det blir aldrig två länkar.",
    en: "Svea did not answer in time. Svea may still have created the payment link and sent the SMS, so the order shows as being checked with Svea until Svea answers. Save the order again to send the link: it goes under the same number, so there are never two links.",
  },

  // Reasons used inside other messages.
  "reason.email-too-long": { sv: "den är längre än 50 tecken", en: "it is longer than 50 characters" },
  "reason.email-invalid": { sv: "den är inte en giltig e-postadress", en: "it is not a valid e-mail address" },

  // Link states (labels in the order list).
  "state.none": { sv: "Ingen betallänk", en: "No payment link" },
  // The latest link's create has no known outcome (a timeout, or a process stopped before storing Svea's answer).
  "state.checking": {
    sv: "Kontrolleras hos Svea: betallänken kan ha skickats till kunden",
    en: "Being checked with Svea: the payment link may have been sent to the customer",
  },
  "state.waiting": { sv: "Väntar på betalning", en: "Waiting for payment" },
  "state.failed": { sv: "Betallänken misslyckades", en: "Payment link failed" },
  "state.cancelled": { sv: "Makulerad", en: "Cancelled" },
  "state.expired": { sv: "Betallänken har gått ut", en: "Payment link expired" },
  "state.paid": { sv: "Betald", en: "Paid" },
  // A paid order annulled afterwards (order.annul): its state stays paid (Svea's reference stays), its label and icon do not.
  "state.paid-annulled": { sv: "Betald, sedan makulerad", en: "Paid, then annulled" },
  "state.paid-credited": { sv: "Betald, sedan krediterad i sin helhet", en: "Paid, then credited in full" },
  // An annulment, or a credit that would reach what was paid, whose answer was lost (picking holds it as refund-unknown).
  "state.paid-refund-unknown": {
    sv: "Betald, men kan ha återbetalats helt (en makulering eller kreditering har okänt utfall): kontrolleras hos Svea, leverera inte än",
    en: "Paid, but it may have been given back in full (an annulment or credit has an unknown outcome): being checked with Svea, do not deliver yet",
  },
  "state.paid-cancel-may-land": {
    sv: "Betald, men en makulering som skickades före betalningen kan fortfarande kreditera den: kontrolleras hos Svea, leverera inte än",
    en: "Paid, but a cancel sent before the payment may still credit it: being checked with Svea, do not deliver yet",
  },

  // Why a link failed (shown with the failed state).
  "failure.svea-timeout": { sv: "Svea svarade inte i tid", en: "Svea did not answer in time" },
  "failure.svea-unavailable": { sv: "Svea kunde inte nås", en: "Svea could not be reached" },
  "failure.local-failure": {
    sv: "Betaltillägget kunde inte spara sitt arbete (felet finns här, inte hos Svea: t.ex. full disk eller lagringen svarar inte). Se loggen och åtgärda felet",
    en: "The plugin could not store its work (the fault is here, not at Svea: e.g. a full disk or the storage not answering). See the log and fix the fault",
  },
  "notice.create-local-failure": {
    sv: "Betallänken kunde inte sparas: felet finns här, inte hos Svea (t.ex. full disk eller lagringen svarar inte). Svea kan ha skapat länken och skickat sms:et. Se loggen, åtgärda felet och välj sedan \"Kontrollera betalning nu\" innan ordern sparas igen.",
    en: "The payment link could not be stored: the fault is here, not at Svea (e.g. a full disk or the storage not answering). Svea may have created the link and sent the SMS. See the log, fix the fault, then use \"Check payment now\" before saving the order again.",
  },
  "notice.create-outcome-unknown": {
    sv: "Svea svarade med ett fel eller bröt förbindelsen, men kan ändå ha skapat betallänken och skickat sms:et, så ordern visas som att den kontrolleras hos Svea tills Svea har svarat. Spara ordern igen för att skicka länken: den går under samma nummer, så det blir aldrig två länkar.",
    en: "Svea answered with an error or cut the connection, but may still have created the payment link and sent the SMS, so the order shows as being checked with Svea until Svea answers. Save the order again to send the link: it goes under the same number, so there are never two links.",
  },
  "notice.create-unauthorized-outcome-unknown": {
    sv: "Svea godkände inte inloggningen. Kontrollera merchant-id och lösenord i inställningarna. Ett tidigare försök kan ändå ha skapat betallänken och skickat sms:et, så ordern visas som att den kontrolleras hos Svea tills Svea godkänner inloggningen och har svarat. Spara sedan ordern igen för att skicka länken: den går under samma nummer, så det blir aldrig två länkar.",
    en: "Svea did not accept the credentials. Check the merchant id and password in the settings. An earlier attempt may still have created the payment link and sent the SMS, so the order shows as being checked with Svea until Svea accepts the credentials and answers. Then save the order again to send the link: it goes under the same number, so there are never two links.",
  },
  "notice.create-unavailable": {
    sv: "Betallänken kunde inte skapas: Svea kunde inte nås. Ordern är sparad; spara den igen när Svea svarar, så skickas länken.",
    en: "The payment link could not be created: Svea could not be reached. The order is saved; save it again once Svea answers, and the link is sent.",
  },
  "failure.svea-rejected": { sv: "Svea avvisade ordern: {detail}", en: "Svea refused the order: {detail}" },
  "failure.svea-duplicate-order": {
    sv: "Svea har redan en order med ordernumret {number} och avvisade betallänken (409), även med ett nytt nummer. Ingen länk skickades. Kontakta supporten om det upprepas.",
    en: "Svea already holds an order with the number {number} and refused the payment link (409), even under a new number. No link was sent. Contact support if it happens again.",
  },

  // Flags on an order's payment view.
  "flag.paid-then-credited": {
    sv: "Betald, sedan krediterad av makuleringen",
    en: "Paid, then credited by the cancel",
  },
  "flag.extra-payment": {
    sv: "Betald via en länk som ordern inte längre använder: kontrollera om ordern är betald två gånger och återbetala i så fall den ena betalningen",
    en: "Paid through a link the order no longer uses: check whether the order is paid twice and, if so, refund one payment",
  },
  // The same flag once only one of the order's payments stands: asking for a refund then would leave the order unpaid.
  "flag.extra-payment-stands": {
    sv: "Betald via en länk som ordern inte längre använder: orderns andra betalning är återbetald i sin helhet, och den här betalningen gäller",
    en: "Paid through a link the order no longer uses: the order's other payment was given back in full, and this payment stands",
  },
  "flag.extra-payment-given-back": {
    sv: "Betald via en länk som ordern inte längre använder: den här betalningen är återbetald i sin helhet",
    en: "Paid through a link the order no longer uses: this payment was given back in full",
  },

  "flag.paid-other-version": {
    sv: "Betald för en annan version av ordern än den som nu är sparad: jämför ordern med betalningen hos Svea och reglera skillnaden",
    en: "Paid for another version of the order than the one saved now: compare the order with the payment at Svea and settle the difference",
  },

  // Why picking holds an order back.
  "picking.not-paid": {
    sv: "Inte betald med Svea Instore än ({state})",
    en: "Not paid with Svea Instore yet ({state})",
  },
  "picking.credited": {
    sv: "Betalningen med Svea Instore är krediterad i sin helhet: plocka inte ordern",
    en: "The Svea Instore payment was credited in full: do not pick the order",
  },
  "picking.refund-unknown": {
    sv: "En makulering eller kreditering av betalningen har okänt utfall och kontrolleras hos Svea: plocka inte ordern än",
    en: "An annulment, cancel or credit of the payment has an unknown outcome and is being checked with Svea: do not pick the order yet",
  },
  "picking.payment-method-near-miss": {
    sv: "Betalsättet \"{method}\" liknar Svea Instore men är inte dess kod (svea-instore): ingen betallänk har skickats. Plocka inte ordern förrän betalsättet är rättat och ordern sparad.",
    en: "The payment method \"{method}\" looks like Svea Instore but is not its code (svea-instore): no payment link was sent. Do not pick the order until the method is corrected and the order saved.",
  },
  "picking.annulled": {
    sv: "Betalningen med Svea Instore är makulerad: plocka inte ordern",
    en: "The Svea Instore payment was annulled: do not pick the order",
  },

  // The clerk's "check now".
  "check.too-soon": {
    sv: "Betalningen kontrollerades nyss. Försök igen om {seconds} {seconds:sekund|sekunder}.",
    en: "The payment was checked just now. Try again in {seconds} {seconds:second|seconds}.",
  },
  "check.result": { sv: "Betalningens status: {state}.", en: "Payment status: {state}." },
  "check.not-at-svea-yet": {
    sv: "Svea har inte betallänken än, men den kan fortfarande komma fram dit. Spara ordern igen för att skicka den: den går under samma nummer, så det blir aldrig två länkar.",
    en: "Svea does not have the payment link yet, but it may still get there. Save the order again to send it: it goes under the same number, so there are never two links.",
  },

  // Commands.
  "command.verify-credentials.ok": {
    sv: "Inloggningen till Svea Instore fungerar.",
    en: "The Svea Instore credentials work.",
  },
  "command.verify-credentials.bad": {
    sv: "Svea godkände inte merchant-id och lösenord.",
    en: "Svea did not accept the merchant id and password.",
  },
  "command.verify-credentials.not-configured": {
    sv: "Merchant-id och lösenord är inte angivna.",
    en: "The merchant id and password are not set.",
  },
  "command.verify-credentials.error": {
    sv: "Inloggningen kunde inte kontrolleras: {detail}",
    en: "The credentials could not be checked: {detail}",
  },
  "command.expire-links.done": {
    sv: "Betallänkar kontrollerade: {checked}; utgångna: {expired}; betalda: {paid}; kunde inte kontrolleras: {errors} (tas vid nästa körning).",
    en: "Payment links checked: {checked}; expired: {expired}; found paid: {paid}; could not be checked: {errors} (retried on the next run).",
  },
  // What the callback route answers Svea (in defaultLocale: Svea names no language) when it could not record a callback.
  "callback.store-stopped": {
    sv: "Betaltillägget har stannat efter ett misslyckat skrivfel och registrerar ingenting förrän värden startas om: den här återkopplingen registrerades inte. Skicka den igen senare; efter omstarten registreras den.",
    en: "The payment plugin stopped after a failed write and records nothing until the host is restarted: this callback was not recorded. Send it again later; after the restart it is recorded.",
  },
  "schedule.already-run": {
    sv: "{schedule} för {firingAt} har redan körts (av den här eller en annan nod); den här körningen hoppades över.",
    en: "{schedule} for {firingAt} has already run (on this or another node); this run was skipped.",
  },
  "command.reconcile.done": {
    sv: "Order med öppet arbete: {orders}; betallänkar kontrollerade mot Svea: {checked}; betalda: {paid}; fel: {errors} (tas vid nästa körning).",
    en: "Orders with open work: {orders}; payment links checked against Svea: {checked}; found paid: {paid}; errors: {errors} (retried on the next run).",
  },
  ...afterPaymentMessages,
  ...settingsMessages,
} as const satisfies Record<string, Translations>;
