// The callback side of the plugin: URL tokens, the Hono route, and the background work after answering.
export { BackgroundTasks, describeError } from "./background-tasks.js";
export { CALLBACK_BODY_LIMIT_BYTES, createCallbackRoutes, ROUTE_PREFIX, type CallbackRouteDeps } from "./callback-routes.js";
export { callbackToken, callbackUrl, verifyCallbackToken, type CallbackKeys } from "./callback-token.js";
export { redactCallbackUrl } from "../../common/callback-path-redaction.js";
