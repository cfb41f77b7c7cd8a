/**
 * `npm run web`: RouterDesk for a browser, on loopback, with a per-launch access token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toErrorShape } from '@shared/errors';
import { createCore, type Core } from '../core/app';
import { defaultDataDir } from '../core/paths';
import type { Logger } from '../core/rpc';
import { ArgsError, parseWebArgs, WEB_USAGE } from './args';
import { installCrashHandlers } from './crash';
import { exposureWarning, startWebHost, type WebHost } from './server';

const log: Logger = (level, message) => {
  process.stderr.write(`[routerdesk] ${level}: ${message}\n`);
};

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** What is running, for a shutdown (signal or crash) to close; filled in as startup proceeds. */
const running: { host?: WebHost; core?: Core } = {};

/** Stops serving, then closes the core (in-flight requests marked, database closed). */
async function shutdown(): Promise<void> {
  try {
    await running.host?.close();
  } finally {
    await running.core?.shutdown();
  }
}

installCrashHandlers(process, { log, shutdown, exit: (code) => process.exit(code) });

async function main(): Promise<void> {
  let args;
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ArgsError) {
      process.stderr.write(`${e.message}\n\n${WEB_USAGE}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${WEB_USAGE}\n`);
    return;
  }
  const dataDir = args.dataDir ?? defaultDataDir(process.env);
  const core = await createCore({ dataDir, shell: 'web', appVersion: appVersion(), log });
  running.core = core;
  const host = await startWebHost({
    core,
    rendererDir: join(__dirname, '../renderer'),
    host: args.host,
    port: args.port,
    log,
  });
  running.host = host;

  const warning = exposureWarning(args.host);
  if (warning) process.stderr.write(`\n${warning}\n\n`);
  process.stdout.write(`RouterDesk is running. Open this URL in your browser:\n\n  ${host.url}\n\n`);
  if (host.networkUrls.length) {
    process.stdout.write(
      `From another machine on your network:\n\n${host.networkUrls.map((u) => `  ${u}\n`).join('')}\n`,
    );
  }
  process.stdout.write(`Data directory: ${dataDir}\nPress Ctrl+C to stop.\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: shutting down`);
    shutdown().then(
      () => {
        log('info', 'stopped cleanly');
        process.exit(0);
      },
      (e: unknown) => {
        log('error', `shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch(async (e: unknown) => {
  const shape = toErrorShape(e);
  const message = shape.code === 'internal' && e instanceof Error ? e.message : shape.message;
  process.stderr.write(`RouterDesk could not start: ${message}\n`);
  // E.g. the port was taken after the database opened: close it properly.
  await shutdown().catch(() => {});
  process.exit(1);
});
