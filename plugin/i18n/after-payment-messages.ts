// The clerk-facing messages of order.credit, order.annul and order.deliver, in Swedish and English side by side.
// Spread into the message catalog; the keys follow its conventions (refusal.<code>, notice.<code>).
import type { Translations } from "./message-catalog.js";

export const afterPaymentMessages = {
  "refusal.not-paid": {
    sv: "Ordern är inte betald med Svea Instore ({state}). Bara en betald order kan krediteras, makuleras eller levereras.",
    en: "The order is not paid with Svea Instore ({state}). Only a paid order can be credited, annulled or delivered.",
  },
  "refusal.cancel-may-land": {
    sv: "En makulering av länken som skickades innan kunden betalade kan fortfarande genomföras hos Svea och kreditera betalningen. Inget gjordes nu: försök igen om {minutes} {minutes:minut|minuter}.",
    en: "A cancel of the link sent before the customer paid may still be carried out at Svea and credit the payment. Nothing was done now: try again in {minutes} {minutes:minute|minutes}.",
  },
  "refusal.cancel-may-land-unread": {
    sv: "En makulering av länken som skickades innan kunden betalade kan fortfarande kreditera betalningen, och Svea kunde inte läsas nu. Inget gjordes: försök igen om en stund.",
    en: "A cancel of the link sent before the customer paid may still credit the payment, and Svea could not be read now. Nothing was done: try again in a while.",
  },
  "refusal.cancel-landed": {
    sv: "Betalningen krediterades av en makulering som skickades innan kunden betalade: ordern är inte längre betald, och inget gjordes.",
    en: "The payment was credited by a cancel sent before the customer paid: the order is no longer paid, and nothing was done.",
  },
  "refusal.already-annulled": {
    sv: "Ordern är redan makulerad hos Svea.",
    en: "The order has already been annulled at Svea.",
  },
  "refusal.after-payment-not-yet": {
    sv: "En tidigare åtgärd på ordern ({action}) har okänt utfall, och Svea visar den inte som utförd än. Den kan fortfarande genomföras hos Svea: försök igen om {minutes} {minutes:minut|minuter}, så görs den inte två gånger.",
    en: "An earlier action on this order ({action}) has an unknown outcome, and Svea does not show it carried out yet. It may still go through at Svea: try again in {minutes} {minutes:minute|minutes}, so it is not done twice.",
  },
  "refusal.earlier-action-carried-out": {
    sv: "Den tidigare åtgärden ({action}), vars svar gick förlorat, var redan utförd hos Svea. Inget mer gjordes nu, så att den inte görs två gånger: kontrollera ordern och upprepa åtgärden om du vill göra en till.",
    en: "The earlier action ({action}), whose answer was lost, had already been carried out at Svea. Nothing more was done now, so it is not done twice: check the order, and repeat the action if you want another.",
  },
  "refusal.other-payment-stands": {
    sv: "Ordern betalades två gånger, och betalningen {givenBack} är redan återbetald i sin helhet. Inget gjordes nu: en begäran utan id kan vara en upprepning av den som gav tillbaka den. För att göra åtgärden på betalningen som står kvar ({standing}), gör den från orderns sida eller skicka den med en Idempotency-Key.",
    en: "This order was paid twice, and payment {givenBack} has already been given back in full. Nothing was done now: a request without an id may be a repeat of the one that gave it back. To act on the payment that stands ({standing}), do it from the order's page or send it with an Idempotency-Key.",
  },
  "refusal.after-payment-pending": {
    sv: "En tidigare åtgärd på ordern ({action}) har okänt utfall hos Svea. Kontrollera ordern i Sveas Payment Admin; med Payment Admin-uppgifter i inställningarna kontrolleras det automatiskt vid nästa försök.",
    en: "An earlier action on this order ({action}) has an unknown outcome at Svea. Check the order in Svea's Payment Admin; with Payment Admin credentials in the settings this is checked automatically on the next try.",
  },
  "refusal.payment-admin-not-configured": {
    sv: "Sveas Payment Admin är inte konfigurerat: ange Payment Admin merchant-id och hemlighet i betalsättets inställningar.",
    en: "Svea's Payment Admin is not configured: enter the Payment Admin merchant id and secret in the payment method's settings.",
  },
  "refusal.credit-what": {
    sv: "Ange antingen rader eller ett belopp att kreditera, inte båda.",
    en: "Give either rows or an amount to credit, not both.",
  },
  "refusal.credit-nothing": {
    sv: "Ange vad som ska krediteras: ett belopp, eller ett antal på minst en rad.",
    en: "Say what to credit: an amount, or a quantity on at least one row.",
  },
  "refusal.credit-row-changed": {
    sv: "Rad {row} är inte raden kunden betalade under det radnumret (där står ”{paid}”): ordern har ändrats sedan betalningen. Kreditera ett belopp i stället.",
    en: "Row {row} is not the row the customer paid for under that row number (that is \"{paid}\"): the order changed since payment. Credit an amount instead.",
  },
  "refusal.credit-row-unknown": {
    sv: "Rad {row} finns inte i den betalda ordern.",
    en: "Row {row} is not in the paid order.",
  },
  "refusal.credit-quantity-invalid": {
    sv: "Antalet {quantity} på rad {row} går inte att kreditera (större än noll, högst två decimaler).",
    en: "The quantity {quantity} on row {row} cannot be credited (greater than zero, at most two decimals).",
  },
  "refusal.credit-row-done": {
    sv: "Rad {row} är redan krediterad i sin helhet.",
    en: "Row {row} has already been credited in full.",
  },
  "refusal.credit-negative": {
    sv: "Raderna krediterar tillsammans {amount}, mindre än ingenting (en rabattrad ensam): kreditera rabattraden tillsammans med raderna den gäller, eller kreditera ett belopp.",
    en: "Together the rows credit {amount}, less than nothing (a discount row on its own): credit the discount row together with the rows it applies to, or credit an amount.",
  },
  "refusal.credit-row-exceeds": {
    sv: "Rad {row}: {quantity} kan inte krediteras; bara {remaining} återstår av raden.",
    en: "Row {row}: {quantity} cannot be credited; only {remaining} of the row remain.",
  },
  "refusal.credit-row-whole": {
    sv: "Rad {row} har en rabatt i kronor och kan bara krediteras hel.",
    en: "Row {row} has a discount amount and can only be credited whole.",
  },
  "refusal.credit-amount-invalid": {
    sv: "Beloppet {amount} går inte att kreditera: det ska vara större än noll och högst {max}, med högst {digits} decimaler.",
    en: "The amount {amount} cannot be credited: it must be more than zero and at most {max}, with at most {digits} decimals.",
  },
  "refusal.credit-vat-required": {
    sv: "Ordern har flera momssatser ({rates} %): ange vilken momssats krediteringen har.",
    en: "The order has more than one VAT rate ({rates} %): give the VAT rate of the credit.",
  },
  "refusal.credit-vat-invalid": {
    sv: "Momssatsen {vat} % finns inte i den betalda ordern.",
    en: "The VAT rate {vat} % is not in the paid order.",
  },
  "refusal.credit-exceeds-rate": {
    sv: "{amount} med {vat} % moms kan inte krediteras: av det som såldes med {vat} % moms återstår {remaining}. En kreditnota får bara ta tillbaka moms som kunden betalade.",
    en: "{amount} at {vat} % VAT cannot be credited: of what was sold at {vat} % VAT, {remaining} remains. A credit note may only return VAT the customer paid.",
  },
  "refusal.credit-exceeds-paid": {
    sv: "{amount} kan inte krediteras: bara {remaining} av det betalda återstår att kreditera.",
    en: "{amount} cannot be credited: only {remaining} of what was paid remains to credit.",
  },
  "refusal.annul-confirmation-required": {
    sv: "Makuleringen görs först när den är bekräftad.",
    en: "The annulment is only carried out once it is confirmed.",
  },
  "refusal.nothing-to-deliver": {
    sv: "Allt i ordern är redan levererat hos Svea.",
    en: "Everything in the order is already delivered at Svea.",
  },
  "refusal.deliver-row-changed": {
    sv: "Rad {row} är inte raden kunden betalade under det radnumret (där står ”{paid}”): ordern har ändrats sedan betalningen. Leverera utan att ange rader, eller i Sveas Payment Admin.",
    en: "Row {row} is not the row the customer paid for under that row number (that is \"{paid}\"): the order changed since payment. Deliver without naming rows, or in Svea's Payment Admin.",
  },
  "refusal.deliver-row-unknown": {
    sv: "Rad {row} finns inte i den betalda ordern hos Svea.",
    en: "Row {row} is not in the paid order at Svea.",
  },
  "refusal.deliver-row-delivered": {
    sv: "Rad {row} är redan levererad.",
    en: "Row {row} is already delivered.",
  },
  "refusal.after-payment-svea": {
    sv: "Svea utförde inte åtgärden: {detail}",
    en: "Svea did not carry out the action: {detail}",
  },
  "refusal.after-payment-unknown-outcome": {
    sv: "Okänt om Svea utförde åtgärden: {detail} Nästa försök kontrollerar först hos Svea och görs inte en gång till om den första blev utförd.",
    en: "Unknown whether Svea carried out the action: {detail} The next try checks at Svea first, and is not done again if the first one was carried out.",
  },
  "refusal.request-id-reused": {
    sv: "Begäran {id} är redan utförd, för något annat än det som nu begärs: inget gjordes. Ge en ny begäran ett nytt id.",
    en: "Request {id} was carried out already, for something other than what is asked now: nothing was done. Give a new request a new id.",
  },
  "notice.request-already-done": {
    sv: "Den här begäran är redan utförd; inget gjordes igen. Betalningen visas som den står nu.",
    en: "This request was carried out already; nothing was done again. The payment is shown as it stands now.",
  },
  "notice.credited-nothing-due": {
    sv: "Det valda är värt 0,00: inget betalades tillbaka och inget skickades till Svea. Raderna räknas som krediterade.",
    en: "What was chosen is worth 0.00: nothing was paid back and nothing was sent to Svea. The rows count as credited.",
  },
  "notice.credit-rounding-added": {
    sv: "Svea avrundar den krediterade delen av rad {row} för sig. En avrundningsrad på {amount} följde med, så att raden krediteras exakt vad den kostade.",
    en: "Svea rounds the credited part of row {row} on its own. A rounding row of {amount} went with it, so the row is credited exactly what it cost.",
  },
  "notice.credited": {
    sv: "{amount} krediterades hos Svea. Krediterat hittills: {credited} av betalda {paid}.",
    en: "{amount} was credited at Svea. Credited so far: {credited} of the {paid} paid.",
  },
  "notice.annul-preview-cancel": {
    sv: "Ordern är inte levererad hos Svea: makuleringen stoppar den i Payment Admin och kunden faktureras inte ({amount}).",
    en: "Svea holds the order as not delivered: the annulment cancels it in Payment Admin and the customer is not invoiced ({amount}).",
  },
  "notice.annul-preview-credit": {
    sv: "Ordern är levererad hos Svea (vid betalningen eller genom Leverera): makuleringen krediterar kunden återstående {amount}.",
    en: "Svea holds the order as delivered (at payment, or through Deliver): the annulment credits the customer the remaining {amount}.",
  },
  // A delivered order already credited in full: the annulment is only recorded, nothing is sent to Svea.
  "notice.annul-preview-nothing-left": {
    sv: "Ordern är redan krediterad i sin helhet hos Svea: makuleringen registreras bara här, inget skickas till Svea.",
    en: "The order has already been credited in full at Svea: the annulment is only recorded here, nothing is sent to Svea.",
  },
  "notice.annulled-cancelled": {
    sv: "Ordern makulerades i Sveas Payment Admin; kunden faktureras inte {amount}.",
    en: "The order was cancelled in Svea's Payment Admin; the customer is not invoiced {amount}.",
  },
  "notice.annulled-credited": {
    sv: "Ordern makulerades: Svea krediterade återstående {amount}.",
    en: "The order was annulled: Svea credited the remaining {amount}.",
  },
  "notice.annulled-nothing-left": {
    sv: "Ordern makulerades: den var redan krediterad i sin helhet, så det fanns inget kvar att kreditera och inget skickades till Svea.",
    en: "The order was annulled: it had already been credited in full, so nothing was left to credit and nothing was sent to Svea.",
  },
  "notice.delivered": {
    sv: "{count} {count:rad|rader} levererades hos Svea (leverans {deliveryId}).",
    en: "{count} {count:row was|rows were} delivered at Svea (delivery {deliveryId}).",
  },
  "notice.pending-settled": {
    sv: "En tidigare åtgärd ({action}) med okänt utfall kontrollerades i Payment Admin: {outcome}.",
    en: "An earlier action ({action}) with an unknown outcome was checked in Payment Admin: {outcome}.",
  },
  // The {action} of the pending-call messages above: what the earlier call was, in the clerk's words.
  "after-payment.action.credit": { sv: "kreditering", en: "credit" },
  "after-payment.action.annul-cancel": { sv: "makulering", en: "annulment" },
  "after-payment.action.annul-credit": { sv: "makulering med kreditering", en: "annulment by credit" },
  "after-payment.action.deliver": { sv: "leverans", en: "delivery" },
  "after-payment.done": { sv: "den var utförd", en: "it had been carried out" },
  "after-payment.not-done": { sv: "den var inte utförd", en: "it had not been carried out" },
  "after-payment.label": {
    sv: "Krediterat {credited} av {paid}",
    en: "Credited {credited} of {paid}",
  },
  "after-payment.label-annulled": {
    sv: "Makulerad; krediterat {credited} av {paid}",
    en: "Annulled; credited {credited} of {paid}",
  },
  "after-payment.label-pending": {
    sv: "{label}. Utfallet av en tidigare {action} är okänt (svaret från Svea kom aldrig fram); det kontrolleras i Sveas Payment Admin före nästa åtgärd",
    en: "{label}. The outcome of an earlier {action} is unknown (Svea's answer never arrived); it is checked in Svea's Payment Admin before the next action",
  },
  "after-payment.credit-row-name": { sv: "Kreditering", en: "Credit" },
  "after-payment.credit-rounding-row-name": { sv: "Öresavrundning, rad {row}", en: "Rounding, row {row}" },
} as const satisfies Record<string, Translations>;
