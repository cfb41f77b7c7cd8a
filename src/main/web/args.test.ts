import { describe, expect, it } from 'vitest';
import { ArgsError, parseWebArgs } from './args';

describe('npm run web options', () => {
  it('defaults to loopback on a random free port', () => {
    expect(parseWebArgs([])).toEqual({ host: '127.0.0.1', port: 0, dataDir: null, help: false });
  });

  it('reads --port, --host and --data-dir, spaced or with =', () => {
    expect(parseWebArgs(['--port', '8080', '--host=0.0.0.0', '--data-dir', '/tmp/rd'])).toEqual({
      host: '0.0.0.0',
      port: 8080,
      dataDir: '/tmp/rd',
      help: false,
    });
  });

  it('explains a bad port or an unknown option instead of guessing', () => {
    expect(() => parseWebArgs(['--port', 'eighty'])).toThrow(ArgsError);
    expect(() => parseWebArgs(['--port', '70000'])).toThrow(/0 to 65535/);
    expect(() => parseWebArgs(['--prot', '1'])).toThrow(/Unknown option "--prot"/);
    expect(() => parseWebArgs(['--data-dir'])).toThrow(/needs a value/);
  });
});

describe('binding beyond loopback', () => {
  it('warns for any address other machines can reach, and stays quiet on loopback', async () => {
    const { exposureWarning } = await import('./server');
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(exposureWarning(host)).toBeNull();
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      expect(exposureWarning(host)).toMatch(/reachable from other machines/);
      expect(exposureWarning(host)).toContain(host);
      expect(exposureWarning(host)).toMatch(/plain http/);
      expect(exposureWarning(host)).toMatch(/unencrypted/);
    }
  });
});
