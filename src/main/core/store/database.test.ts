import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { openDatabase, type OpenedDatabase } from './database';
import { validateMigrations } from './migrate';
import { latestSchemaVersion, migrations } from './migrations';
import type { Migration } from './migrations/types';

let dir: string;
let file: string;
const opened: OpenedDatabase[] = [];

function open(...args: Parameters<typeof openDatabase>): OpenedDatabase {
  const result = openDatabase(...args);
  opened.push(result);
  return result;
}

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an error');
}

/** Writes a v1 database with one ledger row, closed and checkpointed, as an older app would. */
function writeVersion1File(): void {
  const { db } = openDatabase(file, { migrations: migrations.slice(0, 1) });
  db.prepare(
    `INSERT INTO requests (request_id, started_at, origin, model_requested, status, cost)
     VALUES ('old-1', 1000, 'playground', 'openai/gpt-5', 'ok', 0.0000421)`,
  ).run();
  db.close();
}

function tableNames(db: Database.Database): string[] {
  return (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
  ).map((r) => r.name);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'routerdesk-db-'));
  file = path.join(dir, 'routerdesk.db');
});
afterEach(() => {
  for (const o of opened.splice(0)) if (o.db.open) o.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates a fresh file at the latest version, in WAL mode with foreign keys on', () => {
    const result = open(file);
    expect(result.fromVersion).toBe(0);
    expect(result.toVersion).toBe(latestSchemaVersion);
    expect(result.backupPath).toBeNull();
    expect(result.path).toBe(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(result.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(result.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(result.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(result.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(result.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('creates the data folder when it does not exist yet', () => {
    const nested = path.join(dir, 'a', 'b', 'routerdesk.db');
    const result = open(nested);
    expect(result.toVersion).toBe(latestSchemaVersion);
    expect(fs.existsSync(nested)).toBe(true);
  });

  it('does nothing on a second open of an up-to-date file, and takes no backup', () => {
    open(file).db.close();
    const again = open(file);
    expect(again.fromVersion).toBe(latestSchemaVersion);
    expect(again.toVersion).toBe(latestSchemaVersion);
    expect(again.backupPath).toBeNull();
    expect(fs.readdirSync(dir).filter((f) => f.includes('.bak-'))).toEqual([]);
  });

  it('migrates a version 1 file to the latest version after copying it aside', () => {
    writeVersion1File();
    const result = open(file, { now: () => Date.UTC(2026, 7, 25, 10, 15, 0, 123) });

    expect(result.fromVersion).toBe(1);
    expect(result.toVersion).toBe(latestSchemaVersion);
    expect(result.backupPath).toBe(path.join(dir, 'routerdesk.db.bak-v1-2026-08-25T10-15-00-123Z'));
    expect(tableNames(result.db)).toContain('catalog_snapshots');
    expect(result.db.prepare('SELECT request_id, cost FROM requests').all()).toEqual([
      { request_id: 'old-1', cost: 0.0000421 },
    ]);

    const backup = new Database(result.backupPath!, { readonly: true });
    try {
      expect(backup.pragma('user_version', { simple: true })).toBe(1);
      expect(tableNames(backup)).not.toContain('catalog_snapshots');
      expect(backup.prepare('SELECT request_id, cost FROM requests').all()).toEqual([
        { request_id: 'old-1', cost: 0.0000421 },
      ]);
    } finally {
      backup.close();
    }
  });

  it('does not overwrite an earlier backup taken at the same moment', () => {
    const now = () => 5_000;
    writeVersion1File();
    const first = open(file, { now, migrations: migrations.slice(0, 1) });
    expect(first.backupPath).toBeNull();
    first.db.close();
    const stamp = new Date(5_000).toISOString().replace(/[:.]/g, '-');
    fs.writeFileSync(`${file}.bak-v1-${stamp}`, 'an older backup');

    const result = open(file, { now });
    expect(result.backupPath).toBe(`${file}.bak-v1-${stamp}-2`);
    expect(fs.readFileSync(`${file}.bak-v1-${stamp}`, 'utf8')).toBe('an older backup');
  });

  it('rolls back every step when one fails, leaving a fresh file empty', () => {
    const failing: Migration[] = [
      migrations[0]!,
      {
        version: 2,
        name: 'breaks-halfway',
        up(db) {
          db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY)');
          throw new Error('disk on fire');
        },
      },
    ];
    const error = caught(() => open(file, { migrations: failing }));
    expect(error.code).toBe('database_error');
    expect(error.message).toContain('breaks-halfway');
    expect(error.message).toContain('disk on fire');
    expect(error.message).toContain('Nothing was changed');

    const raw = new Database(file);
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(0);
      expect(tableNames(raw)).toEqual([]);
    } finally {
      raw.close();
    }
  });

  it('rolls back a failed upgrade of a version 1 file and keeps its data', () => {
    writeVersion1File();
    const failing: Migration[] = [
      migrations[0]!,
      {
        version: 2,
        name: 'bad-step',
        up(db) {
          db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY)');
          db.exec(`UPDATE requests SET cost = 999`);
          db.exec('SELECT * FROM no_such_table');
        },
      },
    ];
    const error = caught(() => open(file, { migrations: failing }));
    expect(error.code).toBe('database_error');
    expect(error.message).toMatch(/\.bak-v1-/);

    const raw = new Database(file);
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      expect(tableNames(raw)).not.toContain('half_done');
      expect(raw.prepare('SELECT cost FROM requests').all()).toEqual([{ cost: 0.0000421 }]);
    } finally {
      raw.close();
    }
  });

  it('rolls back a step that leaves rows pointing at nothing', () => {
    const dangling: Migration[] = [
      migrations[0]!,
      {
        version: 2,
        name: 'orphan-message',
        up(db) {
          db.exec(`INSERT INTO messages (conversation_id, role, created_at) VALUES (404, 'user', 1)`);
        },
      },
    ];
    const error = caught(() => open(file, { migrations: dangling }));
    expect(error.code).toBe('database_error');
    const raw = new Database(file);
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(0);
      expect(tableNames(raw)).toEqual([]);
    } finally {
      raw.close();
    }
  });

  it('refuses a database written by a newer RouterDesk without changing a byte', () => {
    open(file).db.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 3}`);
    raw.close();
    const before = fs.readFileSync(file);
    const filesBefore = fs.readdirSync(dir).sort();

    const error = caught(() => openDatabase(file));

    expect(error.code).toBe('database_newer');
    expect(error.message).toContain('newer version of RouterDesk');
    expect(error.message).toContain('Update RouterDesk');
    expect(error.message).toContain('Nothing was changed');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('refuses a file that is not SQLite, naming it and leaving it alone', () => {
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(20));
    const before = fs.readFileSync(file);

    const error = caught(() => openDatabase(file));

    expect(error.code).toBe('database_error');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/move the file aside/i);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['routerdesk.db']);
  });

  it('refuses a damaged SQLite file', () => {
    const header = Buffer.from('SQLite format 3\0', 'latin1');
    fs.writeFileSync(file, Buffer.concat([header, Buffer.alloc(4096, 0xff)]));
    const error = caught(() => openDatabase(file));
    expect(error.code).toBe('database_error');
    expect(error.message).toContain(file);
  });

  it('treats an empty file as a new database', () => {
    fs.writeFileSync(file, '');
    expect(open(file).toVersion).toBe(latestSchemaVersion);
  });

  it('works in memory for tests', () => {
    const result = open(':memory:');
    expect(result.toVersion).toBe(latestSchemaVersion);
    expect(result.backupPath).toBeNull();
    expect(result.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('loads the SQLite addon from nativeBinding when given', () => {
    const addon = path.resolve('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(open(file, { nativeBinding: addon }).toVersion).toBe(latestSchemaVersion);
    const error = caught(() =>
      openDatabase(path.join(dir, 'other.db'), { nativeBinding: path.join(dir, 'missing.node') }),
    );
    expect(error.code).toBe('database_error');
  });
});

describe('validateMigrations', () => {
  const step = (version: number, name = `step-${version}`): Migration => ({ version, name, up() {} });

  it('accepts versions 1, 2, 3 in order', () => {
    expect(() => validateMigrations([step(1), step(2), step(3)])).not.toThrow();
    expect(() => validateMigrations(migrations)).not.toThrow();
  });

  it.each([
    ['a gap', [step(1), step(3)]],
    ['a repeat', [step(1), step(1)]],
    ['a wrong order', [step(2), step(1)]],
    ['not starting at 1', [step(2)]],
    ['a missing name', [step(1, ' ')]],
  ])('refuses a list with %s', (_label, list) => {
    expect(() => validateMigrations(list)).toThrow(AppError);
  });

  it('is checked before any file is touched', () => {
    expect(() => openDatabase(file, { migrations: [step(1), step(3)] })).toThrow(/Migration list is broken/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
