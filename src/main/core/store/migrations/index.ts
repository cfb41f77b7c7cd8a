import { initial } from './0001-initial';
import { catalogSnapshots } from './0002-catalog-snapshots';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every schema step, oldest first. Append new steps; never edit or reorder shipped ones. */
export const migrations: readonly Migration[] = [initial, catalogSnapshots];

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;
