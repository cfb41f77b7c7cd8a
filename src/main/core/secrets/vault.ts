/**
 * Where RouterDesk's OpenRouter API key lives. Precedence: OPENROUTER_API_KEY in the environment,
 * then the OS keychain, then a key held in memory for this run because no keychain was reachable.
 *
 * The key is written nowhere but the keychain and logged only as its last four characters.
 *
 * The "unverified" flag (the key was saved while OpenRouter could not be reached to check it) is
 * kept in memory only: it describes a key saved during this run. After a restart a keychain key
 * reads as unverified=false, and OpenRouter's first answer (401 or not) tells the truth anyway.
 */
import type { KeyStatus } from '@shared/schemas';
import type { SecretBackend } from './keychain';
import { checkKeyShape } from './key-shape';

export { checkKeyShape } from './key-shape';
export { keychainBackend, keychainName, type SecretBackend } from './keychain';

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface KeyVaultOptions {
  backend: SecretBackend;
  env?: NodeJS.ProcessEnv;
  log?: Log;
  /** Chooses the "how to fix it" advice; defaults to this machine's platform. */
  platform?: NodeJS.Platform;
}

type Keychain =
  { state: 'unknown' } | { state: 'available'; key: string | null } | { state: 'unavailable'; message: string };

export const ENV_VAR = 'OPENROUTER_API_KEY';

export class KeyVault {
  private readonly backend: SecretBackend;
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: Log;
  private readonly platform: NodeJS.Platform;
  private keychain: Keychain = { state: 'unknown' };
  private memoryKey: string | null = null;
  private unverified = false;

  constructor(opts: KeyVaultOptions) {
    this.backend = opts.backend;
    this.env = opts.env ?? process.env;
    this.log = opts.log ?? (() => {});
    this.platform = opts.platform ?? process.platform;
  }

  /** The key to use for requests: OPENROUTER_API_KEY from env wins; then the keychain; then the in-memory key. */
  getKey(): string | null {
    return this.current().key;
  }

  status(): KeyStatus {
    const { key, source } = this.current();
    const keychain = this.probe();
    const notes: string[] = [];
    if (keychain.state === 'unavailable') notes.push(keychain.message);
    if (source === 'environment') {
      notes.push(
        `${ENV_VAR} is set in RouterDesk's environment, so that key is used and any key saved here is ignored. ` +
          `Unset ${ENV_VAR} and restart RouterDesk to use a saved key.`,
      );
    }
    return {
      set: key !== null,
      source,
      last4: key === null ? null : lastFour(key),
      keychain: {
        available: keychain.state === 'available',
        backend: this.backend.name,
        message: notes.length ? notes.join(' ') : null,
      },
      unverified: source === 'keychain' || source === 'memory' ? this.unverified : false,
    };
  }

  /**
   * Saves the key in the keychain. When no keychain is reachable the key is kept in memory for
   * this run only, and status().keychain.message says so and how to fix it.
   */
  store(rawKey: string, opts: { unverified?: boolean } = {}): KeyStatus {
    const key = checkKeyShape(rawKey);
    // Tried even after an earlier failure: the user may have unlocked the keychain meanwhile.
    try {
      this.backend.set(key);
      this.keychain = { state: 'available', key };
      this.memoryKey = null;
      this.log('info', `API key ending ${lastFour(key)} saved in ${this.backend.name}.`);
    } catch (e) {
      this.keychain = { state: 'unavailable', message: this.unreachableMessage() };
      this.memoryKey = key;
      this.log(
        'warn',
        `${this.backend.name} is not reachable (${describe(e)}); keeping the API key ending ${lastFour(key)} in memory until RouterDesk quits.`,
      );
    }
    this.unverified = opts.unverified === true;
    return this.status();
  }

  /** Forgets the saved key (keychain and memory). A key from the environment stays in use. */
  remove(): KeyStatus {
    this.memoryKey = null;
    this.unverified = false;
    const wasReachable = this.keychain.state !== 'unavailable';
    try {
      this.backend.delete();
      this.keychain = { state: 'available', key: null };
      this.log('info', `API key removed from ${this.backend.name}.`);
    } catch (e) {
      this.log('warn', `Could not remove the API key from ${this.backend.name}: ${describe(e)}`);
      this.keychain = {
        state: 'unavailable',
        message: wasReachable
          ? `RouterDesk could not remove the key from ${this.backend.name}, so it may still be saved there. ` +
            `Remove the "${this.backend.name}" entry for RouterDesk with your system's keychain tool.`
          : this.unreachableMessage(),
      };
    }
    return this.status();
  }

  private current(): { key: string | null; source: KeyStatus['source'] } {
    const fromEnv = this.env[ENV_VAR]?.trim();
    if (fromEnv) return { key: fromEnv, source: 'environment' };
    const keychain = this.probe();
    if (keychain.state === 'available' && keychain.key) return { key: keychain.key, source: 'keychain' };
    if (this.memoryKey) return { key: this.memoryKey, source: 'memory' };
    return { key: null, source: null };
  }

  /** Reads the keychain once, on first need, and remembers whether it answered. */
  private probe(): Exclude<Keychain, { state: 'unknown' }> {
    if (this.keychain.state === 'unknown') {
      try {
        const stored = this.backend.get();
        this.keychain = { state: 'available', key: stored?.trim() || null };
      } catch (e) {
        this.log('warn', `${this.backend.name} is not reachable: ${describe(e)}`);
        this.keychain = { state: 'unavailable', message: this.unreachableMessage() };
      }
    }
    return this.keychain as Exclude<Keychain, { state: 'unknown' }>;
  }

  private unreachableMessage(): string {
    return (
      `No keychain was reachable (${this.backend.name}), so RouterDesk keeps your API key in memory until it quits ` +
      `and you will need to enter it again next time. ${fixAdvice(this.platform)}`
    );
  }
}

function fixAdvice(platform: NodeJS.Platform): string {
  if (platform === 'darwin')
    return 'To keep it, unlock your login keychain in Keychain Access, then enter the key again.';
  if (platform === 'win32') {
    return 'To keep it, make sure Windows Credential Manager is available to your account, then enter the key again.';
  }
  return (
    'To keep it, install and unlock gnome-keyring (or another Secret Service provider such as KWallet), ' +
    'restart RouterDesk, then enter the key again.'
  );
}

function lastFour(key: string): string {
  return key.slice(-4);
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
