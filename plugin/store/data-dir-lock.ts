// The data dir lock, shared with the reference host's order file and the mock's state store (common/data-dir-lock.ts):
// the plugin's store and its tests import it from here.
export * from "../../common/data-dir-lock.js";
