/**
 * The SQLite drivers `--data-dir` can use, behind one small interface. Nothing here is loaded
 * until persistence is asked for, and nothing is native by default:
 *
 * - `node:sqlite`: built into Node 22.13+ and 24 (Deno 2.2+ implements it too);
 * - `better-sqlite3`: an optional peer dependency, for Node 20 (the user installs it).
 *
 * `auto` takes the first one present in that order.
 */
import { createRequire } from 'node:module';

export type SqliteBackend = 'node:sqlite' | 'better-sqlite3';
export const SQLITE_BACKENDS: readonly SqliteBackend[] = ['node:sqlite', 'better-sqlite3'];

export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  readonly backend: SqliteBackend;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

/** No SQLite driver could be loaded for `--data-dir`; the message says what to install. */
export class SqliteUnavailableError extends Error {
  override name = 'SqliteUnavailableError';
}

type Opener = (file: string) => SqliteDatabase;

const requireFrom = createRequire(import.meta.url);

function tryLoad(backend: SqliteBackend): Opener | undefined {
  try {
    switch (backend) {
      case 'node:sqlite': {
        // getBuiltinModule answers undefined (instead of throwing) where the module does not exist.
        const mod = quietly(() =>
          (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:sqlite'),
        ) as { DatabaseSync: new (file: string) => Omit<SqliteDatabase, 'backend'> } | undefined;
        if (!mod?.DatabaseSync) return undefined;
        return (file) => wrap(new mod.DatabaseSync(file), backend);
      }
      case 'better-sqlite3': {
        const Database = requireFrom('better-sqlite3') as new (
          file: string,
          options?: { timeout?: number },
        ) => Omit<SqliteDatabase, 'backend'>;
        return (file) => wrap(new Database(file, { timeout: 0 }), backend);
      }
    }
  } catch {
    return undefined;
  }
}

/** Runs `load` without Node's one-time "SQLite is an experimental feature" warning. */
function quietly<T>(load: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emit;
  }
}

function wrap(db: Omit<SqliteDatabase, 'backend'>, backend: SqliteBackend): SqliteDatabase {
  return {
    backend,
    exec: (sql) => void db.exec(sql),
    prepare: (sql) => db.prepare(sql),
    close: () => db.close(),
  };
}

/** The drivers that load in this runtime, in preference order. */
export function availableSqliteBackends(): SqliteBackend[] {
  return SQLITE_BACKENDS.filter((b) => tryLoad(b) !== undefined);
}

/** Opens `file` with the chosen driver (`auto`: the first one present). */
export function openSqlite(file: string, backend: SqliteBackend | 'auto' = 'auto'): SqliteDatabase {
  const candidates = backend === 'auto' ? SQLITE_BACKENDS : [backend];
  for (const b of candidates) {
    const open = tryLoad(b);
    if (open) return open(file);
  }
  throw new SqliteUnavailableError(
    backend === 'auto'
      ? `--data-dir needs SQLite, and this runtime has none (Node ${process.versions.node}). ` +
          'Use Node 22.13 or later (node:sqlite is built in) or Deno, or install the optional driver: npm install better-sqlite3@12'
      : backend === 'better-sqlite3'
        ? 'the better-sqlite3 driver is not installed: npm install better-sqlite3@12'
        : `the ${backend} driver is not part of this runtime (Node ${process.versions.node})`,
  );
}

/** Runs `fn` in one write transaction; any throw rolls everything back. */
export function inTransaction<T>(db: SqliteDatabase, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
