/**
 * Exponential back-off with jitter: attempt n waits about base × 2^(n-1), half
 * of it random so clients that failed together do not retry together, capped,
 * and never shorter than what the server asked for (Retry-After).
 */

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random: () => number;
  atLeastMs?: number;
}

export function backoffDelayMs(attempt: number, options: BackoffOptions): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (exponential / 2) * clamp01(options.random());
  return Math.round(Math.max(jittered, Math.min(options.atLeastMs ?? 0, options.maxMs)));
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
  header: string | null,
  nowMs: number = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}
