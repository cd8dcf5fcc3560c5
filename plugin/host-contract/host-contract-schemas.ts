// Compiled validators for the host contract: every hook's input and output, the payment state update, and the settings.
import { SchemaRegistry, type Validator } from "../../common/json-schema-validator.js";
import { sveaInstoreSchemas } from "../../common/svea-instore-schemas.js";
import { schema as afterPaymentResult } from "../../schemas/generated/host/after-payment-result.js";
import { schema as orderAnnulInput } from "../../schemas/generated/host/order-annul-input.js";
import { schema as orderCreditInput } from "../../schemas/generated/host/order-credit-input.js";
import { schema as orderDeliverInput } from "../../schemas/generated/host/order-deliver-input.js";
import { schema as checkPaymentInput } from "../../schemas/generated/host/check-payment-input.js";
import { schema as checkPaymentResult } from "../../schemas/generated/host/check-payment-result.js";
import { schema as customerCard } from "../../schemas/generated/host/customer-card.js";
import { schema as decimal } from "../../schemas/generated/host/decimal.js";
import { schema as linkState } from "../../schemas/generated/host/link-state.js";
import { schema as locale } from "../../schemas/generated/host/locale.js";
import { schema as notice } from "../../schemas/generated/host/notice.js";
import { schema as order } from "../../schemas/generated/host/order.js";
import { schema as orderDeleteInput } from "../../schemas/generated/host/order-delete-input.js";
import { schema as orderDeleteResult } from "../../schemas/generated/host/order-delete-result.js";
import { schema as orderRow } from "../../schemas/generated/host/order-row.js";
import { schema as orderSaveInput } from "../../schemas/generated/host/order-save-input.js";
import { schema as orderSaveResult } from "../../schemas/generated/host/order-save-result.js";
import { schema as paymentLink } from "../../schemas/generated/host/payment-link.js";
import { schema as paymentStateUpdate } from "../../schemas/generated/host/payment-state-update.js";
import { schema as paymentView } from "../../schemas/generated/host/payment-view.js";
import { schema as paymentViewInput } from "../../schemas/generated/host/payment-view-input.js";
import { schema as paymentViewResult } from "../../schemas/generated/host/payment-view-result.js";
import { schema as pickingFilterInput } from "../../schemas/generated/host/picking-filter-input.js";
import { schema as pickingFilterResult } from "../../schemas/generated/host/picking-filter-result.js";
import { schema as refusal } from "../../schemas/generated/host/refusal.js";
import { schema as settings } from "../../schemas/generated/plugin/settings.js";
import type {
  AfterPaymentResult,
  OrderAnnulInput,
  OrderCreditInput,
  OrderDeliverInput,
  CheckPaymentInput,
  CheckPaymentResult,
  HostOrder,
  OrderDeleteInput,
  OrderDeleteResult,
  OrderSaveInput,
  OrderSaveResult,
  PaymentStateUpdate,
  PaymentViewInput,
  PaymentViewResult,
  PickingFilterInput,
  PickingFilterResult,
  PluginSettingsInput,
} from "./host-contract-types.js";

export const hostContractSchemas = {
  checkPaymentInput,
  checkPaymentResult,
  customerCard,
  decimal,
  linkState,
  locale,
  notice,
  order,
  orderDeleteInput,
  orderDeleteResult,
  orderRow,
  orderSaveInput,
  orderSaveResult,
  paymentLink,
  paymentStateUpdate,
  paymentView,
  paymentViewInput,
  paymentViewResult,
  pickingFilterInput,
  pickingFilterResult,
  refusal,
  settings,
  afterPaymentResult,
  orderAnnulInput,
  orderCreditInput,
  orderDeliverInput,
} as const;

const registry = new SchemaRegistry([...Object.values(sveaInstoreSchemas), ...Object.values(hostContractSchemas)]);

// Inputs from the host are read leniently (a newer host may send more, hostApi 1.x only adds); outputs are checked strictly in tests.
export const hostContractValidators = {
  order: registry.validator<HostOrder>(order.$id, "lenient"),
  orderSaveInput: registry.validator<OrderSaveInput>(orderSaveInput.$id, "lenient"),
  orderSaveResult: registry.validator<OrderSaveResult>(orderSaveResult.$id, "strict"),
  orderDeleteInput: registry.validator<OrderDeleteInput>(orderDeleteInput.$id, "lenient"),
  orderDeleteResult: registry.validator<OrderDeleteResult>(orderDeleteResult.$id, "strict"),
  pickingFilterInput: registry.validator<PickingFilterInput>(pickingFilterInput.$id, "lenient"),
  pickingFilterResult: registry.validator<PickingFilterResult>(pickingFilterResult.$id, "strict"),
  paymentViewInput: registry.validator<PaymentViewInput>(paymentViewInput.$id, "lenient"),
  paymentViewResult: registry.validator<PaymentViewResult>(paymentViewResult.$id, "strict"),
  checkPaymentInput: registry.validator<CheckPaymentInput>(checkPaymentInput.$id, "lenient"),
  checkPaymentResult: registry.validator<CheckPaymentResult>(checkPaymentResult.$id, "strict"),
  paymentStateUpdate: registry.validator<PaymentStateUpdate>(paymentStateUpdate.$id, "strict"),
  settings: registry.validator<PluginSettingsInput>(settings.$id, "strict"),
  orderCreditInput: registry.validator<OrderCreditInput>(orderCreditInput.$id, "lenient"),
  orderAnnulInput: registry.validator<OrderAnnulInput>(orderAnnulInput.$id, "lenient"),
  orderDeliverInput: registry.validator<OrderDeliverInput>(orderDeliverInput.$id, "lenient"),
  afterPaymentResult: registry.validator<AfterPaymentResult>(afterPaymentResult.$id, "strict"),
} satisfies Record<string, Validator<unknown>>;

/**
 * The order schema's own rule for an order's `id`, compiled from order.schema.json (not restated): a host checks an id
 * it reads from elsewhere, such as an address, by the same rule before any order book is asked for it.
 */
export const hostOrderIdValidator: Validator<string> = registry.validator<string>(`${order.$id}#/properties/id`, "strict");

/** The members of a hook input that hold a whole host order (order.schema.json), per input validator. */
export const hostOrderFields: ReadonlyMap<Validator<unknown>, readonly string[]> = new Map<Validator<unknown>, readonly string[]>([
  [hostContractValidators.orderSaveInput, ["order"]],
  [hostContractValidators.orderDeleteInput, ["order"]],
  [hostContractValidators.checkPaymentInput, ["order"]],
  [hostContractValidators.orderCreditInput, ["order"]],
  [hostContractValidators.orderAnnulInput, ["order"]],
  [hostContractValidators.orderDeliverInput, ["order"]],
]);
