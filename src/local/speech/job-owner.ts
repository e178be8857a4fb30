import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { JobOwner } from './job-record.js';

/** This process, as the owner of the jobs it runs. */
export function currentOwner(): JobOwner {
  return withLinuxIdentity({ host: hostname(), pid: process.pid }, process.pid);
}

/**
 * Whether the process that started a job still runs. A worker killed mid-job
 * (SIGKILL, power cut) leaves its job IN_PROGRESS forever; the next delivery
 * of the same event must be able to take it over. Only the same host can tell,
 * so a job owned by another host counts as alive.
 */
export function ownerAlive(owner: JobOwner): boolean {
  if (owner.host !== hostname()) return true;
  const current = withLinuxIdentity({ host: owner.host, pid: owner.pid }, owner.pid);
  if (
    owner.bootId !== undefined &&
    current.bootId !== undefined &&
    owner.bootId !== current.bootId
  ) {
    return false;
  }
  if (!processExists(owner.pid)) return false;
  // The pid exists, but may have been reused by an unrelated process since.
  return (
    owner.startTicks === undefined ||
    current.startTicks === undefined ||
    owner.startTicks === current.startTicks
  );
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function withLinuxIdentity(owner: JobOwner, pid: number): JobOwner {
  const bootId = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  const stat = readProc(`/proc/${pid}/stat`);
  // Field 22 (starttime); the command name (field 2) may hold spaces, so count after its ")".
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields?.[19]);
  return {
    ...owner,
    ...(bootId ? { bootId } : {}),
    ...(Number.isFinite(startTicks) && fields !== undefined ? { startTicks } : {}),
  };
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
