/**
 * Named presets of request settings (model, parameters, system prompt), kept in the settings
 * table. What is read back is validated: an entry a newer or older RouterDesk wrote differently
 * is skipped, never a reason to fail.
 */
import { Preset } from '@shared/conversations';
import type { SettingsStore } from '../store/settings-store';

const KEY = 'presets';
const MAX_PRESETS = 200;

export class PresetStore {
  constructor(private readonly settings: SettingsStore) {}

  list(): Preset[] {
    const raw = this.settings.get<unknown>(KEY, []);
    if (!Array.isArray(raw)) return [];
    const presets: Preset[] = [];
    for (const item of raw) {
      const parsed = Preset.safeParse(item);
      if (parsed.success && !presets.some((p) => p.name === parsed.data.name)) presets.push(parsed.data);
    }
    return presets.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Saves `preset`, replacing one of the same name (names compare exactly, after trimming). */
  save(preset: Preset): Preset[] {
    const others = this.list().filter((p) => p.name !== preset.name);
    const next = [...others, preset].sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_PRESETS);
    this.settings.set(KEY, next);
    return next;
  }

  delete(name: string): Preset[] {
    const next = this.list().filter((p) => p.name !== name);
    this.settings.set(KEY, next);
    return next;
  }
}
