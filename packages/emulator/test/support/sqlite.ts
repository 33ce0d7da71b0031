/**
 * Persistence tests run once per SQLite driver this runtime has. A driver that is absent is not
 * skipped: its slot becomes a test that `dataDir` with that driver fails at start with a message
 * naming what to install. `BEC_TEST_SQLITE` (comma-separated, set by CI) lists the drivers that
 * must be present; a missing one fails the run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  availableSqliteBackends,
  SQLITE_BACKENDS,
  type SqliteBackend,
  SqliteUnavailableError,
  startEmulator,
} from 'bec-emulator';
import { describe, expect, it } from 'vitest';

export const PRESENT = availableSqliteBackends();
const REQUIRED = (process.env.BEC_TEST_SQLITE ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

/** The check that every driver CI requires is present (called once, by the persistence tests). */
export function describeSqliteDrivers(): void {
  describe('SQLite drivers under test', () => {
    it(`drivers present: ${PRESENT.join(', ') || 'none'}; required by BEC_TEST_SQLITE: ${REQUIRED.join(', ') || 'none'}`, () => {
      for (const name of REQUIRED) expect(SQLITE_BACKENDS).toContain(name);
      expect(REQUIRED.filter((name) => !PRESENT.includes(name as SqliteBackend))).toEqual([]);
    });
  });
}

/** Registers `body` once per present driver, and the "fails at start" test per absent one. */
export function describeEachSqlite(title: string, body: (backend: SqliteBackend) => void): void {
  for (const backend of SQLITE_BACKENDS) {
    if (PRESENT.includes(backend)) {
      describe(`${title} [${backend}]`, () => body(backend));
    } else {
      describe(`${title} [${backend} absent in Node ${process.versions.node}]`, () => {
        it('a start with dataDir on this driver fails before listening and says what to install', async () => {
          const dataDir = mkdtempSync(join(tmpdir(), 'bec-emu-nosqlite-'));
          const start = startEmulator({ dataDir, sqlite: backend });
          await expect(start).rejects.toBeInstanceOf(SqliteUnavailableError);
          await expect(start).rejects.toThrow(
            backend === 'better-sqlite3' ? /npm install better-sqlite3/ : /node:sqlite/,
          );
        });
      });
    }
  }
}
