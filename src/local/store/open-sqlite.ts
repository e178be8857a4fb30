import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens (or creates) a SQLite file the way every local store uses it: WAL so
 * readers never block the writer, a busy timeout so a CLI command and a worker
 * can share the file, and fsync at the points WAL needs for durability.
 */
export function openSqlite(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}
