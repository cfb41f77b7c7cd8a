import { describe, expect, it } from 'vitest';
import type { KeyStatus } from '@shared/schemas';
import { keyStatusText } from './keyStatusText';

const base: KeyStatus = {
  set: true,
  source: 'keychain',
  last4: 'abcd',
  keychain: { available: true, backend: 'Secret Service', message: null },
  unverified: false,
};

describe('keyStatusText', () => {
  it('says when there is no key', () => {
    expect(keyStatusText({ ...base, set: false, source: null, last4: null })).toBe('No API key set');
  });

  it('names the keychain that holds the key', () => {
    expect(keyStatusText(base)).toBe('Key ending in abcd, stored in Secret Service');
    expect(keyStatusText({ ...base, keychain: { ...base.keychain, backend: 'macOS Keychain' } })).toBe(
      'Key ending in abcd, stored in macOS Keychain',
    );
  });

  it('says an environment key is not stored', () => {
    expect(keyStatusText({ ...base, source: 'environment' })).toBe(
      'Key ending in abcd, from the OPENROUTER_API_KEY environment variable (not stored)',
    );
  });

  it('says a key without a keychain lasts only this session', () => {
    expect(keyStatusText({ ...base, source: 'memory' })).toBe(
      'Key ending in abcd, kept in memory for this session only',
    );
  });

  it('flags a key stored without verification', () => {
    expect(keyStatusText({ ...base, unverified: true })).toBe(
      'Key ending in abcd, stored in Secret Service (not verified)',
    );
  });
});
