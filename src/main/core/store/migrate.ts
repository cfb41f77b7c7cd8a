/**
 * Schema migrations on a connection the caller opened (so tests can use ':memory:'). The schema
 * version lives in PRAGMA user_version; every pending step runs in one transaction, so a failure
 * leaves the database exactly as it was.
 */
import type Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import type { Migration } from './migrations/types';

/** Throws unless versions run 1, 2, 3, ... with a name each: a broken list is a build mistake. */
export function validateMigrations(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    const expected = i + 1;
    if (!Number.isInteger(m.version) || m.version !== expected) {
      throw new AppError(
        'internal',
        `Migration list is broken: step ${i + 1} ("${m.name}") has version ${String(m.version)}, expected ${expected}. Versions must start at 1 and increase by one.`,
      );
    }
    if (!m.name.trim()) {
      throw new AppError('internal', `Migration list is broken: version ${m.version} has no name.`);
    }
  });
}

export function latestVersion(list: readonly Migration[]): number {
  return list[list.length - 1]?.version ?? 0;
}

export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a database written by a newer RouterDesk, before anything touches it. */
export function refuseIfNewer(version: number, latest: number, label: string): void {
  if (version > latest) {
    throw new AppError(
      'database_newer',
      `The database ${label} was written by a newer version of RouterDesk (schema ${version}; this version knows up to ${latest}). Update RouterDesk to open it. Nothing was changed.`,
    );
  }
}

export interface MigrationResult {
  fromVersion: number;
  toVersion: number;
}

export interface ApplyOptions {
  /** Names the database in messages (its file path). */
  label?: string;
  /** Runs once, before the first change, only when there are steps to apply. */
  beforeChanges?: (fromVersion: number, toVersion: number) => void;
}

export function applyMigrations(
  db: Database.Database,
  list: readonly Migration[],
  opts: ApplyOptions = {},
): MigrationResult {
  validateMigrations(list);
  const label = opts.label ?? 'in use';
  const fromVersion = readSchemaVersion(db);
  const toVersion = latestVersion(list);
  refuseIfNewer(fromVersion, toVersion, label);
  if (fromVersion === toVersion) return { fromVersion, toVersion };

  opts.beforeChanges?.(fromVersion, toVersion);
  const pending = list.slice(fromVersion);

  // Foreign keys cannot be toggled inside a transaction, and a step that rebuilds a table needs
  // them off; they are checked as a whole before the transaction commits instead.
  const foreignKeysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  let current = fromVersion;
  try {
    db.transaction(() => {
      for (const step of pending) {
        current = step.version;
        step.up(db);
        db.pragma(`user_version = ${step.version}`);
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) {
        throw new Error(`${broken.length} rows point at rows that no longer exist`);
      }
    }).immediate();
  } catch (e) {
    const step = list[current - 1];
    const reason = e instanceof Error ? e.message : String(e);
    throw new AppError(
      'database_error',
      `RouterDesk could not update the database ${label} from version ${fromVersion} to ${toVersion}: step ${current} ("${step?.name ?? '?'}") failed (${reason}). Nothing was changed; the database is still at version ${fromVersion}. Restart RouterDesk; if this keeps happening, report it with this message.`,
      { cause: e },
    );
  } finally {
    if (foreignKeysWereOn) db.pragma('foreign_keys = ON');
  }
  return { fromVersion, toVersion };
}
