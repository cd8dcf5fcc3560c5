// Reads a UTF-8 text file line by line in large chunks, for snapshot and journal files far too big for one string.
import { open } from "node:fs/promises";

const CHUNK_BYTES = 4 << 20;
const NEWLINE = 0x0a;

/**
 * The lines of `path` without their "\n" (a last line without one included). Splitting bytes on 0x0a is safe in
 * UTF-8, which never uses that byte inside a multi-byte character; node:readline did the same job several times
 * slower. Throws ENOENT like any read when the file is missing.
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const handle = await open(path, "r");
  try {
    let carry: Buffer = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let end = data.indexOf(NEWLINE, start); end >= 0; end = data.indexOf(NEWLINE, start)) {
        yield data.toString("utf8", start, end);
        start = end + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) yield carry.toString("utf8");
  } finally {
    await handle.close();
  }
}
