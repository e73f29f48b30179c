// The `parse` and `run` commands: their flags, the import of the inputs, and the summary.
import { basename, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { TASK_TIMEOUT_MS } from '../../src-shared/domain';
import { EXPORT_FILE_FORMATS, type ExportFileFormat } from '../../src-shared/export-format';
import type { ImportResult } from '../../src-shared/task-input';
import type { Store } from '../core/store/database';
import type { TaskService } from '../core/task-service';
import { runExportCommand } from './export-command';
import { formatExportSummary, formatImport } from './format';
import { LOCAL_CAPACITY_BESIDE_REMOTE, MAX_LOCAL_CONCURRENCY, type BrowserEndpoint } from '../../src-shared/browser-endpoint';
import { MAX_CONCURRENCY } from '../core/queue/scheduler-settings';
import { collect, collectBrowserEndpoint, collectHostName, intInRange, readList } from './options';
import { processTasks, type ProcessingFlags, type RunSummary } from './process-tasks';
import { DB_OPTION_HELP, withService, type CommandContext } from './with-service';

interface ProcessingCommandOptions {
  db?: string;
  json?: boolean;
  /** Unset: 5, or with remote browsers every browser's capacity added up. */
  concurrency?: number;
  cache: boolean;
  browserEndpoint: BrowserEndpoint[];
  localBrowser: boolean;
  allowHost: string[];
  siteIsolation?: boolean;
  browser?: string;
  browserArg: string[];
  grace: number;
}

interface ParseCommandOptions extends ProcessingCommandOptions {
  out?: string;
  format: ExportFileFormat;
  screenshots: boolean;
  fast?: boolean;
  timeout: number;
  retries: number;
}

function addProcessingOptions(command: Command): Command {
  return command
    .option('--db <file>', DB_OPTION_HELP)
    .option('--json', 'print the summary as JSON')
    .option('--concurrency <n>', `pages in flight at once (default 5; with --browser-endpoint every browser's capacity added up; at most ${MAX_LOCAL_CONCURRENCY} on this machine's browser alone)`, intInRange('concurrency', 1, MAX_CONCURRENCY))
    .option('--no-cache', 'always load pages, even if a fresh result of the same URL and options is stored')
    .option('--allow-host <host>', 'only requests to this host are made, subresources included (repeatable)', collectHostName('--allow-host'), [])
    .option('--site-isolation', "keep Chromium's site isolation on (a process per site and per cross-site iframe: safer, slower)")
    .option('--browser <path>', 'the Chromium, Chrome or Edge to use (default: WEBAGENT_CHROMIUM, Playwright\'s, an installed one)')
    .option('--browser-arg <arg>', 'an extra browser command-line argument (repeatable)', collect, [])
    .option(
      '--browser-endpoint <url>',
      'a remote browser to use as well (repeatable): ws://host:port/path of a Playwright server, or http://host:9222 of a Chrome with remote debugging; #capacity=N sets its pages at once (default 5)',
      collectBrowserEndpoint('--browser-endpoint'),
      [],
    )
    .option('--no-local-browser', 'use only the --browser-endpoint browsers, none on this machine')
    .option('--grace <seconds>', 'after Ctrl-C, how long running pages may finish (0-300)', intInRange('grace', 0, 300), 10);
}

const DEFAULT_CONCURRENCY = 5;

/** Pages in flight, and the contexts of this machine's browser, from the flags. */
export function browserCapacities(options: Pick<ProcessingCommandOptions, 'concurrency' | 'browserEndpoint' | 'localBrowser'>): { concurrency: number; localContexts: number } {
  const remote = options.browserEndpoint.reduce((sum, endpoint) => sum + endpoint.capacity, 0);
  if (!options.localBrowser && options.browserEndpoint.length === 0) {
    throw new InvalidArgumentError('--no-local-browser needs at least one --browser-endpoint');
  }
  if (options.browserEndpoint.length === 0) {
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (concurrency > MAX_LOCAL_CONCURRENCY) {
      throw new InvalidArgumentError(`--concurrency above ${MAX_LOCAL_CONCURRENCY} needs remote browsers (--browser-endpoint)`);
    }
    return { concurrency, localContexts: concurrency };
  }
  const localContexts = options.localBrowser ? Math.min(LOCAL_CAPACITY_BESIDE_REMOTE, options.concurrency ?? LOCAL_CAPACITY_BESIDE_REMOTE) : 0;
  return { concurrency: Math.min(MAX_CONCURRENCY, options.concurrency ?? localContexts + remote), localContexts };
}

function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

async function runProcessing(options: ProcessingCommandOptions, work: (service: TaskService, store: Store) => { batchIds: number[] } | 'everything',
  after: (summary: RunSummary, context: CommandContext, scope: { batchIds: number[] } | 'everything') => Promise<string[]>): Promise<void> {
  // Checked before the store is opened: a usage error imports nothing.
  const capacities = browserCapacities(options);
  await withService(options, async (service, context) => {
    const { store, logger, paths } = context;
    const scope = work(service, store);
    const flags: ProcessingFlags = {
      ...capacities,
      browserEndpoints: options.browserEndpoint,
      cache: options.cache,
      allowHost: options.allowHost,
      siteIsolation: options.siteIsolation === true,
      browserArgs: options.browserArg,
      graceSeconds: options.grace,
      ...(options.browser ? { browser: options.browser } : {}),
    };
    const summary = await processTasks(
      { service, store, logger, paths, workerModulePath: join(import.meta.dirname, 'worker.js') },
      flags,
      scope,
      { progress: !options.json, stderr: process.stderr },
    );
    const extra = await after(summary, context, scope);
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${[formatRunSummary(summary), ...extra].join('\n')}\n`);
    // Ctrl-C: the conventional 128 + SIGINT, so scripts can tell an interrupted run.
    if (!summary.finished) process.exitCode = 130;
  });
}

export function formatRunSummary(summary: RunSummary): string {
  const { byStatus, failedByType, cacheHits } = summary.counts;
  const failedTypes = Object.entries(failedByType).map(([type, count]) => `${count} ${type}`).join(', ');
  const lines = [
    `${summary.finished ? 'finished' : 'interrupted'} in ${(summary.elapsedMs / 1000).toFixed(1)} s, ${summary.pagesPerSecond.toFixed(2)} pages/s`,
    `  ${byStatus.completed ?? 0} completed${cacheHits > 0 ? ` (${cacheHits} from the cache)` : ''}`,
    `  ${byStatus.failed ?? 0} failed${failedTypes ? `: ${failedTypes}` : ''}`,
  ];
  if (byStatus.cancelled) lines.push(`  ${byStatus.cancelled} cancelled`);
  const left = (byStatus.pending ?? 0) + (byStatus.in_progress ?? 0);
  if (!summary.finished || left > 0) lines.push(`  ${left} left pending: \`webagent run\` finishes them`);
  return lines.join('\n');
}

export function addProcessingCommands(program: Command): void {
  addProcessingOptions(
    program
      .command('parse')
      .description('add URLs or URL lists as tasks and process them until every one has ended (exit 0 even if some pages failed)')
      .argument('<inputs...>', 'http(s) URLs, or list files (txt, csv, json, bookmarks html; - for stdin)')
      .option('--out <file>', 'write the export of these tasks here when done (screenshots beside it)')
      .addOption(new Option('--format <format>', 'export format with --out').choices(EXPORT_FILE_FORMATS).default('json'))
      .option('--no-screenshots', 'do not take screenshots')
      .option('--fast', 'fast mode: block images, fonts and media')
      .option('--timeout <ms>', `time per page (${TASK_TIMEOUT_MS.min}-${TASK_TIMEOUT_MS.max} ms)`, intInRange('timeout', TASK_TIMEOUT_MS.min, TASK_TIMEOUT_MS.max), TASK_TIMEOUT_MS.default)
      .option('--retries <n>', 'retries of a page after a retryable failure (0-10)', intInRange('retries', 0, 10), 2),
  ).action(async (inputs: string[], options: ParseCommandOptions) => {
    const urls = inputs.filter(isUrl);
    const files = inputs.filter((input) => !isUrl(input));
    // Read every file first: a missing file fails the command before anything is stored.
    const lists = await Promise.all(files.map(async (file) => ({ file, text: await readList(file) })));
    if (urls.length > 0) lists.push({ file: 'arguments', text: urls.join('\n') });
    const settings = {
      maxAttempts: options.retries + 1,
      options: { screenshots: options.screenshots, fastMode: options.fast ?? false, timeoutMs: options.timeout, useCache: options.cache },
    };
    let importedTaskIds: number[] = [];
    await runProcessing(
      options,
      (service) => {
        const results: { file: string; result: ImportResult }[] = lists.map(({ file, text }) => ({
          file,
          result: service.importList({ text, source: 'cli', settings, ...(file === '-' || file === 'arguments' ? {} : { fileName: basename(file) }) }),
        }));
        importedTaskIds = results.flatMap(({ result }) => result.taskIds);
        if (!options.json) process.stderr.write(`${results.map(({ file, result }) => formatImport(result, file === '-' ? 'stdin' : file)).join('\n')}\n`);
        return { batchIds: results.flatMap(({ result }) => (result.batch ? [result.batch.id] : [])) };
      },
      async (summary, { store, logger }, scope) => {
        if (!options.out || !summary.finished || scope === 'everything') return [];
        const [onlyBatch] = scope.batchIds;
        // `webagent export`'s path: Ctrl-C during the export removes what it wrote.
        const exported = await runExportCommand(store, logger, {
          out: options.out,
          format: options.format,
          screenshots: options.screenshots,
          showProgress: !options.json && process.stderr.isTTY,
          // One list: its batch. Several: their task ids.
          ...(scope.batchIds.length === 1 && onlyBatch !== undefined ? { batch: onlyBatch } : { ids: importedTaskIds }),
        });
        return [formatExportSummary(exported)];
      },
    );
  });

  addProcessingOptions(
    program.command('run').description('process every pending task of the store (an interrupted parse, tasks imported meanwhile) until none is left'),
  ).action(async (options: ProcessingCommandOptions) => {
    await runProcessing(options, () => 'everything', () => Promise.resolve([]));
  });
}
