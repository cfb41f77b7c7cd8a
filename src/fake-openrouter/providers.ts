/**
 * Inference providers the fake routes to: GET /providers, and the hosts of synthesized endpoints.
 * Names and slugs are OpenRouter's; the hosts that serve a model depend on who made it.
 */

export interface Provider {
  name: string;
  slug: string;
  privacy_policy_url: string;
  terms_of_service_url: string | null;
  status_page_url: string | null;
  headquarters: string | null;
  datacenters: string[] | null;
  /** Serves open-weight models (so it can host any model with weights on Hugging Face). */
  hostsOpenWeights: boolean;
  /** Caches prompts without being asked to. */
  implicitCaching: boolean;
}

function provider(
  name: string,
  slug: string,
  site: string,
  headquarters: string,
  datacenters: string[],
  hostsOpenWeights: boolean,
  implicitCaching = false,
): Provider {
  return {
    name,
    slug,
    privacy_policy_url: `https://${site}/privacy`,
    terms_of_service_url: `https://${site}/terms`,
    status_page_url: `https://status.${site}`,
    headquarters,
    datacenters,
    hostsOpenWeights,
    implicitCaching,
  };
}

export const providers: Provider[] = [
  provider('OpenAI', 'openai', 'openai.com', 'US', ['US', 'IE'], false, true),
  provider('Azure', 'azure', 'azure.microsoft.com', 'US', ['US', 'SE', 'JP'], false, true),
  provider('Anthropic', 'anthropic', 'anthropic.com', 'US', ['US'], false),
  provider('Amazon Bedrock', 'amazon-bedrock', 'aws.amazon.com', 'US', ['US', 'DE', 'JP'], false),
  provider('Google Vertex', 'google-vertex', 'cloud.google.com', 'US', ['US', 'BE', 'SG'], false),
  provider('Google AI Studio', 'google-ai-studio', 'ai.google.dev', 'US', ['US'], false, true),
  provider('xAI', 'xai', 'x.ai', 'US', ['US'], false, true),
  provider('Mistral', 'mistral', 'mistral.ai', 'FR', ['FR', 'SE'], false),
  provider('DeepSeek', 'deepseek', 'deepseek.com', 'CN', ['CN'], false, true),
  provider('Moonshot AI', 'moonshotai', 'moonshot.ai', 'CN', ['CN', 'SG'], false, true),
  provider('Alibaba', 'alibaba', 'alibabacloud.com', 'CN', ['CN', 'SG', 'US'], false, true),
  provider('Z.AI', 'z-ai', 'z.ai', 'CN', ['CN', 'SG'], false, true),
  provider('Cohere', 'cohere', 'cohere.com', 'CA', ['US', 'CA'], false),
  provider('Perplexity', 'perplexity', 'perplexity.ai', 'US', ['US'], false),
  provider('DeepInfra', 'deepinfra', 'deepinfra.com', 'US', ['US'], true),
  provider('Together', 'together', 'together.ai', 'US', ['US'], true),
  provider('Fireworks', 'fireworks', 'fireworks.ai', 'US', ['US'], true),
  provider('Novita', 'novita', 'novita.ai', 'US', ['US', 'SG'], true),
  provider('Parasail', 'parasail', 'parasail.io', 'US', ['US'], true),
  provider('Groq', 'groq', 'groq.com', 'US', ['US'], true),
  provider('Cerebras', 'cerebras', 'cerebras.ai', 'US', ['US'], true),
  provider('SambaNova', 'sambanova', 'sambanova.ai', 'US', ['US'], true),
  provider('Chutes', 'chutes', 'chutes.ai', 'US', ['US'], true),
  provider('Nebius', 'nebius', 'nebius.com', 'NL', ['FI', 'NL'], true),
  provider('BaseTen', 'baseten', 'baseten.co', 'US', ['US'], true),
  provider('SiliconFlow', 'siliconflow', 'siliconflow.com', 'CN', ['SG'], true),
  provider('AtlasCloud', 'atlas-cloud', 'atlascloud.ai', 'US', ['US'], true),
  provider('GMICloud', 'gmicloud', 'gmicloud.ai', 'US', ['US', 'TW'], true),
  provider('Hyperbolic', 'hyperbolic', 'hyperbolic.xyz', 'US', ['US'], true),
  provider('Liquid', 'liquid', 'liquid.ai', 'US', ['US'], false),
];

const bySlug = new Map(providers.map((p) => [p.slug, p]));

function named(...slugs: string[]): Provider[] {
  return slugs.map((slug) => {
    const found = bySlug.get(slug);
    if (!found) throw new Error(`unknown provider ${slug}`);
    return found;
  });
}

/** Who serves a closed model, by author; the first is the model maker's own API. */
const firstParty: Record<string, Provider[]> = {
  openai: named('openai', 'azure'),
  anthropic: named('anthropic', 'amazon-bedrock', 'google-vertex'),
  google: named('google-vertex', 'google-ai-studio'),
  'x-ai': named('xai'),
  mistralai: named('mistral'),
  deepseek: named('deepseek'),
  moonshotai: named('moonshotai'),
  qwen: named('alibaba'),
  'z-ai': named('z-ai'),
  cohere: named('cohere'),
  perplexity: named('perplexity'),
  amazon: named('amazon-bedrock'),
  liquid: named('liquid'),
};

export const openWeightHosts = providers.filter((p) => p.hostsOpenWeights);

/** The maker's own providers for a model id like "anthropic/claude-sonnet-5" (may be empty). */
export function firstPartyProviders(modelId: string): Provider[] {
  const author = modelId.replace(/^~/, '').split('/')[0] ?? '';
  return firstParty[author] ?? [];
}

/** GET /providers: the public fields only, in the API's order. */
export function providersResponse(): { data: unknown[] } {
  return {
    data: providers.map((p) => ({
      name: p.name,
      slug: p.slug,
      privacy_policy_url: p.privacy_policy_url,
      terms_of_service_url: p.terms_of_service_url,
      status_page_url: p.status_page_url,
      headquarters: p.headquarters,
      datacenters: p.datacenters,
    })),
  };
}
