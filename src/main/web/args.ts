/** Command-line options of `npm run web`. */
export interface WebArgs {
  host: string;
  port: number;
  dataDir: string | null;
  help: boolean;
}

export const WEB_USAGE = `Usage: npm run web -- [options]

Serves RouterDesk to a browser on this machine.

Options:
  --port N          port to listen on (default: a random free port)
  --host ADDRESS    address to bind (default 127.0.0.1). Anything but loopback exposes
                    RouterDesk to your network; it is still protected by the access token.
  --data-dir DIR    where the database lives (default: ROUTERDESK_DATA_DIR, or the same
                    folder the desktop app uses)
  --help            show this text

Environment: OPENROUTER_API_KEY (use this key, never stored), OPENROUTER_BASE_URL
(another OpenRouter-compatible server, e.g. the fake one from npm run fake-openrouter).`;

export class ArgsError extends Error {}

export function parseWebArgs(argv: readonly string[]): WebArgs {
  const args: WebArgs = { host: '127.0.0.1', port: 0, dataDir: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ArgsError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const raw = value();
        const port = Number(raw);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new ArgsError(`--port must be a number from 0 to 65535, not "${raw}".`);
        args.port = port;
        break;
      }
      case '--host':
        args.host = value();
        break;
      case '--data-dir':
        args.dataDir = value();
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new ArgsError(`Unknown option "${arg}". Run npm run web -- --help for the options.`);
    }
  }
  return args;
}
