/**
 * The API key lives in the OS keychain only. These guards keep it out of the database even when
 * a caller passes it by mistake (in a setting, request parameters or an error message).
 */
import { AppError } from '@shared/errors';

const API_KEY = /sk-or-[a-z0-9]+-[A-Za-z0-9]{16,}/gi;

export function containsApiKey(text: string): boolean {
  API_KEY.lastIndex = 0;
  return API_KEY.test(text);
}

/** For text worth keeping (error messages, parameters): the key is replaced, the rest kept. */
export function redactApiKeys(text: string): string {
  return text.replace(API_KEY, '[API key removed]');
}

/** For values that must not be stored at all when they hold a key (settings). */
export function refuseApiKey(text: string, what: string): void {
  if (containsApiKey(text)) {
    throw new AppError(
      'invalid_input',
      `${what} looks like it contains an OpenRouter API key. RouterDesk keeps the key in the system keychain only; set it on the API key screen instead.`,
    );
  }
}
