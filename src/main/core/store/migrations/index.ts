import { initial } from './0001-initial';
import { catalogSnapshots } from './0002-catalog-snapshots';
import { requestOwner } from './0003-request-owner';
import { conversations } from './0004-conversations';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every schema step, oldest first. Append new steps; never edit or reorder shipped ones. */
export const migrations: readonly Migration[] = [initial, catalogSnapshots, requestOwner, conversations];

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;
