/**
 * Vite builds of the render benchmark, never part of the app's build: the bench page (the peer
 * renderers) and the probe script injected into every measured page. `npm run bench` runs them
 * through build.ts; `npx vite build -c bench/render/vite.config.ts [--mode probe]` does the same
 * by hand.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type InlineConfig } from 'vite';

const root = resolve(__dirname, '../..');
export const BENCH_OUT = resolve(root, 'out/bench-render');

/** The bench page, production React, served from out/bench-render/page. */
export const pageConfig: InlineConfig = {
  configFile: false,
  root: resolve(__dirname, 'page'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(BENCH_OUT, 'page'),
    emptyOutDir: true,
    minify: true,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
  },
};

/** The probe as one classic script (addInitScript needs one), out/bench-render/probe/probe.js. */
export const probeConfig: InlineConfig = {
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: resolve(BENCH_OUT, 'probe'),
    emptyOutDir: true,
    minify: true,
    reportCompressedSize: false,
    lib: {
      entry: resolve(__dirname, 'page/probe.ts'),
      formats: ['iife'],
      name: 'routerdeskProbe',
      fileName: () => 'probe.js',
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'probe' ? probeConfig : pageConfig));
