import type { KeyStatus } from '@shared/schemas';

/** One line saying whether there is a key, which one, and where it lives. */
export function keyStatusText(status: KeyStatus): string {
  if (!status.set) return 'No API key set';
  const which = status.last4 ? `Key ending in ${status.last4}` : 'A key is set';
  let where = '';
  switch (status.source) {
    case 'keychain':
      where = `, stored in ${status.keychain.backend}`;
      break;
    case 'environment':
      where = ', from the OPENROUTER_API_KEY environment variable (not stored)';
      break;
    case 'memory':
      where = ', kept in memory for this session only';
      break;
    default:
      break;
  }
  return `${which}${where}${status.unverified ? ' (not verified)' : ''}`;
}
