import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { CciError } from '../../core/errors.js';
import { openSqlite } from '../store/open-sqlite.js';
import { isProcessAlive } from './process-alive.js';
import { QUEUE_SCHEMA } from './queue-schema.js';

/**
 * A durable queue on SQLite with SQS semantics: a received message is leased
 * (invisible) for a visibility timeout, deleted when handled, retried with
 * exponential back-off when handling failed, and moved to the dead-letter table
 * after `maxReceives` receives (the guide's redrive policy, maxReceiveCount 3)
 * or at once when the failure cannot be fixed by retrying. The failure reason
 * travels with the message into the dead-letter table.
 *
 * Unlike SQS it knows who holds a lease (host, process id, worker id), so a
 * worker that was killed does not hold its messages until the timeout expires:
 * `releaseAbandonedLeases` hands them back at once.
 */

export interface QueueMessage {
  id: number;
  queue: string;
  body: string;
  /** Proof of the lease: needed to delete, extend or fail the message. */
  receipt: string;
  /** How many times the message has been received, this time included. */
  receives: number;
  sentAt: Date;
  /** Why the previous attempt failed, when one did. */
  lastError: string | undefined;
}

export interface DeadLetter {
  id: number;
  queue: string;
  body: string;
  reason: string;
  receives: number;
  sentAt: Date;
  failedAt: Date;
}

export type FailOutcome =
  | { action: 'retry'; retryAt: Date; receives: number }
  | { action: 'dead-letter'; receives: number }
  /** The lease had expired and someone else holds the message now: nothing changed. */
  | { action: 'lease-lost' };

export interface QueueDepth {
  /** Visible now. */
  available: number;
  /** Waiting for a retry back-off or a send delay. */
  delayed: number;
  /** Leased by a worker. */
  inFlight: number;
  deadLetters: number;
}

export interface SqliteQueueOptions {
  /** Receives before a message goes to the dead-letter table (SQS maxReceiveCount). */
  maxReceives?: number;
  /** Retry back-off: base * 2^(receives-1), capped. */
  backoff?: { baseMs: number; maxMs: number };
  /** Identifies this worker in leases (with host and process id). */
  workerId?: string;
  now?: () => number;
  isProcessAlive?: (pid: number) => boolean;
}

interface MessageRow {
  id: number;
  queue: string;
  body: string;
  sent_at: number;
  visible_at: number;
  receives: number;
  receipt: string | null;
  last_error: string | null;
}

interface DeadLetterRow {
  id: number;
  queue: string;
  body: string;
  reason: string;
  receives: number;
  sent_at: number;
  failed_at: number;
}

export const DEFAULT_MAX_RECEIVES = 3;
const DEFAULT_BACKOFF = { baseMs: 1_000, maxMs: 60_000 };

export class SqliteQueue {
  readonly maxReceives: number;
  private readonly db: Database.Database;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly now: () => number;
  private readonly alive: (pid: number) => boolean;
  private readonly host = hostname();
  private readonly owner: string;

  constructor(file: string, options: SqliteQueueOptions = {}) {
    this.db = openSqlite(file);
    this.db.exec(QUEUE_SCHEMA);
    this.maxReceives = options.maxReceives ?? DEFAULT_MAX_RECEIVES;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? Date.now;
    this.alive = options.isProcessAlive ?? isProcessAlive;
    this.owner = options.workerId ?? randomUUID();
  }

  send(queue: string, body: string, options: { delayMs?: number } = {}): number {
    const now = this.now();
    const info = this.db
      .prepare(
        'INSERT INTO messages (queue, body, sent_at, visible_at, receives) VALUES (?, ?, ?, ?, 0)',
      )
      .run(queue, body, now, now + Math.max(0, options.delayMs ?? 0));
    return Number(info.lastInsertRowid);
  }

