import type { Theme } from '../../../shared/schemas';
import { Icon } from '../components/Icon';
import { hrefFor, routeLabels, routes, type Route } from './routes';
import { focusScreenTitleNow, focusScreenTitleSoon } from './ScreenTitle';
import { ThemeControl } from './ThemeControl';

export function Sidebar({
  route,
  theme,
  onTheme,
  themeError,
  themePaused,
  needsKey,
}: {
  route: Route | null;
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
          {routes.map((r) => (
            <li key={r}>
              <a
                href={hrefFor(r)}
                aria-current={route === r ? 'page' : undefined}
                onClick={(e) => {
                  // A click that opens a new tab or window leaves this screen where it is.
                  if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
                  if (route === r) focusScreenTitleNow();
                  else focusScreenTitleSoon();
                }}
              >
                <Icon name={r} />
                <span>{routeLabels[r]}</span>
                {r === 'settings' && needsKey ? <span className="nav-dot" title="No API key set" /> : null}
              </a>
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
