// After payment: credit, annul and deliver a paid order through Svea (Instore return, Payment Admin).
export { annulOrder } from "./annul-order.js";
export { creditOrder } from "./credit-order.js";
export { deliverOrder } from "./deliver-order.js";
export { afterPaymentView } from "./after-payment-state.js";
