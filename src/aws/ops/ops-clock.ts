import type { Clock } from '../../pipeline/ports.js';

export type { Clock } from '../../pipeline/ports.js';

/** The real clock; tests pass one whose sleep only moves simulated time. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/**
 * One time limit shared by every wait of a command, so the whole run (not
 * each wait on its own) stays within what the operator allowed.
 */
export class Deadline {
  private readonly endsAt: number;

  constructor(
    readonly clock: Clock,
    readonly limitMs: number,
  ) {
    this.endsAt = clock.now().getTime() + limitMs;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock.now().getTime());
  }

  passed(): boolean {
    return this.remainingMs() === 0;
  }

  /** Sleeps `ms`, cut short at the deadline; false when no time was left. */
  async pause(ms: number): Promise<boolean> {
    const left = this.remainingMs();
    if (left === 0) return false;
    await this.clock.sleep(Math.min(ms, left));
    return true;
  }
}

/** Poll pauses: 2 s doubling to 15 s (Transcribe, crawlers and SPICE take minutes). */
export function pollDelayMs(attempt: number, firstMs = 2_000, maxMs = 15_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt));
}
