import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api';
import { ApiProvider } from './api/ApiContext';
import { App } from './app/App';
import { applyTheme, rememberedTheme } from './app/theme';
import './styles/app.css';

// Paint the remembered theme before React renders, so there is no flash of the wrong one.
applyTheme(rememberedTheme());

const api = createApi();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider api={api}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
