import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fakeKey } from '../../../fake-openrouter/accounts';
import { applyMigrations } from '../store/migrate';
import { migrations } from '../store/migrations';
import { SettingsStore } from '../store/settings-store';
import { PresetStore } from './preset-store';

function stores() {
  const db = new Database(':memory:');
  applyMigrations(db, migrations);
  const settings = new SettingsStore(db);
  return { settings, presets: new PresetStore(settings) };
}

const settingsOf = (model: string) => ({ model, params: { temperature: 0.2 }, systemPrompt: 'Be brief.' });

describe('PresetStore', () => {
  it('saves presets by name, replaces one of the same name, and lists them in name order', () => {
    const { presets } = stores();
    presets.save({ name: 'Writer', settings: settingsOf('a/one') });
    presets.save({ name: 'Coder', settings: settingsOf('b/two') });
    const list = presets.save({ name: 'Writer', settings: settingsOf('c/three') });
    expect(list.map((p) => [p.name, p.settings.model])).toEqual([
      ['Coder', 'b/two'],
      ['Writer', 'c/three'],
    ]);
    expect(presets.list()).toEqual(list);
  });

  it('deletes by name', () => {
    const { presets } = stores();
    presets.save({ name: 'A', settings: settingsOf('a/one') });
    expect(presets.delete('A')).toEqual([]);
    expect(presets.delete('missing')).toEqual([]);
  });

  it('skips entries it cannot read instead of failing', () => {
    const { settings, presets } = stores();
    settings.set('presets', [{ name: 'ok', settings: settingsOf('a/one') }, { name: 42 }, 'junk']);
    expect(presets.list().map((p) => p.name)).toEqual(['ok']);
    settings.set('presets', { not: 'a list' });
    expect(presets.list()).toEqual([]);
  });

  it('refuses to store an API key in a system prompt', () => {
    const { presets } = stores();
    const key = fakeKey('valid', 12);
    expect(() => presets.save({ name: 'leak', settings: { ...settingsOf('a/one'), systemPrompt: key } })).toThrow();
  });
});
