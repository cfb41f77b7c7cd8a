/**
 * The model a newcomer's first chat uses, so they can send straight away: a capable, cheap,
 * widely available model from the catalog, or failing those the cheapest paid text model.
 */
import type { ModelSummary } from '@shared/schemas';

export const PREFERRED_DEFAULTS = [
  'openai/gpt-5-mini',
  'google/gemini-2.5-flash',
  'openai/gpt-4.1-mini',
  'anthropic/claude-haiku-4.5',
  'deepseek/deepseek-chat',
];

/** Used before the catalog has loaded (and when it is empty): OpenRouter will say if it is gone. */
export const FALLBACK_MODEL = PREFERRED_DEFAULTS[0]!;

function chats(m: ModelSummary): boolean {
  return m.inputModalities.includes('text') && m.outputModalities.includes('text') && !m.pricing.variable;
}

export function pickDefaultModel(models: readonly ModelSummary[], saved = ''): string {
  const byId = new Map(models.map((m) => [m.id, m]));
  if (saved.trim()) return saved.trim();
  for (const id of PREFERRED_DEFAULTS) {
    const m = byId.get(id);
    if (m && chats(m) && !m.expirationDate) return id;
  }
  const paid = models
    .filter((m) => chats(m) && m.pricing.prompt > 0 && (m.contextLength ?? 0) >= 32_000 && !m.expirationDate)
    .sort((a, b) => a.pricing.prompt + a.pricing.completion - (b.pricing.prompt + b.pricing.completion));
  return paid[0]?.id ?? FALLBACK_MODEL;
}
