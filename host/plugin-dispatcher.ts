// Calls the plugin's hooks and commands for the host: only what the manifest declares, and every answer checked against the contract.
import type { FieldError, Validator } from "../common/json-schema-validator.js";
import { hostContractValidators } from "../plugin/host-contract/host-contract-schemas.js";
import type {
  CommandInput,
  CommandResult,
  HookName,
  PluginHooks,
  PluginInstance,
  PluginLogger,
} from "../plugin/host-contract/plugin-api.js";
import { HostOrderFileError } from "./host-order-file-error.js";
import type { PluginManifest } from "./plugin-package-loader.js";

const PLUGIN_CALL_ERROR_CODES = ["input-invalid", "hook-not-declared", "unknown-command", "plugin-failed", "plugin-contract-violation", "plugin-restart-required"] as const;

export type PluginCallErrorCode = (typeof PLUGIN_CALL_ERROR_CODES)[number];

/**
 * Whether a code says the plugin itself failed to answer (threw, answered outside the contract, or stopped until a
 * restart), rather than refusing: asked again within the same request, it would fail (and be logged) again.
 */
export const isPluginFailure = (code: string): boolean => code === "plugin-failed" || code === "plugin-contract-violation" || code === "plugin-restart-required";

/** Whether a clerk API answer's code is one of a PluginCallError (the plugin's failure, not the host's). */
export const isPluginCallErrorCode = (code: string): code is PluginCallErrorCode => (PLUGIN_CALL_ERROR_CODES as readonly string[]).includes(code);

/** A hook or command the host could not get a usable answer from. Carries the HTTP status the clerk API answers with. */
export class PluginCallError extends Error {
  override readonly name = "PluginCallError";

  constructor(
    readonly code: PluginCallErrorCode,
    readonly status: 400 | 404 | 500 | 502 | 503,
    /** The hook or command the call was for. */
    readonly subject: string,
    /** For `input-invalid`: the fields the plugin named, each with its rule. */
    readonly errors: readonly FieldError[] = [],
  ) {
    super(`${subject}: ${code}`);
  }
}

type HookResult<H extends HookName> = Awaited<ReturnType<PluginHooks[H]>>;

const resultValidators: { [H in HookName]: Validator<HookResult<H>> } = {
  "order.save": hostContractValidators.orderSaveResult,
  "order.delete": hostContractValidators.orderDeleteResult,
  "picking.filter": hostContractValidators.pickingFilterResult,
  "order.payment-view": hostContractValidators.paymentViewResult,
  "order.check-payment": hostContractValidators.checkPaymentResult,
  "order.credit": hostContractValidators.afterPaymentResult,
  "order.annul": hostContractValidators.afterPaymentResult,
  "order.deliver": hostContractValidators.afterPaymentResult,
};

export interface PluginDispatcher {
  declares(hook: HookName): boolean;
  hook<H extends HookName>(hook: H, input: Parameters<PluginHooks[H]>[0]): Promise<HookResult<H>>;
  commandNames(): string[];
  command(name: string, input: CommandInput): Promise<CommandResult>;
}

export function createPluginDispatcher(manifest: PluginManifest, instance: PluginInstance, logger: PluginLogger): PluginDispatcher {
  const declaredHooks = new Set<string>(manifest.hooks);
  const declaredCommands = new Set(manifest.commands.map((c) => c.name));

  // The plugin's own error text may carry internals; it goes to the log, the clerk gets the host's message.
  async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      // A plugin that stopped (its store, after a failed write) said so once in the log; each refused call is one
      // short line, and the clerk is told a restart is needed, not to try again.
      if (pluginRestartRequired(instance)) {
        logger.warn({ call: what, restartRequired: true }, "plugin call refused: the plugin has stopped and the host must be restarted");
        throw new PluginCallError("plugin-restart-required", 503, what);
      }
      // The host's own order file refused a write the plugin made through the lent storage: the host says so, once,
      // and not as "nothing changed": the plugin may have acted at Svea before it (a route that knows more says more).
      if (error instanceof HostOrderFileError) throw error.answeredAs("order-file-unwritable-in-plugin");
      // The contract's HookInputError (recognised by its shape: the plugin may bring its own copy of the class) is the
      // host's own mistake, a 400 naming the fields, as the README tells hosts to answer it; not "try again".
      const fields = hookInputErrors(error);
      if (fields) {
        logger.error({ call: what, errors: fields }, "the plugin refused the host's input as outside the host contract");
        throw new PluginCallError("input-invalid", 400, what, fields);
      }
      logger.error({ err: error, call: what }, "plugin call failed");
      throw new PluginCallError("plugin-failed", 500, what);
    }
  }

  return {
    declares: (hook) => declaredHooks.has(hook) && typeof instance.hooks[hook] === "function",

    async hook<H extends HookName>(hook: H, input: Parameters<PluginHooks[H]>[0]): Promise<HookResult<H>> {
      if (!declaredHooks.has(hook) || typeof instance.hooks[hook] !== "function") {
        throw new PluginCallError("hook-not-declared", 404, hook);
      }
      const fn = instance.hooks[hook] as (input: unknown) => Promise<unknown>;
      const result = await guarded(hook, () => fn.call(instance.hooks, input));
      const checked = (resultValidators[hook] as Validator<HookResult<H>>)(result);
      if (!checked.ok) {
        logger.error({ hook, errors: checked.errors }, "plugin answer violates the host contract");
        throw new PluginCallError("plugin-contract-violation", 502, hook);
      }
      return checked.value;
    },

    commandNames: () => [...declaredCommands].filter((name) => typeof instance.commands[name] === "function"),

    async command(name, input) {
      const fn = declaredCommands.has(name) ? instance.commands[name] : undefined;
      if (typeof fn !== "function") throw new PluginCallError("unknown-command", 404, name);
      const result = await guarded(`command ${name}`, () => fn(input));
      if (typeof result?.ok !== "boolean" || typeof result.message !== "string") {
        logger.error({ command: name }, "plugin command answered outside the contract");
        throw new PluginCallError("plugin-contract-violation", 502, name);
      }
      return result;
    },
  };
}

/** The fields of a HookInputError (`code` "invalid-hook-input", status 400, `errors` of path and rule), else null. */
function hookInputErrors(error: unknown): FieldError[] | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (code !== "invalid-hook-input" || !Array.isArray(errors) || errors.length === 0) return null;
  const fields: FieldError[] = [];
  for (const e of errors as unknown[]) {
    const { path, rule, message, params } = (e ?? {}) as Partial<Record<keyof FieldError, unknown>>;
    if (typeof path !== "string" || typeof rule !== "string") return null;
    fields.push({ path, rule, message: typeof message === "string" ? message : rule, ...(isPlainRecord(params) ? { params } : {}) });
  }
  return fields;
}

const isPlainRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether the plugin reports that it stopped and only a restart brings it back (a plugin without health() never does). */
export function pluginRestartRequired(instance: PluginInstance): boolean {
  try {
    return typeof instance.health === "function" && instance.health().status === "restart-required";
  } catch {
    return false;
  }
}
