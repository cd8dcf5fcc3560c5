// The bad-input catalogue: every row names an input and the exact error or notice the clerk or the API caller sees.
import type { HostOrder, Locale } from "../../plugin/host-contract/host-contract-types.js";

/** The order every plugin row starts from: one Swedish row, 100.00 SEK incl. VAT, a valid mobile number. */
export const baseOrder: HostOrder = {
  id: "bad-1",
  number: "7001",
  paymentMethod: "svea-instore",
  currency: "SEK",
  pricesIncludeVat: true,
  customer: { id: "c-1", name: "Anna Andersson", countryCode: "SE", mobilePhone: "+46701234567", customerType: "private" },
  rows: [{ rowNumber: 1, articleNumber: "A1", name: "Chair", quantity: "1", unit: "st", unitPrice: "100.00", vatPercent: "25" }],
  total: "100.00",
};

export interface ClerkMessage {
  code: string;
  /** Absent when the problem is not in the order (the account's settings). */
  field?: string;
  message: string;
}

/** A case through the real `order.save` hook of an activated plugin talking to a mock Svea on 127.0.0.1. */
export interface SaveCase {
  case: string;
  layer: "order.save";
  locale: Locale;
  /** What the clerk typed, in words. */
  input: string;
  /** The base order with this case's change. */
  change: (order: HostOrder) => void;
  /** Settings that differ from a configured account (e.g. no credentials). */
  settings?: Record<string, unknown>;
  expect:
    | { refused: ClerkMessage[] }
    | { notice: ClerkMessage; sveaHolds?: Record<string, unknown> }
    | { accepted: true; noticeCodes: string[]; sveaHolds: Record<string, unknown> };
}

/** A raw HTTP request to the mock Svea's API. */
export interface MockApiCase {
  case: string;
  layer: "mock-api";
  input: string;
  request: {
    method: "GET" | "POST";
    path: string;
    credentials: "merchant" | "wrong-password" | "none";
    contentType?: string;
    body?: string;
  };
  expect: { status: number; detail?: string; errors?: Record<string, string[]> };
}

/** A raw HTTP request to the plugin's callback route, for the link of a freshly saved order. */
export interface CallbackCase {
  case: string;
  layer: "callback";
  input: string;
  request: { token: "valid" | "forged" | "other-order" | "short" | "unknown-key"; order?: "saved" | "unknown"; body: string; contentType?: string };
  expect: { status: number; body: unknown; recorded: boolean };
}

export type CatalogueRow = SaveCase | MockApiCase | CallbackCase;

const en = "en" as const;
const sv = "sv" as const;
const row0 = (o: HostOrder) => o.rows[0]!;
const MOBILE = "customer.mobilePhone";

const save = (c: Omit<SaveCase, "layer" | "locale"> & { locale?: Locale }): SaveCase => ({ layer: "order.save", locale: en, ...c });

export const HUGE_JSON = JSON.stringify({ merchantOrderNumber: "huge-1", padding: "a".repeat(1024 * 1024) });

