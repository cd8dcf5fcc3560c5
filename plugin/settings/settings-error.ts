// The typed error activation throws for bad settings: one entry per setting and rule, never a secret's value.

export interface SettingProblem {
  /** The setting's path, e.g. `callbackKey`, `schedules.reconcile.cron`; empty for the settings object itself. */
  setting: string;
  /** The rule that failed, e.g. `minLength`, `required`, `cron`. */
  rule: string;
  /** `setting: what is wrong`, in English (always: the settings' defaultLocale may be the bad setting); safe to log and show to an administrator. */
  message: string;
  /**
   * The same sentence in Swedish and English (`messages.en` is `message`), for the host to show in the administrator's
   * language. Added within hostApi 1.x: a host written before it reads `message` as before.
   */
  messages: { sv: string; en: string };
}

export class SettingsError extends Error {
  override readonly name = "SettingsError";
  readonly code = "invalid-settings";
  readonly errors: SettingProblem[];

  constructor(errors: SettingProblem[]) {
    super(`Invalid Svea Instore settings: ${errors.map((e) => e.message).join("; ")}`);
    this.errors = errors;
  }
}
