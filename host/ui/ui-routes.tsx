// The sandbox UI's routes: plain HTML forms that post, act through the clerk API and redirect (PRG), so every action works by keyboard and without JavaScript.
import { randomUUID } from "node:crypto";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { languageDetector } from "hono/language";
import { NONCE, secureHeaders, type SecureHeadersVariables } from "hono/secure-headers";
import type { HostOrder, Locale, Notice, Refusal } from "../../plugin/host-contract/host-contract-types.js";
import { supportedLocales } from "../clerk-locale.js";
import type { HostOrderRecord, HostOrderStore } from "../host-order-store.js";
import { listOrderViews, withPaymentViews } from "../order-list-query.js";
import { crossSitePageGuard } from "../request-origin-guards.js";
import { fieldProblem } from "../../common/field-problem-text.js";
import type { FieldError } from "../../common/json-schema-validator.js";
import { hostMessage } from "../host-messages.js";
import { orderIdProblems } from "../order-id-rule.js";
import { newOrderIdProblem } from "../../plugin/host-contract/new-order-id-rule.js";
import { isPluginCallErrorCode, isPluginFailure, PluginCallError, type PluginDispatcher } from "../plugin-dispatcher.js";
import type { FailedRequest, FailureAnswer } from "../problem-response.js";
import type { PluginManifest } from "../plugin-package-loader.js";
import type { OrderFileAnswer } from "../host-order-file-error.js";
import { ClerkApiProblemError, type AfterPaymentAction, type ClerkActionOutcome, type ClerkApiClient } from "./clerk-api-client.js";
import { createFlashNotices } from "./flash-notices.js";
import type { Clock } from "../../common/clock.js";
import { orderVersion } from "../order-version.js";
import { createFormSubmissions, postedInput, type CarriedOut, type Refused } from "./form-submissions.js";
import { FormBodyError, formBodyLimit, MAX_FORM_BYTES, readFormBody } from "./form-body.js";
import { Layout, type PageContext } from "./layout.js";
import { creditRefusalAsTyped, fieldControl } from "./field-controls.js";
import { decimalsRetyped, decimalText, isOrderDecimalField, parseOrderForm as parseOrderFormOffering, type FormBody } from "./order-form-fields.js";
import { OrderFormPage } from "./order-form-page.js";
import { OrderListPage } from "./order-list-page.js";
import { PickingPage } from "./picking-page.js";
import { createRefusedPages } from "./refused-pages.js";
import { SandboxClockError, type SandboxClock } from "./sandbox-clock.js";
import { uiMessage, type UiMessageKey } from "./ui-messages.js";

export interface UiRoutesDeps {
  store: HostOrderStore;
  plugin: PluginDispatcher;
  api: ClerkApiClient;
  manifest: PluginManifest;
  defaultLocale: Locale;
  /** Present only when the host runs against the mock Svea. */
  sandbox: SandboxClock | null;
  /** The shop's IANA time zone, in which the pages show instants. */
  timeZone: string;
  /** The injected clock: how long a redirect's notices stay readable (flash-notices.ts). */
  clock: Clock;
  /** The host's answer to any other failure (logged there once), which a page shows in words. */
  failureAnswer: (error: unknown, request: FailedRequest) => FailureAnswer;
}

/** `acted`: the request has gone on to its action (the clerk API's save, delete, check, after-payment action). */
type UiEnv = { Variables: SecureHeadersVariables & { language: string; requestId: string; acted?: boolean } };

const AFTER_PAYMENT_ACTIONS: readonly AfterPaymentAction[] = ["credit", "annul", "deliver"];
const SAVED_LINK_MAY_BE_SENT: OrderFileAnswer = "order-saved-link-may-be-sent";

/**
 * What an order's page shows besides the order as stored: the order as the clerk typed it, what refused it, what
 * they typed into a refused after-payment form. `givenIn`: the language the plugin gave the refusals and notices in,
 * when that is not the page's (a refused page shown again after a language switch).
 */
/** What a refused save, delete or after-payment action answered: its refusals, and any notices given with them. */
type RefusedOutcome = Extract<ClerkActionOutcome, { accepted: false }>;

interface Shown {
  order?: HostOrder;
  totalKnown?: boolean;
  notices?: Notice[];
  errors?: Refusal[];
  refusedAction?: boolean;
  actionInput?: Record<string, string>;
  givenIn?: Locale;
  /**
   * The token the page's forms carry (see pageContext): a refused action's page keeps the posted form's, so sending
   * its form again is the same request to the plugin, which checks at Svea whether an action whose answer was lost was
   * carried out rather than doing it a second time.
   */
  formToken?: string;
  /**
   * The order version the page's forms send (see order-version.ts): a refused save's page keeps the version the
   * clerk's input was made from, so its corrected save is still refused when the order changed meanwhile; absent: the
   * stored order's.
   */
  version?: string;
  /** The key the page's language links show its notices again under (a redirect's notices: FlashShown.next). */
  flashKey?: string;
  /**
   * false: the refusal's form is a new request now (its token was renewed), so a page shown in another language must
   * not invite sending it again "to have it checked": that would do the action a second time.
   */
  resendChecks?: boolean;
}

/**
 * Refusals the host words itself (`uiKey`: its ui-messages key) are said again in the page's language; when every
 * refusal is such, the page makes no "given in another language" claim.
 */
