/**
 * Tables of the local queue. `messages` holds every queue's messages (SQS
 * queues by name); `dead_letters` is the dead-letter queue, reason included.
 * Times are milliseconds since the epoch.
 */
export const QUEUE_SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  receives INTEGER NOT NULL DEFAULT 0,
  receipt TEXT UNIQUE,
  lease_owner TEXT,
  lease_host TEXT,
  lease_pid INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS messages_by_visibility ON messages (queue, visible_at, id);
CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id INTEGER NOT NULL,
  queue TEXT NOT NULL,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  receives INTEGER NOT NULL,
  sent_at INTEGER NOT NULL,
  failed_at INTEGER NOT NULL
);
`;
