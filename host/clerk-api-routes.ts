// The clerk-facing JSON API: saves, deletes, lists, checks and picks orders, dispatching each to the plugin's hooks.
import { ifMatchHolds, ifNoneMatchHolds, orderVersion } from "./order-version.js";
import { Hono, type Context } from "hono";
import type { Env } from "hono";
import type { Clock } from "../common/clock.js";
import { depthProblem } from "../common/json-depth.js";
import type { FieldError } from "../common/json-schema-validator.js";
import { hostContractValidators } from "../plugin/host-contract/host-contract-schemas.js";
import type { HostOrder, Locale, Notice } from "../plugin/host-contract/host-contract-types.js";
import type { PluginHooks, PluginLogger } from "../plugin/host-contract/plugin-api.js";
import { hostMessage } from "./host-messages.js";
import { hostNotice, type HostNoticeCode } from "./host-notices.js";
import { HostOrderFileError, logOrderFileError, type OrderFileAnswer } from "./host-order-file-error.js";
import type { HostOrderStore } from "./host-order-store.js";
import { newOrderIdProblem } from "../plugin/host-contract/new-order-id-rule.js";
import { orderIdProblems } from "./order-id-rule.js";
import { listOrderViews, withPaymentViews } from "./order-list-query.js";
import { PluginCallError, type PluginDispatcher } from "./plugin-dispatcher.js";
import { problem } from "./problem-response.js";

/** The longest Idempotency-Key kept as an after-payment call's requestId (README: Clerk API). */
const IDEMPOTENCY_KEY_MAX = 200;

export interface ClerkApiDeps {
  store: HostOrderStore;
  plugin: PluginDispatcher;
  logger: PluginLogger;
  clock: Clock;
}

type ClerkEnv = Env & { Variables: { language: string } };

const localeOf = (c: Context<ClerkEnv>): Locale => (c.get("language") === "en" ? "en" : "sv");