  /**
   * Leases up to `max` visible messages, oldest first. A message that has already
   * been received `maxReceives` times without being deleted (its worker hung)
   * goes to the dead-letter table instead of being handed out again.
   */
  receive(queue: string, options: { max?: number; visibilityMs: number }): QueueMessage[] {
    const max = Math.max(1, options.max ?? 1);
    const take = this.db.transaction((): QueueMessage[] => {
      const now = this.now();
      const out: QueueMessage[] = [];
      const candidates = this.db
        .prepare<[string, number], MessageRow>(
          `SELECT * FROM messages WHERE queue = ? AND visible_at <= ? ORDER BY visible_at, id`,
        )
        .iterate(queue, now);
      const leases: Array<[MessageRow, string]> = [];
      const expired: MessageRow[] = [];
      for (const row of candidates) {
        if (row.receives >= this.maxReceives) {
          expired.push(row);
          continue;
        }
        leases.push([row, randomUUID()]);
        if (leases.length >= max) break;
      }
      for (const row of expired) {
        this.moveToDeadLetters(
          row,
          row.last_error ??
            `not deleted after ${row.receives} receives (the visibility timeout expired each time)`,
          now,
        );
      }
      const lease = this.db.prepare(
        `UPDATE messages SET receives = receives + 1, receipt = ?, visible_at = ?,
           lease_owner = ?, lease_host = ?, lease_pid = ? WHERE id = ?`,
      );
      for (const [row, receipt] of leases) {
        lease.run(receipt, now + options.visibilityMs, this.owner, this.host, process.pid, row.id);
        out.push({
          id: row.id,
          queue: row.queue,
          body: row.body,
          receipt,
          receives: row.receives + 1,
          sentAt: new Date(row.sent_at),
          lastError: row.last_error ?? undefined,
        });
      }
      return out;
    });
    return take.immediate();
  }

  /** Removes a handled message; false when the lease was lost (someone else has it now). */
  delete(receipt: string): boolean {
    return this.db.prepare('DELETE FROM messages WHERE receipt = ?').run(receipt).changes === 1;
  }

  /** Keeps a lease for another `visibilityMs` (a heartbeat for long work). */
  extend(receipt: string, visibilityMs: number): boolean {
    return (
      this.db
        .prepare('UPDATE messages SET visible_at = ? WHERE receipt = ?')
        .run(this.now() + visibilityMs, receipt).changes === 1
    );
  }

