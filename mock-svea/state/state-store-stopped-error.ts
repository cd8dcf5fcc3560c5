// The mock's file store after a failed journal write: the shared rule (common/store-stopped.ts), named for it.
import { StoreStoppedError, storeStoppedMessage } from "../../common/store-stopped.js";

export { errorCodeOf, type StoreHealth as MockStoreHealth } from "../../common/store-stopped.js";

const OWNER = "the mock's state store";

export class StateStoreStoppedError extends StoreStoppedError {
  override name = "StateStoreStoppedError";
  constructor(store: string, writeErrorCode: string) {
    super(OWNER, store, writeErrorCode);
  }
}

export function mockStoreStoppedMessage(store: string, code: string): string {
  return storeStoppedMessage(OWNER, store, code);
}
