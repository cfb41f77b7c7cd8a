import type { Theme } from '../../../shared/schemas';
import { Icon } from '../components/Icon';
import { hrefFor, routeLabels, routes, type Route } from './routes';
import { ThemeControl } from './ThemeControl';

export function Sidebar({
  route,
  theme,
  onTheme,
  themeError,
  needsKey,
}: {
  route: Route | null;
  theme: Theme;
  onTheme: (theme: Theme) => void;
  themeError: string | null;
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
              <a href={hrefFor(r)} aria-current={route === r ? 'page' : undefined}>
                <Icon name={r} />
                <span>{routeLabels[r]}</span>
                {r === 'settings' && needsKey ? <span className="nav-dot" title="No API key set" /> : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <ThemeControl theme={theme} onChange={onTheme} />
        {themeError ? (
          <p role="alert" className="small error-text">
            {themeError}
          </p>
        ) : null}
      </div>
    </aside>
  );
}
