// The host contract's wire types (hostApi 1.x), derived from schemas/host and schemas/plugin. Never written by hand.
import type { FromSchema } from "json-schema-to-ts";
import type { schema as address } from "../../schemas/generated/svea-instore/address.js";
import type { schema as afterPaymentResult } from "../../schemas/generated/host/after-payment-result.js";
import type { schema as orderAnnulInput } from "../../schemas/generated/host/order-annul-input.js";
import type { schema as orderCreditInput } from "../../schemas/generated/host/order-credit-input.js";
import type { schema as orderDeliverInput } from "../../schemas/generated/host/order-deliver-input.js";
import type { schema as checkPaymentInput } from "../../schemas/generated/host/check-payment-input.js";
import type { schema as checkPaymentResult } from "../../schemas/generated/host/check-payment-result.js";
import type { schema as customerCard } from "../../schemas/generated/host/customer-card.js";
import type { schema as decimal } from "../../schemas/generated/host/decimal.js";
import type { schema as linkState } from "../../schemas/generated/host/link-state.js";
import type { schema as locale } from "../../schemas/generated/host/locale.js";
import type { schema as notice } from "../../schemas/generated/host/notice.js";
import type { schema as orderDeleteInput } from "../../schemas/generated/host/order-delete-input.js";
import type { schema as orderDeleteResult } from "../../schemas/generated/host/order-delete-result.js";
import type { schema as orderRow } from "../../schemas/generated/host/order-row.js";
import type { schema as orderSaveInput } from "../../schemas/generated/host/order-save-input.js";
import type { schema as orderSaveResult } from "../../schemas/generated/host/order-save-result.js";
import type { schema as order } from "../../schemas/generated/host/order.js";
import type { schema as paymentLink } from "../../schemas/generated/host/payment-link.js";
import type { schema as paymentStateUpdate } from "../../schemas/generated/host/payment-state-update.js";
import type { schema as paymentViewInput } from "../../schemas/generated/host/payment-view-input.js";
import type { schema as paymentViewResult } from "../../schemas/generated/host/payment-view-result.js";
import type { schema as paymentView } from "../../schemas/generated/host/payment-view.js";
import type { schema as pickingFilterInput } from "../../schemas/generated/host/picking-filter-input.js";
import type { schema as pickingFilterResult } from "../../schemas/generated/host/picking-filter-result.js";
import type { schema as refusal } from "../../schemas/generated/host/refusal.js";
import type { schema as settings } from "../../schemas/generated/plugin/settings.js";

type Refs = {
  references: [
    typeof decimal,
    typeof locale,
    typeof customerCard,
    typeof orderRow,
    typeof order,
    typeof notice,
    typeof refusal,
    typeof linkState,
    typeof paymentLink,
    typeof paymentView,
    typeof address,
  ];
};

export type Decimal = FromSchema<typeof decimal>;
export type Locale = FromSchema<typeof locale>;
export type CustomerCard = FromSchema<typeof customerCard>;
export type OrderRow = FromSchema<typeof orderRow, Refs>;
export type HostOrder = FromSchema<typeof order, Refs>;
export type Notice = FromSchema<typeof notice>;
export type Refusal = FromSchema<typeof refusal>;
export type LinkState = FromSchema<typeof linkState>;
export type PaymentLink = FromSchema<typeof paymentLink, Refs>;
export type PaymentView = FromSchema<typeof paymentView, Refs>;
export type PaymentStateUpdate = FromSchema<typeof paymentStateUpdate, Refs>;
export type OrderSaveInput = FromSchema<typeof orderSaveInput, Refs>;
export type OrderSaveResult = FromSchema<typeof orderSaveResult, Refs>;
export type OrderDeleteInput = FromSchema<typeof orderDeleteInput, Refs>;
export type OrderDeleteResult = FromSchema<typeof orderDeleteResult, Refs>;
export type PickingFilterInput = FromSchema<typeof pickingFilterInput, Refs>;
export type PickingFilterResult = FromSchema<typeof pickingFilterResult, Refs>;
export type PaymentViewInput = FromSchema<typeof paymentViewInput, Refs>;
export type PaymentViewResult = FromSchema<typeof paymentViewResult, Refs>;
export type CheckPaymentInput = FromSchema<typeof checkPaymentInput, Refs>;
export type CheckPaymentResult = FromSchema<typeof checkPaymentResult, Refs>;
export type OrderCreditInput = FromSchema<typeof orderCreditInput, Refs>;
export type OrderAnnulInput = FromSchema<typeof orderAnnulInput, Refs>;
export type OrderDeliverInput = FromSchema<typeof orderDeliverInput, Refs>;
export type AfterPaymentResult = FromSchema<typeof afterPaymentResult, Refs>;
/** Settings as given (defaults not yet applied). */
export type PluginSettingsInput = FromSchema<typeof settings>;
