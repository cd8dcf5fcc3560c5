// The compiled Svea Instore validators, shared by the plugin's client and the mock server.
import { schema as acknowledgement } from "../schemas/generated/svea-instore/acknowledgement.js";
import { schema as address } from "../schemas/generated/svea-instore/address.js";
import { schema as callback } from "../schemas/generated/svea-instore/callback.js";
import { schema as createOrderRequest } from "../schemas/generated/svea-instore/create-order-request.js";
import { schema as createOrderResponse } from "../schemas/generated/svea-instore/create-order-response.js";
import { schema as customerInformation } from "../schemas/generated/svea-instore/customer-information.js";
import { schema as merchantOrderNumber } from "../schemas/generated/svea-instore/merchant-order-number.js";
import { schema as orderItem } from "../schemas/generated/svea-instore/order-item.js";
import { schema as orderStatusResponse } from "../schemas/generated/svea-instore/order-status-response.js";
import { schema as presetValue } from "../schemas/generated/svea-instore/preset-value.js";
import { schema as problemDetails } from "../schemas/generated/svea-instore/problem-details.js";
import { schema as responseOrderItem } from "../schemas/generated/svea-instore/response-order-item.js";
import { schema as returnRequest } from "../schemas/generated/svea-instore/return-request.js";
import { SchemaRegistry, type Strictness, type Validator } from "./json-schema-validator.js";
import type {
  Acknowledgement,
  CallbackBody,
  CreateOrderRequest,
  CreateOrderResponse,
  MerchantOrderNumber,
  OrderItem,
  OrderStatusResponse,
  PresetValue,
  ProblemDetails,
  ReturnRequest,
} from "./svea-instore-types.js";

export const sveaInstoreSchemas = {
  acknowledgement,
  address,
  callback,
  createOrderRequest,
  createOrderResponse,
  customerInformation,
  merchantOrderNumber,
  orderItem,
  orderStatusResponse,
  presetValue,
  problemDetails,
  responseOrderItem,
  returnRequest,
} as const;

// Lengths as Svea's .NET server counts them (UTF-16 code units): a 40-character name with an emoji is 41 there, and
// refused, so the client must not send it and the mock must not take it.
const registry = new SchemaRegistry(Object.values(sveaInstoreSchemas), "utf-16");

function requestValidators(strictness: Strictness) {
  return {
    createOrderRequest: registry.validator<CreateOrderRequest>(createOrderRequest.$id, strictness),
    returnRequest: registry.validator<ReturnRequest>(returnRequest.$id, strictness),
    orderItem: registry.validator<OrderItem>(orderItem.$id, strictness),
    presetValue: registry.validator<PresetValue>(presetValue.$id, strictness),
    /** The order number that goes into every order path. */
    merchantOrderNumber: registry.validator<MerchantOrderNumber>(merchantOrderNumber.$id, strictness),
  };
}

/** What the client sends: nothing outside the schema. */
export const clientRequestValidators = requestValidators("strict");
/** What the mock receives: unknown properties are dropped, as ASP.NET ignores them. These validators mutate their input. */
export const serverRequestValidators = requestValidators("lenient");

/** Responses and callbacks: unknown extra fields are accepted (and dropped), known ones are type-checked. */
export const responseValidators: {
  createOrderResponse: Validator<CreateOrderResponse>;
  orderStatusResponse: Validator<OrderStatusResponse>;
  acknowledgement: Validator<Acknowledgement>;
  problemDetails: Validator<ProblemDetails>;
  callback: Validator<CallbackBody>;
} = {
  createOrderResponse: registry.validator<CreateOrderResponse>(createOrderResponse.$id, "lenient"),
  orderStatusResponse: registry.validator<OrderStatusResponse>(orderStatusResponse.$id, "lenient"),
  acknowledgement: registry.validator<Acknowledgement>(acknowledgement.$id, "lenient"),
  problemDetails: registry.validator<ProblemDetails>(problemDetails.$id, "lenient"),
  callback: registry.validator<CallbackBody>(callback.$id, "lenient"),
};
