// Child for the data-dir lock race: takes each of the given lock files at its own agreed instant, and prints what happened.
// argv: <data-dir-lock module URL> <lock files as a JSON list> <ms between rounds>
// Prints "ready" once loaded, reads the first instant (epoch ms) as a line on stdin, prints "done" after the last round,
// and stays alive (holding its locks) until stdin closes: a child that had exited would leave its locks to a late one.
import { createInterface } from "node:readline";

const [moduleUrl, lockFilesJson, gap] = process.argv.slice(2);
const { takeDataDirLock } = await import(moduleUrl);
const lockFiles = JSON.parse(lockFilesJson);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write("ready\n");
const firstAt = Number((await lines.next()).value);
for (let round = 0; round < lockFiles.length; round++) {
  // Spinning, not a timer: both children leave the wait within microseconds of each other.
  while (Date.now() < firstAt + round * Number(gap));
  try {
    await takeDataDirLock(lockFiles[round]);
    process.stdout.write(`${round} took\n`);
  } catch (error) {
    process.stdout.write(`${round} ${error.code ?? "failed"}\n`);
  }
}
process.stdout.write("done\n");
while (!(await lines.next()).done);
process.exit(0);
