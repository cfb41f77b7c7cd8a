import { describe, expect, it } from 'vitest';
import { isAppError } from '@shared/errors';
import { KeyStatus } from '@shared/schemas';
import { checkKeyShape, KeyVault, type SecretBackend } from './vault';

// Built at runtime so nothing key-shaped sits in the source.
const PREFIX = 'sk-or-v1-';
const keyA = PREFIX + 'ab'.repeat(32);
const keyB = PREFIX + '0123456789abcdef'.repeat(4);

function memoryBackend(initial: string | null = null) {
  const writes: string[] = [];
  let value = initial;
  const backend: SecretBackend = {
    name: 'Test Store',
    get: () => value,
    set: (v) => {
      writes.push(v);
      value = v;
    },
    delete: () => {
      value = null;
    },
  };
  return { backend, writes, peek: () => value };
}

/** A keychain that is not there: every call throws, like a missing Secret Service. */
function brokenBackend() {
  const attempts: string[] = [];
  const backend: SecretBackend = {
    name: 'Secret Service',
    get: () => {
      throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
    },
    set: (v) => {
      attempts.push(v);
      throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
    },
    delete: () => {
      throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
    },
  };
  return { backend, attempts };
}

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: (level: string, msg: string) => lines.push(`${level}: ${msg}`) };
}

describe('checkKeyShape', () => {
  it('accepts a well-formed key and trims around it', () => {
    expect(checkKeyShape(`  ${keyA}\n`)).toBe(keyA);
    expect(checkKeyShape(keyB.toUpperCase().replace('SK-OR-V1-', PREFIX))).toBe(
      PREFIX + keyB.slice(PREFIX.length).toUpperCase(),
    );
  });

  const cases: Array<[string, string, RegExp]> = [
    ['empty', '   ', /No key was entered/],
    ['whitespace inside', keyA.slice(0, 30) + ' ' + keyA.slice(30), /spaces or line breaks/],
    ['line break inside', keyA.slice(0, 30) + '\n' + keyA.slice(30), /spaces or line breaks/],
    ['another provider', 'sk-proj-' + 'ab'.repeat(32), /does not look like an OpenRouter API key/],
    ['older prefix', 'sk-or-' + 'ab'.repeat(32), /does not look like an OpenRouter API key/],
    ['too short', keyA.slice(0, -1), /too short/],
    ['too long', keyA + 'a', /too long/],
    ['not hex', PREFIX + 'zz'.repeat(32), /characters an OpenRouter key never has/],
  ];
  for (const [label, input, reason] of cases) {
    it(`refuses ${label} with a message that says what to do`, () => {
      let thrown: unknown;
      try {
        checkKeyShape(input);
      } catch (e) {
        thrown = e;
      }
      expect(isAppError(thrown)).toBe(true);
      if (!isAppError(thrown)) return;
      expect(thrown.code).toBe('invalid_key_format');
      expect(thrown.message).toMatch(reason);
      expect(thrown.message).toContain('start with "sk-or-v1-" followed by 64 letters and digits');
      expect(thrown.message).toContain('openrouter.ai/settings/keys');
      // The message must never echo what was pasted.
      if (input.trim().length > 8) expect(thrown.message).not.toContain(input.trim().slice(-12));
    });
  }
});

describe('KeyVault with a working keychain', () => {
  it('starts empty, stores, reports last4 only, and removes', () => {
    const { backend, writes, peek } = memoryBackend();
    const vault = new KeyVault({ backend, env: {} });
    expect(vault.status()).toEqual({
      set: false,
      source: null,
      last4: null,
      keychain: { available: true, backend: 'Test Store', message: null },
      unverified: false,
    });

    const stored = vault.store(`  ${keyA} `);
    expect(KeyStatus.parse(stored)).toEqual(stored);
    expect(stored).toMatchObject({ set: true, source: 'keychain', last4: keyA.slice(-4), unverified: false });
    expect(JSON.stringify(stored)).not.toContain(keyA.slice(PREFIX.length, -4));
    expect(writes).toEqual([keyA]);
    expect(vault.getKey()).toBe(keyA);

    const removed = vault.remove();
    expect(removed).toMatchObject({ set: false, source: null, last4: null });
    expect(peek()).toBeNull();
    expect(vault.getKey()).toBeNull();
  });

  it('reads a key saved by an earlier run', () => {
    const { backend } = memoryBackend(keyB);
    const vault = new KeyVault({ backend, env: {} });
    expect(vault.getKey()).toBe(keyB);
    expect(vault.status()).toMatchObject({ source: 'keychain', last4: keyB.slice(-4) });
  });

  it('keeps the unverified flag for a key saved without verification, and clears it on a verified save', () => {
    const { backend } = memoryBackend();
    const vault = new KeyVault({ backend, env: {} });
    expect(vault.store(keyA, { unverified: true }).unverified).toBe(true);
    expect(vault.status().unverified).toBe(true);
    expect(vault.store(keyB).unverified).toBe(false);
    expect(vault.remove().unverified).toBe(false);
  });

  it('refuses a malformed key without touching the keychain', () => {
    const { backend, writes } = memoryBackend();
    const vault = new KeyVault({ backend, env: {} });
    expect(() => vault.store('not a key')).toThrow(/OpenRouter keys start with/);
    expect(writes).toEqual([]);
  });

  it('logs only the last four characters of the key', () => {
    const { backend } = memoryBackend();
    const { lines, log } = recordingLog();
    const vault = new KeyVault({ backend, env: {}, log });
    vault.store(keyA);
    vault.remove();
    expect(lines.join('\n')).toContain(keyA.slice(-4));
    for (const line of lines) expect(line).not.toContain(keyA.slice(PREFIX.length, -4));
  });
});

