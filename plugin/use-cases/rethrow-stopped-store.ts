// A stopped embedded store is not a Svea failure: the hook throws it, and the host answers "restart required".
import { StoreStoppedError } from "../../common/store-stopped.js";

/**
 * The store stopped after a failed write: only a restart helps, and the host tells the clerk so (restart required, from
 * the plugin's health) when the hook throws, instead of a notice or refusal that blames Svea or says to try again. Svea
 * keeps a payment meanwhile; the callback's retries and the restarted plugin's reads record it. Called first in a catch
 * that would otherwise turn any error into a Svea failure (the client claims a read's poll slot in the store).
 */
export function rethrowStoppedStore(error: unknown): void {
  if (error instanceof StoreStoppedError) throw error;
}
