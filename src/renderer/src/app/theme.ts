import { useCallback, useEffect, useState } from 'react';
import type { Theme } from '@shared/schemas';
import { readStored, writeStored } from '../lib/storage';

const STORAGE_KEY = 'routerdesk.theme';
const darkQuery = '(prefers-color-scheme: dark)';

function isTheme(value: unknown): value is Theme {
  return value === 'system' || value === 'dark' || value === 'light';
}

/** The theme saved last time, so the first paint is already right before settings load. */
export function rememberedTheme(): Theme {
  const stored = readStored(STORAGE_KEY);
  return isTheme(stored) ? stored : 'system';
}

function resolve(theme: Theme): 'dark' | 'light' {
  if (theme !== 'system') return theme;
  return window.matchMedia(darkQuery).matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = resolve(theme);
  document.documentElement.dataset.themeChoice = theme;
}

/**
 * The chosen theme, applied as data-theme on <html>. 'system' follows the OS and keeps
 * following it while the app is open.
 */
export function useAppliedTheme(initial: Theme): [Theme, (theme: Theme) => void] {
  const [theme, setThemeState] = useState<Theme>(initial);

  useEffect(() => {
    applyTheme(theme);
    writeStored(STORAGE_KEY, theme);
    if (theme !== 'system') return;
    const media = window.matchMedia(darkQuery);
    const follow = () => applyTheme('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [theme]);

  const setTheme = useCallback((next: Theme) => setThemeState(next), []);
  return [theme, setTheme];
}
