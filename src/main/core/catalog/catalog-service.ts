/**
 * The model catalog: fetched from OpenRouter, stored as a snapshot on every change (price history
 * builds on these), and served from the last snapshot when OpenRouter cannot be reached.
 */
import type Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import type { CatalogResult, ProviderEndpoint } from '@shared/schemas';
import type { OpenRouterRest } from '../openrouter/rest';
import { latestCatalogSnapshot, saveCatalogSnapshot } from '../store/catalog-snapshots';
import { parseEndpointsResponse, parseModelsResponse } from './parse';
import type { Logger } from '../rpc';

export class CatalogService {
  private current: CatalogResult | null = null;
  private inFlight: Promise<CatalogResult> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly rest: OpenRouterRest,
    private readonly now: () => number = Date.now,
    private readonly log?: Logger,
  ) {}

  async list(refresh: boolean): Promise<CatalogResult> {
    if (this.current && !refresh) return this.current;
    // Concurrent callers share one fetch.
    this.inFlight ??= this.fetchOrFallBack().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchOrFallBack(): Promise<CatalogResult> {
    try {
      const body = await this.rest.getText('/models');
      const fetchedAt = this.now();
      const parsed = parseModelsResponse(JSON.parse(body));
      if (parsed.models.length === 0) {
        throw new AppError(
          'bad_response',
          'OpenRouter returned an empty model list. Check the base URL in Settings, then refresh.',
        );
      }
      if (parsed.skipped > 0)
        this.log?.('warn', `catalog: skipped ${parsed.skipped} models that lacked an id, name or prices`);
      saveCatalogSnapshot(this.db, { fetchedAt, source: 'network', body });
      this.current = { models: parsed.models, fetchedAt, source: 'network', staleReason: null };
      return this.current;
    } catch (e) {
      const snapshot = latestCatalogSnapshot(this.db);
      if (!snapshot) {
        if (e instanceof SyntaxError) {
          throw new AppError(
            'bad_response',
            'OpenRouter sent a model list RouterDesk could not read. Check the base URL in Settings.',
          );
        }
        throw e;
      }
      const reason = e instanceof AppError ? e.message : 'The catalog could not be refreshed.';
      this.log?.('warn', `catalog: showing the snapshot from ${new Date(snapshot.fetchedAt).toISOString()}: ${reason}`);
      const parsed = parseModelsResponse(JSON.parse(snapshot.body));
      this.current = { models: parsed.models, fetchedAt: snapshot.fetchedAt, source: 'cache', staleReason: reason };
      return this.current;
    }
  }

  async endpoints(modelId: string): Promise<ProviderEndpoint[]> {
    const clean = modelId.replace(/^~/, '').replace(/:[a-z-]+$/i, '');
    const [author, ...rest] = clean.split('/');
    if (!author || rest.length === 0) {
      throw new AppError('invalid_input', `"${modelId}" is not a model id; ids look like author/model.`);
    }
    const path = `/models/${encodeURIComponent(author)}/${rest.map(encodeURIComponent).join('/')}/endpoints`;
    return parseEndpointsResponse(await this.rest.getJson(path));
  }
}
