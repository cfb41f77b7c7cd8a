/**
 * Opens RouterDesk's SQLite file: refuses files it must not touch (not SQLite, or written by a
 * newer RouterDesk), sets the connection up, copies the file aside, then migrates it.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import Database from 'better-sqlite3';
import { AppError, isAppError } from '@shared/errors';
import { applyMigrations, latestVersion, readSchemaVersion, refuseIfNewer, validateMigrations } from './migrate';
import { migrations as allMigrations } from './migrations';
import type { Migration } from './migrations/types';

export interface OpenDatabaseOptions {
  /** better-sqlite3 addon path; when set, passed as `nativeBinding` (Electron's ABI build). */
  nativeBinding?: string;
  /** Defaults to all migrations in ./migrations; tests may pass their own list. */
  migrations?: readonly Migration[];
  now?: () => number;
}

export interface OpenedDatabase {
  db: Database.Database;
  path: string;
  fromVersion: number;
  toVersion: number;
  /** Copy of the file taken before migrating it, or null when nothing needed migrating. */
  backupPath: string | null;
}

const BUSY_TIMEOUT_MS = 5000;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function openDatabase(path: string, opts: OpenDatabaseOptions = {}): OpenedDatabase {
  const list = opts.migrations ?? allMigrations;
  validateMigrations(list);
  const now = opts.now ?? Date.now;
  const inMemory = path === ':memory:';

  if (!inMemory) {
    fs.mkdirSync(nodePath.dirname(path), { recursive: true });
    refuseIfNotSqlite(path);
  }

  let db: Database.Database;
  try {
    db = new Database(path, {
      timeout: BUSY_TIMEOUT_MS,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
  } catch (e) {
    throw openError(path, e);
  }

  let backupTaken: string | null = null;
  try {
    // Checked before any pragma: switching to WAL would already rewrite the file header.
    refuseIfNewer(readSchemaVersion(db), latestVersion(list), path);

    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);

    const { fromVersion, toVersion } = applyMigrations(db, list, {
      label: path,
      beforeChanges: (from) => {
        if (!inMemory && from > 0) backupTaken = backUp(db, path, from, now());
      },
    });
    return { db, path, fromVersion, toVersion, backupPath: backupTaken };
  } catch (e) {
    db.close();
    throw withBackupNote(isAppError(e) ? e : openError(path, e), backupTaken);
  }
}

function withBackupNote(error: AppError, backupPath: string | null): AppError {
  if (!backupPath) return error;
  return new AppError(error.code, `${error.message} A copy taken before the attempt is at ${backupPath}.`, {
    cause: error.cause ?? error,
  });
}

/** A non-empty file without the SQLite header is something else; never open (or create) it. */
function refuseIfNotSqlite(path: string): void {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw openError(path, e);
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    if (read === 0) return; // an empty file is a new database
    if (read < head.length || !head.equals(SQLITE_HEADER)) throw notADatabase(path);
  } finally {
    fs.closeSync(fd);
  }
}

function notADatabase(path: string): AppError {
  return new AppError(
    'database_error',
    `${path} is not a RouterDesk database (it is not an SQLite file, or it is damaged). RouterDesk did not change it. Move the file aside (rename it or put it somewhere else) and start RouterDesk again to begin with a fresh database.`,
  );
}

function openError(path: string, e: unknown): AppError {
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return notADatabase(path);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError(
      'database_error',
      `The database ${path} is in use by another program (is RouterDesk already running?). Close it and try again.`,
      { cause: e },
    );
  }
  const reason = e instanceof Error ? e.message : String(e);
  return new AppError(
    'database_error',
    `RouterDesk could not open its database ${path} (${reason}). Check that the folder exists and is writable, then start RouterDesk again.`,
    { cause: e },
  );
}

/** Copies the database next to itself (VACUUM INTO is synchronous and gives a consistent copy). */
function backUp(db: Database.Database, path: string, fromVersion: number, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const base = `${path}.bak-v${fromVersion}-${stamp}`;
  let target = base;
  for (let n = 2; fs.existsSync(target); n++) {
    if (n > 1000) throw new Error(`too many backups named ${base}`);
    target = `${base}-${n}`;
  }
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}
