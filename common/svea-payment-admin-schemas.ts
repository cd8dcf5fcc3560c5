// The compiled Svea Payment Admin validators, shared by the plugin's Payment Admin client and the mock server.
import { schema as cancelRequest } from "../schemas/generated/svea-payment-admin/cancel-request.js";
import { schema as creditCreated } from "../schemas/generated/svea-payment-admin/credit-created.js";
import { schema as creditRequest } from "../schemas/generated/svea-payment-admin/credit-request.js";
import { schema as deliverRequest } from "../schemas/generated/svea-payment-admin/deliver-request.js";
import { schema as deliveryCreated } from "../schemas/generated/svea-payment-admin/delivery-created.js";
import { schema as delivery } from "../schemas/generated/svea-payment-admin/delivery.js";
import { schema as order } from "../schemas/generated/svea-payment-admin/order.js";
import { schema as orderRow } from "../schemas/generated/svea-payment-admin/order-row.js";
import { SchemaRegistry, type Strictness } from "./json-schema-validator.js";
import type {
  PaymentAdminCancelRequest,
  PaymentAdminCreditCreated,
  PaymentAdminCreditRequest,
  PaymentAdminDeliverRequest,
  PaymentAdminDeliveryCreated,
  PaymentAdminOrder,
} from "./svea-payment-admin-types.js";

export const paymentAdminSchemas = { cancelRequest, creditCreated, creditRequest, deliverRequest, deliveryCreated, delivery, order, orderRow } as const;

const registry = new SchemaRegistry(Object.values(paymentAdminSchemas));

function requestValidators(strictness: Strictness) {
  return {
    deliverRequest: registry.validator<PaymentAdminDeliverRequest>(deliverRequest.$id, strictness),
    cancelRequest: registry.validator<PaymentAdminCancelRequest>(cancelRequest.$id, strictness),
    creditRequest: registry.validator<PaymentAdminCreditRequest>(creditRequest.$id, strictness),
  };
}

/** What the client sends: nothing outside the schema. */
export const paymentAdminClientRequestValidators = requestValidators("strict");
/** What the mock receives: unknown properties dropped, as ASP.NET ignores them. These validators mutate their input. */
export const paymentAdminServerRequestValidators = requestValidators("lenient");

/** Answers: extra fields accepted (Svea's real order has many more), known ones type-checked. */
export const paymentAdminResponseValidators = {
  order: registry.validator<PaymentAdminOrder>(order.$id, "lenient"),
  deliveryCreated: registry.validator<PaymentAdminDeliveryCreated>(deliveryCreated.$id, "lenient"),
  creditCreated: registry.validator<PaymentAdminCreditCreated>(creditCreated.$id, "lenient"),
};
