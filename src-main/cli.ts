// `webagent`: the headless command line, on the same core as the desktop app (no Electron).
// Exit codes: 0 done; 1 an error (a task not found, a store that cannot be opened, ...);
// 2 a usage error (unknown command or option, a bad value).
import { basename } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { APP_VERSION } from '../src-shared/app-info';
import { TASK_STATUSES, type TaskStatus } from '../src-shared/domain';
import { AppError } from '../src-shared/errors';
import { EXPORT_FILE_FORMATS } from '../src-shared/export-format';
import type { ImportResult } from '../src-shared/task-input';
import { TASK_SORT_FIELDS, type TaskListQuery, type TaskSortField } from '../src-shared/task-query';
import { runExportCommand, type ExportCommandOptions } from './cli/export-command';
import { intInRange, readList } from './cli/options';
import { addProcessingCommands } from './cli/process-commands';
import { addServeCommand } from './cli/serve-command';
import { DB_OPTION_HELP, withService } from './cli/with-service';
import { formatExportSummary, formatImport, formatStats, formatTask, formatTaskTable } from './cli/format';

interface CommonOptions {
  db?: string;
  json?: boolean;
}

function print(options: CommonOptions, value: unknown, human: () => string): void {
  process.stdout.write(`${options.json ? JSON.stringify(value, null, 2) : human()}\n`);
}

function positiveInt(name: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
    return value;
  };
}

function taskIds(texts: string[]): number[] {
  return texts.map((text) => {
    const id = Number(text);
    if (!Number.isInteger(id) || id <= 0) throw new InvalidArgumentError(`"${text}" is not a task id`);
    return id;
  });
}

/** `--ids 1,2 --ids 7`: every id, in the order given. */
function addTaskIds(text: string, previous: number[] | undefined): number[] {
  return [...(previous ?? []), ...taskIds(text.split(',').map((part) => part.trim()))];
}

/** `--status completed,failed --status cancelled`: every status given. */
function addStatuses(text: string, previous: TaskStatus[] | undefined): TaskStatus[] {
  return [...(previous ?? []), ...statusList(text)];
}

function statusList(text: string): TaskStatus[] {
  return text.split(',').map((part) => {
    const status = part.trim() as TaskStatus;
    if (!TASK_STATUSES.includes(status)) {
      throw new InvalidArgumentError(`"${part}" is not a status (${TASK_STATUSES.join(', ')})`);
    }
    return status;
  });
}

/** An ISO date/time, or a duration back from now: 30m, 12h, 7d. */
function pointInTime(text: string): number {
  const relative = /^(\d+)([mhd])$/.exec(text);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
    return Date.now() - Number(relative[1]) * unit;
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`"${text}" is neither a date (2026-01-31T12:00) nor a duration (30m, 12h, 7d)`);
  return ms;
}

function withCommonOptions(command: Command): Command {
  return command
    .option('--db <file>', DB_OPTION_HELP)
    .option('--json', 'print machine-readable JSON');
}