describe('KeyVault with OPENROUTER_API_KEY set', () => {
  it('uses the environment key first and never stores it', () => {
    const { backend, writes } = memoryBackend();
    const env = { OPENROUTER_API_KEY: ` ${keyB} ` };
    const vault = new KeyVault({ backend, env });
    expect(vault.getKey()).toBe(keyB);
    const status = vault.status();
    expect(status).toMatchObject({ set: true, source: 'environment', last4: keyB.slice(-4) });
    expect(status.keychain.message).toMatch(/OPENROUTER_API_KEY is set/);
    expect(writes).toEqual([]);
  });

  it('a saved key does not displace the environment key, and removing leaves the environment key in use', () => {
    const { backend, writes, peek } = memoryBackend();
    const vault = new KeyVault({ backend, env: { OPENROUTER_API_KEY: keyB } });
    const afterStore = vault.store(keyA);
    expect(writes).toEqual([keyA]);
    expect(afterStore.source).toBe('environment');
    expect(vault.getKey()).toBe(keyB);

    const afterRemove = vault.remove();
    expect(peek()).toBeNull();
    expect(afterRemove).toMatchObject({ set: true, source: 'environment', last4: keyB.slice(-4) });
    expect(afterRemove.keychain.message).toMatch(/Unset OPENROUTER_API_KEY/);
  });

  it('an empty variable counts as unset', () => {
    const { backend } = memoryBackend(keyA);
    const vault = new KeyVault({ backend, env: { OPENROUTER_API_KEY: '  ' } });
    expect(vault.status().source).toBe('keychain');
  });
});

describe('KeyVault without a reachable keychain', () => {
  it('reports the keychain unavailable, with what it means and how to fix it on Linux', () => {
    const { backend } = brokenBackend();
    const vault = new KeyVault({ backend, env: {}, platform: 'linux' });
    const status = vault.status();
    expect(status.keychain.available).toBe(false);
    expect(status.keychain.backend).toBe('Secret Service');
    expect(status.keychain.message).toMatch(/No keychain was reachable/);
    expect(status.keychain.message).toMatch(/in memory until it quits/);
    expect(status.keychain.message).toMatch(/gnome-keyring/);
  });

  it('keeps a stored key in memory for this run: usable, nothing written anywhere', () => {
    const { backend, attempts } = brokenBackend();
    const { lines, log } = recordingLog();
    const vault = new KeyVault({ backend, env: {}, log, platform: 'linux' });
    const status = vault.store(keyA);
    expect(status).toMatchObject({ set: true, source: 'memory', last4: keyA.slice(-4) });
    expect(status.keychain.available).toBe(false);
    expect(status.keychain.message).toMatch(/in memory until it quits/);
    expect(vault.getKey()).toBe(keyA);
    // The write was attempted and failed: the broken store holds nothing.
    expect(attempts).toEqual([keyA]);
    expect(lines.some((l) => l.startsWith('warn:') && l.includes(keyA.slice(-4)))).toBe(true);
    for (const line of lines) expect(line).not.toContain(keyA.slice(PREFIX.length, -4));

    const removed = vault.remove();
    expect(removed).toMatchObject({ set: false, source: null });
    expect(vault.getKey()).toBeNull();
  });

  it('a fresh vault after the run does not have the memory-only key', () => {
    const { backend } = brokenBackend();
    new KeyVault({ backend, env: {} }).store(keyA);
    expect(new KeyVault({ backend, env: {} }).getKey()).toBeNull();
  });

  it('probes the keychain once and caches the answer', () => {
    let gets = 0;
    const backend: SecretBackend = {
      name: 'Secret Service',
      get: () => {
        gets += 1;
        throw new Error('locked');
      },
      set: () => {
        throw new Error('locked');
      },
      delete: () => {},
    };
    const vault = new KeyVault({ backend, env: {} });
    expect(gets).toBe(0);
    vault.getKey();
    vault.status();
    vault.getKey();
    expect(gets).toBe(1);
  });

  it('gives macOS and Windows their own advice', () => {
    const mac = new KeyVault({ backend: brokenBackend().backend, env: {}, platform: 'darwin' });
    expect(mac.status().keychain.message).toMatch(/login keychain/);
    const win = new KeyVault({ backend: brokenBackend().backend, env: {}, platform: 'win32' });
    expect(win.status().keychain.message).toMatch(/Credential Manager/);
  });

  it('switches to the keychain when it becomes reachable again on the next save', () => {
    let reachable = false;
    const { backend: store, peek } = memoryBackend();
    const backend: SecretBackend = {
      name: 'Secret Service',
      get: () => {
        if (!reachable) throw new Error('locked');
        return store.get();
      },
      set: (v) => {
        if (!reachable) throw new Error('locked');
        store.set(v);
      },
      delete: () => store.delete(),
    };
    const vault = new KeyVault({ backend, env: {} });
    expect(vault.store(keyA).source).toBe('memory');
    reachable = true;
    const status = vault.store(keyB);
    expect(status).toMatchObject({ source: 'keychain', keychain: { available: true, message: null } });
    expect(peek()).toBe(keyB);
    expect(vault.getKey()).toBe(keyB);
  });
});
