/**
 * Every screen is a route, and the state worth sharing or restoring lives in the URL: the open
 * conversation, the message to jump to, the catalog search. Hash history, so the same URLs work
 * in Electron (file-less app:// page) and in the web host. Search params are parsed with zod and
 * fall back to defaults, so a mistyped or hand-edited URL opens the screen instead of failing.
 */
import { createHashHistory, createRootRoute, createRoute, createRouter, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import { AppLayout, StartScreen, UsageRoute } from './AppLayout';
import { CatalogRoute } from '../features/catalog/CatalogRoute';
import { PlaygroundRoute } from '../features/playground/PlaygroundRoute';
import { SettingsRoute } from '../features/settings/SettingsRoute';
import { WelcomeScreen } from '../features/settings/WelcomeScreen';

const rootRoute = createRootRoute({ component: AppLayout });

const indexRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: StartScreen });

const modelsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/models', component: CatalogRoute });

export const ChatSearch = z.object({
  /** A message to scroll to and show (a search result). */
  message: z.coerce.number().int().positive().optional().catch(undefined),
  /** A model to start the new chat with (from the catalog). */
  model: z.string().max(200).optional().catch(undefined),
});
const chatRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/chat',
  validateSearch: (search) => ChatSearch.parse(search),
  component: PlaygroundRoute,
});
const conversationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/chat/$conversationId',
  validateSearch: (search) => ChatSearch.parse(search),
  params: {
    parse: ({ conversationId }) => ({ conversationId: /^\d+$/.test(conversationId) ? Number(conversationId) : 0 }),
    stringify: ({ conversationId }) => ({ conversationId: String(conversationId) }),
  },
  component: PlaygroundRoute,
});

const usageRoute = createRoute({ getParentRoute: () => rootRoute, path: '/usage', component: UsageRoute });
const settingsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/settings', component: SettingsRoute });
const welcomeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/welcome', component: WelcomeScreen });

// The screens' names before routes carried state; old bookmarks still land somewhere sensible.
const legacyCatalog = createRoute({
  getParentRoute: () => rootRoute,
  path: '/catalog',
  beforeLoad: () => {
    throw redirect({ to: '/models', replace: true });
  },
});
const legacyPlayground = createRoute({
  getParentRoute: () => rootRoute,
  path: '/playground',
  beforeLoad: () => {
    throw redirect({ to: '/chat', replace: true });
  },
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  modelsRoute,
  chatRoute,
  conversationRoute,
  usageRoute,
  settingsRoute,
  welcomeRoute,
  legacyCatalog,
  legacyPlayground,
]);

export function createAppRouter(history = createHashHistory()) {
  return createRouter({
    routeTree,
    history,
    defaultPreload: false,
    // A URL that names no screen goes to the start screen, which picks one.
    notFoundMode: 'root',
    defaultNotFoundComponent: StartScreen,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
