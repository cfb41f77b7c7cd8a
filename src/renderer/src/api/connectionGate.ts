/**
 * What may happen while the web host's socket is not open. Calls made then would wait in the
 * queue and fail when the socket gives up (a sent message would look like it is streaming for
 * half a minute, a theme change would apply and then silently revert), so the screens disable
 * sending and saving and show the reason returned here instead.
 */
import type { ConnectionStatus } from './types';

export type PausedAction = 'send' | 'change';

/** null when the connection is open; otherwise one line saying why the action is unavailable. */
export function pausedReason(status: ConnectionStatus, action: PausedAction): string | null {
  switch (status) {
    case 'open':
      return null;
    case 'connecting':
      return 'Connecting to RouterDesk…';
    case 'reconnecting':
      return action === 'send'
        ? 'Sending is paused until RouterDesk reconnects.'
        : 'Changes are paused until RouterDesk reconnects.';
    // The banner above says how to start it again; repeating that everywhere would only shout.
    case 'lost':
      return action === 'send'
        ? 'Nothing can be sent: RouterDesk stopped.'
        : "Changes can't be saved: RouterDesk stopped.";
  }
}
