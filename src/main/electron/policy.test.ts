import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  externalUrl,
  isAppPage,
  isNavigationAllowed,
  isTrustedSender,
  needsContentSecurityPolicy,
  secureWebPreferences,
  type AppPages,
} from './policy';

const rendererFile = join('/opt', 'RouterDesk', 'out', 'renderer', 'index.html');
const built: AppPages = { rendererFile };
const dev: AppPages = { rendererFile, devServerUrl: 'http://localhost:5173/' };
const appUrl = pathToFileURL(rendererFile).href;

describe('external links', () => {
  it('opens https links, normalised', () => {
    expect(externalUrl('https://openrouter.ai/docs')).toBe('https://openrouter.ai/docs');
    expect(externalUrl('HTTPS://OpenRouter.ai/settings/keys?x=1#y')).toBe('https://openrouter.ai/settings/keys?x=1#y');
  });

  it.each([
    ['plain http', 'http://openrouter.ai/docs'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['a custom protocol', 'ms-msdt:/id PCWDiagnostic'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['smb share', 'smb://server/share'],
    ['not a URL', 'openrouter.ai/docs'],
    ['credentials disguising the host', 'https://openrouter.ai@evil.example/'],
  ])('refuses %s', (_label, url) => {
    expect(externalUrl(url)).toBeNull();
  });
});

describe('navigation', () => {
  it('allows only the built renderer page (any hash or query)', () => {
    expect(isNavigationAllowed(appUrl, built)).toBe(true);
    expect(isNavigationAllowed(`${appUrl}#/settings`, built)).toBe(true);
  });

  it('denies navigation away, including to other local files', () => {
    expect(isNavigationAllowed('https://openrouter.ai/', built)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', built)).toBe(false);
    expect(
      isNavigationAllowed(pathToFileURL(join('/opt', 'RouterDesk', 'out', 'renderer', 'other.html')).href, built),
    ).toBe(false);
    expect(isNavigationAllowed('http://localhost:5173/', built)).toBe(false);
    expect(isNavigationAllowed('javascript:alert(1)', built)).toBe(false);
    expect(isNavigationAllowed('not a url', built)).toBe(false);
  });

  it('in development allows the dev server origin only', () => {
    expect(isNavigationAllowed('http://localhost:5173/#/usage', dev)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5174/', dev)).toBe(false);
    expect(isNavigationAllowed('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isNavigationAllowed(appUrl, dev)).toBe(false);
  });

  it('compares Windows paths without regard to case', () => {
    const win: AppPages = { rendererFile: 'C:\\Program Files\\RouterDesk\\out\\renderer\\index.html' };
    const own = pathToFileURL(win.rendererFile).href;
    expect(isAppPage(own.replace('Program', 'PROGRAM'), win, 'win32')).toBe(true);
    expect(isAppPage(own.replace('Program', 'PROGRAM'), win, 'linux')).toBe(false);
  });
});

describe('IPC senders', () => {
  it('trusts our page in the top-level frame', () => {
    expect(isTrustedSender({ url: `${appUrl}#/catalog`, parent: null }, built)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null }, dev)).toBe(true);
  });

  it('refuses an iframe, even one showing our page', () => {
    expect(isTrustedSender({ url: appUrl, parent: { url: appUrl } }, built)).toBe(false);
  });

  it('refuses a foreign page, a gone frame, and an undefined parent', () => {
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, built)).toBe(false);
    expect(isTrustedSender(null, built)).toBe(false);
    expect(isTrustedSender(undefined, built)).toBe(false);
    expect(isTrustedSender({ url: appUrl, parent: undefined }, built)).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('is strict for the built app', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    expect(csp).not.toContain('openrouter.ai');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('in development adds only the dev server WebSocket and the inline refresh preamble', () => {
    const d = directives(contentSecurityPolicy('http://localhost:5173/'));
    expect(d.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(d.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
  });

  it('is applied to our pages only', () => {
    expect(needsContentSecurityPolicy(appUrl, built)).toBe(true);
    expect(needsContentSecurityPolicy('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(needsContentSecurityPolicy('https://openrouter.ai/', built)).toBe(false);
  });
});

describe('webPreferences', () => {
  it('sandboxes the renderer, isolates the preload and keeps Node out', () => {
    const prefs = secureWebPreferences('/opt/RouterDesk/out/preload/index.js');
    expect(prefs).toMatchObject({
      preload: '/opt/RouterDesk/out/preload/index.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
