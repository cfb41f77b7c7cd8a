import { shell } from 'electron';
import type { Logger } from '../core/rpc';
import { externalUrl } from './policy';

/**
 * Opens a link in the user's browser, but only a parsed https: URL: never file:, javascript:,
 * custom protocols or plain http (which the OS would hand to arbitrary handlers).
 */
export function openExternalSafely(url: string, log?: Logger): boolean {
  const safe = externalUrl(url);
  if (!safe) {
    log?.('warn', `refused to open a link that is not https: ${url.slice(0, 200)}`);
    return false;
  }
  shell.openExternal(safe).catch((e: unknown) => {
    log?.('warn', `could not open ${safe} in the browser: ${e instanceof Error ? e.message : String(e)}`);
  });
  return true;
}
