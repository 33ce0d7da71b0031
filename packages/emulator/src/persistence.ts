import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  inTransaction,
  openSqlite,
  type SqliteBackend,
  type SqliteDatabase,
  type SqliteStatement,
} from './sqlite-driver.js';
import type { Change, Persistence, StoredRecord } from './store.js';

/**
 * SQLite (WAL) under `dataDir`, through whichever driver the runtime has (see sqlite-driver.ts).
 * Each request's changes are written in one transaction before the response is sent, so an
 * acknowledged write survives a crash or kill -9.
 *
 * One process at a time: the database is opened in SQLite's exclusive locking mode and a write
 * transaction is taken at once, so a second emulator on the same directory fails at start (the
 * operating system drops the lock when the holder dies, even by kill -9). `bec-emulator.lock`
 * beside the database names the holder for that error message.
 */
export class SqlitePersistence implements Persistence {
  readonly file: string;
  readonly backend: SqliteBackend;
  readonly #db: SqliteDatabase;
  readonly #lockFile: string;
  readonly #upsert: SqliteStatement;
  readonly #remove: SqliteStatement;
  readonly #setMeta: SqliteStatement;

  constructor(dataDir: string, options: { backend?: SqliteBackend | 'auto'; holder?: string } = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'bec-emulator.sqlite');
    this.#lockFile = join(dataDir, 'bec-emulator.lock');
    this.#db = openSqlite(this.file, options.backend);
    this.backend = this.#db.backend;
    try {
      this.#db.exec('PRAGMA busy_timeout = 0');
      this.#db.exec('PRAGMA locking_mode = EXCLUSIVE');
      this.#db.exec('PRAGMA journal_mode = WAL');
      // The first write transaction takes the exclusive lock, kept until close.
      this.#db.exec('BEGIN IMMEDIATE');
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.close();
      if (/locked|busy/i.test((err as Error).message)) throw new DataDirInUseError(dataDir, readHolder(this.#lockFile));
      throw err;
    }
    writeFileSync(
      this.#lockFile,
      `${JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), holder: options.holder })}\n`,
    );
    this.#db.exec('PRAGMA synchronous = NORMAL');
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
  }

  loadMeta(): Record<string, string> {
    const rows = this.#db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  saveMeta(meta: Readonly<Record<string, string>>): void {
    inTransaction(this.#db, () => {
      for (const [k, v] of Object.entries(meta)) this.#setMeta.run(k, v);
    });
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
    inTransaction(this.#db, () => {
      for (const c of changes) {
        if (c.value === undefined) this.#remove.run(c.account, c.kind, c.id);
        else this.#upsert.run(c.account, c.kind, c.id, JSON.stringify(c.value, replacer));
      }
      if (meta) for (const [k, v] of Object.entries(meta)) this.#setMeta.run(k, v);
    });
  }

  /** Removes every record (the metadata stays: IDs and virtual time keep moving forward). */
  clear(): void {
    this.#db.exec('DELETE FROM records');
  }

  close(): void {
    rmSync(this.#lockFile, { force: true });
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

/** Another emulator holds the data directory. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(dataDir: string, holder: string | undefined) {
    super(
      `data dir ${dataDir} is in use by another bec-emulator${holder ? ` (${holder})` : ''}; ` +
        'stop it or choose another --data-dir (two emulators on one directory would lose writes)',
    );
  }
}

function readHolder(lockFile: string): string | undefined {
  try {
    const h = JSON.parse(readFileSync(lockFile, 'utf8')) as {
      pid?: number;
      hostname?: string;
      startedAt?: string;
      holder?: string;
    };
    return [`pid ${h.pid} on ${h.hostname}`, h.startedAt && `started ${h.startedAt}`, h.holder]
      .filter(Boolean)
      .join(', ');
  } catch {
    return undefined;
  }
}