function reworded(shown: Shown, locale: Locale): Shown {
  const errors = shown.errors;
  if (!errors || errors.length === 0 || !errors.some((e) => typeof e.uiKey === "string")) return shown;
  const again = errors.map((e) => (typeof e.uiKey === "string" ? { ...e, message: uiMessage(locale, e.uiKey as UiMessageKey) } : e));
  const { givenIn, ...rest } = shown;
  return again.every((e) => typeof e.uiKey === "string") ? { ...rest, errors: again } : { ...rest, errors: again, ...(givenIn ? { givenIn } : {}) };
}

/** A refusal in the host's own words (`key`), kept re-wordable in another language (see reworded). */
function hostRefusal(code: string, key: UiMessageKey, locale: Locale): Refusal {
  return { code, message: uiMessage(locale, key), uiKey: key };
}

/** The order version a page's save or delete form carries (its hidden `version`), if it sent one. */
function postedVersion(form: FormBody): string | undefined {
  return typeof form.version === "string" && form.version !== "" ? form.version : undefined;
}

/** The clerk API's `order-changed` (a stale page's save or delete) as the page says it, or undefined for any other outcome. */
function changedMeanwhile(outcome: ClerkActionOutcome, locale: Locale, key: "form-order-changed" | "form-order-changed-delete" | "form-order-changed-credit") {
  if (outcome.accepted || !outcome.errors.some((e) => e.code === "order-changed")) return undefined;
  const refused: RefusedOutcome = { accepted: false, errors: [hostRefusal("order-changed", key, locale)] };
  return { carriedOut: false as const, refused };
}

/** An order page's address whose id breaks the order schema's id rule: the onError handler answers it as a 400 page. */
class OrderIdInvalidError extends Error {
  override readonly name = "OrderIdInvalidError";
  constructor(readonly problems: readonly FieldError[]) {
    super("the order id in the address breaks the order id rule");
  }
}

/** How often a new order is sent again under a fresh id after another new order took its id meanwhile (order-exists). */
const CREATE_ATTEMPTS = 3;

/** The host's own payment methods beside the plugin's: the plugin leaves orders paid in these alone. */
const HOST_METHODS = { cash: "method-cash", invoice: "method-invoice" } as const;

