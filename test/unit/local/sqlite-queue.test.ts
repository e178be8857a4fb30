import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteQueue, type SqliteQueueOptions } from '../../../src/local/queue/sqlite-queue.js';
import { isProcessAlive } from '../../../src/local/queue/process-alive.js';

let dir: string;
let time: number;
const open: SqliteQueue[] = [];

function queue(options: SqliteQueueOptions = {}): SqliteQueue {
  const q = new SqliteQueue(join(dir, 'queue.sqlite'), {
    now: () => time,
    backoff: { baseMs: 1_000, maxMs: 60_000 },
    ...options,
  });
  open.push(q);
  return q;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-queue-'));
  time = Date.parse('2025-11-05T10:00:00Z');
});
afterEach(async () => {
  for (const q of open.splice(0)) q.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SqliteQueue', () => {
  it('delivers messages in order and hides leased ones for the visibility timeout', () => {
    const q = queue();
    q.send('job-init', 'a');
    q.send('job-init', 'b');
    q.send('analysis', 'other queue');
    const [first] = q.receive('job-init', { visibilityMs: 30_000 });
    expect(first).toMatchObject({ body: 'a', receives: 1, queue: 'job-init' });
    const [second] = q.receive('job-init', { visibilityMs: 30_000 });
    expect(second?.body).toBe('b');
    expect(q.receive('job-init', { visibilityMs: 30_000 })).toEqual([]);
    expect(q.depth('job-init')).toEqual({ available: 0, delayed: 0, inFlight: 2, deadLetters: 0 });

    // Not deleted within the timeout: visible again, receive count up.
    time += 30_000;
    const again = q.receive('job-init', { max: 10, visibilityMs: 30_000 });
    expect(again.map((m) => [m.body, m.receives])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });

  it('deletes by receipt, and a stale receipt deletes nothing', () => {
    const q = queue();
    q.send('job-init', 'a');
    const [m1] = q.receive('job-init', { visibilityMs: 1_000 });
    time += 1_000;
    const [m2] = q.receive('job-init', { visibilityMs: 1_000 });
    expect(q.delete(m1?.receipt ?? '')).toBe(false);
    expect(q.delete(m2?.receipt ?? '')).toBe(true);
    expect(q.depth()).toEqual({ available: 0, delayed: 0, inFlight: 0, deadLetters: 0 });
  });

  it('extends a lease (heartbeat)', () => {
    const q = queue();
    q.send('analysis', 'a');
    const [m] = q.receive('analysis', { visibilityMs: 1_000 });
    time += 900;
    expect(q.extend(m?.receipt ?? '', 1_000)).toBe(true);
    time += 900;
    expect(q.receive('analysis', { visibilityMs: 1_000 })).toEqual([]);
  });

  it('retries a retryable failure with exponential back-off, then dead-letters after 3 receives', () => {
    const q = queue();
    q.send('analysis', 'flaky');

    const [r1] = q.receive('analysis', { visibilityMs: 60_000 });
    expect(q.fail(r1?.receipt ?? '', 'boom 1', { retryable: true })).toEqual({
      action: 'retry',
      retryAt: new Date(time + 1_000),
      receives: 1,
    });
    expect(q.depth('analysis')).toMatchObject({ available: 0, delayed: 1, inFlight: 0 });
    expect(q.nextVisibleAt(['analysis'])).toEqual(new Date(time + 1_000));
    time += 999;
    expect(q.receive('analysis', { visibilityMs: 60_000 })).toEqual([]);
    time += 1;
    const [r2] = q.receive('analysis', { visibilityMs: 60_000 });
    expect(r2).toMatchObject({ receives: 2, lastError: 'boom 1' });
    expect(q.fail(r2?.receipt ?? '', 'boom 2', { retryable: true })).toMatchObject({
      action: 'retry',
      retryAt: new Date(time + 2_000),
    });
    time += 2_000;
    const [r3] = q.receive('analysis', { visibilityMs: 60_000 });
    expect(r3?.receives).toBe(3);
    expect(q.fail(r3?.receipt ?? '', 'boom 3', { retryable: true })).toEqual({
      action: 'dead-letter',
      receives: 3,
    });
    expect(q.depth()).toEqual({ available: 0, delayed: 0, inFlight: 0, deadLetters: 1 });
    expect(q.deadLetters()).toEqual([
      expect.objectContaining({ queue: 'analysis', body: 'flaky', reason: 'boom 3', receives: 3 }),
    ]);
  });

  it('caps the back-off', () => {
    const q = queue({ maxReceives: 10, backoff: { baseMs: 1_000, maxMs: 3_000 } });
    q.send('analysis', 'x');
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const [m] = q.receive('analysis', { visibilityMs: 1 });
      const out = q.fail(m?.receipt ?? '', 'no', { retryable: true });
      if (out.action !== 'retry') throw new Error(out.action);
      delays.push(out.retryAt.getTime() - time);
      time = out.retryAt.getTime();
    }
    expect(delays).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('dead-letters a non-retryable failure at once, keeping the reason', () => {
    const q = queue();
    q.send('job-init', '{"bad":true}');
    const [m] = q.receive('job-init', { visibilityMs: 1_000 });
    expect(
      q.fail(m?.receipt ?? '', 'EMPTY_AUDIO: the file is empty', { retryable: false }),
    ).toEqual({
      action: 'dead-letter',
      receives: 1,
    });
    expect(q.deadLetters('job-init')).toEqual([
      expect.objectContaining({ body: '{"bad":true}', reason: 'EMPTY_AUDIO: the file is empty' }),
    ]);
    expect(q.deadLetters('analysis')).toEqual([]);
  });

  it('dead-letters a message whose lease expired 3 times (a hung worker)', () => {
    const q = queue();
    q.send('analysis', 'stuck');
    for (let i = 0; i < 3; i += 1) {
      expect(q.receive('analysis', { visibilityMs: 1_000 })).toHaveLength(1);
      time += 1_000;
    }
    expect(q.receive('analysis', { visibilityMs: 1_000 })).toEqual([]);
    expect(q.deadLetters()[0]?.reason).toMatch(/not deleted after 3 receives/);
  });

  it('reports a lost lease when failing with a stale receipt', () => {
    const q = queue();
    q.send('analysis', 'a');
    const [m] = q.receive('analysis', { visibilityMs: 10 });
    time += 10;
    q.receive('analysis', { visibilityMs: 10 });
    expect(q.fail(m?.receipt ?? '', 'late', { retryable: true })).toEqual({ action: 'lease-lost' });
  });

  it('redrives dead letters back to their queue with a fresh receive count', () => {
    const q = queue();
    q.send('job-init', 'one');
    q.send('analysis', 'two');
    for (const name of ['job-init', 'analysis']) {
      const [m] = q.receive(name, { visibilityMs: 1 });
      q.fail(m?.receipt ?? '', 'bad', { retryable: false });
    }
    expect(q.redrive({ queue: 'analysis' })).toBe(1);
    expect(q.deadLetters().map((d) => d.queue)).toEqual(['job-init']);
    expect(q.receive('analysis', { visibilityMs: 1 })[0]).toMatchObject({
      body: 'two',
      receives: 1,
    });
    expect(q.redrive()).toBe(1);
    expect(q.depth('job-init').available).toBe(1);
  });

  it('keeps the leases of a worker that still runs', () => {
    const q = queue({ workerId: 'running' });
    q.send('job-init', 'a');
    q.receive('job-init', { visibilityMs: 15 * 60_000 });
    const other = queue({ workerId: 'second', isProcessAlive: () => true });
    expect(other.releaseAbandonedLeases()).toBe(0);
    expect(other.receive('job-init', { visibilityMs: 1_000 })).toEqual([]);
  });

  it('releases leases held by a process id that has exited', () => {
    const q = queue();
    q.send('job-init', 'a');
    q.send('job-init', 'b');
    const [m] = q.receive('job-init', { visibilityMs: 15 * 60_000 });
    // Pretend the lease belongs to a process that has exited.
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(isProcessAlive(exited)).toBe(false);
    rewriteLeasePid(join(dir, 'queue.sqlite'), m?.id ?? -1, exited);

    const restarted = queue();
    expect(restarted.releaseAbandonedLeases()).toBe(1);
    const again = restarted.receive('job-init', { max: 5, visibilityMs: 1_000 });
    expect(again.map((x) => [x.body, x.receives])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    // The dead worker's receipt no longer works.
    expect(restarted.delete(m?.receipt ?? '')).toBe(false);
  });

  it('keeps messages across reopening the file (durable)', () => {
    const q = queue();
    q.send('job-init', 'kept');
    q.close();
    open.splice(open.indexOf(q), 1);
    expect(queue().receive('job-init', { visibilityMs: 1 })[0]?.body).toBe('kept');
  });

  it('holds a send delay', () => {
    const q = queue();
    q.send('analysis', 'later', { delayMs: 5_000 });
    expect(q.depth('analysis')).toMatchObject({ delayed: 1, available: 0 });
    time += 5_000;
    expect(q.receive('analysis', { visibilityMs: 1 })).toHaveLength(1);
  });
});

function rewriteLeasePid(file: string, id: number, pid: number): void {
  // A direct write, standing in for a lease taken by another (now dead) process.
  const db = new Database(file);
  db.prepare('UPDATE messages SET lease_pid = ? WHERE id = ?').run(pid, id);
  db.close();
}
