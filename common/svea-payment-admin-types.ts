// Wire types of Svea's Payment Admin API, derived from schemas/svea-payment-admin/*.schema.json. Never written by hand.
import type { FromSchema } from "json-schema-to-ts";
import type { schema as cancelRequest } from "../schemas/generated/svea-payment-admin/cancel-request.js";
import type { schema as creditCreated } from "../schemas/generated/svea-payment-admin/credit-created.js";
import type { schema as creditRequest } from "../schemas/generated/svea-payment-admin/credit-request.js";
import type { schema as deliverRequest } from "../schemas/generated/svea-payment-admin/deliver-request.js";
import type { schema as deliveryCreated } from "../schemas/generated/svea-payment-admin/delivery-created.js";
import type { schema as delivery } from "../schemas/generated/svea-payment-admin/delivery.js";
import type { schema as order } from "../schemas/generated/svea-payment-admin/order.js";
import type { schema as orderRow } from "../schemas/generated/svea-payment-admin/order-row.js";

type Refs = { references: [typeof orderRow, typeof delivery] };

export type PaymentAdminOrderRow = FromSchema<typeof orderRow>;
export type PaymentAdminDelivery = FromSchema<typeof delivery, Refs>;
export type PaymentAdminOrder = FromSchema<typeof order, Refs>;
export type PaymentAdminDeliverRequest = FromSchema<typeof deliverRequest>;
export type PaymentAdminDeliveryCreated = FromSchema<typeof deliveryCreated>;
export type PaymentAdminCancelRequest = FromSchema<typeof cancelRequest>;
export type PaymentAdminCreditRequest = FromSchema<typeof creditRequest>;
export type PaymentAdminCreditCreated = FromSchema<typeof creditCreated>;