export function uiRoutes(deps: UiRoutesDeps): Hono<UiEnv> {
  const ui = new Hono<UiEnv>();
  const flash = createFlashNotices(deps.clock);
  const submissions = createFormSubmissions();
  /** A form's token sent again, carried out, with other input: refused as a form sent before, the input shown again. */
  const otherInputThan = (form: FormBody, locale: Locale) => ({
    input: postedInput(form),
    otherInput: (): RefusedOutcome => ({ accepted: false, errors: [hostRefusal("form-carried-out-other-input", "form-carried-out-other-input", locale)] }),
  });
  const refusedPages = createRefusedPages<Shown>();

  ui.use(
    languageDetector({
      order: ["querystring", "cookie", "header"],
      lookupQueryString: "locale",
      lookupCookie: "clerk-locale",
      supportedLanguages: [...supportedLocales],
      fallbackLanguage: deps.defaultLocale,
      caches: ["cookie"],
      cookieOptions: { path: "/", sameSite: "Lax", httpOnly: true },
    }),
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: [NONCE], scriptSrc: [NONCE], formAction: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"] },
      referrerPolicy: "no-referrer",
    }),
    // Another site's page cannot post to these pages (delete an order, move the clock): the clerk API's rule, for any
    // content type; csrf() also refuses a form post that carries neither Origin nor Sec-Fetch-Site (an old browser's).
    crossSitePageGuard(),
    csrf(),
    // Pages are not kept by the browser: Back shows the page fetched anew (a new form token, the order as stored now),
    // not a kept copy whose token was used already (another order typed into it was answered as the first one, and
    // lost), and no customer's name, number or payment link stays in the cache of a till others use.
    async (c, next) => {
      await next();
      c.header("Cache-Control", "no-store");
    },
  );

  ui.post("*", formBodyLimit);

  // The id in an order page's address is checked by the order schema's id rule before the order book is asked: the
  // PostgreSQL one fails on a NUL (a 500 page and an error logged) where the file answers 404.
  ui.on(["GET", "POST"], ["/orders/:id", "/orders/:id/*"], async (c, next) => {
    const id = c.req.param("id");
    const problems = id === undefined ? [] : orderIdProblems(id);
    if (problems.length > 0) throw new OrderIdInvalidError(problems);
    await next();
  });

  // A plugin that fails or answers outside the contract, or a form post the pages refuse, gets the clerk a page in
  // their language (the dispatcher logged a plugin's cause).
  ui.onError((error, c) => {
    const ctx = pageContext(c);
    const page = (status: ContentfulStatusCode, id: "plugin-error" | "form-error" | "input-error" | "host-error", code: string, text: string) => {
      const failure = id === "plugin-error" || id === "host-error";
      c.status(status);
      return c.html(
        <Layout ctx={ctx} title={uiMessage(ctx.locale, "heading-orders")}>
          <h1>{uiMessage(ctx.locale, "heading-orders")}</h1>
          {/* Focused as the page loads (the page script), so a screen reader reads it; not role=alert, see layout.tsx. */}
          <section class="panel refusal" id="page-error" aria-labelledby="page-error-heading" aria-describedby={failure ? `${id} page-error-change` : id} tabindex={-1}>
            <h2 id="page-error-heading">{uiMessage(ctx.locale, "notices-errors")}</h2>
            <p id={id} data-code={code}>
              {text}
            </p>
            {/* A failure says whether anything changed: nothing, unless the request had gone on to its action (see
                acting). A refused form's own words say it was not taken. */}
            {failure && (
              <p id="page-error-change" data-changed={c.get("acted") ? "unknown" : "none"}>
                {uiMessage(ctx.locale, c.get("acted") ? "failure-after-action" : "failure-nothing-changed")}
              </p>
            )}
          </section>
        </Layout>,
      );
    };
    if (error instanceof FormBodyError) {
      // A form refused as too large was never read to its end: the connection is closed after the answer.
      if (error.status === 413) c.header("Connection", "close");
      return page(error.status, "form-error", error.messageKey, uiMessage(ctx.locale, error.messageKey, { limit: MAX_FORM_BYTES }));
    }
    // An address naming an order by an id no order may have (a NUL in it): refused as input, nothing was asked or done.
    if (error instanceof OrderIdInvalidError) {
      const fields = error.problems.map((e) => uiMessage(ctx.locale, "form-field-invalid", { field: e.path, problem: fieldProblem(e, ctx.locale) }));
      return page(400, "input-error", "input-invalid", [hostMessage(ctx.locale, "input-invalid"), ...fields].join(" "));
    }
    // crossSitePageGuard() or csrf(): a post from another site's page.
    if (error instanceof HTTPException && error.status === 403) return page(403, "form-error", "form-foreign-origin", uiMessage(ctx.locale, "form-foreign-origin"));
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof PluginCallError) return page(error.status, "plugin-error", error.code, hostMessage(ctx.locale, error.code, { name: error.subject, hook: error.subject }));
    // The clerk API's problem answer to a page's read (the picking list): its code and words, logged there once.
    if (error instanceof ClerkApiProblemError) {
      return page(error.status as ContentfulStatusCode, isPluginCallErrorCode(error.code) ? "plugin-error" : "host-error", error.code, error.title);
    }
    // Anything else (the order book not answering, a plugin that stopped): the host's answer as a page, not the API's
    // problem document in the browser.
    const answer = deps.failureAnswer(error, { path: c.req.path, language: c.get("language"), requestId: c.get("requestId") });
    return page(answer.status, "host-error", answer.code, answer.title);
  });

  const localeOf = (c: Context<UiEnv>): Locale => (c.get("language") === "en" ? "en" : "sv");
  /** Marks the request as gone on to its action: a failure after this point may have left a change behind. */
  const acting = <T,>(c: Context<UiEnv>, action: () => Promise<T>): Promise<T> => {
    c.set("acted", true);
    return action();
  };
  /**
   * `refusedKey`: the page answers a refused post, kept under this key for the language links (refusedPage).
   * `flashKey`: the key under which the language links show the notices this page shows (FlashShown.next); without
   * one, the links carry no flash key (the one in the address is used up).
   */
  const pageContext = (c: Context<UiEnv>, refusedKey?: string, formToken?: string, flashKey?: string): PageContext => {
    const url = new URL(c.req.url);
    if (flashKey) url.searchParams.set("flash", flashKey);
    else url.searchParams.delete("flash");
    // A page answering a form post (a refusal) lives at the post's address; its language links go to the page it
    // shows instead, which a GET can reach, with the key that shows it again with what was typed.
    const path = c.req.method === "GET" ? `${url.pathname}${url.search}` : `${pageShownAfterPost(url.pathname)}${refusedKey ? `?refused=${refusedKey}` : ""}`;
    return { locale: localeOf(c), nonce: c.get("secureHeadersNonce") ?? "", path, inboxUrl: deps.sandbox?.inboxUrl ?? null, formToken: formToken ?? randomUUID(), timeZone: deps.timeZone };
  };
  const methodLabels = (locale: Locale): Record<string, string> => ({
    ...Object.fromEntries(deps.manifest.paymentMethods.map((m) => [m.code, m.labels[locale]])),
    ...Object.fromEntries(Object.entries(HOST_METHODS).map(([code, key]) => [code, uiMessage(locale, key)])),
  });
  /** The order form as posted, its payment method checked against the select's list (methodLabels' codes). */
  const parseOrderForm = (form: FormBody, base: HostOrder, locale: Locale) => parseOrderFormOffering(form, base, locale, Object.keys(methodLabels(locale)));
  const redirectWith = (c: Context<UiEnv>, path: string, notices: readonly Notice[]) => {
    const key = flash.put(notices, localeOf(c));
    return c.redirect(key ? `${path}?flash=${key}` : path, 303);
  };
  /** After a carried-out post: its notices, and for a repeated post also that nothing was done again. */
  const redirectDone = (c: Context<UiEnv>, done: CarriedOut & { repeated: boolean }) =>
    redirectWith(c, done.path, done.repeated ? [...done.notices, { code: "form-already-sent", severity: "info", message: uiMessage(localeOf(c), "form-already-sent") }] : done.notices);
  const carriedOut = (path: string, notices: Notice[]): CarriedOut => ({ carriedOut: true, path, notices });
  const orderPath = (id: string) => `/orders/${encodeURIComponent(id)}`;
  const notFound = (c: Context<UiEnv>, id: string) => {
    const ctx = pageContext(c);
    const title = uiMessage(ctx.locale, "heading-orders");
    c.status(404);
    return c.html(
      <Layout ctx={ctx} title={title}>
        <h1>{title}</h1>
        <p id="not-found">{`${uiMessage(ctx.locale, "open-order", { number: id })}: 404`}</p>
      </Layout>,
    );
  };

  ui.get("/", async (c) => {
    const shown = flash.take(c.req.query("flash"));
    const ctx = pageContext(c, undefined, undefined, shown?.next);
    const [orders, sandbox] = await Promise.all([listOrderViews(deps.store, deps.plugin, ctx.locale), deps.sandbox?.status() ?? null]);
    return c.html(
      <OrderListPage
        ctx={ctx}
        orders={orders}
        methodLabels={methodLabels(ctx.locale)}
        flash={shown ?? { notices: [] }}
        sandbox={sandbox && { ...sandbox, realNow: Date.now() }}
      />,
    );
  });

  /** The new-order form: empty, or (`refused`) as the clerk typed it into a refused one. */
  const newOrderPage = async (c: Context<UiEnv>, asShown: Shown, refusedKey?: string) => {
    const ctx = pageContext(c, refusedKey);
    const shown = reworded(asShown, ctx.locale);
    return c.html(
      <OrderFormPage
        ctx={ctx}
        order={shown.order ?? (await newOrder(deps.store, deps.manifest))}
        totalKnown={shown.totalKnown ?? true}
        saved={null}
        methodLabels={methodLabels(ctx.locale)}
        notices={[]}
        errors={shown.errors ?? []}
        {...(shown.givenIn ? { givenIn: shown.givenIn } : {})}
      />,
    );
  };

  /** What a refused post's page showed, made again in the language the clerk switched to (see createRefusedPages). */
  const refusedPage = (c: Context<UiEnv>, path: string) => refusedPages.get(c.req.query("refused"), path)?.shownIn(localeOf(c));

  ui.get("/orders/new", async (c) => newOrderPage(c, (await refusedPage(c, "/orders/new")) ?? {}));

  /** The clerk sees order numbers, so two orders never share one (a deleted order keeps its number). */
  const numberTaken = async (order: HostOrder, locale: Locale): Promise<Refusal[]> =>
    (await deps.store.list()).some((r) => r.order.number === order.number && r.order.id !== order.id)
      ? [{ code: "order-number-taken", field: "number", message: uiMessage(locale, "order-number-taken", { number: order.number }) }]
      : [];

  /**
   * A refused save's page in any language: the form as typed (its numbers written as that language writes them), and
   * the host's own refusals made again on it in that language; the plugin's refusals and the notices that came with
   * them (the host's order-not-restored: the file holds the refused version) as given (`hostRefused` false: only the
   * plugin words them, and asking it again would be saving again).
   */
  const refusedSave =
    (form: FormBody, base: HostOrder, typedIn: Locale, hostRefused: boolean, refusal: RefusedOutcome) =>
    async (locale: Locale): Promise<Shown> => {
      const { order, totalKnown, errors } = parseOrderForm(decimalsRetyped(form, typedIn, locale, isOrderDecimalField), base, locale);
      if (!hostRefused) return { order, totalKnown, ...refusedShown(refusal), givenIn: typedIn };
      errors.push(...(await numberTaken(order, locale)));
      return { order, totalKnown, errors };
    };

  ui.post("/orders", async (c) => {
    const locale = localeOf(c);
    const form = await readFormBody(c);
    const base = await newOrder(deps.store, deps.manifest);
    const { order, errors } = parseOrderForm(form, base, locale);
    // A repeated post of the new-order form (a double click) must not make a second order, nor be refused as taking
    // the number the first one took.
    const done = await submissions.once(form.formToken, async () => {
      // The id and the number are picked and checked before the order is stored: another clerk's new order may take
      // them in between. The create is sent as one (If-None-Match: *), so the clerk API refuses it (order-exists)
      // rather than take it as an edit replacing the other order; it is made again with a fresh id, its number checked
      // again (taken now: refused with the form kept, the clerk picks another).
      for (let attempt = 1; ; attempt++) {
        order.id = await freeOrderId(deps.store, order.number);
        errors.push(...(await numberTaken(order, locale)));
        const outcome = errors.length === 0 ? await acting(c, () => deps.api.create(order, locale)) : { accepted: false as const, errors };
        if (!outcome.accepted && attempt < CREATE_ATTEMPTS && outcome.errors.some((e) => e.code === "order-exists")) continue;
        return outcome.accepted ? carriedOut(orderPath(order.id), outcome.notices) : { carriedOut: false, refused: outcome };
      }
    }, otherInputThan(form, locale));
    if (done.carriedOut) return redirectDone(c, done);
    c.status(422);
    // The save failed after the host wrote the order ahead of the plugin (see storedAnyway): the order is stored, so the
    // clerk gets its page, whose next save settles the payment; the new-order form would make a second order of it.
    const stored = storedAnyway(done.refused) ? await deps.store.get(order.id) : undefined;
    if (stored) return refusedOrderPage(c, stored, refusedSave(form, stored.order, locale, false, done.refused));
    // The form is read again on the id the create was last tried with: on the base's (picked before another clerk's new
    // order took it) the number check would take that order for this one, and drop the refusal it made.
    const shownIn = refusedSave(form, { ...base, id: order.id }, locale, errors.length > 0, done.refused);
    return newOrderPage(c, await shownIn(locale), refusedPages.put({ path: "/orders/new", shownIn }));
  });

  const afterPaymentActions = AFTER_PAYMENT_ACTIONS.every((action) => deps.plugin.declares(`order.${action}`));

  /** An order's page: as stored, or as the clerk typed it with what refused it. */
  const orderPage = async (c: Context<UiEnv>, record: HostOrderRecord, asShown: Shown, refusedKey?: string) => {
    const ctx = pageContext(c, refusedKey, asShown.formToken, asShown.flashKey);
    const shown = reworded(asShown, ctx.locale);
    // A plugin that just failed (or stopped) in this request is not asked for the payment's view: it would fail, and be
    // logged, again, and its failure page would hide the refusal (and what the clerk typed).
    const viewUnknown = (shown.errors ?? []).some((e) => isPluginFailure(e.code));
    const view = viewUnknown ? null : (await withPaymentViews([record], deps.plugin, ctx.locale))[0]!.paymentView;
    return c.html(
      <OrderFormPage
        ctx={ctx}
        order={shown.order ?? record.order}
        totalKnown={shown.totalKnown ?? true}
        saved={{ order: record.order, deletedAt: record.deletedAt, view, viewUnknown, version: shown.version ?? orderVersion(record.order) }}
        methodLabels={methodLabels(ctx.locale)}
        notices={shown.notices ?? []}
        errors={shown.errors ?? []}
        afterPaymentActions={afterPaymentActions}
        refusedAction={shown.refusedAction ?? false}
        actionInput={shown.actionInput ?? {}}
        {...(shown.givenIn ? { givenIn: shown.givenIn } : {})}
        {...(shown.resendChecks === false ? { resendChecks: false } : {})}
      />,
    );
  };

  /** A refused post's order page, kept (refusedPages) so the language links show it again with what was typed. */
  const refusedOrderPage = async (c: Context<UiEnv>, record: HostOrderRecord, shownIn: (locale: Locale) => Promise<Shown>) => {
    const path = orderPath(record.order.id);
    return orderPage(c, record, await shownIn(localeOf(c)), refusedPages.put({ path, shownIn }));
  };

  ui.get("/orders/:id", async (c) => {
    const record = await deps.store.get(c.req.param("id"));
    if (!record) return notFound(c, c.req.param("id"));
    const refused = await refusedPage(c, orderPath(record.order.id));
    if (refused) return orderPage(c, record, refused);
    const shown = flash.take(c.req.query("flash"));
    return orderPage(c, record, shown ? { notices: shown.notices, givenIn: shown.givenIn, flashKey: shown.next } : {});
  });

  ui.post("/orders/:id", async (c) => {
    const locale = localeOf(c);
    const record = await deps.store.get(c.req.param("id"));
    if (!record) return notFound(c, c.req.param("id"));
    const form = await readFormBody(c);
    const { order, errors } = parseOrderForm(form, record.order, locale);
    // The version of the order the page was filled from: a save from a page opened before another save of the order
    // (a second window, another clerk) is refused by the clerk API, nothing saved or sent, the clerk's input kept.
    const version = postedVersion(form);
    // A repeated post (a double click) is answered with the first one's notices: a second save of the same order
    // would say "unchanged" and hide that the first re-issued the link and texted the customer.
    const done = await submissions.once(form.formToken, async () => {
      errors.push(...(await numberTaken(order, locale)));
      const outcome = errors.length === 0 ? await acting(c, () => deps.api.save(order, locale, version)) : { accepted: false as const, errors };
      const changed = changedMeanwhile(outcome, locale, "form-order-changed");
      if (changed) return changed;
      return outcome.accepted ? carriedOut(orderPath(order.id), outcome.notices) : { carriedOut: false, refused: outcome };
    }, otherInputThan(form, locale));
    if (done.carriedOut) return redirectDone(c, done);
    c.status(422);
    // The refused page's version: the one the clerk's input was made from, unless the order stored now is this
    // save's (see storedAnyway: the next save, which the page asks for, settles the payment) or the clerk was just told
    // it changed meanwhile (a second save then replaces it on purpose).
    const current = (await deps.store.get(record.order.id)) ?? record;
    const storedNow = storedAnyway(done.refused) || done.refused.errors.some((e) => e.code === "order-changed");
    const pageVersion = version === undefined || storedNow ? orderVersion(current.order) : version;
    const shownIn = refusedSave(form, record.order, locale, errors.length > 0, done.refused);
    return refusedOrderPage(c, current, async (l) => ({ ...(await shownIn(l)), version: pageVersion }));
  });

  ui.post("/orders/:id/delete", async (c) => {
    const id = c.req.param("id");
    const record = await deps.store.get(id);
    if (!record) return notFound(c, id);
    const form = await readFormBody(c);
    // The page's box must be ticked; a post without it (not from the page, or a browser that ignores "required")
    // deletes nothing.
    if (form.confirm !== "yes") {
      c.status(422);
      return refusedOrderPage(c, record, async (locale) => {
        const message = uiMessage(locale, "delete-confirmation-required");
        return { errors: [{ code: "delete-confirmation-required", field: "delete.confirm", rule: "required", message }], refusedAction: true };
      });
    }
    // A delete from a page opened before another save of the order is refused (order-changed), as a save is.
    const version = postedVersion(form);
    const done = await submissions.once(form.formToken, async () => {
      const outcome = await acting(c, () => deps.api.remove(id, localeOf(c), version));
      const changed = changedMeanwhile(outcome, localeOf(c), "form-order-changed-delete");
      if (changed) return changed;
      return outcome.accepted ? carriedOut(orderPath(id), outcome.notices) : { carriedOut: false, refused: outcome };
    });
    if (done.carriedOut) return redirectDone(c, done);
    c.status(409);
    const typedIn = localeOf(c);
    return refusedOrderPage(c, record, async () => ({ ...refusedShown(done.refused), refusedAction: true, givenIn: typedIn }));
  });

  ui.post("/orders/:id/check-payment", async (c) => {
    const ctx = pageContext(c);
    const id = c.req.param("id");
    const record = await deps.store.get(id);
    if (!record) return notFound(c, id);
    const form = await readFormBody(c);
    const done = await submissions.once(form.formToken, async () => {
      const outcome = await acting(c, () => deps.api.checkPayment(id, ctx.locale));
      return outcome.accepted ? carriedOut(orderPath(id), outcome.notices) : { carriedOut: false, refused: outcome };
    });
    if (done.carriedOut) return redirectDone(c, done);
    // The check could not be made (the plugin stopped and the host needs a restart, the plugin failed): the order's
    // page says why, as for a refused delete, not the clerk API's problem document.
    c.status(409);
    return refusedOrderPage(c, record, async () => ({ ...refusedShown(done.refused), refusedAction: true, givenIn: ctx.locale }));
  });

  // After payment: the clerk API's credit, annul and deliver, each from a form of its own on the paid order's page.
  for (const action of AFTER_PAYMENT_ACTIONS) {
    ui.post(`/orders/:id/${action}`, async (c) => {
      const id = c.req.param("id");
      const record = await deps.store.get(id);
      if (!record) return notFound(c, id);
      const form = await readFormBody(c);
      const typed = Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "formToken" && e[0] !== "version"));
      // An amount or a row's quantity that is no number is the page's to name, by its label and in the clerk's spelling
      // (the plugin's contract speaks of a point, and of the request's row list rather than the order's rows).
      const typedIn = localeOf(c);
      // Shown again in another language, the numbers typed are written as that language writes them.
      const inputIn = (locale: Locale) => decimalsRetyped(typed, typedIn, locale, (name) => /^(amount|vatPercent|credit\.\d+)$/.test(name));
      if (action === "credit" && creditNotANumbers(form, typedIn, record.order.currency).length > 0) {
        c.status(422);
        // The posted form, with its single values as that language writes them (a field sent twice stays a list).
        return refusedOrderPage(c, record, async (locale) => ({ errors: creditNotANumbers({ ...form, ...inputIn(locale) }, locale, record.order.currency), refusedAction: true, actionInput: inputIn(locale) }));
      }
      const fields = action === "credit" ? creditBody(form, localeOf(c)) : action === "annul" ? { confirm: form.confirm === "yes" } : {};
      // The form's token is the request's id for the plugin too: a repeat that reaches another node, or comes after a
      // restart, is answered as done by the plugin itself.
      const body = typeof form.formToken === "string" && form.formToken !== "" && form.formToken.length <= 200 ? { ...fields, requestId: form.formToken } : fields;
      // Money moves here: a repeated post (a double click, a resubmit after Back) gets the first one's outcome, and
      // never credits or annuls a second time.
      // The credit forms send the version of the order they were filled from (their rows are named by place): one sent
      // after another save of the order is refused as changed, nothing credited, rather than read against rows moved.
      const version = postedVersion(form);
      const done = await submissions.once(form.formToken, async () => {
        const outcome = await acting(c, () => deps.api.afterPayment(id, action, body, localeOf(c), version));
        const changed = changedMeanwhile(outcome, typedIn, "form-order-changed-credit");
        if (changed) return changed;
        return outcome.accepted ? carriedOut(orderPath(id), outcome.notices) : { carriedOut: false, refused: outcome };
      }, otherInputThan(form, localeOf(c)));
      if (done.carriedOut) return redirectDone(c, done);
      c.status(422);
      if (done.refused.errors.some((e) => e.code === "order-changed")) {
        // The order as stored now, with its version in the forms; an amount typed is kept, a row's quantity is not: it
        // would stand beside whatever row has that place now.
        const current = (await deps.store.get(id)) ?? record;
        const refusal = done.refused;
        const formToken = pageTokenOf(form.formToken);
        return refusedOrderPage(c, current, async (locale) => ({
          ...refusedShown(refusal),
          refusedAction: true,
          actionInput: Object.fromEntries(Object.entries(inputIn(locale)).filter(([name]) => !name.startsWith("credit."))),
          ...(formToken ? { formToken } : {}),
        }));
      }
      // The clerk's input stays in the form, as a refused save keeps the order form's, and so does its token: the
      // outcome may be unknown (Svea's answer lost), and the plugin tells the same request again from a new one by it.
      // A request the plugin had carried out already with other input is a form sent before: the page says so in the
      // clerk's words, and its next form is a new request. So is the form after `earlier-action-carried-out`: the
      // plugin answers that request the same way again (a reload), and the clerk who, told, asks again asks anew.
      const nextIsNew = done.refused.errors.some((e) => ["request-id-reused", "earlier-action-carried-out", "form-carried-out-other-input"].includes(e.code));
      const errors = done.refused.errors.map((e) =>
        e.code === "request-id-reused" ? hostRefusal(e.code, "form-carried-out-other-input", typedIn) : creditRefusalAsTyped(e, body),
      );
      const notices = done.refused.notices ?? [];
      const formToken = nextIsNew ? undefined : pageTokenOf(form.formToken);
      return refusedOrderPage(c, record, async (locale) => ({
        errors,
        notices,
        refusedAction: true,
        actionInput: inputIn(locale),
        givenIn: typedIn,
        ...(formToken ? { formToken } : { resendChecks: false }),
      }));
    });
  }

  // A refused post's page lives at the post's address: a reload or a bookmark of it (a GET) gets the page it shows.
  ui.get("/orders/:id/:action{(credit|annul|deliver|delete|check-payment)}", (c) => c.redirect(orderPath(c.req.param("id")), 303));
  ui.get("/orders", (c) => c.redirect("/orders/new", 303));

  ui.get("/picking", async (c) => {
    const ctx = pageContext(c);
    // One after the other: when the clerk API fails (and logs it), the page does not meet the same failure again.
    const picking = await deps.api.pickingList(ctx.locale);
    const records = await deps.store.list();
    return c.html(<PickingPage ctx={ctx} picking={picking} ordersById={new Map(records.map((r) => [r.order.id, r.order]))} />);
  });

  ui.post("/sandbox/advance", async (c) => {
    const locale = localeOf(c);
    if (!deps.sandbox) return c.text("The sandbox clock is only there when the host runs against the mock Svea.", 404);
    const form = await readFormBody(c);
    const hoursText = String(form.hours ?? "").trim();
    const hours = Number(hoursText);
    if (!/^\d+$/.test(hoursText) || hours < 1 || hours > 1000) {
      return redirectWith(c, "/", [{ code: "sandbox-hours-invalid", severity: "error", field: "hours", message: uiMessage(locale, "sandbox-hours-invalid") }]);
    }
    const sandbox = deps.sandbox;
    // A repeated post of the form (a double click, a resubmit after Back) moves the clocks once, as other forms act once.
    const done = await submissions.once(form.formToken, async (): Promise<CarriedOut | Refused<Notice[]>> => {
      try {
        const result = await acting(c, () => sandbox.advance(hours * 3_600_000, locale));
        // Each job by the label the manifest gives its command, its message as the plugin wrote it (a full sentence) in
        // the clerk's language, or the page's words for a run skipped because the schedule was still running.
        const labelOf = (name: string) => {
          const command = deps.manifest.schedules.find((s) => s.name === name)?.command ?? name;
          return deps.manifest.commands.find((cmd) => cmd.name === command)?.labels?.[locale] ?? name;
        };
        const plugin = result.schedules.map(({ name, outcome }) => `${labelOf(name)}: ${outcome.skipped ? uiMessage(locale, "sandbox-schedule-still-running") : outcome.result.message}`).join(" ");
        return carriedOut("/", [{ code: "sandbox-advanced", severity: "info", message: uiMessage(locale, "sandbox-done", { hours, mockExpired: result.mockExpired, plugin }) }]);
      } catch (error) {
        if (!(error instanceof SandboxClockError)) throw error;
        // Logged once by the sandbox clock; the notice says whether the clocks moved. Clocks that moved count as done.
        const code = error.moved ? "sandbox-failed-after-move" : "sandbox-failed";
        const notices: Notice[] = [{ code, severity: "error", message: uiMessage(locale, code, { hours, reason: error.message }) }];
        return error.moved ? carriedOut("/", notices) : { carriedOut: false, refused: notices };
      }
    });
    return done.carriedOut ? redirectDone(c, done) : redirectWith(c, "/", done.refused);
  });

  // An address no page has: a page in the clerk's language with the navigation, as an order that does not exist gets
  // (the clerk API's own 404, a problem document, is answered before these routes).
  ui.all("*", (c) => {
    const ctx = pageContext(c);
    const title = uiMessage(ctx.locale, "page-not-found");
    const path = c.req.path.length > 200 ? `${c.req.path.slice(0, 200)}…` : c.req.path;
    c.status(404);
    return c.html(
      <Layout ctx={ctx} title={title}>
        <h1>{title}</h1>
        <p id="not-found">{uiMessage(ctx.locale, "page-not-found-text", { path })}</p>
      </Layout>,
    );
  });

  return ui;
}

