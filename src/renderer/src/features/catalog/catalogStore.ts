/**
 * The model catalog, shared by the Catalog screen and the Playground's model picker so the
 * 400-odd models are fetched once per visit and both screens agree on them.
 */
import { useSyncExternalStore } from 'react';
import type { CatalogResult } from '../../../../shared/schemas';
import { errorMessage, type RendererApi } from '../../api';

export interface CatalogState {
  result: CatalogResult | null;
  loading: boolean;
  error: string | null;
}

export interface CatalogStore {
  get(): CatalogState;
  subscribe(listener: () => void): () => void;
  /** Fetches the catalog (from the core's cache unless `refresh`). Concurrent loads share one call. */
  load(refresh?: boolean): Promise<void>;
  /** Loads only if nothing has been loaded or is loading yet. */
  ensureLoaded(): void;
}

function createCatalogStore(api: RendererApi): CatalogStore {
  let state: CatalogState = { result: null, loading: false, error: null };
  let inFlight: { refresh: boolean; promise: Promise<void> } | null = null;
  const listeners = new Set<() => void>();

  function set(patch: Partial<CatalogState>) {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener();
  }

  function load(refresh = false): Promise<void> {
    // A refresh asked for during a plain load still has to reach the network.
    if (inFlight && (inFlight.refresh || !refresh)) return inFlight.promise;
    set({ loading: true, error: null });
    const promise = api.call('catalog.list', { refresh }).then(
      (result) => {
        if (inFlight?.promise === promise) inFlight = null;
        set({ result, loading: inFlight !== null, error: null });
      },
      (e: unknown) => {
        if (inFlight?.promise === promise) inFlight = null;
        set({ loading: inFlight !== null, error: errorMessage(e) });
      },
    );
    inFlight = { refresh, promise };
    return promise;
  }

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load,
    ensureLoaded() {
      if (!state.result && !inFlight) void load(false);
    },
  };
}

const stores = new WeakMap<RendererApi, CatalogStore>();

export function catalogStoreFor(api: RendererApi): CatalogStore {
  let store = stores.get(api);
  if (!store) {
    store = createCatalogStore(api);
    stores.set(api, store);
  }
  return store;
}

export function useCatalogState(store: CatalogStore): CatalogState {
  return useSyncExternalStore(store.subscribe, store.get);
}
