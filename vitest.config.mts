import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `@shared/…` is src/shared, as in tsconfig.base.json and electron.vite.config.ts.
const aliases = { '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)) };

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          // Each file gets its own process: native modules and the keychain stay isolated.
          pool: 'forks',
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          // Components and hooks, rendered with Testing Library in happy-dom.
          name: 'dom',
          include: ['src/renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['src/renderer/test/setup.ts'],
        },
      },
    ],
  },
});
