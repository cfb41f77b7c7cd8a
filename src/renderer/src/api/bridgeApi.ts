import type { CallName, EventName, PreloadBridge } from '@shared/contract';
import { ApiError } from './ApiError';
import type { Connection, RendererApi } from './types';

const alwaysOpen: Connection = {
  status: () => 'open',
  subscribe: () => () => {},
};

/** Electron: the preload's envelope-returning bridge, turned into calls that throw ApiError. */
export function createBridgeApi(bridge: PreloadBridge): RendererApi {
  return {
    connection: alwaysOpen,
    async call(name: CallName, input?: unknown) {
      const result = await bridge.invoke(name, input);
      if (!result.ok) throw new ApiError(result.error);
      return result.value as never;
    },
    on(name: EventName, listener: (payload: never) => void) {
      return bridge.subscribe(name, listener as (payload: unknown) => void);
    },
  };
}
