/**
 * The whole renderer (router, query cache, screens) in happy-dom, over a fake api, starting at
 * `path`. What the user sees and does is driven through Testing Library.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { ApiProvider } from '../src/api/ApiContext';
import { connectEvents, createQueryClient } from '../src/api/queries';
import { createAppRouter } from '../src/app/router';
import type { FakeApi } from './fakeApi';

export function renderApp(api: FakeApi, path: string) {
  const client = createQueryClient();
  connectEvents(api, client);
  const router = createAppRouter(createMemoryHistory({ initialEntries: [path] }));
  const view = render(
    <ApiProvider api={api}>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ApiProvider>,
  );
  return { ...view, router, client };
}
