import type Database from 'better-sqlite3';

/**
 * One schema step. `up` runs inside the single transaction that applies every pending step, with
 * foreign keys switched off (so a later step can rebuild a table the way SQLite recommends);
 * foreign keys are checked before that transaction commits.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
