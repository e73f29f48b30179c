// `npm run serve:web`: the renderer in any browser against a real core (store, queue, worker),
// through the web host of src-main/server. Built into out/main/serve-web.js beside worker.js
// and ../renderer. Ctrl-C closes the core gracefully (running pages get a few seconds); a second
// Ctrl-C stops at once. Exit codes as the CLI's: 0 done, 1 an error, 2 a usage error.
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { collect, collectHostName, intInRange } from './cli/options';
import { stopOnSignals } from './cli/stop-on-signals';
import { DB_OPTION_HELP } from './cli/with-service';
import { resolveDataPaths } from './core/data-paths';
import { startWebHost } from './server';

interface ServeOptions {
  port: number;
  db?: string;
  allowHost: string[];
  browser?: string;
  browserArg: string[];
  grace: number;
}

function buildCommand(): Command {
  return new Command('serve:web')
    .description('serve the WebAgent window on http://127.0.0.1:<port>/ for a browser, on a real store and queue')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', intInRange('port', 0, 65_535), 5173)
    .option('--db <file>', DB_OPTION_HELP)
    .option('--allow-host <host>', 'only requests to this host are made by the parsed pages, subresources included (repeatable)', collectHostName('--allow-host'), [])
    .option('--browser <path>', "the Chromium, Chrome or Edge the worker drives (default: the settings', WEBAGENT_CHROMIUM, Playwright's, an installed one)")
    .option('--browser-arg <arg>', 'an extra browser command-line argument (repeatable)', collect, [])
    .option('--grace <seconds>', 'after Ctrl-C, how long running pages may finish (0-300)', intInRange('grace', 0, 300), 5)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}

async function serve(options: ServeOptions): Promise<void> {
  const { dbPath } = resolveDataPaths(options.db === undefined ? {} : { dbPath: options.db });
  const host = await startWebHost({
    dbPath,
    port: options.port,
    rendererDir: join(import.meta.dirname, '..', 'renderer'),
    workerModulePath: join(import.meta.dirname, 'worker.js'),
    allowHosts: options.allowHost,
    browserArgs: options.browserArg,
    ...(options.browser ? { browserPath: options.browser } : {}),
  });
  process.stdout.write(`WebAgent is served at ${host.url}\n  database ${dbPath}\n  logs     ${host.paths.logsDir}\nCtrl-C stops.\n`);
  void host.queueStarted.then(() => {
    const state = host.core.queue.state();
    if (state.error) process.stderr.write(`the queue could not start: ${state.error.message}\n`);
  });

  await stopOnSignals(options.grace, (graceMs) => host.close({ graceMs }));
}

async function main(argv: string[]): Promise<number> {
  const command = buildCommand();
  let options: ServeOptions;
  try {
    command.parse(argv, { from: 'user' });
    options = command.opts<ServeOptions>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    await serve(options);
    return 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`error: ${code === 'EADDRINUSE' ? `port ${options.port} is in use (try --port 0)` : (error as Error).message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
