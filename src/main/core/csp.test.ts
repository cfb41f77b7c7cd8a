import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );

describe('the Content Security Policy', () => {
  it('in index.html is the one the shells send, but for frame-ancestors (which a meta tag cannot set)', () => {
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'index.html has a CSP meta tag').toBeDefined();
    const sent = directives(contentSecurityPolicy());
    sent.delete('frame-ancestors');
    expect(directives(meta!)).toEqual(sent);
  });

  it('never lets the renderer reach the network itself or run inline scripts', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it("allows Vite's HMR socket and preamble only with a dev server", () => {
    const csp = directives(contentSecurityPolicy('http://localhost:5173'));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(csp.get('script-src')).toContain("'unsafe-inline'");
  });
});
