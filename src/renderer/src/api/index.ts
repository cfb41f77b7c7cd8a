import type { PreloadBridge } from '@shared/contract';
import { createBridgeApi } from './bridgeApi';
import type { RendererApi } from './types';
import { createWebSocketApi } from './websocketApi';

export { ApiError, errorMessage, isApiError } from './ApiError';
export type { ConnectionStatus, RendererApi } from './types';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the web host serves the renderer. */
    routerdesk?: PreloadBridge;
  }
}

/** Electron's preload bridge when there is one, otherwise the web host's WebSocket. */
export function createApi(): RendererApi {
  if (window.routerdesk) return createBridgeApi(window.routerdesk);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebSocketApi({ url: `${scheme}://${location.host}/ws` });
}
