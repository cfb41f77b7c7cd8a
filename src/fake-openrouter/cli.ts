/**
 * `npm run fake-openrouter [-- --port N --host H --generation-delay-ms N --tokens-per-second N]`
 * Runs the fake OpenRouter until Ctrl-C or SIGTERM.
 */
import { directivesHelp } from './directives';
import { startFakeOpenRouter, type FakeOpenRouterOptions } from './server';

const usage = `Usage: npm run fake-openrouter -- [options]

A local fake of the OpenRouter API (real catalog, streaming chat, keys, credits, generations).

Options:
  --port N                  port to listen on (default 8787; 0 = any free port)
  --host H                  address to bind (default 127.0.0.1)
  --generation-delay-ms N   /generation answers 404 for N ms after a generation ends (default 2000)
  --tokens-per-second N     default streaming speed (default 60; 0 = no delay)
  --help                    show this text

Keys: any sk-or-v1-<64 lowercase hex> works, except keys ending in "dead" (refused as revoked).

${directivesHelp}`;

function parseArgs(argv: string[]): FakeOpenRouterOptions {
  const options: FakeOpenRouterOptions = { port: 8787 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const number = (): number => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number, not "${value}"`);
      return n;
    };
    switch (flag) {
      case '--port':
        options.port = number();
        break;
      case '--host':
        options.host = value;
        break;
      case '--generation-delay-ms':
        options.generationDelayMs = number();
        break;
      case '--tokens-per-second':
        options.defaultTokensPerSecond = number();
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: FakeOpenRouterOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  const fake = await startFakeOpenRouter({ ...options, log: (line) => console.log(line) });
  console.log(`Fake OpenRouter listening on ${fake.baseUrl}`);
  console.log(
    `Point RouterDesk at it with: OPENROUTER_BASE_URL=${fake.baseUrl} npm run web  ` +
      `(any key sk-or-v1-<64 hex> works; keys ending in "dead" are refused like revoked keys)`,
  );

  const stop = (): void => {
    console.log('Stopping the fake OpenRouter…');
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
