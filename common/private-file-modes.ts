// The modes of the folders and files that hold orders, customers' numbers and keys: the running user's only.

/** A data folder the package creates: no other user may list or enter it, whatever its files' modes. */
export const PRIVATE_DIR_MODE = 0o700;

/** A file the package creates in it (journals, snapshots, keys). */
export const PRIVATE_FILE_MODE = 0o600;
