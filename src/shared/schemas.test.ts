import { describe, expect, it } from 'vitest';
import { checkBaseUrl, SettingsPatch } from './schemas';

describe('base URL setting', () => {
  it('accepts https anywhere, http only on this machine, and empty for the default', () => {
    for (const ok of [
      '',
      'https://openrouter.ai/api/v1',
      'http://127.0.0.1:8787/api/v1',
      'http://localhost:8787/api/v1',
      'http://[::1]:9/api/v1',
    ]) {
      expect(checkBaseUrl(ok), ok).toBeNull();
    }
  });

  it('refuses plain http to another machine, other schemes and non-URLs, saying why', () => {
    expect(checkBaseUrl('http://example.com/api/v1')).toMatch(/unencrypted/);
    expect(checkBaseUrl('ftp://example.com')).toMatch(/https:\/\//);
    expect(checkBaseUrl('https://[x')).toMatch(/not a URL/);
    const parsed = SettingsPatch.safeParse({ baseUrl: 'http://192.168.1.5/api/v1' });
    expect(parsed.success).toBe(false);
  });
});
