// The mock's own JSON Schemas (merchants config, stored orders, admin API shapes), compiled once, plus their derived types.
import type { FromSchema } from "json-schema-to-ts";
import { SchemaRegistry, type Validator } from "../common/json-schema-validator.js";
import { sveaInstoreSchemas } from "../common/svea-instore-schemas.js";
import { schema as adminAdvanceClock } from "../schemas/generated/mock-svea/admin-advance-clock.js";
import { schema as adminCompleteOrder } from "../schemas/generated/mock-svea/admin-complete-order.js";
import { schema as adminFault } from "../schemas/generated/mock-svea/admin-fault.js";
import { schema as adminSettings } from "../schemas/generated/mock-svea/admin-settings.js";
import { schema as callbackAttempt } from "../schemas/generated/mock-svea/callback-attempt.js";
import { schema as credit } from "../schemas/generated/mock-svea/credit.js";
import { schema as merchantsConfig } from "../schemas/generated/mock-svea/merchants-config.js";
import { schema as mockOrder } from "../schemas/generated/mock-svea/mock-order.js";
import { schema as requestJournalEntry } from "../schemas/generated/mock-svea/request-journal-entry.js";
import { schema as smsMessage } from "../schemas/generated/mock-svea/sms-message.js";

export const mockSveaSchemas = {
  adminAdvanceClock,
  adminCompleteOrder,
  adminFault,
  adminSettings,
  callbackAttempt,
  credit,
  merchantsConfig,
  mockOrder,
  requestJournalEntry,
  smsMessage,
} as const;

type SveaRefs = typeof sveaInstoreSchemas;
type Refs = {
  references: [
    SveaRefs["orderItem"],
    SveaRefs["presetValue"],
    SveaRefs["address"],
    SveaRefs["customerInformation"],
    SveaRefs["createOrderRequest"],
    typeof credit,
  ];
};

export type MerchantsConfig = FromSchema<typeof merchantsConfig>;
export type MerchantConfig = MerchantsConfig["merchants"][number];
export type MockOrder = FromSchema<typeof mockOrder, Refs>;
export type Credit = FromSchema<typeof credit, Refs>;
export type SmsMessage = FromSchema<typeof smsMessage>;
export type CallbackAttempt = FromSchema<typeof callbackAttempt>;
export type RequestJournalEntry = FromSchema<typeof requestJournalEntry>;
export type Fault = FromSchema<typeof adminFault>;
export type CompleteOrderCommand = FromSchema<typeof adminCompleteOrder, Refs>;
export type AdvanceClockCommand = FromSchema<typeof adminAdvanceClock>;
export type MockSettings = FromSchema<typeof adminSettings>;
export type CancelReason = NonNullable<MockOrder["reason"]>;
export type PaymentMethod = NonNullable<CompleteOrderCommand["paymentMethod"]>;

const registry = new SchemaRegistry([...Object.values(sveaInstoreSchemas), ...Object.values(mockSveaSchemas)]);

/** Admin and config input is read strictly: a typo in a fault or a config is an error, not a silent no-op. */
export const mockSveaValidators = {
  merchantsConfig: registry.validator<MerchantsConfig>(merchantsConfig.$id, "strict"),
  fault: registry.validator<Fault>(adminFault.$id, "strict"),
  completeOrder: registry.validator<CompleteOrderCommand>(adminCompleteOrder.$id, "strict"),
  advanceClock: registry.validator<AdvanceClockCommand>(adminAdvanceClock.$id, "strict"),
  settings: registry.validator<MockSettings>(adminSettings.$id, "strict"),
  mockOrder: registry.validator<MockOrder>(mockOrder.$id, "lenient"),
} satisfies Record<string, Validator<unknown>>;
