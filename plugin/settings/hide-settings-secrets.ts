// JSON.stringify (and so pino) and util.inspect of the settings show their secrets as "[redacted]", so logging the
// settings, or a part of them, by mistake leaks nothing. The properties stay plain strings for the code that needs them.
import { SECRET_SETTINGS, type ResolvedSettings } from "./resolved-settings.js";

const REDACTED = "[redacted]";

/** Gives `target` a hidden toJSON and util.inspect.custom that show `secrets` as "[redacted]". Safe to apply again. */
function hideSecrets<T extends object>(target: T, secrets: readonly string[]): T {
  const shown = (): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...(target as Record<string, unknown>) };
    for (const key of secrets) if (copy[key] !== undefined) copy[key] = REDACTED;
    return copy;
  };
  for (const key of ["toJSON", Symbol.for("nodejs.util.inspect.custom")])
    Object.defineProperty(target, key, { value: shown, enumerable: false, configurable: true });
  return target;
}

/**
 * Hides the settings' secrets (SECRET_SETTINGS), and those of paymentAdmin (its secret) and postgres (the connection
 * string holds the password), which are logged on their own too. A copy made by spreading loses the hidden functions:
 * apply this to it again.
 */
export function hideSettingsSecrets<T extends ResolvedSettings>(settings: T): T {
  if (settings.paymentAdmin) hideSecrets(settings.paymentAdmin, ["secret"]);
  if (settings.postgres) hideSecrets(settings.postgres, ["connectionString"]);
  return hideSecrets(settings, SECRET_SETTINGS);
}
