// The plugin's Swedish and English messages for clerks, and for the administrator whose settings activation refuses.
export { messageCatalog, type Translations } from "./message-catalog.js";
export { messageKeys, placeholdersOf, t, type MessageKey } from "./translate.js";
export { settingsMessages, type SettingMessageKey } from "./settings-messages.js";