  /**
   * Handling failed. Retryable failures come back after an exponential back-off
   * until the message has been received `maxReceives` times; then, or at once for
   * a failure no retry can fix, the message moves to the dead-letter table with
   * the reason.
   */
  fail(receipt: string, reason: string, options: { retryable: boolean }): FailOutcome {
    const run = this.db.transaction((): FailOutcome => {
      const row = this.db
        .prepare<[string], MessageRow>('SELECT * FROM messages WHERE receipt = ?')
        .get(receipt);
      if (row === undefined) return { action: 'lease-lost' };
      const now = this.now();
      if (!options.retryable || row.receives >= this.maxReceives) {
        this.moveToDeadLetters(row, reason, now);
        return { action: 'dead-letter', receives: row.receives };
      }
      const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (row.receives - 1));
      this.db
        .prepare(
          `UPDATE messages SET visible_at = ?, last_error = ?, receipt = NULL,
             lease_owner = NULL, lease_host = NULL, lease_pid = NULL WHERE id = ?`,
        )
        .run(now + delay, reason, row.id);
      return { action: 'retry', retryAt: new Date(now + delay), receives: row.receives };
    });
    return run.immediate();
  }

  /**
   * Hands back at once the messages leased by processes on this host that no
   * longer exist (a worker killed with SIGKILL), instead of after the visibility
   * timeout. Returns how many messages were released.
   */
  releaseAbandonedLeases(): number {
    const run = this.db.transaction((): number => {
      const now = this.now();
      const holders = this.db
        .prepare<[string, number], { lease_pid: number }>(
          `SELECT DISTINCT lease_pid FROM messages
           WHERE lease_host = ? AND lease_pid IS NOT NULL AND visible_at > ?`,
        )
        .all(this.host, now);
      let released = 0;
      const release = this.db.prepare(
        `UPDATE messages SET visible_at = ?, receipt = NULL,
           lease_owner = NULL, lease_host = NULL, lease_pid = NULL
         WHERE lease_host = ? AND lease_pid = ? AND visible_at > ?`,
      );
      for (const { lease_pid: pid } of holders) {
        if (pid === process.pid || this.alive(pid)) continue;
        released += release.run(now, this.host, pid, now).changes;
      }
      return released;
    });
    return run.immediate();
  }

  depth(queue?: string): QueueDepth {
    const now = this.now();
    const where = queue === undefined ? '' : 'WHERE queue = @queue';
    const row = this.db
      .prepare<
        { now: number; queue?: string },
        { available: number | null; delayed: number | null; inFlight: number | null }
      >(
        `SELECT
           SUM(visible_at <= @now) AS available,
           SUM(visible_at > @now AND receipt IS NULL) AS delayed,
           SUM(visible_at > @now AND receipt IS NOT NULL) AS inFlight
         FROM messages ${where}`,
      )
      .get(queue === undefined ? { now } : { now, queue });
    const dead = this.db
      .prepare<{ queue?: string }, { n: number }>(`SELECT COUNT(*) AS n FROM dead_letters ${where}`)
      .get(queue === undefined ? {} : { queue });
    return {
      available: row?.available ?? 0,
      delayed: row?.delayed ?? 0,
      inFlight: row?.inFlight ?? 0,
      deadLetters: dead?.n ?? 0,
    };
  }

  /** When the next waiting message of these queues becomes visible, if any waits. */
  nextVisibleAt(queues: readonly string[]): Date | undefined {
    if (queues.length === 0) return undefined;
    const row = this.db
      .prepare<unknown[], { t: number | null }>(
        `SELECT MIN(visible_at) AS t FROM messages WHERE queue IN (${queues.map(() => '?').join(', ')})`,
      )
      .get(...queues);
    return row?.t === null || row?.t === undefined ? undefined : new Date(row.t);
  }

  deadLetters(queue?: string): DeadLetter[] {
    const rows =
      queue === undefined
        ? this.db.prepare<[], DeadLetterRow>('SELECT * FROM dead_letters ORDER BY id').all()
        : this.db
            .prepare<[string], DeadLetterRow>(
              'SELECT * FROM dead_letters WHERE queue = ? ORDER BY id',
            )
            .all(queue);
    return rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      body: r.body,
      reason: r.reason,
      receives: r.receives,
      sentAt: new Date(r.sent_at),
      failedAt: new Date(r.failed_at),
    }));
  }

  /**
   * Moves dead letters back to their queue with a fresh receive count, like an
   * SQS redrive. All of them, or those of one queue, or the given ids.
   */
  redrive(filter: { queue?: string; ids?: readonly number[] } = {}): number {
    const run = this.db.transaction((): number => {
      const now = this.now();
      const letters = this.deadLetters(filter.queue).filter(
        (d) => filter.ids === undefined || filter.ids.includes(d.id),
      );
      const insert = this.db.prepare(
        'INSERT INTO messages (queue, body, sent_at, visible_at, receives) VALUES (?, ?, ?, ?, 0)',
      );
      const remove = this.db.prepare('DELETE FROM dead_letters WHERE id = ?');
      for (const d of letters) {
        insert.run(d.queue, d.body, now, now);
        remove.run(d.id);
      }
      return letters.length;
    });
    return run.immediate();
  }

  close(): void {
    this.db.close();
  }

  private moveToDeadLetters(row: MessageRow, reason: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO dead_letters (message_id, queue, body, reason, receives, sent_at, failed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.queue, row.body, reason, row.receives, row.sent_at, now);
    const deleted = this.db.prepare('DELETE FROM messages WHERE id = ?').run(row.id).changes;
    if (deleted !== 1) {
      throw new CciError('QUEUE_CORRUPT', `Message ${row.id} vanished while dead-lettering it.`);
    }
  }
}
