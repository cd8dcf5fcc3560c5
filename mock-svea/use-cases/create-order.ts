// POST /api/v1/orders: validate as Svea does, store the order, send the SMS, answer CreateOrderResponse.
import { serverRequestValidators, sveaInstoreSchemas } from "../../common/svea-instore-schemas.js";
import type { CreateOrderRequest } from "../../common/svea-instore-types.js";
import { checkCreateOrderRules } from "../merchant-rules.js";
import { duplicateCreateRefusal } from "../duplicate-create-refusal.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MerchantConfig, MockOrder, SmsMessage } from "../mock-svea-schemas.js";
import { instoreUiUri } from "../order-views.js";
import { isPossiblePhoneNumber } from "../phone-possibility.js";
import { MockSveaError } from "../problem-document.js";
import { randomString } from "../random-pool.js";
import { matchPropertyNames } from "../property-name-case.js";
import { smsText } from "../sms-text.js";

export const DEFAULT_MINUTES_UNTIL_LINK_EXPIRES = 20;

/** Reads and validates a create body; throws a 400 MockSveaError naming every bad field. */
export function parseCreateOrderRequest(deps: MockSveaDeps, merchant: MerchantConfig, body: unknown) {
  const checked = serverRequestValidators.createOrderRequest(matchPropertyNames(body, sveaInstoreSchemas.createOrderRequest));
  if (!checked.ok) throw new MockSveaError(400, "the order is invalid", checked.errors);
  const rules = checkCreateOrderRules(deps.merchants, merchant, checked.value, deps.clock.now());
  if (!rules.ok) throw new MockSveaError(400, "the order breaks a rule of the Instore account", rules.errors);
  return { request: checked.value, currency: rules.currency };
}

export async function createOrder(deps: MockSveaDeps, merchant: MerchantConfig, body: unknown): Promise<MockOrder> {
  const { request, currency } = parseCreateOrderRequest(deps, merchant, body);
  if (deps.repo.find(merchant.id, request.merchantOrderNumber)) throw duplicateCreateRefusal(deps.duplicateCreateStatus, request.merchantOrderNumber);
  const now = deps.clock.now();
  const minutes = request.minutesUntilLinkExpires ?? DEFAULT_MINUTES_UNTIL_LINK_EXPIRES;
  const order: MockOrder = {
    merchantId: merchant.id,
    merchantOrderNumber: request.merchantOrderNumber,
    paymentOrderId: deps.repo.allocatePaymentOrderId(),
    token: randomString(32, "base64url"),
    orderStatus: "Active",
    reason: null,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + minutes * 60_000).toISOString(),
    completedAt: null,
    canceledAt: null,
    currency,
    request,
    smsSentSuccessfully: null,
    paymentType: null,
    paymentMethodType: null,
    campaignCode: null,
    customerInformation: null,
    credits: [],
  };
  const sms = request.mobilePhoneNumber ? composeSms(deps, merchant, order, request) : null;
  if (sms) order.smsSentSuccessfully = sms.accepted;
  // One journal record holds both; the answer waits until it is on disk.
  await deps.repo.create(order, sms);
  return order;
}

function composeSms(deps: MockSveaDeps, merchant: MerchantConfig, order: MockOrder, request: CreateOrderRequest): SmsMessage {
  const number = request.mobilePhoneNumber!;
  // An operator refuses what is not a phone number; the mock says so through smsSentSuccessfully, as Svea would.
  const accepted = isPossiblePhoneNumber(number, request.countryCode) && deps.faults.smsAccepted(number);
  return {
    id: deps.repo.nextSmsId(),
    at: order.createdAt,
    merchantId: merchant.id,
    merchantOrderNumber: order.merchantOrderNumber,
    mobilePhoneNumber: number,
    text: smsText(request.merchantName ?? merchant.name, instoreUiUri(deps.publicUrl(), order), request.countryCode),
    accepted,
  };
}
