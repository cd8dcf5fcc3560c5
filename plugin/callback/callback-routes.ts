// The Hono callback route Svea calls when a customer pays: authenticate the URL, record durably, answer fast, process later.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Clock } from "../../common/clock.js";
import type { Locale } from "../host-contract/host-contract-types.js";
import type { PluginLogger } from "../host-contract/plugin-api.js";
import { StoreStoppedError, type CallbackInboxEntry, type PluginStore } from "../store/index.js";
import { redactCallbackUrl } from "../../common/callback-path-redaction.js";
import { PROBLEM_CONTENT_TYPE, problemDocument } from "../../common/problem-document.js";
import { t } from "../i18n/translate.js";
import { verifyCallbackToken, type CallbackKeys } from "./callback-token.js";

export interface CallbackRouteDeps {
  store: PluginStore;
  keys: CallbackKeys;
  clock: Clock;
  logger: PluginLogger;
  /** The language of the route's problem documents (settings.defaultLocale): Svea's callback names none. */
  locale: Locale;
  /**
   * Starts processing a recorded, unprocessed callback; must not block the answer (see BackgroundTasks). Called for
   * duplicates too, so it must start one processing per entry at a time (processing itself is idempotent).
   */
  process(entry: CallbackInboxEntry): void;
}

/** Where plugin.manifest.json asks the host to mount these routes (routes.prefix; a test keeps the two equal). */
export const ROUTE_PREFIX = "/plugins/svea-instore";

/** Svea's body carries only the order number, and the plugin never reads it; anything larger is not Svea. */
export const CALLBACK_BODY_LIMIT_BYTES = 8 * 1024;

export function createCallbackRoutes(deps: CallbackRouteDeps): Hono {
  const app = new Hono();
  app.post(
    "/callback/:merchantOrderNumber/:token",
    bodyLimit({ maxSize: CALLBACK_BODY_LIMIT_BYTES, onError: (c) => c.json({ error: "body-too-large" }, 413) }),
    async (c) => {
      const merchantOrderNumber = c.req.param("merchantOrderNumber");
      const path = redactCallbackUrl(new URL(c.req.url).pathname);
      const key = verifyCallbackToken(deps.keys, merchantOrderNumber, c.req.param("token"));
      if (!key) {
        // Anyone can send this: what they chose goes to the log cut short, so it cannot flood it.
        deps.logger.warn({ path: cutForLog(path), merchantOrderNumber: cutForLog(merchantOrderNumber) }, "svea instore callback refused: bad token");
        return c.json({ error: "invalid-token" }, 401);
      }
      const orderId = await deps.store.orderIdForMerchantOrderNumber(merchantOrderNumber);
      if (orderId === undefined) {
        deps.logger.warn({ path: cutForLog(path), merchantOrderNumber: cutForLog(merchantOrderNumber) }, "svea instore callback for an unknown order");
        return c.json({ error: "unknown-order" }, 404);
      }
      let recorded: Awaited<ReturnType<PluginStore["recordCallback"]>>;
      try {
        recorded = await deps.store.recordCallback({ orderId, merchantOrderNumber, receivedAt: deps.clock.now() });
      } catch (error) {
        if (!(error instanceof StoreStoppedError)) throw error;
        // The embedded store stopped after a failed write (it logged why, once): nothing was recorded, and only a restart
        // helps. Answered here, not left to the host's framework (a 500): 503 plugin-restart-required, so Svea sends it
        // again and a retry after the restart is recorded.
        deps.logger.warn({ path, merchantOrderNumber, restartRequired: true }, "svea instore callback refused: the plugin's store has stopped and the host must be restarted");
        return c.body(problemDocument(503, "plugin-restart-required", t(deps.locale, "callback.store-stopped")), 503, { "content-type": PROBLEM_CONTENT_TYPE });
      }
      const { entry, duplicate } = recorded;
      deps.logger.info({ path, merchantOrderNumber, orderId, key, duplicate }, "svea instore callback recorded");
      // A duplicate's entry is unprocessed too. Its first recording may have failed after it landed (a host write that
      // failed "may or may not have landed": its caller got a 500), so nothing may be working it off: processed again,
      // under the order's lock, it is worked off once (an entry already processed is left alone).
      deps.process(entry);
      return c.json({ received: true }, 200);
    },
  );
  // A host that mounts the routes without taking its prefix off the path sends every callback here: said once as a
  // warning (after that at debug, so strangers' requests cannot flood the log).
  let warned = false;
  app.notFound((c) => {
    const path = cutForLog(redactCallbackUrl(new URL(c.req.url).pathname));
    const message = "a request to the plugin's routes matched none (a host must pass them with its prefix taken off: /callback/...)";
    if (warned) deps.logger.debug({ method: c.req.method, path }, message);
    else deps.logger.warn({ method: c.req.method, path }, message);
    warned = true;
    return c.json({ error: "not-found" }, 404);
  });
  return app;
}

/** Longer than any merchantOrderNumber (32) with room for its path: a caller's text beyond it is only counted. */
const LOGGED_TEXT_MAX = 120;

function cutForLog(text: string): string {
  return text.length <= LOGGED_TEXT_MAX ? text : `${text.slice(0, LOGGED_TEXT_MAX)}… (${text.length} characters)`;
}
