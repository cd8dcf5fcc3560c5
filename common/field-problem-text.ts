// What a violated schema rule means, in the clerk's language: the Swedish and English text of a FieldError's problem.
import type { FieldError } from "./json-schema-validator.js";

export type ProblemLocale = "sv" | "en";

type Texts = Readonly<Record<ProblemLocale, string>>;

/**
 * Rules whose text is fixed: the English one is also the FieldError's own `message` (see toFieldErrors). `not` and
 * `contains` are the two such rules of Svea's CreateOrderRequest schema.
 */
export const FIXED_RULE_TEXTS = {
  required: { sv: "saknas", en: "is required" },
  additionalProperties: { sv: "är inget känt fält", en: "is not a known property" },
  not: { sv: "discountPercent och discountAmount får inte anges båda", en: "discountPercent and discountAmount must not be given together" },
  contains: { sv: "IsCompany krävs när NationalId är förifyllt", en: "IsCompany is required whenever NationalId is preset" },
  uniqueItems: { sv: "får inte ha samma värde två gånger", en: "must not hold the same value twice" },
  anyOf: { sv: "har ingen av de tillåtna formerna", en: "has none of the allowed forms" },
  oneOf: { sv: "har ingen av de tillåtna formerna", en: "has none of the allowed forms" },
  json: { sv: "är inte JSON", en: "is not JSON" },
  jsonObject: { sv: "måste vara ett JSON-objekt", en: "must be a JSON object" },
  // Svea's integers (rowNumber) are .NET ints: from -2147483648 to 2147483647.
  int32: { sv: "måste vara ett heltal som ryms i 32 bitar", en: "must be a 32-bit integer" },
} as const satisfies Record<string, Texts>;

/** Rules whose text takes the rule's values ({limit}, {type}...), from the FieldError's `params`. */
const VALUED_RULE_TEXTS: Readonly<Record<string, Texts>> = {
  type: { sv: "måste vara {type}", en: "must be {type}" },
  pattern: { sv: "måste följa mönstret {pattern}", en: "must match the pattern {pattern}" },
  format: { sv: "måste vara {format}", en: "must be {format}" },
  maxLength: { sv: "får vara högst {limit} tecken", en: "must be at most {limit} characters" },
  minLength: { sv: "måste vara minst {limit} tecken", en: "must be at least {limit} characters" },
  minimum: { sv: "måste vara minst {limit}", en: "must be at least {limit}" },
  maximum: { sv: "får vara högst {limit}", en: "must be at most {limit}" },
  exclusiveMinimum: { sv: "måste vara större än {limit}", en: "must be more than {limit}" },
  exclusiveMaximum: { sv: "måste vara mindre än {limit}", en: "must be less than {limit}" },
  enum: { sv: "måste vara något av: {values}", en: "must be one of: {values}" },
  const: { sv: "måste vara {values}", en: "must be {values}" },
  minItems: { sv: "måste ha minst {limit} poster", en: "must have at least {limit} entries" },
  maxItems: { sv: "får ha högst {limit} poster", en: "must have at most {limit} entries" },
  maxDepth: { sv: "får inte nästla djupare än {limit} nivåer", en: "must not nest deeper than {limit} levels" },
  orderTotal: { sv: "ordersumman får inte vara negativ (den är {total} i minsta valutaenhet)", en: "the order total must be >= 0 (it is {total} minor units)" },
  rowsSum: {
    sv: "raderna över noll, och de under noll, får var för sig summera till högst {limit} i minsta valutaenhet (de summerar till {above} och {below})",
    en: "the rows above zero, and those below zero, must each add up to at most {limit} minor units (they add up to {above} and {below})",
  },
};

/** An empty text breaks minLength 1, and an empty list minItems 1, which read better as these. */
const NOT_EMPTY: Texts = { sv: "får inte vara tomt", en: "must not be empty" };
const NOT_NONE: Texts = { sv: "måste ha minst en post", en: "must have at least one entry" };

