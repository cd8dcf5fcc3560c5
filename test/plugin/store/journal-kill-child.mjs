// Child for the SIGKILL test: four writers hammer the embedded store and print each write once its promise resolved.
// argv: <store module URL> <snapshot file> <fsync policy> <a LinkRecord as JSON, the template of every link written>
const [moduleUrl, file, fsync, linkJson] = process.argv.slice(2);
const linkTemplate = JSON.parse(linkJson);
const { createEmbeddedPluginStore } = await import(moduleUrl);
const store = createEmbeddedPluginStore({ file, fsync, compactAfterBytes: 64 * 1024 });
await store.open();

const MAX_PER_WRITER = 100_000;
// Real callers do I/O between writes (Svea, the host); yielding here lets the background compactions run mid-burst.
const tick = () => new Promise((resolve) => setImmediate(resolve));
const link = (merchantOrderNumber, sequence) => ({ ...linkTemplate, merchantOrderNumber, sequence });

async function linkWriter(w) {
  for (let k = 0; k < MAX_PER_WRITER; k++) {
    await store.putLink(`w${w}-o${Math.floor(k / 3)}`, link(`w${w}-${k}`, k));
    process.stdout.write(`link ${w} ${k}\n`);
    await tick();
  }
}

async function callbackWriter() {
  for (let k = 0; k < MAX_PER_WRITER; k++) {
    await store.recordCallback({ orderId: `cb-o${Math.floor(k / 3)}`, merchantOrderNumber: `cb-${k}`, receivedAt: k });
    process.stdout.write(`callback ${k}\n`);
    await tick();
  }
}

async function pollWriter() {
  for (let k = 0; k < MAX_PER_WRITER; k++) {
    // The clock moves one gap per read, as a link polled back to back sees it (a queue past 8 gaps is a clock jump).
    const slot = await store.reserve("polled", k * 5_000, 5_000);
    process.stdout.write(`slot ${slot}\n`);
    await tick();
  }
}

process.stdout.write("ready\n");
await Promise.all([linkWriter(0), linkWriter(1), callbackWriter(), pollWriter()]);
process.stdout.write("finished\n");
