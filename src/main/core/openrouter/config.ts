/** Where OpenRouter is and how RouterDesk introduces itself to it. */
export const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';

/** App attribution (openrouter.ai/docs/app-attribution): shown on OpenRouter's app rankings. */
export const ATTRIBUTION_HEADERS = {
  'HTTP-Referer': 'https://github.com/routerdesk/routerdesk',
  'X-Title': 'RouterDesk',
  'X-OpenRouter-Title': 'RouterDesk',
} as const;

export type BaseUrlSource = 'default' | 'settings' | 'environment';

export function resolveBaseUrl(
  env: NodeJS.ProcessEnv,
  fromSettings: string | null | undefined,
): { baseUrl: string; source: BaseUrlSource } {
  const fromEnv = env.OPENROUTER_BASE_URL?.trim();
  if (fromEnv) return { baseUrl: stripSlash(fromEnv), source: 'environment' };
  if (fromSettings && fromSettings.trim()) return { baseUrl: stripSlash(fromSettings.trim()), source: 'settings' };
  return { baseUrl: DEFAULT_BASE_URL, source: 'default' };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
