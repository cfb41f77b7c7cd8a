import { AppError } from '@shared/errors';

const PREFIX = 'sk-or-v1-';
const BODY_LENGTH = 64;
const KEY_PATTERN = new RegExp(`^${PREFIX}[0-9a-f]{${BODY_LENGTH}}$`, 'i');

const HOW_TO_FIX =
  `OpenRouter keys start with "${PREFIX}" followed by ${BODY_LENGTH} letters and digits. ` +
  'Copy it again from https://openrouter.ai/settings/keys.';

/**
 * Trims a pasted key and checks it looks like an OpenRouter key before anything stores or sends
 * it. Messages describe what is wrong without ever repeating the key.
 */
export function checkKeyShape(raw: string): string {
  const key = raw.trim();
  if (KEY_PATTERN.test(key)) return key;
  throw new AppError('invalid_key_format', `${whatIsWrong(key)} ${HOW_TO_FIX}`);
}

function whatIsWrong(key: string): string {
  if (key === '') return 'No key was entered.';
  if (/\s/.test(key)) return 'The key has spaces or line breaks inside it.';
  if (!key.toLowerCase().startsWith(PREFIX)) return 'That does not look like an OpenRouter API key.';
  const body = key.slice(PREFIX.length);
  if (body.length !== BODY_LENGTH) {
    return `The key is ${body.length < BODY_LENGTH ? 'too short' : 'too long'}: part of it may be missing or extra.`;
  }
  return 'The key contains characters an OpenRouter key never has.';
}
