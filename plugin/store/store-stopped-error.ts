// The plugin's embedded store after a failed durable write: the shared rule (common/store-stopped.ts), named for it.
import { StoreStoppedError as StoppedStore, storeStoppedMessage as stoppedMessage } from "../../common/store-stopped.js";

export { errorCodeOf, type StoreHealth } from "../../common/store-stopped.js";

const OWNER = "the plugin's order store";

export class StoreStoppedError extends StoppedStore {
  constructor(store: string, writeErrorCode: string) {
    super(OWNER, store, writeErrorCode);
  }
}

export function storeStoppedMessage(store: string, code: string): string {
  return stoppedMessage(OWNER, store, code);
}
