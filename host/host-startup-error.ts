// Why the reference host could not start, in words an operator can act on: no stack trace is meant to reach the user.
import { withSwedishUnder, type BilingualText } from "../common/bilingual-text.js";

/** Every code a HostStartupError can carry (the README lists them; a test holds the two equal). */
export const HOST_STARTUP_ERROR_CODES = [
  "manifest-missing",
  "manifest-invalid",
  "host-api-mismatch",
  "entry-missing",
  "entry-invalid",
  "invalid-settings",
  "activation-failed",
  "schedule-invalid",
  "data-file-invalid",
  "data-dir-not-writable",
  "data-dir-in-use",
  "callback-key-invalid",
  "time-zone-invalid",
] as const;

export type HostStartupErrorCode = (typeof HOST_STARTUP_ERROR_CODES)[number];

/** One bad setting as the plugin names it; `messages` (both languages) from a plugin that gives them (hostApi 1.x, additive). */
export interface SettingErrorLike {
  setting: string;
  rule: string;
  message: string;
  messages?: { sv: string; en: string };
}

export class HostStartupError extends Error {
  override readonly name = "HostStartupError";
  /** The refusal in Swedish and English (for invalid settings, each problem's `messages` say it instead). */
  readonly messages?: BilingualText;

  constructor(
    readonly code: HostStartupErrorCode,
    /** Both languages: `message` is the English line with the Swedish one under it, as settings problems are shown. */
    text: string | BilingualText,
    /** For invalid settings: each setting at fault and the rule it broke. */
    readonly settingErrors: readonly SettingErrorLike[] = [],
  ) {
    super(typeof text === "string" ? text : withSwedishUnder(text));
    if (typeof text !== "string") this.messages = text;
  }
}

interface SettingsErrorLike {
  code: "invalid-settings";
  errors: SettingErrorLike[];
}

/** The plugin's SettingsError, recognised by shape: the host must not import the plugin's classes. */
export function isSettingsError(error: unknown): error is SettingsErrorLike {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { code?: unknown; errors?: unknown };
  return candidate.code === "invalid-settings" && Array.isArray(candidate.errors);
}

/**
 * Each bad setting in English, and under it in Swedish when the plugin gives that too: the shop's administrator reads
 * this one text (the console, the log), whose language the refused settings' defaultLocale cannot be trusted to choose.
 */
export function settingsStartupError(pluginId: string, error: SettingsErrorLike): HostStartupError {
  // The plugin's messages usually already start with the setting's name; it is added only where missing.
  const named = (e: SettingErrorLike, text: string) => `${e.setting && !text.startsWith(e.setting) ? `${e.setting}: ` : ""}${text}`;
  const lines = error.errors.map((e) => {
    const swedish = typeof e.messages?.sv === "string" && e.messages.sv !== e.message ? `\n    sv: ${named(e, e.messages.sv)}` : "";
    return `  - ${named(e, e.message)}${swedish}`;
  });
  return new HostStartupError(
    "invalid-settings",
    `The settings of plugin ${pluginId} are invalid:\n${lines.join("\n")}`,
    error.errors,
  );
}
