// Global styles first, so each component's own stylesheet (imported with it) comes after them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/app.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api';
import { ApiProvider } from './api/ApiContext';
import { connectEvents, createQueryClient } from './api/queries';
import { createAppRouter } from './app/router';
import { applyTheme, rememberedTheme } from './app/theme';

// Paint the remembered theme before React renders, so there is no flash of the wrong one.
applyTheme(rememberedTheme());

const api = createApi();
const queryClient = createQueryClient();
connectEvents(api, queryClient);
const router = createAppRouter();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ApiProvider>
  </StrictMode>,
);
