// The text of the payment-link SMS, in Swedish for Swedish orders and in English otherwise.
export function smsText(merchantName: string, link: string, countryCode: string): string {
  return countryCode === "SE"
    ? `${merchantName}: Slutför ditt köp med Svea här: ${link}`
    : `${merchantName}: Complete your purchase with Svea here: ${link}`;
}
