import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { KeyStatus, Settings, Theme } from '../../../shared/schemas';
import { errorMessage } from '../api';
import { useApi, usePausedReason } from '../api/ApiContext';
import { CatalogScreen } from '../features/catalog/CatalogScreen';
import { PlaygroundScreen } from '../features/playground/PlaygroundScreen';
import { chatSessionFor, chooseModel } from '../features/playground/playgroundSession';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { ConnectionBanner } from './ConnectionBanner';
import { Busy } from '../components/Spinner';
import { navigate, routeFromHash, routeLabels, useHashRoute } from './routes';
import { Sidebar } from './Sidebar';
import { rememberedTheme, useAppliedTheme } from './theme';

// The charts library is most of the bundle; it loads when Usage is first opened.
const UsageScreen = lazy(() => import('../features/usage/UsageScreen').then((m) => ({ default: m.UsageScreen })));

export function App() {
  const api = useApi();
  const route = useHashRoute();
  const [theme, setTheme] = useAppliedTheme(rememberedTheme());
  const [themeError, setThemeError] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [keyStatus, setKeyStatus] = useState<KeyStatus | null>(null);
  const [keyChecked, setKeyChecked] = useState(false);
  const changesPaused = usePausedReason('change');

  // Start-up: the theme from settings, and whether there is a key (which picks the first screen).
  useEffect(() => {
    let live = true;
    api.call('settings.get').then(
      (loaded) => {
        if (!live) return;
        setSettings(loaded);
        setTheme(loaded.theme);
      },
      () => {},
    );
    api.call('key.status').then(
      (status) => {
        if (!live) return;
        setKeyStatus(status);
        setKeyChecked(true);
      },
      () => {
        if (live) setKeyChecked(true);
      },
    );
    return () => {
      live = false;
    };
  }, [api, setTheme]);

  // A URL that names no screen (first launch, or a mistyped hash): Settings until there is a key.
  useEffect(() => {
    // Read the hash again: the user may have picked a screen since this render.
    if (route === null && keyChecked && routeFromHash(location.hash) === null) {
      navigate(keyStatus && !keyStatus.set ? 'settings' : 'catalog', { replace: true });
    }
  }, [route, keyChecked, keyStatus]);

  useEffect(() => {
    document.title = route ? `${routeLabels[route]} · RouterDesk` : 'RouterDesk';
  }, [route]);

  const changeTheme = useCallback(
    (next: Theme) => {
      // Saved nowhere while the core is unreachable; the control says so and is disabled.
      if (changesPaused) return;
      const previous = theme;
      setTheme(next);
      setThemeError(null);
      api.call('settings.update', { theme: next }).then(setSettings, (e: unknown) => {
        setTheme(previous);
        setThemeError(errorMessage(e));
      });
    },
    [api, setTheme, theme, changesPaused],
  );

  const chatWith = useCallback(
    (modelId: string) => {
      chooseModel(chatSessionFor(api), modelId);
      navigate('playground');
    },
    [api],
  );

  return (
    <div className="app">
      <Sidebar
        route={route}
        theme={theme}
        onTheme={changeTheme}
        themeError={themeError}
        themePaused={changesPaused}
        needsKey={keyStatus !== null && !keyStatus.set}
      />
      <main className="content">
        <ConnectionBanner />
        {route === null ? (
          <div className="screen">
            <Busy label="Starting RouterDesk…" />
          </div>
        ) : null}
        {route === 'catalog' ? <CatalogScreen onChat={chatWith} /> : null}
        {/* The conversation lives in a session outside React, so it survives leaving this screen. */}
        {route === 'playground' ? <PlaygroundScreen /> : null}
        {route === 'usage' ? (
          <Suspense
            fallback={
              <div className="screen">
                <Busy label="Loading Usage…" />
              </div>
            }
          >
            <UsageScreen />
          </Suspense>
        ) : null}
        {route === 'settings' ? (
          <SettingsScreen
            keyStatus={keyStatus}
            onKeyStatus={setKeyStatus}
            settings={settings}
            onSettings={setSettings}
          />
        ) : null}
      </main>
    </div>
  );
}
