import { performance } from 'node:perf_hooks';
import type { WorkerEvent } from '../../src/local/runner.js';

/**
 * Times each queue message from the worker's progress events: how long the
 * job-init handler (transcription) and the analysis handler (result stage,
 * ledger and result write included) took per call, retries summed.
 */
export class HandlerClock {
  private readonly open = new Map<string, number>();
  private readonly spent = new Map<string, number>();

  readonly onProgress = (event: WorkerEvent): void => {
    if (event.type === 'idle' || event.call === undefined) return;
    const key = `${event.queue}|${event.call.callId}`;
    if (event.type === 'received') {
      this.open.set(key, performance.now());
      return;
    }
    const started = this.open.get(key);
    if (started === undefined) return;
    this.open.delete(key);
    this.spent.set(key, (this.spent.get(key) ?? 0) + performance.now() - started);
  };

  /** Milliseconds spent on the call's messages of that queue (0 if none). */
  ms(queue: string, callId: string): number {
    return this.spent.get(`${queue}|${callId}`) ?? 0;
  }
}
