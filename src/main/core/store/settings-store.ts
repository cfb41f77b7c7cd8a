/** App settings as JSON values by key. Never the API key: that lives in the OS keychain. */
import type Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import { refuseApiKey } from './no-secrets';

export class SettingsStore {
  private readonly readStmt: Database.Statement<[string], { value_json: string }>;
  private readonly writeStmt: Database.Statement<[string, string, number]>;
  private readonly deleteStmt: Database.Statement<[string]>;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.readStmt = db.prepare('SELECT value_json FROM settings WHERE key = ?');
    this.writeStmt = db.prepare(
      `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  /** The stored value, or `fallback` when the key was never set. */
  get<T>(key: string, fallback: T): T {
    const row = this.readStmt.get(key);
    if (!row) return fallback;
    return JSON.parse(row.value_json) as T;
  }

  set(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) {
      throw new AppError(
        'invalid_input',
        `The setting "${key}" needs a value that can be saved; to remove it, delete it.`,
      );
    }
    refuseApiKey(json, `The setting "${key}"`);
    this.writeStmt.run(key, json, this.now());
  }

  delete(key: string): void {
    this.deleteStmt.run(key);
  }
}