/** A refused clerk action as its page shows it: the refusals, and the notices given with them. */
function refusedShown(refusal: RefusedOutcome): Pick<Shown, "errors" | "notices"> {
  return { errors: refusal.errors, notices: refusal.notices ?? [] };
}

/**
 * Whether a refused save left the clerk's order stored (the host writes it ahead of the plugin): the plugin failed or
 * had stopped, the order file failed while the plugin worked (503 order-saved-link-may-be-sent), or the refused version
 * could not be put back (the notice order-not-restored). The page then goes on from the order stored: its version, and
 * for a new order its page rather than the new-order form (whose save would be a second order, or refused as taken).
 */
function storedAnyway(refusal: RefusedOutcome): boolean {
  return refusal.errors.some((e) => isPluginFailure(e.code) || e.code === SAVED_LINK_MAY_BE_SENT) || (refusal.notices ?? []).some((n) => n.code === "order-not-restored");
}

/** The page token of a posted form's token (`<page token>.<form>`, FormToken), if it is one a page gave. */
function pageTokenOf(posted: unknown): string | undefined {
  const match = typeof posted === "string" ? /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[a-z-]+$/.exec(posted) : null;
  return match?.[1];
}

/** The GET address of what a refused form post shows: the order's page for an order's actions, the new-order form. */
export function pageShownAfterPost(pathname: string): string {
  if (pathname === "/orders") return "/orders/new";
  const order = /^(\/orders\/[^/]+)(?:\/[a-z-]+)?$/.exec(pathname);
  return order ? order[1]! : "/";
}

