import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Change, Persistence, StoredRecord } from './store.js';

interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  pragma(source: string): unknown;
  exec(source: string): unknown;
  prepare(source: string): Statement;
  transaction<T extends (...args: never[]) => unknown>(fn: T): T;
  close(): void;
}

/**
 * SQLite (better-sqlite3, WAL) under `dataDir`. Each request's changes are written in one
 * transaction before the response is sent, so an acknowledged write survives a crash or kill -9.
 */
export class SqlitePersistence implements Persistence {
  readonly file: string;
  readonly #db: Database;
  readonly #upsert: Statement;
  readonly #remove: Statement;
  readonly #setMeta: Statement;
  readonly #commit: (changes: readonly Change[], meta: Readonly<Record<string, string>> | undefined) => void;
  readonly #saveMeta: (meta: Readonly<Record<string, string>>) => void;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'bec-emulator.sqlite');
    // Loaded only when persistence is asked for, so the in-memory emulator needs no native module.
    const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => Database;
    this.#db = new BetterSqlite3(this.file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.exec(
      'CREATE TABLE IF NOT EXISTS records (account TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (account, kind, id))',
    );
    this.#db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    this.#setMeta = this.#db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.#upsert = this.#db.prepare(
      'INSERT INTO records (account, kind, id, value) VALUES (?, ?, ?, ?) ON CONFLICT (account, kind, id) DO UPDATE SET value = excluded.value',
    );
    this.#remove = this.#db.prepare('DELETE FROM records WHERE account = ? AND kind = ? AND id = ?');
    this.#commit = this.#db.transaction(
      (changes: readonly Change[], meta: Readonly<Record<string, string>> | undefined) => {
        for (const c of changes) {
          if (c.value === undefined) this.#remove.run(c.account, c.kind, c.id);
          else this.#upsert.run(c.account, c.kind, c.id, JSON.stringify(c.value, replacer));
        }
        if (meta) for (const [k, v] of Object.entries(meta)) this.#setMeta.run(k, v);
      },
    );
    this.#saveMeta = this.#db.transaction((meta: Readonly<Record<string, string>>) => {
      for (const [k, v] of Object.entries(meta)) this.#setMeta.run(k, v);
    });
  }

  loadMeta(): Record<string, string> {
    const rows = this.#db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  saveMeta(meta: Readonly<Record<string, string>>): void {
    this.#saveMeta(meta);
  }

  *load(): Iterable<{ account: string; kind: string; id: string; value: StoredRecord }> {
    const rows = this.#db.prepare('SELECT account, kind, id, value FROM records ORDER BY rowid').all() as Array<{
      account: string;
      kind: string;
      id: string;
      value: string;
    }>;
    for (const row of rows)
      yield { account: row.account, kind: row.kind, id: row.id, value: JSON.parse(row.value, reviver) as StoredRecord };
  }

  commit(changes: readonly Change[], meta?: Readonly<Record<string, string>>): void {
    this.#commit(changes, meta);
  }

  /** Removes every record (the metadata stays: IDs and virtual time keep moving forward). */
  clear(): void {
    this.#db.exec('DELETE FROM records');
  }

  close(): void {
    this.#db.close();
  }
}

// JSON has no Infinity (manual lifecycle steps wait at Infinity).
function replacer(_key: string, value: unknown): unknown {
  return value === Number.POSITIVE_INFINITY ? '__Infinity__' : value;
}
function reviver(_key: string, value: unknown): unknown {
  return value === '__Infinity__' ? Number.POSITIVE_INFINITY : value;
}
