// Plugin settings: validation, defaults and the resolved Svea base URL.
export { resolveSettings } from "./resolve-settings.js";
export { hideSettingsSecrets } from "./hide-settings-secrets.js";
export {
  SECRET_SETTINGS,
  SETTING_DEFAULTS,
  SVEA_BASE_URLS,
  type ResolvedSettings,
  type ScheduleName,
  type ScheduleSetting,
} from "./resolved-settings.js";
export { SettingsError, type SettingProblem } from "./settings-error.js";