export const catalogue: CatalogueRow[] = [
  // Phone numbers.
  save({
    case: "empty mobile number",
    input: 'customer.mobilePhone ""',
    change: (o) => void (o.customer.mobilePhone = ""),
    expect: { refused: [{ code: "mobile-missing", field: MOBILE, message: "The customer card has no mobile number. Svea sends the payment link by SMS, so a mobile number is required." }] },
  }),
  save({
    case: "no mobile number (null), in Swedish",
    locale: sv,
    input: "customer.mobilePhone null",
    change: (o) => void (o.customer.mobilePhone = null),
    expect: { refused: [{ code: "mobile-missing", field: MOBILE, message: "Kundkortet saknar mobilnummer. Svea skickar betallänken med SMS, så ett mobilnummer krävs." }] },
  }),
  save({
    case: "a Stockholm landline",
    input: 'customer.mobilePhone "08-123 456 78"',
    change: (o) => void (o.customer.mobilePhone = "08-123 456 78"),
    expect: { refused: [{ code: "mobile-not-mobile", field: MOBILE, message: "The number 08-123 456 78 on the customer card is not a mobile number (it cannot receive SMS)." }] },
  }),
  save({
    case: "a Norwegian mobile on a Swedish card",
    input: 'customer.mobilePhone "+4791234567", countryCode SE',
    change: (o) => void (o.customer.mobilePhone = "+4791234567"),
    expect: { refused: [{ code: "mobile-wrong-country", field: MOBILE, message: "The mobile number +4791234567 does not belong to the customer's country (SE)." }] },
  }),
  save({
    case: "not a phone number at all, in Swedish",
    locale: sv,
    input: 'customer.mobilePhone "12"',
    change: (o) => void (o.customer.mobilePhone = "12"),
    expect: { refused: [{ code: "mobile-invalid", field: MOBILE, message: "Mobilnumret 12 på kundkortet är inte ett giltigt telefonnummer." }] },
  }),
  save({
    case: "mobile typed with spaces",
    input: 'customer.mobilePhone "070 123 45 67"',
    change: (o) => void (o.customer.mobilePhone = "070 123 45 67"),
    expect: {
      notice: { code: "phone-normalised", field: MOBILE, message: "The mobile number was rewritten for Svea: 070 123 45 67 → +46701234567." },
      sveaHolds: { mobilePhoneNumber: "+46701234567" },
    },
  }),
  save({
    case: "mobile typed with dashes",
    input: 'customer.mobilePhone "070-123-45-67"',
    change: (o) => void (o.customer.mobilePhone = "070-123-45-67"),
    expect: {
      notice: { code: "phone-normalised", field: MOBILE, message: "The mobile number was rewritten for Svea: 070-123-45-67 → +46701234567." },
      sveaHolds: { mobilePhoneNumber: "+46701234567" },
    },
  }),
  save({
    case: "mobile with a 00 prefix, in Swedish",
    locale: sv,
    input: 'customer.mobilePhone "0046701234567"',
    change: (o) => void (o.customer.mobilePhone = "0046701234567"),
    expect: {
      notice: { code: "phone-normalised", field: MOBILE, message: "Mobilnumret skrevs om för Svea: 0046701234567 → +46701234567." },
      sveaHolds: { mobilePhoneNumber: "+46701234567" },
    },
  }),
  save({
    case: "blanks around an E.164 number are no change worth a notice",
    input: 'customer.mobilePhone " +46701234567 "',
    change: (o) => void (o.customer.mobilePhone = " +46701234567 "),
    expect: { accepted: true, noticeCodes: ["sms-will-be-sent"], sveaHolds: { mobilePhoneNumber: "+46701234567" } },
  }),

  // Amounts.
  save({
    case: "a negative price making a negative total",
    input: 'rows[0].unitPrice "-100.00", total "-100.00"',
    change: (o) => {
      row0(o).unitPrice = "-100.00";
      o.total = "-100.00";
    },
    expect: { refused: [{ code: "total-not-positive", field: "total", message: "The order total is -100.00 SEK. A payment link is sent only for an amount above zero." }] },
  }),
  save({
    case: "a negative quantity",
    input: 'rows[0].quantity "-1", total "-100.00"',
    change: (o) => {
      row0(o).quantity = "-1";
      o.total = "-100.00";
    },
    expect: { refused: [{ code: "quantity-negative", field: "rows[0].quantity", message: "Row 1 has a negative quantity. Write a return row as a row with a negative price instead." }] },
  }),
  save({
    case: "a zero total",
    input: 'rows[0].unitPrice "0", total "0"',
    change: (o) => {
      row0(o).unitPrice = "0";
      o.total = "0";
    },
    expect: { refused: [{ code: "total-not-positive", field: "total", message: "The order total is 0.00 SEK. A payment link is sent only for an amount above zero." }] },
  }),
  save({
    case: "a zero total, in Swedish",
    locale: sv,
    input: 'rows[0].unitPrice "0.00", total "0.00"',
    change: (o) => {
      row0(o).unitPrice = "0.00";
      o.total = "0.00";
    },
    expect: { refused: [{ code: "total-not-positive", field: "total", message: "Orderns total är 0,00 SEK. En betallänk skickas bara för ett belopp över noll." }] },
  }),
  save({
    case: "a negative row (a return) inside a positive total is fine",
    input: 'a second row "Return" quantity 1 at "-40.00", total "60.00"',
    change: (o) => {
      o.rows.push({ rowNumber: 2, articleNumber: "A1", name: "Return", quantity: "1", unit: "st", unitPrice: "-40.00", vatPercent: "25" });
      o.total = "60.00";
    },
    expect: { accepted: true, noticeCodes: ["sms-will-be-sent"], sveaHolds: { "orderItems[1].unitPrice": -4000 } },
  }),
  save({
    case: "a price with 3 decimals",
    input: 'rows[0].unitPrice "99.995", total "100.00"',
    change: (o) => void (row0(o).unitPrice = "99.995"),
    expect: {
      notice: { code: "price-rounded", field: "rows[0].unitPrice", message: "The price 99.995 on row 1 has more decimals than SEK has; Svea gets 100.00 SEK incl. VAT per unit." },
      sveaHolds: { "orderItems[0].unitPrice": 10000 },
    },
  }),
  save({
    case: "a fractional quantity with two decimals becomes hundredths",
    input: 'rows[0].quantity "1.5", total "150.00"',
    change: (o) => {
      row0(o).quantity = "1.5";
      o.total = "150.00";
    },
    expect: { accepted: true, noticeCodes: ["sms-will-be-sent"], sveaHolds: { "orderItems[0].quantity": 150, "orderItems[0].unitPrice": 10000 } },
  }),
  save({
    case: "a quantity with three decimals",
    input: 'rows[0].quantity "1.555"',
    change: (o) => {
      row0(o).quantity = "1.555";
      o.total = "155.50";
    },
    expect: { refused: [{ code: "quantity-invalid", field: "rows[0].quantity", message: "The quantity 1.555 on row 1 cannot be sent to Svea (at most two decimals, between 0.01 and 99,999.99)." }] },
  }),
  save({
    case: "a quantity past Svea's maximum",
    input: 'rows[0].quantity "100000", total "10000000.00"',
    change: (o) => {
      row0(o).quantity = "100000";
      o.total = "10000000.00";
    },
    expect: { refused: [{ code: "quantity-invalid", field: "rows[0].quantity", message: "The quantity 100000 on row 1 cannot be sent to Svea (at most two decimals, between 0.01 and 99,999.99)." }] },
  }),
  save({
    case: "a quantity that is not a number",
    input: 'rows[0].quantity "abc"',
    change: (o) => void (row0(o).quantity = "abc"),
    expect: { refused: [{ code: "order-invalid", field: "rows[0].quantity", message: "The order cannot be read: order.rows[0].quantity: must be a decimal number with a point, such as 12.50." }] },
  }),
  save({
    case: "a zero-quantity row is left out, said so",
    input: 'a second row "Gift wrap" quantity "0"',
    change: (o) => void o.rows.push({ rowNumber: 2, name: "Gift wrap", quantity: "0", unit: "st", unitPrice: "10.00", vatPercent: "25" }),
    expect: { notice: { code: "row-skipped", field: "rows[1].quantity", message: "Row 2 (Gift wrap) has quantity 0 and is not sent to Svea." }, sveaHolds: { "orderItems.length": 1 } },
  }),
  save({
    case: "a discount over 100 %",
    input: 'rows[0].discountPercent "120"',
    change: (o) => void (row0(o).discountPercent = "120"),
    expect: { refused: [{ code: "discount-invalid", field: "rows[0].discountPercent", message: "The discount 120 % on row 1 must be between 0 and 100 with at most two decimals." }] },
  }),
  save({
    case: "an order total that does not match its rows",
    input: 'total "99.00" for rows worth 100.00',
    change: (o) => void (o.total = "99.00"),
    expect: { refused: [{ code: "total-mismatch", field: "total", message: "The order total 99.00 SEK does not match its rows (100.00 SEK). Check the rows before the payment link is sent." }] },
  }),

  // VAT and currency.
  save({
    case: "a VAT rate Sweden does not have",
    input: 'rows[0].vatPercent "7"',
    change: (o) => void (row0(o).vatPercent = "7"),
    expect: { refused: [{ code: "vat-invalid", field: "rows[0].vatPercent", message: "The VAT rate 7 % on row 1 is not valid in SE. Valid rates: 0, 6, 12, 25." }] },
  }),
  save({
    case: "a Finnish VAT rate on a Swedish order, in Swedish",
    locale: sv,
    input: 'rows[0].vatPercent "24"',
    change: (o) => void (row0(o).vatPercent = "24"),
    expect: { refused: [{ code: "vat-invalid", field: "rows[0].vatPercent", message: "Momssatsen 24 % på rad 1 gäller inte i SE. Giltiga satser: 0, 6, 12, 25." }] },
  }),
  save({
    case: "a missing currency",
    input: "currency absent",
    change: (o) => void delete (o as Partial<HostOrder>).currency,
    expect: { refused: [{ code: "order-invalid", field: "currency", message: "The order cannot be read: order.currency: is required." }] },
  }),
  save({
    case: "a currency that does not match the country",
    input: 'currency "EUR", countryCode SE',
    change: (o) => void (o.currency = "EUR"),
    expect: { refused: [{ code: "currency-mismatch", field: "currency", message: "The currency EUR does not match the country SE; Svea Instore takes SEK there." }] },
  }),
  save({
    case: "a country Svea Instore does not serve",
    input: 'countryCode "US", mobilePhone "+12025550123"',
    change: (o) => {
      o.customer.countryCode = "US";
      o.customer.mobilePhone = "+12025550123";
    },
    expect: { refused: [{ code: "country-unsupported", field: "customer.countryCode", message: "Svea Instore is not available for the country US. Possible countries: SE, NO, FI, DK." }] },
  }),

  // Text limits.
  save({
    case: "a 41-character article name",
    input: 'rows[0].name "x" × 41',
    change: (o) => void (row0(o).name = "x".repeat(41)),
    expect: {
      notice: { code: "name-truncated", field: "rows[0].name", message: `The name on row 1 was cut to Svea's limit of 40 characters: "${"x".repeat(40)}".` },
      sveaHolds: { "orderItems[0].name": "x".repeat(40) },
    },
  }),
  save({
    case: "a 45-character non-Latin name is cut on a character boundary",
    input: 'rows[0].name "茶" × 45',
    change: (o) => void (row0(o).name = "茶".repeat(45)),
    expect: {
      notice: { code: "name-truncated", field: "rows[0].name", message: `The name on row 1 was cut to Svea's limit of 40 characters: "${"茶".repeat(40)}".` },
      sveaHolds: { "orderItems[0].name": "茶".repeat(40) },
    },
  }),
  save({
    case: "emoji never cut in half",
    input: 'rows[0].name "🫖" × 41',
    change: (o) => void (row0(o).name = "🫖".repeat(41)),
    expect: { notice: { code: "name-truncated", field: "rows[0].name", message: `The name on row 1 was cut to Svea's limit of 40 characters: "${"🫖".repeat(20)}".` }, sveaHolds: { "orderItems[0].name": "🫖".repeat(20) } },
  }),
  save({
    case: "short non-Latin text passes untouched",
    input: 'rows[0].name "Чайник Ωmega"',
    change: (o) => void (row0(o).name = "Чайник Ωmega"),
    expect: { accepted: true, noticeCodes: ["sms-will-be-sent"], sveaHolds: { "orderItems[0].name": "Чайник Ωmega" } },
  }),
  save({
    case: "a unit longer than 4 characters",
    input: 'rows[0].unit "styck"',
    change: (o) => void (row0(o).unit = "styck"),
    expect: { notice: { code: "unit-truncated", field: "rows[0].unit", message: 'The unit on row 1 was cut to Svea\'s limit of 4 characters: "styc".' }, sveaHolds: { "orderItems[0].unit": "styc" } },
  }),
  save({
    case: "a unit longer than 4 characters, in Swedish",
    locale: sv,
    input: 'rows[0].unit "förpackning"',
    change: (o) => void (row0(o).unit = "förpackning"),
    expect: { notice: { code: "unit-truncated", field: "rows[0].unit", message: 'Enheten på rad 1 kortades till Sveas gräns på 4 tecken: "förp".' }, sveaHolds: { "orderItems[0].unit": "förp" } },
  }),
  save({
    case: "a missing unit takes the country's default",
    input: "rows[0].unit absent",
    change: (o) => void delete row0(o).unit,
    expect: { notice: { code: "unit-defaulted", field: "rows[0].unit", message: 'Row 1 had no unit; "st" is sent to Svea.' }, sveaHolds: { "orderItems[0].unit": "st" } },
  }),
  save({
    case: "an e-mail address that is not one",
    input: 'customer.email "not-an-email"',
    change: (o) => void (o.customer.email = "not-an-email"),
    expect: { notice: { code: "email-omitted", field: "customer.email", message: "The e-mail address is not sent to Svea: it is not a valid e-mail address." } },
  }),

  // Order numbers.
  save({
    case: "an ERP number long enough to push merchantOrderNumber past 32 characters",
    input: 'number "ERP-2026-000000000000000000000012345" (35 characters)',
    change: (o) => void (o.number = "ERP-2026-000000000000000000000012345"),
    expect: { accepted: true, noticeCodes: ["sms-will-be-sent"], sveaHolds: { merchantOrderNumber: "ERP_20-igfipbswy9-1-0tb9l00-d013" } },
  }),
  save({
    case: "an ERP number with characters Svea refuses",
    input: 'number "Order 1/2 åäö"',
    change: (o) => void (o.number = "Order 1/2 åäö"),
    expect: { accepted: true, noticeCodes: ["sms-will-be-sent"], sveaHolds: { merchantOrderNumber: "Order-eo1lblkh6i-1-0tb9l00-myjv" } },
  }),

  // Account.
  save({
    case: "an account without credentials",
    input: "settings without merchantId and password",
    settings: { merchantId: undefined, password: undefined },
    change: () => undefined,
    expect: { refused: [{ code: "account-not-configured", message: "Svea Instore is not configured: enter the merchant id and password in the payment method's settings." }] },
  }),
  save({
    case: "a quantity written with a decimal comma, in Swedish",
    locale: sv,
    input: 'rows[0].quantity "1,5"',
    change: (o) => void (row0(o).quantity = "1,5"),
    expect: {
      refused: [{ code: "order-invalid", field: "rows[0].quantity", message: "Ordern kan inte läsas: order.rows[0].quantity: måste vara ett decimaltal med punkt, t.ex. 12.50." }],
    },
  }),
  save({
    case: "a currency in lower case and a row without a name, in Swedish",
    locale: sv,
    input: 'currency "sek", rows[0].name absent',
    change: (o) => {
      o.currency = "sek";
      delete (row0(o) as Partial<HostOrder["rows"][number]>).name;
    },
    expect: {
      refused: [
        { code: "order-invalid", field: "currency", message: "Ordern kan inte läsas: order.currency: måste vara en valutakod med tre versaler, t.ex. SEK." },
        { code: "order-invalid", field: "rows[0].name", message: "Ordern kan inte läsas: order.rows[0].name: saknas." },
      ],
    },
  }),

  save({
    case: "a row name holding a NUL character (a database could not store it)",
    input: 'rows[0].name "Chair\\u0000"',
    change: (o) => void (row0(o).name = "Chair\u0000"),
    expect: {
      refused: [
        {
          code: "order-invalid",
          field: "rows[0].name",
          message: "The order cannot be read: order.rows[0].name: must not hold the NUL character (U+0000) or half a character (a lone surrogate, such as a cut-off emoji).",
        },
      ],
    },
  }),
  save({
    case: "a customer name ending in half an emoji, in Swedish",
    locale: sv,
    input: 'customer.name "Anna \\ud83d" (the first half of 😀)',
    change: (o) => void (o.customer.name = "Anna \ud83d"),
    expect: {
      refused: [
        {
          code: "order-invalid",
          field: "customer.name",
          message: "Ordern kan inte läsas: order.customer.name: får inte innehålla NUL-tecknet (U+0000) eller ett halvt tecken (ett ensamt surrogattecken, t.ex. en avklippt emoji).",
        },
      ],
    },
  }),

  // Requests to the mock Svea, over real HTTP.
  {
    case: "malformed JSON",
    layer: "mock-api",
    input: 'POST /api/v1/orders body `{"merchantOrderNumber": ` (cut off)',
    request: { method: "POST", path: "/api/v1/orders", credentials: "merchant", contentType: "application/json", body: '{"merchantOrderNumber": ' },
    expect: { status: 400, errors: { $: ["The JSON value could not be parsed: Unexpected end of JSON input"] } },
  },
  {
    case: "a JSON array instead of an order",
    layer: "mock-api",
    input: "POST /api/v1/orders body `[]`",
    request: { method: "POST", path: "/api/v1/orders", credentials: "merchant", contentType: "application/json", body: "[]" },
    expect: { status: 400, errors: { $: ["must be object"] } },
  },
  {
    case: "an empty body",
    layer: "mock-api",
    input: "POST /api/v1/orders with no body",
    request: { method: "POST", path: "/api/v1/orders", credentials: "merchant", contentType: "application/json", body: "" },
    expect: { status: 400, errors: { $: ["A non-empty request body is required."] } },
  },
  {
    case: "huge JSON",
    layer: "mock-api",
    input: "POST /api/v1/orders with a 1 MiB + 40 byte JSON body",
    request: { method: "POST", path: "/api/v1/orders", credentials: "merchant", contentType: "application/json", body: HUGE_JSON },
    expect: { status: 413, detail: "the request body is larger than 1048576 bytes" },
  },
  {
    case: "a body that is not JSON",
    layer: "mock-api",
    input: "POST /api/v1/orders Content-Type text/plain",
    request: { method: "POST", path: "/api/v1/orders", credentials: "merchant", contentType: "text/plain", body: "{}" },
    expect: { status: 415, detail: 'Content-Type "text/plain" is not supported; send application/json, text/json or application/*+json' },
  },
  {
    case: "the wrong password",
    layer: "mock-api",
    input: "GET /api/v1/orders/x-1/status with a wrong Basic password",
    request: { method: "GET", path: "/api/v1/orders/x-1/status", credentials: "wrong-password" },
    expect: { status: 401, detail: "missing or wrong merchant credentials (HTTP Basic)" },
  },
  {
    case: "no credentials",
    layer: "mock-api",
    input: "POST /api/v1/orders without Authorization",
    request: { method: "POST", path: "/api/v1/orders", credentials: "none", contentType: "application/json", body: "{}" },
    expect: { status: 401, detail: "missing or wrong merchant credentials (HTTP Basic)" },
  },
  {
    case: "status of an unknown order",
    layer: "mock-api",
    input: "GET /api/v1/orders/nope-1/status",
    request: { method: "GET", path: "/api/v1/orders/nope-1/status", credentials: "merchant" },
    expect: { status: 404, detail: 'no order with merchantOrderNumber "nope-1"' },
  },
  {
    case: "cancel of an unknown order",
    layer: "mock-api",
    input: "POST /api/v1/orders/nope-2/cancel",
    request: { method: "POST", path: "/api/v1/orders/nope-2/cancel", credentials: "merchant" },
    expect: { status: 404, detail: 'no order with merchantOrderNumber "nope-2"' },
  },

  // Callbacks to the plugin, over real HTTP.
  {
    case: "a forged token",
    layer: "callback",
    input: "POST /callback/<saved link>/AAAA…(43 characters)",
    request: { token: "forged", body: '{"merchantOrderNumber":"x"}' },
    expect: { status: 401, body: { error: "invalid-token" }, recorded: false },
  },
  {
    case: "a truncated token",
    layer: "callback",
    input: "POST /callback/<saved link>/abc",
    request: { token: "short", body: "{}" },
    expect: { status: 401, body: { error: "invalid-token" }, recorded: false },
  },
  {
    case: "another link's valid token",
    layer: "callback",
    input: "POST /callback/<saved link>/<token of another merchantOrderNumber>",
    request: { token: "other-order", body: "{}" },
    expect: { status: 401, body: { error: "invalid-token" }, recorded: false },
  },
  {
    case: "a token made with an unknown key",
    layer: "callback",
    input: "POST /callback/<saved link>/<HMAC under a key the plugin never had>",
    request: { token: "unknown-key", body: "{}" },
    expect: { status: 401, body: { error: "invalid-token" }, recorded: false },
  },
  {
    case: "a valid token for an order the plugin never issued",
    layer: "callback",
    input: "POST /callback/unknown-1/<valid token for unknown-1>",
    request: { token: "valid", order: "unknown", body: "{}" },
    expect: { status: 404, body: { error: "unknown-order" }, recorded: false },
  },
  {
    case: "a valid token with a malformed body",
    layer: "callback",
    input: "POST /callback/<saved link>/<valid token> body `{not json`",
    request: { token: "valid", body: "{not json", contentType: "application/json" },
    expect: { status: 200, body: { received: true }, recorded: true },
  },
  {
    case: "a valid token with an empty body",
    layer: "callback",
    input: "POST /callback/<saved link>/<valid token> with no body",
    request: { token: "valid", body: "" },
    expect: { status: 200, body: { received: true }, recorded: true },
  },
  {
    case: "a valid token with a body naming another order",
    layer: "callback",
    input: 'POST /callback/<saved link>/<valid token> body {"merchantOrderNumber":"someone-else"}',
    request: { token: "valid", body: '{"merchantOrderNumber":"someone-else"}', contentType: "application/json" },
    expect: { status: 200, body: { received: true }, recorded: true },
  },
  {
    case: "an oversized callback body",
    layer: "callback",
    input: "POST /callback/<saved link>/<valid token> with 20,000 bytes",
    request: { token: "valid", body: "x".repeat(20_000) },
    expect: { status: 413, body: { error: "body-too-large" }, recorded: false },
  },
];
