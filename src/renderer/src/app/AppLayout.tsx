import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from '@tanstack/react-router';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { Settings, Theme } from '@shared/schemas';
import { errorMessage } from '../api';
import { useApi, usePausedReason } from '../api/ApiContext';
import { callKey, useCall } from '../api/queries';
import { Busy } from '../components/Spinner';
// Buttons and badges appear on every screen; their styles load with the shell.
import '../components/Badge.css';
import '../components/Button.css';
import { ConnectionBanner } from './ConnectionBanner';
import { screenFor } from './screens';
import { Sidebar } from './Sidebar';
import { rememberedTheme, useAppliedTheme } from './theme';

/** The shell around every screen: navigation, the connection banner, the theme. */
export function AppLayout() {
  const api = useApi();
  const client = useQueryClient();
  const { pathname } = useLocation();
  const settings = useCall('settings.get');
  const keyStatus = useCall('key.status');
  const [theme, setTheme] = useAppliedTheme(rememberedTheme());
  const [themeError, setThemeError] = useState<string | null>(null);
  const changesPaused = usePausedReason('change');

  // The saved theme wins over the one remembered in this browser once it has loaded.
  const savedTheme = settings.data?.theme;
  useEffect(() => {
    if (savedTheme) setTheme(savedTheme);
  }, [savedTheme, setTheme]);

  const screen = screenFor(pathname);
  useEffect(() => {
    document.title = screen ? `${screen.label} · RouterDesk` : 'RouterDesk';
  }, [screen]);

  const changeTheme = useCallback(
    (next: Theme) => {
      // Saved nowhere while the core is unreachable; the control says so and is disabled.
      if (changesPaused) return;
      const previous = theme;
      setTheme(next);
      setThemeError(null);
      api.call('settings.update', { theme: next }).then(
        (saved) => client.setQueryData<Settings>(callKey('settings.get'), saved),
        (e: unknown) => {
          setTheme(previous);
          setThemeError(errorMessage(e));
        },
      );
    },
    [api, client, setTheme, theme, changesPaused],
  );

  return (
    <div className="app">
      <Sidebar
        active={screen?.id ?? null}
        theme={theme}
        onTheme={changeTheme}
        themeError={themeError}
        themePaused={changesPaused}
        needsKey={keyStatus.data !== undefined && !keyStatus.data.set}
      />
      <main className="content">
        <ConnectionBanner />
        <Outlet />
      </main>
    </div>
  );
}

/** `/` and unknown URLs: the welcome on first run without a key, otherwise the Playground. */
export function StartScreen() {
  const settings = useCall('settings.get');
  const keyStatus = useCall('key.status');
  if (keyStatus.isPending || settings.isPending) {
    return (
      <div className="screen">
        <Busy label="Starting RouterDesk…" />
      </div>
    );
  }
  const firstRun = keyStatus.data && !keyStatus.data.set && !settings.data?.welcomed;
  return <Navigate to={firstRun ? '/welcome' : '/chat'} replace />;
}

// The charts library is most of the bundle; it loads when Usage is first opened.
const UsageScreen = lazy(() => import('../features/usage/UsageScreen').then((m) => ({ default: m.UsageScreen })));

export function UsageRoute() {
  return (
    <Suspense
      fallback={
        <div className="screen">
          <Busy label="Loading Usage…" />
        </div>
      }
    >
      <UsageScreen />
    </Suspense>
  );
}
