import { describe, expect, it } from 'vitest';
import { pausedReason } from './connectionGate';

describe('pausedReason', () => {
  it('allows everything while the connection is open', () => {
    expect(pausedReason('open', 'send')).toBeNull();
    expect(pausedReason('open', 'change')).toBeNull();
  });

  it('says sending and changes wait while reconnecting', () => {
    expect(pausedReason('reconnecting', 'send')).toMatch(/Sending is paused until RouterDesk reconnects/);
    expect(pausedReason('reconnecting', 'change')).toMatch(/Changes are paused/);
    expect(pausedReason('connecting', 'send')).toMatch(/Connecting/);
  });

  it('once the host is gone, says it stopped and does not suggest reloading', () => {
    expect(pausedReason('lost', 'send')).toBe('Nothing can be sent: RouterDesk stopped.');
    expect(pausedReason('lost', 'change')).toBe("Changes can't be saved: RouterDesk stopped.");
  });
});
