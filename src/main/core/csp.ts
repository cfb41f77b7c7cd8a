/** The Content Security Policy of the app's pages, the same in Electron and in the web host. */

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The CSP for the app's pages. The renderer never talks to OpenRouter itself (connect-src 'self'):
 * every request goes through the core. In development, Vite's HMR needs its WebSocket, and the
 * React Fast Refresh preamble is an inline script.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? parse(devServerUrl) : null;
  const script = ["'self'"];
  const connect = ["'self'"];
  if (dev) {
    script.push("'unsafe-inline'");
    connect.push(`${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`);
  }
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', script],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
