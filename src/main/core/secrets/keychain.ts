/**
 * The OS keychain as a SecretBackend, through @napi-rs/keyring: macOS Keychain, Windows
 * Credential Manager, or the freedesktop Secret Service (gnome-keyring, KWallet) on Linux.
 */
import { Entry, type EntryOptions } from '@napi-rs/keyring';

/** One secret in some store. Every method throws when the store cannot be reached. */
export interface SecretBackend {
  /** Shown to the user, e.g. "Secret Service". */
  readonly name: string;
  get(): string | null;
  set(value: string): void;
  delete(): void;
}

export const DEFAULT_SERVICE = 'RouterDesk';
export const DEFAULT_ACCOUNT = 'openrouter-api-key';

/**
 * Pinned to the Secret Service on Linux: without it keyring falls back to the kernel keyring,
 * which forgets the key at logout while looking like it saved it.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

export function keychainBackend(opts: { service?: string; account?: string } = {}): SecretBackend {
  const service = opts.service ?? DEFAULT_SERVICE;
  const account = opts.account ?? DEFAULT_ACCOUNT;
  let entry: Entry | undefined;
  // Created on first use: the constructor itself throws when no Secret Service is running,
  // and that must surface as "keychain unavailable", not as a crash at startup.
  const open = (): Entry => (entry ??= new Entry(service, account, ENTRY_OPTIONS));
  return {
    name: keychainName(),
    get: () => open().getPassword() ?? null,
    set: (value) => open().setPassword(value),
    delete: () => {
      open().deleteCredential();
    },
  };
}
