// How the CLI prints tasks and stats for people (the --json output is the raw objects).
import type { Task, TaskStats } from '../../src-shared/domain';
import type { ExportSummary } from '../../src-shared/export-format';
import type { ImportResult } from '../../src-shared/task-input';

function truncate(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

function duration(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function time(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

export function formatTaskTable(tasks: readonly Task[], total: number): string {
  const header = `${'ID'.padStart(7)}  ${'STATUS'.padEnd(11)}  ${'PROG'.padStart(4)}  ${'TRY'.padEnd(5)}  ${'TIME'.padStart(8)}  ${'URL'.padEnd(60)}  TITLE / ERROR`;
  const lines = tasks.map((task) => {
    const note = task.error ? `[${task.error.type}] ${task.error.message}` : (task.title ?? '');
    return [
      String(task.id).padStart(7),
      task.status.padEnd(11),
      `${task.progress.percentage}%`.padStart(4),
      `${task.attempts}/${task.maxAttempts}`.padEnd(5),
      duration(task.processingMs).padStart(8),
      truncate(task.url, 60),
      truncate(note, 60).trimEnd(),
    ].join('  ');
  });
  return [header, ...lines, `${tasks.length} of ${total} task(s)`].join('\n');
}

export function formatTask(task: Task): string {
  const rows: [string, string][] = [
    ['id', String(task.id)],
    ['url', task.url],
    ['status', task.status],
    ['title', task.title ?? '-'],
    ['domain', task.domain],
    ['batch', task.batchId === null ? '-' : String(task.batchId)],
    ['priority', String(task.priority)],
    ['progress', `${task.progress.percentage}%${task.progress.step ? ` (${task.progress.step})` : ''}`],
    ['attempts', `${task.attempts} of ${task.maxAttempts}`],
    ['error', task.error ? `${task.error.type}: ${task.error.message}${task.error.retryable ? ' (retryable)' : ''}` : '-'],
    ['options', JSON.stringify(task.options)],
    ['created', time(task.createdAt)],
    ['started', time(task.startedAt)],
    ['completed', time(task.completedAt)],
    ['next attempt', task.status === 'pending' ? time(task.nextAttemptAt) : '-'],
    ['duration', duration(task.processingMs)],
    ['cache hit', task.cacheHit ? 'yes' : 'no'],
  ];
  return rows.map(([key, value]) => `${key.padEnd(13)}${value}`).join('\n');
}

export function formatStats(stats: TaskStats): string {
  const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
  const lines = [
    `tasks        ${stats.total}`,
    ...Object.entries(stats.byStatus).map(([status, count]) => `  ${status.padEnd(12)} ${count}`),
    `success rate ${percent(stats.successRate)}`,
    `duration     average ${duration(stats.processingMs.average)}, median ${duration(stats.processingMs.median)}, p95 ${duration(stats.processingMs.p95)}`,
    `created      ${stats.createdLastHour} in the last hour, ${stats.createdLastDay} in the last day`,
    `completed    ${stats.completedLastHour} in the last hour, ${stats.completedLastDay} in the last day`,
    `throughput   ${stats.pagesPerMinute.toFixed(1)} pages/min (last 5 min)`,
    `top domains  ${stats.topDomains.map((d) => `${d.domain} (${d.count})`).join(', ') || '-'}`,
  ];
  return lines.join('\n');
}

export function formatImport(result: ImportResult, source: string): string {
  const lines = [
    `${source}: added ${result.created} task(s)${result.batch ? ` in batch ${result.batch.id}` : ''}; ` +
      `${result.duplicates.length} duplicate(s) in the list, ${result.alreadyQueued.length} already queued, ` +
      `${result.rejected.length} invalid`,
  ];
  if (result.schemeAdded > 0) lines.push(`  ${result.schemeAdded} bare domain(s) were given https://`);
  const shown = result.rejected.slice(0, 50);
  for (const rejected of shown) lines.push(`  ${rejected.message}`);
  if (result.rejected.length > shown.length) lines.push(`  … and ${result.rejected.length - shown.length} more invalid line(s) (use --json for all)`);
  return lines.join('\n');
}

export function formatExportSummary(summary: ExportSummary): string {
  const size = summary.bytes < 1024 * 1024 ? `${Math.ceil(summary.bytes / 1024)} KiB` : `${(summary.bytes / 1024 / 1024).toFixed(1)} MiB`;
  const lines = [`exported ${summary.tasks} task(s) to ${summary.path} (${summary.format}, ${size}) in ${duration(summary.durationMs)}`];
  if (summary.screenshots > 0) lines.push(`  ${summary.screenshots} screenshot(s) copied beside it`);
  if (summary.missingScreenshots > 0) {
    lines.push(`  ${summary.missingScreenshots} screenshot file(s) were missing from the data folder: exported as null`);
  }
  return lines.join('\n');
}
