import { useConnectionStatus } from '../api/ApiContext';
import { LOST_CONNECTION_MESSAGE } from '../api/websocketApi';

/** Visible whenever the web host's socket is down; Electron's IPC never is. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  if (status === 'reconnecting') {
    return (
      <div className="banner banner-warning" role="status">
        <span className="spinner" aria-hidden="true" />
        Disconnected from RouterDesk. Reconnecting… Sending and settings changes are paused until it is back.
      </div>
    );
  }
  if (status === 'lost') {
    // No Reload button: the host that served this page is gone, and reloading would only throw
    // away what is on screen. The page stays readable so an answer can still be copied.
    return (
      <div className="banner banner-error" role="alert">
        <span>
          {LOST_CONNECTION_MESSAGE}{' '}
          <span className="banner-note">What is on screen stays here, so you can still copy it.</span>
        </span>
      </div>
    );
  }
  return null;
}
