/**
 * Builds what the render benchmark serves, under out/bench-render (never the app's out/renderer,
 * so a test run using that one is not disturbed):
 *   app/    the app's renderer, from the renderer section of electron.vite.config.ts
 *   page/   the bench page with the peer renderers
 *   probe/  the probe script
 */
import { resolve } from 'node:path';
import { build, mergeConfig, type InlineConfig, type UserConfig } from 'vite';
import electronViteConfig from '../../electron.vite.config';
import { BENCH_OUT, pageConfig, probeConfig } from './vite.config';

export interface BenchBuild {
  appDir: string;
  pageDir: string;
  probeFile: string;
  ms: number;
}

export async function buildBench(): Promise<BenchBuild> {
  const t0 = performance.now();
  const renderer = (electronViteConfig as { renderer?: UserConfig }).renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer section');
  const appDir = resolve(BENCH_OUT, 'app');
  // What electron-vite adds to a renderer build, minus the Electron-specific target.
  const app = mergeConfig(renderer, {
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: {
      outDir: appDir,
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4096,
    },
  } satisfies InlineConfig);
  await build(app);
  await build(pageConfig);
  await build(probeConfig);
  return {
    appDir,
    pageDir: resolve(BENCH_OUT, 'page'),
    probeFile: resolve(BENCH_OUT, 'probe/probe.js'),
    ms: performance.now() - t0,
  };
}
