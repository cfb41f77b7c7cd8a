/**
 * The real model catalog (GET /models, August 2026, 414 models) and the lookups the fake needs.
 * The JSON is served as it was captured; only filtering and pagination happen here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Prices are strings of USD per token (per unit for image/request/web_search), missing = 0. */
export type Pricing = Record<string, unknown> & { prompt: string; completion: string };

export interface CatalogModel {
  id: string;
  canonical_slug: string;
  hugging_face_id: string | null;
  name: string;
  created: number;
  description: string;
  context_length: number | null;
  architecture: {
    modality: string | null;
    input_modalities: string[];
    output_modalities: string[];
    tokenizer: string | null;
    instruct_type: string | null;
  };
  pricing: Pricing;
  top_provider: { context_length?: number | null; max_completion_tokens?: number | null; is_moderated: boolean };
  supported_parameters: string[];
  alias_target?: { name: string; slug: string };
  reasoning?: { mandatory: boolean; default_enabled?: boolean };
  [field: string]: unknown;
}

const dataDir = join(__dirname, 'data');

export function readDataFile(name: string): unknown {
  return JSON.parse(readFileSync(join(dataDir, name), 'utf8'));
}

export class Catalog {
  readonly models: CatalogModel[];
  private readonly byId = new Map<string, CatalogModel>();
  private readonly bySlug = new Map<string, CatalogModel>();

  constructor(models: CatalogModel[]) {
    this.models = models;
    for (const model of models) {
      this.byId.set(model.id, model);
      // Variants (":free", ":thinking") share the base model's canonical slug; the base wins.
      const holder = this.bySlug.get(model.canonical_slug);
      if (!holder || holder.id.includes(':')) this.bySlug.set(model.canonical_slug, model);
    }
  }

  /** Exact routable id, e.g. "qwen/qwen3.8-27b" or "x/y:free". */
  byModelId(id: string): CatalogModel | undefined {
    return this.byId.get(id);
  }

  /** A routable id or a permanent slug: the catalog's links.details use the permanent slug. */
  byIdOrSlug(idOrSlug: string): CatalogModel | undefined {
    return this.byId.get(idOrSlug) ?? this.bySlug.get(idOrSlug);
  }

  /**
   * The default list is text output; "all" lifts the filter. A model matches when it produces
   * any requested modality and supports every requested parameter.
   */
  filter(query: URLSearchParams): CatalogModel[] {
    const modalities = listParam(query.get('output_modalities'));
    const parameters = listParam(query.get('supported_parameters'));
    return this.models.filter((model) => {
      if (modalities.length && !modalities.includes('all')) {
        if (!model.architecture.output_modalities.some((m) => modalities.includes(m))) return false;
      }
      return parameters.every((p) => model.supported_parameters.includes(p));
    });
  }
}

function listParam(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

let loaded: Catalog | undefined;

export function loadCatalog(): Catalog {
  if (!loaded) {
    const file = readDataFile('models-2026-08.json') as { data: CatalogModel[] };
    loaded = new Catalog(file.data);
  }
  return loaded;
}

/** Router pseudo-models price themselves at "-1": the routed model's price applies. */
export function isRouter(model: CatalogModel): boolean {
  return model.id.startsWith('openrouter/');
}

export function isFree(model: CatalogModel): boolean {
  return Number(model.pricing.prompt) === 0 && Number(model.pricing.completion) === 0;
}