export function clerkApiRoutes({ store, plugin, logger }: ClerkApiDeps): Hono<ClerkEnv> {
  const api = new Hono<ClerkEnv>();

  /**
   * Runs `work` (after the plugin may have acted at Svea) and answers a write of the order file that fails in it as
   * `answer` says; the host's error handler logs it and answers 503.
   */
  const answering = async <T>(answer: OrderFileAnswer, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw error instanceof HostOrderFileError ? error.answeredAs(answer) : error;
    }
  };

  /**
   * Runs a write whose failure leaves the plugin's answer standing (the order was already written ahead of the hook):
   * a failed write is logged once and comes back as the notice that tells the clerk what the file does not hold.
   */
  const keptOrNotice = async (c: Context<ClerkEnv>, code: HostNoticeCode, write: () => Promise<unknown>): Promise<Notice[]> => {
    try {
      await write();
      return [];
    } catch (error) {
      if (error instanceof HostOrderFileError) {
        logOrderFileError(logger, error, { path: c.req.path, requestId: (c as Context).get("requestId") }, code);
        return [hostNotice(localeOf(c), code)];
      }
      // Any other failure of the notices' write (the PostgreSQL order book gone) comes after the order was saved and
      // the plugin acted: "failed, nothing changed" would be false, so the plugin's answer stands with a warning.
      if (code !== "notices-not-kept") throw error;
      logger.error({ err: error, path: c.req.path, requestId: (c as Context).get("requestId") }, "the order book failed to keep a save's notices after the plugin acted");
      return [hostNotice(localeOf(c), "notices-not-kept-order-book")];
    }
  };

  api.onError((error, c) => {
    if (error instanceof PluginCallError) {
      const params = { name: error.subject, hook: error.subject };
      const errors = error.errors.length > 0 ? { list: error.errors, locale: localeOf(c) } : undefined;
      return problem(c, error.status, error.code, hostMessage(localeOf(c), error.code, params), errors);
    }
    throw error;
  });

  const notFound = (c: Context<ClerkEnv>, id: string) => problem(c, 404, "order-not-found", hostMessage(localeOf(c), "order-not-found", { id }));

  api.get("/orders", async (c) => c.json({ orders: await listOrderViews(store, plugin, localeOf(c)) }));

  // The id in the address is input like any other: one the order schema's id rule refuses (a NUL, which PostgreSQL
  // cannot hold) is answered 400 naming `id` and the rule before the order book is asked, which would fail (500) on
  // PostgreSQL where the file answers 404. A save (PUT) checks its id as part of the order it carries: order-invalid.
  api.on(["GET", "DELETE", "POST"], ["/orders/:id", "/orders/:id/*"], async (c, next) => {
    const id = c.req.param("id");
    const list = id === undefined ? [] : orderIdProblems(id);
    if (list.length > 0) return problem(c, 400, "input-invalid", hostMessage(localeOf(c), "input-invalid"), { list, locale: localeOf(c) });
    await next();
  });

  api.get("/orders/:id", async (c) => {
    const record = await store.get(c.req.param("id"));
    if (!record) return notFound(c, c.req.param("id"));
    const [view] = await withPaymentViews([record], plugin, localeOf(c));
    c.header("ETag", orderVersion(record.order));
    return c.json(view);
  });

  api.put("/orders/:id", async (c) => {
    const id = c.req.param("id");
    const locale = localeOf(c);
    const read = await readJson(c);
    if (!read.ok) return problem(c, 400, "order-invalid", hostMessage(locale, "order-invalid"), { list: [read.error], locale });
    const body = read.value;
    if (typeof body === "object" && body !== null && !Array.isArray(body)) {
      const bodyId = (body as { id?: unknown }).id;
      if (bodyId !== undefined && bodyId !== id) {
        return problem(c, 400, "order-id-mismatch", hostMessage(locale, "order-id-mismatch", { id, bodyId: String(bodyId) }));
      }
      (body as { id?: unknown }).id = id;
    }
    const checked = hostContractValidators.order(body);
    if (!checked.ok) return problem(c, 400, "order-invalid", hostMessage(locale, "order-invalid"), { list: checked.errors, locale });
    const order: HostOrder = checked.value;

    // Saves and deletes of one order run one at a time, on every node (an ERP's row lock): a refused save puts back
    // exactly what it replaced, and a save never brings back an order deleted meanwhile.
    const ifMatch = c.req.header("if-match");
    const ifNoneMatch = c.req.header("if-none-match");
    return store.withOrderLock(id, async () => {
      const previous = await store.get(id);
      // A create (`If-None-Match: *`) that finds an order stored under its id meanwhile (another clerk's new order, which
      // took the same next number and id a moment before): refused, nothing written and nothing sent, rather than
      // taken as an edit that replaces the other order. Checked under the lock, as If-Match is; a deleted order counts.
      if (ifNoneMatch !== undefined && !ifNoneMatchHolds(ifNoneMatch, previous?.order)) return problem(c, 412, "order-exists", hostMessage(locale, "order-exists", { id }));
      if (previous?.deletedAt) return problem(c, 409, "order-deleted", hostMessage(locale, "order-deleted", { order: previous.order.number || id }));
      // A save from a copy read before another save (a second window, another clerk): refused, nothing written and
      // nothing sent, rather than putting back the older content. Checked under the lock, so two such saves at once
      // cannot both pass.
      if (ifMatch !== undefined && !ifMatchHolds(ifMatch, previous?.order)) return problem(c, 412, "order-changed", hostMessage(locale, "order-changed", { id }));
      // A new order's id must fit the order book's index (PostgreSQL's); an order stored under a longer one before the
      // rule is saved as any other.
      const longId = previous ? undefined : newOrderIdProblem(id);
      if (longId) return problem(c, 400, "order-invalid", hostMessage(locale, "order-invalid"), { list: [longId], locale });
      // Written ahead of the hook, as an ERP commits its order before the payment plugin acts: once the plugin has sent
      // the customer a link, a host that dies before the answer still has the order the customer may pay. A refusal
      // (nothing was done at Svea) puts back what was there; a plugin that fails leaves the order saved, its payment
      // state for reconcile and the clerk's next save to settle. This write failing changed nothing (503
      // order-file-unwritable); every later one is answered by what had happened by then.
      const written = await store.save(order, previous?.lastNotices ?? [], previous?.noticesLocale);
      // From here on the plugin may have sent the customer a link: a failed write is never "nothing changed".
      const result = await answering("order-saved-link-may-be-sent", () =>
        plugin.hook("order.save", { order, ...(previous ? { previous: previous.order } : {}), locale }),
      );
      if (!result.accepted) {
        const unrestored = await keptOrNotice(c, "order-not-restored", () => store.restore(written, previous));
        if (unrestored.length === 0) return c.json(result, 422);
        // A refusal has errors and no notices of its own in the contract; the client shows a refusal's notices.
        const theirs = Array.isArray(result.notices) ? (result.notices as Notice[]) : [];
        return c.json({ ...result, notices: [...theirs, ...unrestored] }, 422);
      }
      // The order and the plugin's payment are stored; only the notices would be missing from the file.
      let saved = written;
      const unkept = await keptOrNotice(c, "notices-not-kept", async () => {
        saved = await store.save(order, result.notices, locale);
      });
      const notices = [...result.notices, ...unkept];
      c.header("ETag", orderVersion(saved.order));
      return c.json({ accepted: true, order: saved, notices, paymentView: result.paymentView ?? null }, previous ? 200 : 201);
    });
  });

  api.delete("/orders/:id", async (c) => {
    const id = c.req.param("id");
    const locale = localeOf(c);
    const ifMatch = c.req.header("if-match");
    return store.withOrderLock(id, async () => {
      const record = await store.get(id);
      if (!record) return notFound(c, id);
      // Deleting a copy read before another save (the order the other clerk changed) is refused as a save is.
      if (ifMatch !== undefined && !record.deletedAt && !ifMatchHolds(ifMatch, record.order)) return problem(c, 412, "order-changed", hostMessage(locale, "order-changed", { id }));
      if (record.deletedAt) return c.json({ accepted: true, order: record, notices: record.lastNotices, paymentView: null });
      const cancelling = "order-not-deleted-link-may-be-cancelled";
      const result = await answering(cancelling, () => plugin.hook("order.delete", { order: record.order, locale }));
      if (!result.accepted) return c.json(result, 409);
      const deleted = await answering(cancelling, () => store.markDeleted(id, result.notices, locale));
      return c.json({ accepted: true, order: deleted, notices: result.notices, paymentView: result.paymentView ?? null });
    });
  });

  api.post("/orders/:id/check-payment", async (c) => {
    const id = c.req.param("id");
    const record = await store.get(id);
    if (!record) return notFound(c, id);
    const result = await plugin.hook("order.check-payment", { order: record.order, locale: localeOf(c) });
    return c.json({ notices: result.notices, paymentView: result.paymentView ?? null });
  });

  // After payment (hostApi 1.1): credit {rows|amount, vatPercent?}, annul {confirm}, deliver {rows?}, each the plugin
  // hook of the same name with the stored order. Refused → 422 with the plugin's errors (and notices); done → 200.
  const afterPayment = async (c: Context<ClerkEnv>, action: "credit" | "annul" | "deliver", id: string, ifMatch: string | undefined) => {
    const hook = `order.${action}` as const;
    const locale = localeOf(c);
    const record = await store.get(id);
    if (!record) return notFound(c, id);
    // An action on a copy read before another save (a credit of `rows[i]` from a page opened before another window
    // saved the order without a row): refused, nothing sent to Svea, rather than acted on what is i-th now.
    if (ifMatch !== undefined && !ifMatchHolds(ifMatch, record.order)) return problem(c, 412, "order-changed", hostMessage(locale, "order-changed", { id }));
    const read = await readJsonObject(c);
    if (!read.ok) return problem(c, 400, "input-invalid", hostMessage(locale, "input-invalid"), { list: [read.error], locale });
    const body = read.value;
    // An Idempotency-Key header is the request's id for the plugin (a `requestId` in the body wins): a retry after a
    // lost answer is answered as done instead of crediting twice.
    const key = c.req.header("idempotency-key");
    if (key !== undefined && key.length > IDEMPOTENCY_KEY_MAX) {
      // The rule's values, so the message is in the clerk's language (fieldProblem), as a body field's would be.
      const list = [{ path: "Idempotency-Key", rule: "maxLength", message: `must be at most ${IDEMPOTENCY_KEY_MAX} characters`, params: { limit: IDEMPOTENCY_KEY_MAX } }];
      return problem(c, 400, "input-invalid", hostMessage(locale, "input-invalid"), { list, locale });
    }
    const requestId = key !== undefined && key !== "" && !(isRecord(body) && "requestId" in body) ? { requestId: key } : {};
    const input = { ...(isRecord(body) ? body : {}), ...requestId, order: record.order, locale } as Parameters<PluginHooks[typeof hook]>[0];
    const result = await plugin.hook(hook, input);
    return c.json(result, result.accepted ? 200 : 422);
  };
  for (const action of ["credit", "annul", "deliver"] as const) {
    api.post(`/orders/:id/${action}`, async (c) => {
      const id = c.req.param("id");
      // With an If-Match (the order page's credit forms send the version they were filled from) the action runs under
      // the order's lock, as a save does, so the version checked is the one acted on. Without one, as before: the
      // order stored when the call comes.
      const ifMatch = c.req.header("if-match");
      return ifMatch === undefined ? afterPayment(c, action, id, undefined) : store.withOrderLock(id, () => afterPayment(c, action, id, ifMatch));
    });
  }

  api.get("/picking-list", async (c) => {
    const records = (await store.list()).filter((r) => !r.deletedAt);
    const locale = localeOf(c);
    const filtered = plugin.declares("picking.filter")
      ? await plugin.hook("picking.filter", { orders: records.map((r) => ({ id: r.order.id, paymentMethod: r.order.paymentMethod })), locale })
      : { pickable: records.map((r) => r.order.id), heldBack: [] };
    // Only what the plugin names pickable is picked: an order it forgot to mention stays back rather than ships unpaid.
    const pickable = new Set(filtered.pickable);
    return c.json({ pickable: records.filter((r) => pickable.has(r.order.id)).map((r) => r.order), heldBack: filtered.heldBack });
  });

  api.post("/commands/:name", async (c) => {
    const name = c.req.param("name");
    const locale = localeOf(c);
    // `{"args": {...}}` or no body; anything else is refused before the command runs.
    const read = await readJsonObject(c);
    if (!read.ok) return problem(c, 400, "input-invalid", hostMessage(locale, "input-invalid"), { list: [read.error], locale });
    const args = read.value?.args;
    if (args !== undefined && !isRecord(args)) {
      const error = { path: "args", rule: "type", message: "must be object", params: { type: "object" } };
      return problem(c, 400, "input-invalid", hostMessage(locale, "input-invalid"), { list: [error], locale });
    }
    const input = { locale, ...(args ? { args } : {}) };
    return c.json(await plugin.command(name, input));
  });

  return api;
}

type JsonRead<T> = { ok: true; value: T } | { ok: false; error: FieldError };

/** The body as JSON (an empty body is null), or the field error that refuses it: not JSON, or nested too deep. */
async function readJson(c: Context): Promise<JsonRead<unknown>> {
  const text = await c.req.text();
  if (text.trim() === "") return { ok: true, value: null };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, error: { path: "", rule: "json", message: "is not JSON" } };
  }
  // A body nested thousands of levels deep would overflow a copy further on, after Svea was already called.
  const deep = depthProblem(value);
  return deep ? { ok: false, error: deep } : { ok: true, value };
}

/** A JSON object body, or none (null). */
async function readJsonObject(c: Context): Promise<JsonRead<Record<string, unknown> | null>> {
  const read = await readJson(c);
  if (!read.ok) return read;
  if (read.value !== null && !isRecord(read.value)) return { ok: false, error: { path: "", rule: "jsonObject", message: "must be a JSON object" } };
  return { ok: true, value: read.value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
