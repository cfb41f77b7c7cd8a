/**
 * Which model and provider answer a chat request. Aliases ("~vendor/family-latest") go to their
 * target, routers ("openrouter/auto", "openrouter/free", …) pick a concrete model seeded by the
 * prompt, and routing-only variants (":nitro", ":floor", ":online", ":exacto", ":extended") fall
 * back to the base model. The provider is the model's first (healthy, catalog-priced) endpoint.
 */
import { isFree, isRouter, type Catalog, type CatalogModel } from './catalog';
import { endpointsFor } from './endpoints';
import { seededRandom } from './random';

export interface Route {
  /** The catalog entry the request named. */
  requested: CatalogModel;
  /** The model that actually answers: its canonical slug is the response's `model`. */
  used: CatalogModel;
  provider: string;
  /** The router's id when a router chose the model. */
  router: string | null;
}

const routingVariants = [':nitro', ':floor', ':online', ':exacto', ':extended'];

function findModel(catalog: Catalog, id: string): CatalogModel | undefined {
  const exact = catalog.byModelId(id);
  if (exact) return exact;
  const variant = routingVariants.find((v) => id.endsWith(v));
  return variant ? catalog.byModelId(id.slice(0, -variant.length)) : undefined;
}

function routerChoice(catalog: Catalog, router: CatalogModel, seed: string): CatalogModel {
  const wantsFree = router.id === 'openrouter/free';
  const candidates = catalog.models.filter(
    (m) =>
      !isRouter(m) && !m.alias_target && m.architecture.output_modalities.includes('text') && isFree(m) === wantsFree,
  );
  return seededRandom(`router:${router.id}:${seed}`).pick(candidates);
}

export function resolveRoute(catalog: Catalog, requestedId: string, seed: string): Route | undefined {
  const requested = findModel(catalog, requestedId);
  if (!requested) return undefined;
  let used = requested;
  let router: string | null = null;
  if (requested.alias_target) used = catalog.byModelId(requested.alias_target.slug) ?? requested;
  if (isRouter(requested)) {
    router = requested.id;
    used = routerChoice(catalog, requested, seed);
  }
  const provider = endpointsFor(used)[0]?.provider_name ?? 'OpenRouter';
  return { requested, used, provider, router };
}
