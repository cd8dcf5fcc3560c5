// The customer-facing texts of the checkout page, in Swedish and English.
export type CheckoutLang = "sv" | "en";

export const CHECKOUT_MESSAGES = {
  sv: {
    title: "Betala ditt köp",
    merchant: "Butik",
    order: "Ordernummer",
    article: "Artikel",
    quantity: "Antal",
    unitPrice: "À-pris",
    vat: "Moms",
    rowTotal: "Summa",
    vatOfWhich: "varav moms",
    total: "Att betala",
    expires: "Länken gäller till",
    method: "Betalsätt",
    invoice: "Faktura",
    card: "Kort",
    partPayment: "Delbetalning",
    pay: "Betala",
    decline: "Avböj köpet",
    methodRefused: "Betalsätt: välj faktura, kort eller delbetalning.",
    mockNotice: "Svea-attrapp: här görs ingen riktig betalning.",
    paid: "Tack! Köpet är betalt.",
    declined: "Du har avböjt köpet. Ingen betalning gjordes.",
    expired: "Betallänken har gått ut och kan inte längre användas. Be butiken om en ny länk.",
    canceled: "Köpet är avbrutet och kan inte längre betalas.",
    notFound: "Betallänken finns inte.",
    back: "Tillbaka till butiken",
  },
  en: {
    title: "Pay for your purchase",
    merchant: "Shop",
    order: "Order number",
    article: "Item",
    quantity: "Qty",
    unitPrice: "Unit price",
    vat: "VAT",
    rowTotal: "Amount",
    vatOfWhich: "of which VAT",
    total: "To pay",
    expires: "The link is valid until",
    method: "Payment method",
    invoice: "Invoice",
    card: "Card",
    partPayment: "Part payment",
    pay: "Pay",
    decline: "Decline the purchase",
    methodRefused: "Payment method: choose invoice, card or part payment.",
    mockNotice: "Mock Svea server: no real payment happens here.",
    paid: "Thank you! The purchase is paid.",
    declined: "You declined the purchase. No payment was made.",
    expired: "The payment link has expired and can no longer be used. Ask the shop for a new link.",
    canceled: "The purchase was canceled and can no longer be paid.",
    notFound: "There is no such payment link.",
    back: "Back to the shop",
  },
} as const satisfies Record<CheckoutLang, Record<string, string>>;

export type CheckoutMessages = (typeof CHECKOUT_MESSAGES)[CheckoutLang];

/** Swedish for Swedish orders, English otherwise; `?lang=sv|en` overrides. */
export function checkoutLang(countryCode: string | undefined, override: string | undefined): CheckoutLang {
  if (override === "sv" || override === "en") return override;
  return countryCode === "SE" ? "sv" : "en";
}