/**
 * A credit form's body for the clerk API: the rows form (`mode=rows`) credits the rows given a quantity (`credit.<row
 * index>`; an empty one is left out, none at all is left for the plugin to refuse), the other form an amount.
 */
function creditBody(form: Record<string, unknown>, locale: Locale): Record<string, unknown> {
  if (form.mode !== "rows") {
    // An empty amount is left out, for the plugin to ask what to credit (rather than call "" a bad number).
    const amount = decimalText(String(form.amount ?? "").trim(), locale);
    const vatPercent = decimalText(String(form.vatPercent ?? "").trim(), locale);
    return { ...(amount ? { amount } : {}), ...(vatPercent ? { vatPercent } : {}) };
  }
  const rows = Object.entries(form)
    .filter(([name, value]) => /^credit\.\d+$/.test(name) && String(value).trim() !== "")
    .map(([name, value]) => ({ row: Number(name.slice("credit.".length)), quantity: decimalText(String(value).trim(), locale) }));
  return rows.length > 0 ? { rows } : {};
}

/**
 * What the credit form was given that is no decimal number: the amount form's amount, or the rows form's quantities
 * (`credit.<row index>`, named "Row 2: Quantity to credit" as the page numbers rows), and any of those or the VAT rate
 * sent twice. Empty fields are the plugin's to judge (nothing to credit), as are numbers it refuses (too many, negative).
 */
