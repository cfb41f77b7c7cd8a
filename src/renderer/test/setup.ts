import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts after each test only when globals are on; these tests import them.
afterEach(() => cleanup());

// happy-dom does no layout, so every box measures 0×0 and a virtualized list would show nothing.
// Give elements a typical window's box; measured rows then take no height and all fit in view.
for (const [prop, value] of [
  ['offsetWidth', 800],
  ['offsetHeight', 600],
  ['clientWidth', 800],
  ['clientHeight', 600],
] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
}
