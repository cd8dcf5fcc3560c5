// A folder whose disk fills up when a test says so: a small tmpfs of its own when the tests run as root (a real ENOSPC),
// otherwise a folder in the place of the host file's temp file (every write fails, as the host tests have long done).
import { execFile } from "node:child_process";
import { appendFile, mkdir, mkdtemp, readdir, rm, rmdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { tempFileBeside } from "../../common/write-temp-file.js";

const run = promisify(execFile);

export interface FullDisk {
  dir: string;
  /** Whether `dir` is a tmpfs of its own, filled for real (root only). */
  real: boolean;
  /** Fills the disk, so writes of `file` (in `dir`) fail from now on. */
  fill(file: string): Promise<void>;
  /** Frees it again. */
  free(): Promise<void>;
  /** Temp files (`.name.tmp`) left in `dir`: a failed write must not leave one holding the space. */
  leftTempFiles(): Promise<string[]>;
  /** Unmounts and removes `dir`. */
  close(): Promise<void>;
}

export async function fullDisk(prefix: string): Promise<FullDisk> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let real = false;
  if (process.getuid?.() === 0) {
    real = await run("mount", ["-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", dir]).then(
      () => true,
      () => false,
    );
  }
  const filler = join(dir, "filler");
  const obstacles: string[] = [];
  return {
    dir,
    real,
    async fill(file) {
      if (!real) {
        const obstacle = tempFileBeside(file);
        await mkdir(obstacle);
        obstacles.push(obstacle);
        return;
      }
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (;;) {
        try {
          await appendFile(filler, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
          throw error;
        }
      }
      // The last pages: a partial chunk may still have fitted.
      for (;;) {
        try {
          await appendFile(filler, chunk.subarray(0, 512));
        } catch {
          break;
        }
      }
    },
    async free() {
      await rm(filler, { force: true });
      for (const obstacle of obstacles.splice(0)) await rmdir(obstacle);
    },
    async leftTempFiles() {
      const names = (await readdir(dir)).filter((name) => name.startsWith(".") && name.endsWith(".tmp"));
      const files: string[] = [];
      for (const name of names) if ((await stat(join(dir, name))).isFile()) files.push(name);
      return files;
    },
    async close() {
      if (real) await run("umount", [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
