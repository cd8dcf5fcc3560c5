// What activation says about a bad setting (SettingsError), in Swedish and English side by side: one entry per rule the
// settings check adds to the schema's (resolve-settings.ts). A schema rule's text is fieldProblem's (common/field-problem-text.ts).
// Spread into the message catalog. A text names the setting's rule, never the setting's value: some settings are secrets.
import { PLAIN_HTTP_HOST_RULE, PLAIN_HTTP_OFF_MACHINE_RULE, plainHttpOffMachineRule } from "../../common/plain-http-target.js";
import { SECRET_GENERATE_HINT, SECRET_RANDOMNESS_RULE, SECRET_RANDOMNESS_RULE_SV } from "../../common/secret-randomness.js";
import type { Translations } from "./message-catalog.js";

/** The Swedish of plainHttpOffMachineRule: plain http would send `what` unencrypted. */
function plainHttpOffMachineSv(what: string): string {
  return `måste vara https: vanlig http skickar ${what} okrypterade (http tillåts bara till den här datorn: 127.0.0.1, localhost, [::1]; under utveckling även till en värd som anges i allowPlainHttpTo)`;
}

export const settingsMessages = {
  // Names the settings object itself, where a problem has no setting (the settings are no object at all).
  "setting.whole": { sv: "inställningarna", en: "settings" },
  // environment's and paymentAdmin.environment's anyOf (ajv reports each branch; one sentence says it), and an
  // environment no URL parser reads.
  "setting.environment": {
    sv: 'måste vara "stage", "production" eller en basadress som börjar med http:// eller https://',
    en: 'must be "stage", "production" or an http(s) base URL',
  },
  // A value a copy cannot take (a function, a Symbol, a Proxy): settings are data, read once at activation.
  "setting.json": {
    sv: "måste vara vanlig JSON-data (text, tal, true/false, listor, objekt)",
    en: "must be plain JSON data (text, numbers, true/false, lists, objects)",
  },
  // Settings nested deeper than any setting's shape (a list of lists of lists…): refused before anything walks them.
  "setting.max-depth": {
    sv: "får inte nästla listor och objekt djupare än {limit} nivåer (räknat från inställningarna själva)",
    en: "must not nest lists and objects deeper than {limit} levels (counted from the settings themselves)",
  },
  "setting.required-with": { sv: "krävs när {other} är angivet", en: "is required when {other} is given" },
  // paymentAdmin without its own environment beside an Instore address of Svea's other than its stage or production.
  "setting.payment-admin-environment": {
    sv: 'krävs när environment är en annan av Sveas egna adresser än Instore-API:ts stage eller production: ange "stage", "production" eller Payment Admins basadress',
    en: 'is required when environment is an address of Svea\'s own other than its stage or production Instore API: give "stage", "production" or Payment Admin\'s base URL',
  },
  // Instore and Payment Admin at Svea's different environments (each by word or by Svea's own address).
  "setting.environment-mismatch": {
    sv: "pekar på Sveas {paymentAdmin} medan environment pekar på Sveas {instore}: leveranser och annulleringar skulle gå till en annan miljö än den där ordrarna betalades; ange samma miljö för båda, eller utelämna paymentAdmin.environment så följer den environment",
    en: "names Svea's {paymentAdmin} while environment names Svea's {instore}: deliveries and annulments would go to another environment than the one the orders were paid in; give the same environment for both, or leave paymentAdmin.environment out to follow environment",
  },
  "setting.credentials": {
    sv: "får inte innehålla inloggningsuppgifter (användare:lösenord@); ange dem som {id} och {secret}",
    en: "must not carry credentials (user:password@); give them as {id} and {secret}",
  },
  // A URL the schema's uri format passes but no URL parser reads.
  "setting.url": {
    sv: "måste vara en webbadress som går att tolka: en port från 0 till 65535, en IPv4-adress med varje del högst 255, ett värdnamn utan tecken som % < > ^ |",
    en: "must be a web address a URL parser reads: a port from 0 to 65535, an IPv4 address with each part at most 255, a host name without characters such as % < > ^ |",
  },
  // environment or paymentAdmin.environment ending in /api/v1 or /api, which the clients add themselves.
  "setting.api-path": {
    sv: "ska vara API:ts basadress utan /api/v1 (eller /api) på slutet, t.ex. http://127.0.0.1:4010: insticksprogrammet lägger själv till /api/v1/… i varje anrop",
    en: "must be the API's base address without /api/v1 (or /api) at its end, e.g. http://127.0.0.1:4010: the plugin adds /api/v1/… to every call itself",
  },
  // A postgres.connectionString node-postgres cannot read (it would throw a bare "Invalid URL").
  "setting.connection-string": {
    sv: "måste vara en anslutningssträng som PostgreSQL-klienten kan läsa: postgres://användare:lösenord@värd:port/databas, med en port från 0 till 65535 och tecken som @ : / # ? [ ] i användare eller lösenord procentkodade (%40, %3A, %2F, %23 …)",
    en: "must be a connection string the PostgreSQL client reads: postgres://user:password@host:port/database, with a port from 0 to 65535 and characters such as @ : / # ? [ ] in the user or password percent-encoded (%40, %3A, %2F, %23 …)",
  },
  "setting.credentials-callbacks": {
    sv: "får inte innehålla inloggningsuppgifter (användare:lösenord@); varje återanropsadress som byggs av den skickas till Svea",
    en: "must not carry credentials (user:password@); every callback URL built from it is sent to Svea",
  },
  "setting.query": {
    sv: "får inte ha en frågedel (?…) eller ett fragment (#…)",
    en: "must not have a query (?…) or a fragment (#…)",
  },
  "setting.https-credentials": { sv: plainHttpOffMachineSv("inloggningsuppgifterna"), en: PLAIN_HTTP_OFF_MACHINE_RULE },
  "setting.https-callbacks": {
    sv: plainHttpOffMachineSv("Sveas återanrop, vart och ett med sin callback-token,"),
    en: plainHttpOffMachineRule("Svea's callbacks, each with its callback token,"),
  },
  "setting.merchant-id-characters": {
    sv: "får inte innehålla ':' eller styrtecken (HTTP Basic-autentisering kan inte föra dem)",
    en: "must not contain ':' or control characters (HTTP Basic authentication cannot carry them)",
  },
  // password, paymentAdmin.secret and paymentAdmin.merchantId.
  "setting.control-characters": {
    sv: "får inte innehålla styrtecken (inte heller en radbrytning som följt med från en fil)",
    en: "must not contain control characters (not even a line break kept from a file)",
  },
  "setting.whitespace": {
    sv: "får inte börja eller sluta med blanksteg (kopierat från Sveas portal?): Svea skulle inte känna igen kontot",
    en: "must not begin or end with spaces (copied from Svea's portal?): Svea would not know the account",
  },
  "setting.blank": { sv: "får inte vara tomt eller bara blanksteg", en: "must not be blank" },
  "setting.host": {
    sv: "måste vara ett värdnamn eller en IP-adress (IPv6 inom hakparenteser), utan schema, port eller jokertecken",
    en: PLAIN_HTTP_HOST_RULE,
  },
  "setting.development-only": {
    sv: "är bara till för utveckling mot mocken, och vägras när environment eller paymentAdmin.environment är Sveas egen (stage, production eller en adress under svea.com; Svea tar bara emot https)",
    en: "is for development against the mock only, and is refused when environment or paymentAdmin.environment is Svea's own (stage, production, or an address under svea.com; Svea takes https only)",
  },
  "setting.different": {
    sv: "måste skilja sig från callbackKey (byt till en ny nyckel)",
    en: "must differ from callbackKey (rotate to a new key)",
  },
  "setting.randomness": {
    sv: `${SECRET_RANDOMNESS_RULE_SV}; skapa en ny, t.ex. med \`openssl rand -base64 32\``,
    en: `${SECRET_RANDOMNESS_RULE}; ${SECRET_GENERATE_HINT}`,
  },
  "setting.callback-url-too-long": {
    sv:
      "är {length} tecken lång men får vara högst {room}: återanropsadresserna som byggs av den " +
      "(publicBaseUrl/callback/<ordernummer, upp till {orderNumberMax} tecken>/<token>) måste rymmas inom Sveas gräns på {callbackUriMax} tecken för callbackUri",
    en:
      "is {length} characters long, but may be at most {room}: the callback URLs built from it " +
      "(publicBaseUrl/callback/<order number, up to {orderNumberMax} characters>/<token>) must fit Svea's {callbackUriMax}-character callbackUri limit",
  },
  "setting.cron": { sv: '"{value}" är inget giltigt cron-uttryck', en: '"{value}" is not a valid cron expression' },
  "setting.time-zone": { sv: '"{value}" är ingen IANA-tidszon', en: '"{value}" is not an IANA time zone' },
} as const satisfies Record<`setting.${string}`, Translations>;

export type SettingMessageKey = keyof typeof settingsMessages;
