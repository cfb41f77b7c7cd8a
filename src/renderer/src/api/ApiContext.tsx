import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionStatus, RendererApi } from './types';
import { pausedReason, type PausedAction } from './connectionGate';

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

/** Why sending or saving is unavailable right now, or null when it is available. */
export function usePausedReason(action: PausedAction): string | null {
  return pausedReason(useConnectionStatus(), action);
}
