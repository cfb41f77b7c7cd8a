/**
 * Against the real Secret Service (gnome-keyring in a private D-Bus session, started by the
 * test command). These tests fail, never skip, when no Secret Service answers.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Entry } from '@napi-rs/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyStatus } from '@shared/schemas';
import { KeyVault, keychainBackend } from './vault';

const vaultModule = fileURLToPath(new URL('./vault.ts', import.meta.url));

const HOW_TO_RUN =
  'These tests need a running, unlocked Secret Service. Run them inside a private D-Bus session:\n' +
  '  XDG_DATA_HOME=$(mktemp -d) dbus-run-session -- bash -c \'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"\' bash npx vitest run src/main/core/secrets\n' +
  '(Debian/Ubuntu packages: gnome-keyring dbus-x11; add libsecret-tools for an extra check with secret-tool.)';

// One service name per run, so a real user's RouterDesk entry is never touched.
const service = `RouterDesk-test-${process.pid}-${Date.now()}`;
const accounts = new Set<string>();
const PREFIX = 'sk-or-v1-';
const keyA = PREFIX + 'ab'.repeat(32);
const keyB = PREFIX + 'cd'.repeat(32);

function backendFor(account: string) {
  accounts.add(account);
  return keychainBackend({ service, account });
}

const hasSecretTool = spawnSync('secret-tool', ['--help'], { encoding: 'utf8' }).error === undefined;

/** Reads the entry the way another program would: secret-tool when installed, else a second Entry. */
function readFromOutside(account: string): string | null {
  if (hasSecretTool) {
    const r = spawnSync('secret-tool', ['lookup', 'service', service, 'username', account], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout : null;
  }
  return new Entry(service, account, { linux: { store: 'secret-service' } }).getPassword() ?? null;
}

beforeAll(() => {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(`No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset).\n${HOW_TO_RUN}`);
  }
  try {
    backendFor('probe').get();
  } catch (e) {
    throw new Error(`The Secret Service did not answer: ${e instanceof Error ? e.message : String(e)}\n${HOW_TO_RUN}`);
  }
});

afterAll(() => {
  for (const account of accounts) {
    try {
      keychainBackend({ service, account }).delete();
    } catch {
      // Already gone with the test's private keyring.
    }
  }
});

describe('keychainBackend on the real Secret Service', () => {
  it('is named after the store it uses', () => {
    expect(backendFor('name').name).toBe(
      process.platform === 'darwin'
        ? 'macOS Keychain'
        : process.platform === 'win32'
          ? 'Windows Credential Manager'
          : 'Secret Service',
    );
  });

  it('reads nothing for an entry that was never written, and deleting it is harmless', () => {
    const backend = backendFor('never-written');
    expect(backend.get()).toBeNull();
    expect(() => backend.delete()).not.toThrow();
  });
});

describe('KeyVault on the real Secret Service', () => {
  it('a stored key survives into a new vault and is visible to other programs', () => {
    const first = new KeyVault({ backend: backendFor('persist'), env: {} });
    const stored = first.store(keyA);
    expect(stored).toMatchObject({
      set: true,
      source: 'keychain',
      last4: keyA.slice(-4),
      keychain: { available: true, message: null },
    });

    // A new backend and vault, as after a restart.
    const second = new KeyVault({ backend: keychainBackend({ service, account: 'persist' }), env: {} });
    expect(second.getKey()).toBe(keyA);
    expect(second.status()).toMatchObject({ source: 'keychain', last4: keyA.slice(-4) });
    expect(readFromOutside('persist')).toBe(keyA);
  });

  it('saving again replaces the key', () => {
    const vault = new KeyVault({ backend: backendFor('replace'), env: {} });
    vault.store(keyA);
    vault.store(keyB);
    expect(readFromOutside('replace')).toBe(keyB);
    expect(new KeyVault({ backend: backendFor('replace'), env: {} }).getKey()).toBe(keyB);
  });

  it('remove deletes the entry from the keyring', () => {
    const vault = new KeyVault({ backend: backendFor('remove'), env: {} });
    vault.store(keyA);
    expect(readFromOutside('remove')).toBe(keyA);
    expect(vault.remove()).toMatchObject({ set: false, source: null, last4: null });
    expect(readFromOutside('remove')).toBeNull();
    expect(new KeyVault({ backend: backendFor('remove'), env: {} }).getKey()).toBeNull();
  });

  it('a key from OPENROUTER_API_KEY is used but never written to the keyring', () => {
    const vault = new KeyVault({ backend: backendFor('env'), env: { OPENROUTER_API_KEY: keyB } });
    expect(vault.getKey()).toBe(keyB);
    expect(vault.status()).toMatchObject({ source: 'environment', keychain: { available: true } });
    expect(readFromOutside('env')).toBeNull();

    vault.store(keyA);
    expect(readFromOutside('env')).toBe(keyA);
    const afterRemove = vault.remove();
    expect(afterRemove).toMatchObject({ set: true, source: 'environment', last4: keyB.slice(-4) });
    expect(readFromOutside('env')).toBeNull();
  });

  it('with the D-Bus session unreachable, keeps the key in memory for the run and writes nothing', () => {
    // keyring holds one bus connection per process, so the unreachable bus gets its own process.
    accounts.add('unreachable');
    const script = `
      const { KeyVault, keychainBackend } = require(${JSON.stringify(vaultModule)});
      const vault = new KeyVault({ backend: keychainBackend(JSON.parse(process.env.RD_TEST_ENTRY)), env: {}, platform: 'linux' });
      const status = vault.store(process.env.RD_TEST_KEY);
      process.stdout.write(JSON.stringify({ status, usable: vault.getKey() === process.env.RD_TEST_KEY }));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/routerdesk-test-bus',
        RD_TEST_ENTRY: JSON.stringify({ service, account: 'unreachable' }),
        RD_TEST_KEY: keyA,
      },
    });
    expect(child.status, child.stderr).toBe(0);
    const { status, usable } = JSON.parse(child.stdout) as { status: KeyStatus; usable: boolean };
    expect(status).toMatchObject({
      set: true,
      source: 'memory',
      last4: keyA.slice(-4),
      keychain: { available: false },
    });
    expect(status.keychain.message).toMatch(/No keychain was reachable \(Secret Service\)/);
    expect(status.keychain.message).toMatch(/until it quits/);
    expect(usable).toBe(true);
    expect(readFromOutside('unreachable')).toBeNull();
  });
});
