// A whole file's text, or null when there is no file: how the lowdb adapters (host-orders.json, the store's snapshot) read.
import { readFile } from "node:fs/promises";

/** The file's UTF-8 text; null when it does not exist (ENOENT). Any other failure is thrown as it came. */
export async function readFileIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
