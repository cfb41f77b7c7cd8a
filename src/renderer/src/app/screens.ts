/** The screens in the sidebar, in order, and which one a URL path belongs to. */
export const screens = [
  { id: 'playground', label: 'Playground', to: '/chat' },
  { id: 'catalog', label: 'Catalog', to: '/models' },
  { id: 'usage', label: 'Usage', to: '/usage' },
  { id: 'settings', label: 'Settings', to: '/settings' },
] as const;

export type ScreenId = (typeof screens)[number]['id'];

/** The sidebar entry a path belongs to (null for pages outside it) and the page's name. */
export function screenFor(pathname: string): { id: ScreenId | null; label: string } | null {
  if (pathname === '/welcome') return { id: null, label: 'Welcome' };
  const screen = screens.find((s) => pathname === s.to || pathname.startsWith(`${s.to}/`));
  return screen ? { id: screen.id, label: screen.label } : null;
}
