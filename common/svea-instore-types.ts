// Wire types of the Svea Instore API, derived from schemas/svea-instore/*.schema.json. Never written by hand.
import type { FromSchema } from "json-schema-to-ts";
import type { schema as acknowledgement } from "../schemas/generated/svea-instore/acknowledgement.js";
import type { schema as address } from "../schemas/generated/svea-instore/address.js";
import type { schema as callback } from "../schemas/generated/svea-instore/callback.js";
import type { schema as createOrderRequest } from "../schemas/generated/svea-instore/create-order-request.js";
import type { schema as createOrderResponse } from "../schemas/generated/svea-instore/create-order-response.js";
import type { schema as customerInformation } from "../schemas/generated/svea-instore/customer-information.js";
import type { schema as merchantOrderNumber } from "../schemas/generated/svea-instore/merchant-order-number.js";
import type { schema as orderItem } from "../schemas/generated/svea-instore/order-item.js";
import type { schema as orderStatusResponse } from "../schemas/generated/svea-instore/order-status-response.js";
import type { schema as presetValue } from "../schemas/generated/svea-instore/preset-value.js";
import type { schema as problemDetails } from "../schemas/generated/svea-instore/problem-details.js";
import type { schema as responseOrderItem } from "../schemas/generated/svea-instore/response-order-item.js";
import type { schema as returnRequest } from "../schemas/generated/svea-instore/return-request.js";

type Refs = {
  references: [typeof orderItem, typeof presetValue, typeof address, typeof customerInformation, typeof responseOrderItem];
};

export type MerchantOrderNumber = FromSchema<typeof merchantOrderNumber>;
export type OrderItem = FromSchema<typeof orderItem>;
export type PresetValue = FromSchema<typeof presetValue>;
export type CreateOrderRequest = FromSchema<typeof createOrderRequest, Refs>;
export type ReturnRequest = FromSchema<typeof returnRequest, Refs>;
export type Address = FromSchema<typeof address>;
export type CustomerInformation = FromSchema<typeof customerInformation, Refs>;
export type ResponseOrderItem = FromSchema<typeof responseOrderItem>;
export type OrderStatusResponse = FromSchema<typeof orderStatusResponse, Refs>;
export type CreateOrderResponse = FromSchema<typeof createOrderResponse, Refs>;
export type Acknowledgement = FromSchema<typeof acknowledgement>;
export type ProblemDetails = FromSchema<typeof problemDetails>;
export type CallbackBody = FromSchema<typeof callback>;
export type OrderStatus = OrderStatusResponse["orderStatus"];
export type PresetAttributeName = PresetValue["attributeName"];