export function buildProgram(): Command {
  const program = new Command('webagent')
    .description('Turn lists of URLs into agent-ready page data (interactive elements, selectors, content, screenshots).')
    .version(APP_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  withCommonOptions(
    program
      .command('import')
      .description('add every URL of one or more lists (txt, csv, json, bookmarks html; - for stdin) as tasks')
      .argument('<files...>', 'list files to import')
      .addOption(new Option('--format <format>', 'list format (default: from the file name, else sniffed)').choices(['text', 'csv', 'json', 'html']))
      .option('--priority <n>', 'priority of the new tasks (higher runs first)', intInRange('priority', -1000, 1000), 0)
      .option('--max-attempts <n>', 'attempts per task before it fails', intInRange('max-attempts', 1, 20), 3)
      .option('--no-screenshots', 'do not take screenshots')
      .option('--fast', 'fast mode: block images, fonts and media')
      .option('--allow-duplicates', 'add URLs even if a pending or running task has them'),
  ).action(async (files: string[], options: CommonOptions & {
    format?: 'text' | 'csv' | 'json' | 'html';
    priority: number;
    maxAttempts: number;
    screenshots: boolean;
    fast?: boolean;
    allowDuplicates?: boolean;
  }) => {
    // Read every file first: a missing file fails the command before anything is stored.
    const lists = await Promise.all(files.map(async (file) => ({ file, text: await readList(file) })));
    await withService(options, (service) => {
      const results: { file: string; result: ImportResult }[] = lists.map(({ file, text }) => ({
        file,
        result: service.importList({
          text,
          ...(file === '-' ? {} : { fileName: basename(file) }),
          ...(options.format ? { format: options.format } : {}),
          source: 'cli',
          settings: {
            priority: options.priority,
            maxAttempts: options.maxAttempts,
            skipActive: !options.allowDuplicates,
            options: { screenshots: options.screenshots, fastMode: options.fast ?? false },
          },
        }),
      }));
      print(options, results, () => results.map(({ file, result }) => formatImport(result, file === '-' ? 'stdin' : file)).join('\n'));
    });
  });

  withCommonOptions(
    program
      .command('list')
      .description('list tasks, newest first')
      .option('--status <statuses>', `comma-separated statuses (${TASK_STATUSES.join(', ')})`, statusList)
      .option('--batch <id>', 'only this batch', positiveInt('batch'))
      .option('--domain <domain>', 'only this host name')
      .option('--search <text>', 'text in the URL or the page title')
      .option('--since <when>', 'created at or after (ISO date, or 30m / 12h / 7d ago)', pointInTime)
      .option('--until <when>', 'created before (ISO date, or 30m / 12h / 7d ago)', pointInTime)
      .addOption(new Option('--sort <field>', 'sort by').choices(TASK_SORT_FIELDS).default('id'))
      .option('--asc', 'ascending order (default: descending)')
      .option('--limit <n>', 'rows per page (1-1000)', intInRange('limit', 1, 1000), 50)
      .option('--offset <n>', 'skip this many rows', positiveInt('offset'))
      .option('--cursor <cursor>', 'continue after a previous page (its nextCursor)'),
  ).action(async (options: CommonOptions & {
    status?: TaskStatus[];
    batch?: number;
    domain?: string;
    search?: string;
    since?: number;
    until?: number;
    sort: TaskSortField;
    asc?: boolean;
    limit: number;
    offset?: number;
    cursor?: string;
  }) => {
    const query: TaskListQuery = {
      sortBy: options.sort,
      sortDirection: options.asc ? 'asc' : 'desc',
      limit: options.limit,
      ...(options.status ? { statuses: options.status } : {}),
      ...(options.batch !== undefined ? { batchId: options.batch } : {}),
      ...(options.domain ? { domain: options.domain } : {}),
      ...(options.search ? { search: options.search } : {}),
      ...(options.since !== undefined ? { createdFrom: options.since } : {}),
      ...(options.until !== undefined ? { createdTo: options.until } : {}),
      ...(options.offset !== undefined ? { offset: options.offset } : {}),
      ...(options.cursor ? { cursor: options.cursor } : {}),
    };
    await withService(options, (service) => {
      const page = service.list(query);
      print(options, page, () => {
        const table = formatTaskTable(page.tasks, page.total);
        return page.nextCursor ? `${table}\nnext page: --cursor ${page.nextCursor}` : table;
      });
    });
  });

  withCommonOptions(program.command('show').description('show one task').argument('<id>', 'task id')).action(
    async (id: string, options: CommonOptions) => {
      const [taskId] = taskIds([id]);
      await withService(options, (service) => {
        const task = service.get(taskId as number);
        const page = service.getPage(task.id);
        print(options, { task, page }, () => {
          const summary = page
            ? `\npage         ${page.finalUrl} (HTTP ${page.httpStatus ?? '-'})\nelements     ${page.elements.length}, content blocks ${page.contentBlocks.length}`
            : '';
          return formatTask(task) + summary;
        });
      });
    },
  );

  withCommonOptions(program.command('stats').description('counts, success rate, timings, throughput, top domains')).action(
    async (options: CommonOptions) => {
      await withService(options, (service) => {
        const stats = service.stats();
        print(options, stats, () => formatStats(stats));
      });
    },
  );

  withCommonOptions(
    program
      .command('export')
      .description('write tasks and their page data to a webagent.export/v1 file, in task id order; screenshots are copied beside it')
      .requiredOption('--out <file>', 'the file to write (replaced when complete); screenshots go beside it (report.json: report-screenshots/)')
      .addOption(new Option('--format <format>', 'json: one document; jsonl: one task per line').choices(EXPORT_FILE_FORMATS).default('json'))
      .option('--batch <id>', 'only this batch', positiveInt('batch'))
      .option('--status <statuses>', `only these statuses, comma-separated or repeated (${TASK_STATUSES.join(', ')})`, addStatuses)
      .option('--ids <ids>', 'only these task ids, comma-separated or repeated', addTaskIds)
      .option('--no-screenshots', 'do not copy screenshots (every page.screenshot is null)'),
  ).action(async (options: CommonOptions & Omit<ExportCommandOptions, 'showProgress'>) => {
    await withService(options, async (_service, { store, logger }) => {
      const summary = await runExportCommand(store, logger, { ...options, showProgress: !options.json && process.stderr.isTTY });
      print(options, summary, () => formatExportSummary(summary));
    });
  });

  addProcessingCommands(program);
  addServeCommand(program);

  for (const [name, description] of [
    ['cancel', 'cancel pending or running tasks'],
    ['retry', 'retry failed or cancelled tasks'],
    ['delete', 'delete tasks with their page data and screenshots'],
  ] as const) {
    withCommonOptions(program.command(name).description(description).argument('<ids...>', 'task ids')).action(
      async (ids: string[], options: CommonOptions) => {
        const parsedIds = taskIds(ids);
        const failures = await withService(options, async (service) => {
          if (name === 'delete') {
            const result = await service.delete(parsedIds);
            print(options, result, () => `deleted ${result.deletedIds.length} task(s)` +
              (result.missingIds.length ? `; not found: ${result.missingIds.join(', ')}` : ''));
            return result.missingIds.length;
          }
          const result = name === 'cancel' ? service.cancel(parsedIds) : service.retry(parsedIds);
          print(options, result, () => [
            `${name === 'cancel' ? 'cancelled' : 'retried'} ${result.changed.length} task(s)`,
            ...result.errors.map((error) => `  ${error.message}`),
          ].join('\n'));
          return result.errors.length;
        });
        if (failures > 0) process.exitCode = 1;
      },
    );
  }

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // Thrown by our own argument checks inside an action (commander prints its own).
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof AppError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`fatal: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
