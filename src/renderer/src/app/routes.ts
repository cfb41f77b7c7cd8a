import { useSyncExternalStore } from 'react';

export const routes = ['catalog', 'playground', 'usage', 'settings'] as const;
export type Route = (typeof routes)[number];

export const routeLabels: Record<Route, string> = {
  catalog: 'Catalog',
  playground: 'Playground',
  usage: 'Usage',
  settings: 'Settings',
};

/** "#/usage" -> 'usage'; anything else (including no hash) -> null. */
export function routeFromHash(hash: string): Route | null {
  const name = hash.replace(/^#\/?/, '').split(/[?/]/)[0] ?? '';
  return (routes as readonly string[]).includes(name) ? (name as Route) : null;
}

export function hrefFor(route: Route): string {
  return `#/${route}`;
}

export function navigate(route: Route, { replace = false } = {}): void {
  if (replace) {
    history.replaceState(null, '', hrefFor(route));
    // replaceState fires no hashchange; tell the listeners ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hrefFor(route);
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The screen named in the URL hash, or null when the hash names none. */
export function useHashRoute(): Route | null {
  return useSyncExternalStore(subscribe, () => routeFromHash(location.hash));
}
