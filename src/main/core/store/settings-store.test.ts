import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { openDatabase, type OpenedDatabase } from './database';
import { SettingsStore } from './settings-store';

let dir: string;
let file: string;
let opened: OpenedDatabase;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'routerdesk-settings-'));
  file = path.join(dir, 'routerdesk.db');
  opened = openDatabase(file);
});
afterEach(() => {
  if (opened.db.open) opened.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('returns the fallback for a setting never saved', () => {
    const store = new SettingsStore(opened.db);
    expect(store.get('theme', 'system')).toBe('system');
  });

  it('saves JSON values and replaces them', () => {
    const store = new SettingsStore(opened.db, () => 42);
    store.set('window', { width: 1200, height: 800, maximized: false });
    store.set('recentModels', ['openai/gpt-5', 'anthropic/claude-sonnet-4.5']);
    store.set('nothing', null);
    store.set('theme', 'dark');
    store.set('theme', 'light');

    expect(store.get('window', null)).toEqual({ width: 1200, height: 800, maximized: false });
    expect(store.get<string[]>('recentModels', [])).toEqual(['openai/gpt-5', 'anthropic/claude-sonnet-4.5']);
    expect(store.get('nothing', 'fallback')).toBeNull();
    expect(store.get('theme', 'system')).toBe('light');
    expect(opened.db.prepare(`SELECT updated_at FROM settings WHERE key = 'theme'`).get()).toEqual({ updated_at: 42 });
  });

  it('forgets a deleted setting', () => {
    const store = new SettingsStore(opened.db);
    store.set('theme', 'dark');
    store.delete('theme');
    store.delete('never-set');
    expect(store.get('theme', 'system')).toBe('system');
  });

  it('keeps settings across a restart', () => {
    new SettingsStore(opened.db).set('baseUrl', 'http://127.0.0.1:9999/api/v1');
    opened.db.close();
    opened = openDatabase(file);
    expect(new SettingsStore(opened.db).get('baseUrl', '')).toBe('http://127.0.0.1:9999/api/v1');
  });

  it('never stores an API key, even nested in a value', () => {
    const store = new SettingsStore(opened.db);
    const key = 'sk-or-v1-' + 'ab'.repeat(32);
    expect(() => store.set('apiKey', key)).toThrow(AppError);
    expect(() => store.set('profile', { nested: { token: `Bearer ${key}` } })).toThrow(/keychain/);
    expect(opened.db.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 0 });
  });

  it('refuses a value that cannot be saved as JSON', () => {
    const store = new SettingsStore(opened.db);
    expect(() => store.set('x', undefined)).toThrow(AppError);
    expect(store.get('x', 'unset')).toBe('unset');
  });
});
