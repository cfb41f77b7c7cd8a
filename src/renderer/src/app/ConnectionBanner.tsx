import { useConnectionStatus } from '../api/ApiContext';
import { LOST_CONNECTION_MESSAGE } from '../api/websocketApi';

/** Visible whenever the web host's socket is down; Electron's IPC never is. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  if (status === 'reconnecting') {
    return (
      <div className="banner banner-warning" role="status">
        <span className="spinner" aria-hidden="true" />
        Disconnected from RouterDesk. Reconnecting…
      </div>
    );
  }
  if (status === 'lost') {
    return (
      <div className="banner banner-error" role="alert">
        {LOST_CONNECTION_MESSAGE}
        <button type="button" className="button button-small" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
  return null;
}
