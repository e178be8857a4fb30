/**
 * Whether a process with this id exists on this machine. Signal 0 checks without
 * signalling: ESRCH means gone; EPERM means it exists but belongs to someone else.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
