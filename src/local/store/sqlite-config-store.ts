import type Database from 'better-sqlite3';
import { CciError } from '../../core/errors.js';
import type { ConfigItem, ConfigStore } from '../../pipeline/ports.js';
import { openSqlite } from './open-sqlite.js';

interface Row {
  pk: string;
  sk: string;
  data: string;
}

/**
 * The ConfigStore port on SQLite: the same pk/sk items as the DynamoDB table
 * `cci-lite-config`, attributes kept as one JSON document. Keys sort as
 * DynamoDB sorts them (binary, i.e. UTF-8 byte order). WAL mode lets the CLI
 * read while a worker writes.
 */
export class SqliteConfigStore implements ConfigStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqlite(file);
    this.db.exec(`CREATE TABLE IF NOT EXISTS items (
      pk TEXT NOT NULL,
      sk TEXT NOT NULL,
      data TEXT NOT NULL CHECK (json_valid(data)),
      PRIMARY KEY (pk, sk)
    ) WITHOUT ROWID`);
  }

  async get(pk: string, sk: string): Promise<ConfigItem | undefined> {
    const row = this.db
      .prepare<[string, string], Row>('SELECT pk, sk, data FROM items WHERE pk = ? AND sk = ?')
      .get(pk, sk);
    return row === undefined ? undefined : toItem(row);
  }

  async put(item: ConfigItem, options: { ifNotExists?: boolean } = {}): Promise<boolean> {
    const { pk, sk, ...attributes } = item;
    if (typeof pk !== 'string' || pk === '' || typeof sk !== 'string' || sk === '') {
      throw new CciError('INVALID_CONFIG_ITEM', 'A config item needs a non-empty pk and sk.');
    }
    const data = JSON.stringify(attributes);
    const sql =
      options.ifNotExists === true
        ? 'INSERT INTO items (pk, sk, data) VALUES (?, ?, ?) ON CONFLICT (pk, sk) DO NOTHING'
        : 'INSERT INTO items (pk, sk, data) VALUES (?, ?, ?) ON CONFLICT (pk, sk) DO UPDATE SET data = excluded.data';
    return this.db.prepare(sql).run(pk, sk, data).changes === 1;
  }

  async query(pk: string, skPrefix = ''): Promise<ConfigItem[]> {
    return this.db
      .prepare<[string, string, string], Row>(
        'SELECT pk, sk, data FROM items WHERE pk = ? AND substr(sk, 1, length(?)) = ? ORDER BY sk',
      )
      .all(pk, skPrefix, skPrefix)
      .map(toItem);
  }

  async scanPrefix(pkPrefix: string, skPrefix = ''): Promise<ConfigItem[]> {
    return this.db
      .prepare<[string, string, string, string], Row>(
        `SELECT pk, sk, data FROM items
         WHERE substr(pk, 1, length(?)) = ? AND substr(sk, 1, length(?)) = ?
         ORDER BY pk, sk`,
      )
      .all(pkPrefix, pkPrefix, skPrefix, skPrefix)
      .map(toItem);
  }

  async delete(pk: string, sk: string): Promise<void> {
    this.db.prepare('DELETE FROM items WHERE pk = ? AND sk = ?').run(pk, sk);
  }

  close(): void {
    this.db.close();
  }
}

function toItem(row: Row): ConfigItem {
  const attributes = JSON.parse(row.data) as Record<string, unknown>;
  return { ...attributes, pk: row.pk, sk: row.sk };
}
