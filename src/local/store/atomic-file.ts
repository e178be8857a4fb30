import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so readers see either the old content or the new one, never a
 * half-written file: the bytes go to a scratch file first, then one rename puts
 * it in place. The scratch directory lives on the same file system (inside the
 * workspace), so the rename is atomic.
 */
export async function writeFileAtomic(
  path: string,
  body: Uint8Array | string,
  scratchDir: string,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await mkdir(scratchDir, { recursive: true });
  const scratch = join(
    scratchDir,
    `${basename(path).slice(0, 80)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(scratch, body);
    await rename(scratch, path);
  } catch (err) {
    await rm(scratch, { force: true });
    throw err;
  }
}
