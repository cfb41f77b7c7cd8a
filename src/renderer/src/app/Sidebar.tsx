import { Link } from '@tanstack/react-router';
import type { Theme } from '@shared/schemas';
import { Icon } from '../components/Icon';
import { screens, type ScreenId } from './screens';
import { focusScreenTitleNow, focusScreenTitleSoon } from './ScreenTitle';
import { ThemeControl } from './ThemeControl';

export function Sidebar({
  active,
  theme,
  onTheme,
  themeError,
  themePaused,
  needsKey,
}: {
  active: ScreenId | null;
  theme: Theme;
  onTheme: (theme: Theme) => void;
  themeError: string | null;
  /** Why the theme cannot be changed right now, or null. */
  themePaused: string | null;
  needsKey: boolean;
}) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        <span className="brand-name">RouterDesk</span>
      </div>
      <nav aria-label="Main">
        <ul>
          {screens.map((s) => (
            <li key={s.id}>
              <Link
                to={s.to}
                aria-current={active === s.id ? 'page' : undefined}
                activeProps={{}}
                onClick={(e) => {
                  // A click that opens a new tab or window leaves this screen where it is.
                  if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
                  if (active === s.id) focusScreenTitleNow();
                  else focusScreenTitleSoon();
                }}
              >
                <Icon name={s.id} />
                <span>{s.label}</span>
                {s.id === 'settings' && needsKey ? <span className="nav-dot" title="No API key set" /> : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <ThemeControl theme={theme} onChange={onTheme} disabled={themePaused !== null} />
        {themePaused ? <p className="small paused-text">{themePaused}</p> : null}
        {themeError ? (
          <p role="alert" className="small error-text">
            {themeError}
          </p>
        ) : null}
      </div>
    </aside>
  );
}
