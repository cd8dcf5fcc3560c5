// Why the reference host could not start, in words an operator can act on: no stack trace is meant to reach the user.

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
  "callback-key-invalid",
  "time-zone-invalid",
] as const;

export type HostStartupErrorCode = (typeof HOST_STARTUP_ERROR_CODES)[number];

export class HostStartupError extends Error {
  override readonly name = "HostStartupError";

  constructor(
    readonly code: HostStartupErrorCode,
    message: string,
    /** For invalid settings: each setting at fault and the rule it broke. */
    readonly settingErrors: readonly { setting: string; rule: string; message: string }[] = [],
  ) {
    super(message);
  }
}

interface SettingsErrorLike {
  code: "invalid-settings";
  errors: { setting: string; rule: string; message: string }[];
}

/** The plugin's SettingsError, recognised by shape: the host must not import the plugin's classes. */
export function isSettingsError(error: unknown): error is SettingsErrorLike {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { code?: unknown; errors?: unknown };
  return candidate.code === "invalid-settings" && Array.isArray(candidate.errors);
}

export function settingsStartupError(pluginId: string, error: SettingsErrorLike): HostStartupError {
  // The plugin's messages usually already start with the setting's name; it is added only where missing.
  const lines = error.errors.map((e) => `  - ${e.setting && !e.message.startsWith(e.setting) ? `${e.setting}: ` : ""}${e.message}`);
  return new HostStartupError(
    "invalid-settings",
    `The settings of plugin ${pluginId} are invalid:\n${lines.join("\n")}`,
    error.errors,
  );
}
