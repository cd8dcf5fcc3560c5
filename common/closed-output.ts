// What a command does when the reader of its stdout or stderr goes away (`npm start | head -3`, a log shipper that died).
import type { Writable } from "node:stream";

/**
 * Keeps the process running, and stoppable, once stdout or stderr is closed: what it would still print is dropped.
 * Without this the first write after the reader left (EPIPE) is an uncaught error; on the way out pino flushes its
 * stderr destination synchronously, and sonic-boom's flushSync retries a failed write forever, so the process hung
 * there: no longer serving, deaf to SIGTERM, its ports still taken. Call it first thing in every command's entry.
 */
export function keepRunningWhenOutputCloses(streams: readonly Writable[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on("error", () => {
      // Nowhere left to say it: the stream that failed is the one that would carry the message.
    });
  }
}
