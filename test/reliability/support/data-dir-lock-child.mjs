// Child for the data-dir lock race: takes each of the given lock files at its own agreed instant, and prints what happened.
// argv: <data-dir-lock module URL> <lock files as a JSON list> <first instant (epoch ms)> <ms between rounds>
const [moduleUrl, lockFilesJson, firstAt, gap] = process.argv.slice(2);
const { takeDataDirLock } = await import(moduleUrl);
const lockFiles = JSON.parse(lockFilesJson);
for (let round = 0; round < lockFiles.length; round++) {
  // Spinning, not a timer: both children leave the wait within microseconds of each other.
  while (Date.now() < Number(firstAt) + round * Number(gap));
  try {
    await takeDataDirLock(lockFiles[round]);
    process.stdout.write(`${round} took\n`);
  } catch (error) {
    process.stdout.write(`${round} ${error.code ?? "failed"}\n`);
  }
}
