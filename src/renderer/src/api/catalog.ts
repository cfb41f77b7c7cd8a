/**
 * The model catalog as one cached query, shared by the Catalog screen and the Playground's model
 * picker, so the models are fetched once per launch and both screens agree on them.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { CatalogResult, ModelSummary } from '@shared/schemas';
import { errorMessage } from './ApiError';
import { useApi } from './ApiContext';
import { callKey, useCall } from './queries';

export interface CatalogState {
  result: CatalogResult | null;
  byId: Map<string, ModelSummary>;
  loading: boolean;
  error: string | null;
  /** Asks OpenRouter again; the list on screen stays until the answer arrives. */
  refresh(): void;
}

export function useCatalog(): CatalogState {
  const api = useApi();
  const client = useQueryClient();
  const list = useCall('catalog.list');
  const refresh = useMutation({
    mutationFn: () => api.call('catalog.list', { refresh: true }),
    onSuccess: (result) => client.setQueryData(callKey('catalog.list'), result),
  });
  const result = list.data ?? null;
  const byId = useMemo(() => new Map((result?.models ?? []).map((m) => [m.id, m])), [result]);
  const failure = refresh.error ?? list.error;
  return {
    result,
    byId,
    loading: list.isFetching || refresh.isPending,
    error: failure ? errorMessage(failure) : null,
    refresh: () => refresh.mutate(),
  };
}
