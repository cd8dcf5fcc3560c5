// The verify-credentials command: a status read of a made-up order number. 404 means Svea knew us; 401 means it did not.
import type { CommandInput, CommandResult } from "../host-contract/plugin-api.js";
import { t } from "../i18n/index.js";
import { classifySveaFailure } from "./svea-failure.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export async function verifyCredentials(deps: UseCaseDeps, input: CommandInput): Promise<CommandResult> {
  const { locale } = input;
  if (!deps.svea) return { ok: false, message: t(locale, "command.verify-credentials.not-configured"), data: { result: "not-configured" } };
  const probe = `verify-${deps.newId().replace(/[^A-Za-z0-9]/g, "").slice(0, 20)}`;
  try {
    await deps.svea.getOrderStatus(probe);
    // Svea knew the made-up number: odd, but it only answers authenticated callers.
    return { ok: true, message: t(locale, "command.verify-credentials.ok"), data: { result: "ok" } };
  } catch (error) {
    const failure = classifySveaFailure(error);
    if (failure.notFound) return { ok: true, message: t(locale, "command.verify-credentials.ok"), data: { result: "ok" } };
    if (failure.reason === "svea-unauthorized") return { ok: false, message: t(locale, "command.verify-credentials.bad"), data: { result: "bad-credentials" } };
    const detail = failure.localized?.[locale] ?? failure.detail ?? failure.code;
    return { ok: false, message: t(locale, "command.verify-credentials.error", { detail }), data: { result: "error", code: failure.code } };
  }
}