/** The patterns of the host contract and the settings, said in words; any other pattern is quoted. */
const NAMED_PATTERNS: Readonly<Record<string, Texts>> = {
  "^[+-]?\\d+(\\.\\d+)?$": { sv: "måste vara ett decimaltal med punkt, t.ex. 12.50", en: "must be a decimal number with a point, such as 12.50" },
  "^[A-Z]{3}$": { sv: "måste vara en valutakod med tre versaler, t.ex. SEK", en: "must be a three-letter currency code in capitals, such as SEK" },
  "^[A-Za-z]{2}$": { sv: "måste vara en landskod med två bokstäver, t.ex. SE", en: "must be a two-letter country code, such as SE" },
  // Every web address of the Svea request and the settings: http(s), and a host (https:///x has none; fetch would
  // read its path as one).
  "^[Hh][Tt][Tt][Pp][Ss]?://(?:[^/?#@\\s]*@)?(?:\\[[0-9A-Fa-f:.]+\\]|[^/?#@:\\[\\]\\s]+)(?::[0-9]*)?(?:[/?#]|$)": {
    sv: "måste vara en webbadress som börjar med http:// eller https:// och har ett värdnamn, t.ex. https://butik.example/villkor",
    en: "must be a web address starting with http:// or https:// and naming a host, such as https://shop.example/terms",
  },
  // A text the plugin stores (PostgreSQL keeps neither) and sends to Svea: a NUL, or half of a character such as an
  // emoji cut in two by a length limit somewhere before the plugin.
  "^[^\\u0000\\p{Cs}]*$": {
    sv: "får inte innehålla NUL-tecknet (U+0000) eller ett halvt tecken (ett ensamt surrogattecken, t.ex. en avklippt emoji)",
    en: "must not hold the NUL character (U+0000) or half a character (a lone surrogate, such as a cut-off emoji)",
  },
};

const TYPE_NAMES: Readonly<Record<string, Texts>> = {
  string: { sv: "text", en: "text" },
  number: { sv: "ett tal", en: "a number" },
  integer: { sv: "ett heltal", en: "a whole number" },
  boolean: { sv: "true eller false", en: "true or false" },
  object: { sv: "ett objekt", en: "an object" },
  array: { sv: "en lista", en: "a list" },
  null: { sv: "null", en: "null" },
};

const OR: Texts = { sv: " eller ", en: " or " };

const FORMAT_NAMES: Readonly<Record<string, Texts>> = {
  email: { sv: "en giltig e-postadress", en: "a valid e-mail address" },
  uri: { sv: "en fullständig adress (URI)", en: "a complete address (URI)" },
  "date-time": { sv: "en tidpunkt enligt ISO 8601, t.ex. 2026-03-02T09:00:00Z", en: "a time in ISO 8601, such as 2026-03-02T09:00:00Z" },
};

/**
 * The problem of one field error in the given language. An error without the values its rule's text needs (a Svea
 * answer's own field errors carry none), or of a rule without a text here, keeps its message as given.
 */
export function fieldProblem(error: FieldError, locale: ProblemLocale): string {
  const fixed = (FIXED_RULE_TEXTS as Readonly<Record<string, Texts>>)[error.rule];
  if (fixed) return fixed[locale];
  const valued = VALUED_RULE_TEXTS[error.rule];
  const params = error.params;
  if (!valued || !params) return error.message;
  if (error.rule === "minLength" && params.limit === 1) return NOT_EMPTY[locale];
  if (error.rule === "minItems" && params.limit === 1) return NOT_NONE[locale];
  const named = error.rule === "pattern" ? NAMED_PATTERNS[String(params.pattern)] : undefined;
  if (named) return named[locale];
  return valued[locale].replace(/\{(\w+)\}/g, (_, name: string) => valueText(name, params, locale));
}

function valueText(name: string, params: Readonly<Record<string, unknown>>, locale: ProblemLocale): string {
  switch (name) {
    case "type": {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(",");
      return types.map((t) => TYPE_NAMES[String(t)]?.[locale] ?? String(t)).join(OR[locale]);
    }
    case "format":
      return FORMAT_NAMES[String(params.format)]?.[locale] ?? String(params.format);
    case "values": {
      const values = Array.isArray(params.allowedValues) ? params.allowedValues : [params.allowedValue];
      return values.map((v) => JSON.stringify(v)).join(", ");
    }
    default:
      return String(params[name]);
  }
}
