import type { RouterDeskApi } from '@shared/contract';

/**
 * Whether the renderer can reach the core. Electron's IPC is always 'open'; the web host's
 * WebSocket goes through the others when the server stops or the network drops.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'lost';

export interface Connection {
  status(): ConnectionStatus;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** The contract's api plus the connection state the shell shows in its banner. */
export interface RendererApi extends RouterDeskApi {
  readonly connection: Connection;
}
