import type { Migration } from './types';

/**
 * Which running RouterDesk process wrote each ledger row. The desktop app and the web host can
 * share one database file, so at startup a process may only mark its own dead predecessors'
 * pending requests as interrupted, never those another live process is still streaming.
 * Rows written before this step keep a NULL owner (they predate sharing and count as abandoned).
 */
export const requestOwner: Migration = {
  version: 3,
  name: 'request-owner',
  up(db) {
    db.exec(`
      ALTER TABLE requests ADD COLUMN owner TEXT;
      -- Startup recovery and shutdown look up pending rows by owner. This index also serves
      -- every lookup by status alone, so the single-column one is no longer needed.
      CREATE INDEX requests_status_owner ON requests (status, owner);
      DROP INDEX requests_status;
    `);
  },
};
