import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionStatus, RendererApi } from './types';

const ApiContext = createContext<RendererApi | null>(null);

export function ApiProvider({ api, children }: { api: RendererApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): RendererApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider> above it');
  return api;
}

export function useConnectionStatus(): ConnectionStatus {
  const { connection } = useApi();
  return useSyncExternalStore(connection.subscribe, connection.status);
}
