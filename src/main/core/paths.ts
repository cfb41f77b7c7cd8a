import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data directory both shells use by default: the same folder Electron calls userData
 * (appData/RouterDesk), so the desktop app and `npm run web` share one ledger.
 * ROUTERDESK_DATA_DIR overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.ROUTERDESK_DATA_DIR) return env.ROUTERDESK_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'RouterDesk');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'RouterDesk');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'RouterDesk');
}
