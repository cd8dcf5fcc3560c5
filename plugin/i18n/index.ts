// The plugin's Swedish and English messages for clerks.
export { messageCatalog, type Translations } from "./message-catalog.js";
export { messageKeys, placeholdersOf, t, type MessageKey } from "./translate.js";
