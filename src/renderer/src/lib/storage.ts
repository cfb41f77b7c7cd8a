/**
 * Web storage that never throws: storage can be disabled or full, and a remembered preference
 * (or a saved conversation) is never worth an error screen.
 */
type Area = 'localStorage' | 'sessionStorage';

function read(area: Area, key: string): string | null {
  try {
    return window[area].getItem(key);
  } catch {
    return null;
  }
}

function write(area: Area, key: string, value: string | null): void {
  try {
    if (value === null) window[area].removeItem(key);
    else window[area].setItem(key, value);
  } catch {
    // Not remembering is fine.
  }
}

/** Kept across launches. */
export const readStored = (key: string) => read('localStorage', key);
export const writeStored = (key: string, value: string | null) => write('localStorage', key, value);

/** Kept for this window only, across reloads. */
export const readForWindow = (key: string) => read('sessionStorage', key);
export const writeForWindow = (key: string, value: string | null) => write('sessionStorage', key, value);
