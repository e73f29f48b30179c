// `webagent serve`: the HTTP API (/api/v1) on 127.0.0.1 on a real core (store, queue, worker),
// without the desktop app. Without --token it makes one and prints it. Ctrl-C closes the server
// and the core gracefully (running pages get --grace seconds); a second Ctrl-C stops at once.
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { MIN_API_TOKEN_LENGTH } from '../../src-shared/settings';
import { resolveDataPaths } from '../core/data-paths';
import { generateApiToken, isUsableApiToken, openHostCore, startApiServer } from '../server';
import { collect, collectHostName, intInRange } from './options';
import { stopOnSignals } from './stop-on-signals';
import { DB_OPTION_HELP } from './with-service';

interface ServeOptions {
  port: number;
  db?: string;
  token?: string;
  maxPending: number;
  allowHost: string[];
  browser?: string;
  browserArg: string[];
  grace: number;
  json?: boolean;
}

function token(text: string): string {
  if (!isUsableApiToken(text)) throw new InvalidArgumentError(`--token must have at least ${MIN_API_TOKEN_LENGTH} characters and no spaces`);
  return text;
}

async function serve(options: ServeOptions): Promise<void> {
  const { dbPath } = resolveDataPaths(options.db === undefined ? {} : { dbPath: options.db });
  // An empty variable counts as unset.
  const fromEnv = process.env.WEBAGENT_API_TOKEN || undefined;
  const apiToken = options.token ?? fromEnv ?? generateApiToken();
  if (!isUsableApiToken(apiToken)) throw new InvalidArgumentError(`WEBAGENT_API_TOKEN must have at least ${MIN_API_TOKEN_LENGTH} characters and no spaces`);
  const { core, paths, logger } = await openHostCore({
    dbPath,
    workerModulePath: join(import.meta.dirname, 'worker.js'),
    allowHosts: options.allowHost,
    browserArgs: options.browserArg,
    ...(options.browser ? { browserPath: options.browser } : {}),
  });
  let server;
  try {
    server = await startApiServer({ core, screenshotsDir: paths.screenshotsDir, token: apiToken, port: options.port, logger, maxPending: options.maxPending });
  } catch (error) {
    await core.close({ graceMs: 0 });
    throw error;
  }
  const shown = options.token === undefined && fromEnv === undefined;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, token: apiToken, database: dbPath })}\n`);
  } else {
    process.stdout.write(
      `WebAgent API at ${server.url}\n  token    ${apiToken}${shown ? ' (made for this run; pass --token to choose one)' : ''}\n  database ${dbPath}\n  logs     ${paths.logsDir}\n` +
        `  try: curl -H "Authorization: Bearer ${apiToken}" ${server.url}/health\nCtrl-C stops.\n`,
    );
  }
  core.start().then(
    () => {
      const state = core.queue.state();
      if (state.error) process.stderr.write(`the queue could not start: ${state.error.message}\n`);
    },
    (error: unknown) => logger.error({ err: error }, 'the queue could not start'),
  );

  await stopOnSignals(options.grace, (graceMs) => server.close().finally(() => core.close({ graceMs })));
}

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (/api/v1) on http://127.0.0.1:<port> on the store, and process its tasks')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', intInRange('port', 0, 65_535), 7878)
    .option('--db <file>', DB_OPTION_HELP)
    .option('--token <token>', `the bearer token clients must send (default: WEBAGENT_API_TOKEN, else a random one, printed); at least ${MIN_API_TOKEN_LENGTH} characters`, token)
    .option('--max-pending <n>', 'POST /tasks answers 429 while more tasks than this would be pending or running', intInRange('max-pending', 1, 10_000_000), 100_000)
    .option('--allow-host <host>', 'only requests to this host are made by the parsed pages, subresources included (repeatable)', collectHostName('--allow-host'), [])
    .option('--browser <path>', "the Chromium, Chrome or Edge the worker drives (default: the settings', WEBAGENT_CHROMIUM, Playwright's, an installed one)")
    .option('--browser-arg <arg>', 'an extra browser command-line argument (repeatable)', collect, [])
    .option('--grace <seconds>', 'after Ctrl-C, how long running pages may finish (0-300)', intInRange('grace', 0, 300), 5)
    .option('--json', 'print the URL, port and token as one JSON line')
    .action(async (options: ServeOptions) => {
      try {
        await serve(options);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new InvalidArgumentError(`port ${options.port} is in use (try --port 0)`);
        throw error;
      }
    });
}
