import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExists } from './job-owner.js';

const PREFIX = 'cci-lite-stt-';
const OWNED = /^cci-lite-stt-(\d+)-/;

/** A private (0700) directory for one job's audio, named after this process. */
export function makeJobTempDir(parent: string | undefined): Promise<string> {
  return mkdtemp(join(parent ?? tmpdir(), `${PREFIX}${process.pid}-`));
}

/**
 * Removes the temp directories of processes that no longer run. A worker
 * killed mid-job (SIGKILL) cannot clean up after itself, and its directory
 * holds call audio, so the next transcriber clears it.
 */
export async function sweepOrphanTempDirs(parent: string | undefined): Promise<void> {
  const dir = parent ?? tmpdir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(OWNED.exec(name)?.[1]);
      if (!Number.isInteger(pid) || pid === process.pid || processExists(pid)) return;
      // Best effort: a directory that cannot be removed now is tried again by the next worker.
      await rm(join(dir, name), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}
