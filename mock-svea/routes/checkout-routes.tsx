// The customer's side of a payment link: the checkout page, and the pay and decline forms it posts.
import { Hono, type Context } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockSveaEnv } from "../mock-svea-env.js";
import type { MockOrder, PaymentMethod } from "../mock-svea-schemas.js";
import { CHECKOUT_MESSAGES, checkoutLang } from "../pages/checkout-messages.js";
import { CheckoutOutcomePage, CheckoutPage, type CheckoutOutcome } from "../pages/checkout-page.js";
import { MockSveaError } from "../problem-document.js";
import { assertPayable, CheckoutRefusedError, declineOrder, payOrder } from "../use-cases/customer-checkout.js";

const PAYMENT_METHODS: readonly PaymentMethod[] = ["invoice", "card", "partPayment"];

/** Strict headers for pages that carry an unguessable link: no framing, no referrer leaking the token, no scripts. */
export const pageSecurityHeaders = secureHeaders({
  referrerPolicy: "no-referrer",
  xFrameOptions: "DENY",
  contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'self'"], imgSrc: ["'self'", "data:"], baseUri: ["'none'"], frameAncestors: ["'none'"] },
});

/** `?lang=sv|en` as the customer gave it, for the forms' actions and the redirect after them; empty otherwise. */
function langQuery(c: Context): string {
  const lang = c.req.query("lang");
  return lang === "sv" || lang === "en" ? `?lang=${lang}` : "";
}

export function checkoutRoutes(deps: MockSveaDeps): Hono<MockSveaEnv> {
  const pages = new Hono<MockSveaEnv>();
  pages.use(pageSecurityHeaders);
  pages.use(async (c, next) => {
    await next();
    c.header("cache-control", "no-store");
  });

  const merchantName = (order: MockOrder) => order.request.merchantName ?? deps.merchants.get(order.merchantId)?.name ?? order.merchantId;

  const outcome = (c: Context, order: MockOrder | undefined, kind: CheckoutOutcome, status: 200 | 404 | 409 | 410) => {
    const lang = checkoutLang(order?.request.countryCode, c.req.query("lang"));
    c.status(status);
    return c.html(
      <CheckoutOutcomePage
        outcome={kind}
        lang={lang}
        t={CHECKOUT_MESSAGES[lang]}
        merchantName={order ? merchantName(order) : undefined}
        confirmationUri={order?.request.confirmationUri}
      />,
    );
  };

  const finished = (c: Context, order: MockOrder, status: 200 | 409 | 410) => {
    if (order.orderStatus === "Completed") return outcome(c, order, "paid", status === 409 ? 409 : 200);
    if (order.reason === "declined") return outcome(c, order, "declined", status === 409 ? 409 : 200);
    const expired = order.reason === "expired" || (order.orderStatus === "Active" && Date.parse(order.expiresAt) <= deps.clock.now());
    return outcome(c, order, expired ? "expired" : "canceled", status === 409 ? 409 : 410);
  };

  pages.get("/:token", (c) => {
    const order = deps.repo.findByToken(c.req.param("token"));
    if (!order) return outcome(c, undefined, "notFound", 404);
    try {
      assertPayable(order, deps.clock.now());
    } catch (error) {
      if (error instanceof CheckoutRefusedError) return finished(c, order, 410);
      throw error;
    }
    return checkoutPage(c, order, 200);
  });

  /** The pay form; again with the method refused (400) when a post named one the checkout does not offer. */
  const checkoutPage = (c: Context, order: MockOrder, status: 200 | 400) => {
    const lang = checkoutLang(order.request.countryCode, c.req.query("lang"));
    c.status(status);
    return c.html(
      <CheckoutPage order={order} merchantName={merchantName(order)} lang={lang} t={CHECKOUT_MESSAGES[lang]} langQuery={langQuery(c)} methodRefused={status === 400} />,
    );
  };

  /** An action returns the page to answer with, or nothing when done (the customer is sent back to the link). */
  const act = (action: (c: Context<MockSveaEnv>, order: MockOrder, form: Record<string, unknown>) => Promise<Response | undefined>) => async (c: Context<MockSveaEnv>) => {
    const order = deps.repo.findByToken(c.req.param("token") ?? "");
    if (!order) return outcome(c, undefined, "notFound", 404);
    // A form that cannot be read is refused, never taken as an empty one (which would pay by invoice).
    // An empty post (a script's decline, or pay with the default method) has no form to read.
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    const hasBody = Number(c.req.header("content-length") ?? "0") > 0 || c.req.header("transfer-encoding") !== undefined;
    if (hasBody && !type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data"))
      throw new MockSveaError(415, "the checkout takes its form as application/x-www-form-urlencoded or multipart/form-data");
    const form = await c.req.parseBody().catch(() => null);
    if (form === null) throw MockSveaError.invalid("", "form", "the form could not be read: send application/x-www-form-urlencoded or multipart/form-data");
    let answer: Response | undefined;
    try {
      answer = await action(c, order, form);
    } catch (error) {
      if (error instanceof CheckoutRefusedError) return finished(c, error.order, 409);
      throw error;
    }
    if (answer) return answer;
    // Post/redirect/get: a reload of the result never posts twice. The language the customer chose stays.
    return c.redirect(`/checkout/${order.token}${langQuery(c)}`, 303);
  };

  pages.post(
    "/:token/pay",
    act(async (c, order, form) => {
      const given = form["method"] ?? "invoice";
      const method = PAYMENT_METHODS.find((m) => m === given);
      // A payable link only: a finished one answers as finished, whatever the form held.
      if (!method) {
        assertPayable(order, deps.clock.now());
        return checkoutPage(c, order, 400);
      }
      await payOrder(deps, order, method);
      return undefined;
    }),
  );
  pages.post(
    "/:token/decline",
    act(async (_c, order) => {
      await declineOrder(deps, order);
      return undefined;
    }),
  );
  return pages;
}
