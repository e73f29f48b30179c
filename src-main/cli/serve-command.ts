// `webagent serve`: the HTTP API (/api/v1) on 127.0.0.1 on a real core (store, queue, worker),
// without the desktop app. Without --token it makes one and prints it. Ctrl-C closes the server
// and the core gracefully (running pages get --grace seconds); a second Ctrl-C stops at once.
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { LOCAL_CAPACITY_BESIDE_REMOTE, parseBrowserEndpoint } from '../../src-shared/browser-endpoint';
import { InvalidInputError } from '../../src-shared/errors';
import { MAX_APP_CONCURRENCY, MIN_API_TOKEN_LENGTH, type AppSettingsPatch } from '../../src-shared/settings';
import { resolveDataPaths } from '../core/data-paths';
import { generateApiToken, isUsableApiToken, openHostCore, startApiServer } from '../server';
import { collect, collectHostName, intInRange } from './options';
import { browserCapacities } from './process-commands';
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
  browserEndpoint: string[];
  localBrowser: boolean;
  concurrency?: number;
  grace: number;
  json?: boolean;
}

function token(text: string): string {
  if (!isUsableApiToken(text)) throw new InvalidArgumentError(`--token must have at least ${MIN_API_TOKEN_LENGTH} characters and no spaces`);
  return text;
}

/** A repeatable `--browser-endpoint`, kept as the text settings.json would hold, each checked. */
function collectEndpointText(text: string, previous: string[]): string[] {
  const parsed = parseBrowserEndpoint(text);
  if (typeof parsed === 'string') throw new InvalidArgumentError(`--browser-endpoint: ${parsed}`);
  return [...previous, text];
}

/**
 * The settings the flags fix for this run, over settings.json's. With endpoints and no
 * --concurrency, as `webagent parse`: this machine's share plus every endpoint's capacity.
 */
export function serveSettingsOverrides(options: Pick<ServeOptions, 'browserEndpoint' | 'localBrowser' | 'concurrency'>): AppSettingsPatch {
  const overrides: AppSettingsPatch = {};
  if (!options.localBrowser) overrides.localBrowser = false;
  if (options.browserEndpoint.length > 0) {
    const endpoints = options.browserEndpoint.map(parseBrowserEndpoint).filter((endpoint) => typeof endpoint !== 'string');
    overrides.browserEndpoints = options.browserEndpoint;
    overrides.concurrency = Math.min(MAX_APP_CONCURRENCY, browserCapacities({ concurrency: options.concurrency, browserEndpoint: endpoints, localBrowser: options.localBrowser }).concurrency);
  } else if (options.concurrency !== undefined) {
    overrides.concurrency = options.concurrency;
  }
  return overrides;
}

async function serve(options: ServeOptions): Promise<void> {
  const { dbPath } = resolveDataPaths(options.db === undefined ? {} : { dbPath: options.db });
  // An empty variable counts as unset.
  const fromEnv = process.env.WEBAGENT_API_TOKEN || undefined;
  const apiToken = options.token ?? fromEnv ?? generateApiToken();
  if (!isUsableApiToken(apiToken)) throw new InvalidArgumentError(`WEBAGENT_API_TOKEN must have at least ${MIN_API_TOKEN_LENGTH} characters and no spaces`);
  const hostCore = openHostCore({
    dbPath,
    workerModulePath: join(import.meta.dirname, 'worker.js'),
    allowHosts: options.allowHost,
    browserArgs: options.browserArg,
    settingsOverrides: serveSettingsOverrides(options),
    ...(options.browser ? { browserPath: options.browser } : {}),
  });
  // Settings that do not hold come from the flags (the stored ones are salvaged): a usage error.
  const { core, paths, logger } = await hostCore.catch((error: unknown) => {
    throw error instanceof InvalidInputError ? new InvalidArgumentError(`with settings.json, ${error.message}`) : error;
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
    .option(
      '--browser-endpoint <url>',
      "a remote browser to use as well, instead of the settings' list (repeatable): ws://host:port/path of a Playwright server, or http://host:9222 of a Chrome with remote debugging; #capacity=N sets its pages at once (default 5)",
      collectEndpointText,
      [],
    )
    .option('--no-local-browser', "use only the remote browsers (--browser-endpoint or the settings'), none on this machine")
    .option('--concurrency <n>', `pages in flight at once, instead of the settings' (with --browser-endpoint, default: ${LOCAL_CAPACITY_BESIDE_REMOTE} here plus every endpoint's capacity)`, intInRange('concurrency', 1, MAX_APP_CONCURRENCY))
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