function creditNotANumbers(form: Record<string, unknown>, locale: Locale, currency: string): Refusal[] {
  const fields = form.mode === "rows" ? Object.keys(form).filter((name) => /^credit\.\d+$/.test(name)) : ["amount", "vatPercent"];
  return fields.flatMap((field) => {
    const label = () => fieldControl(field, locale, true, currency)?.label ?? field;
    // Sent twice (a hand-made post): refused, never joined ("100,50" is a Swedish decimal) nor one of them picked.
    if (Array.isArray(form[field])) return [{ code: "input-invalid", field, rule: "single", message: uiMessage(locale, "form-field-invalid", { field: label(), problem: uiMessage(locale, "problem-repeated") }) }];
    if (field === "vatPercent") return [];
    const typed = String(form[field] ?? "").trim();
    if (typed === "" || /^-?\d+(\.\d+)?$/.test(decimalText(typed, locale))) return [];
    const problem = uiMessage(locale, "problem-decimal", { value: typed.length > 24 ? `${typed.slice(0, 20)}…` : typed });
    return [{ code: "input-invalid", field, rule: "decimal", message: uiMessage(locale, "form-field-invalid", { field: label(), problem }) }];
  });
}

/** A fresh order for the form: the next free number, Swedish defaults, the plugin's first payment method. */
async function newOrder(store: HostOrderStore, manifest: PluginManifest): Promise<HostOrder> {
  // A loop, not Math.max(...numbers): spreading an argument per order overflows the stack past ~125,000 orders.
  let highest = 1000;
  for (const record of await store.list()) {
    const n = Number(record.order.number);
    if (Number.isSafeInteger(n) && n > highest) highest = n;
  }
  const number = String(highest + 1);
  return {
    id: orderIdFor(number),
    number,
    paymentMethod: manifest.paymentMethods[0]!.code,
    currency: "SEK",
    pricesIncludeVat: true,
    customer: { countryCode: "SE", customerType: "private" },
    rows: [],
    total: "0.00",
  };
}

// Readable ids for readable addresses: "ord-" and the number, with anything unusual in it replaced.
function orderIdFor(number: string): string {
  return `ord-${number.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/**
 * The readable id, unless two numbers map to it ("10/1" and "10_1") or the number is too long for a new order's id
 * (the form has no id field to name in a refusal); then a random one.
 */
async function freeOrderId(store: HostOrderStore, number: string): Promise<string> {
  const readable = orderIdFor(number);
  return newOrderIdProblem(readable) || (await store.get(readable)) ? `ord-${randomUUID()}` : readable;
}
