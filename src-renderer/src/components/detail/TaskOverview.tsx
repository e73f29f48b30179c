// A task's metadata, its error when it failed, and its parsed page's metadata.
import type { ReactNode } from 'react';
import type { PageResult, Task } from '../../../../src-shared/domain';
import { api } from '../../api';
import { formatBytes, formatCount, formatDateTime, formatDuration, humanize } from '../../lib/format';
import { CopyButton } from '../common/CopyButton';
import { StatusBadge } from '../common/StatusBadge';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </div>
  );
}

function TaskError({ task }: { task: Task }) {
  if (!task.error) return null;
  const waiting = task.status === 'pending';
  return (
    <section className="task-error" role="alert" aria-label="Task error" data-error-type={task.error.type}>
      <h3>
        {waiting ? 'Last attempt failed' : 'Failed'}: <span className="error-type">{humanize(task.error.type)}</span>
      </h3>
      <p className="task-error__message">{task.error.message}</p>
      <p className="muted">
        {task.error.retryable ? 'Retryable' : 'Not retryable'}
        {waiting && task.nextAttemptAt > Date.now() && ` · next attempt at ${formatDateTime(task.nextAttemptAt)}`}
      </p>
    </section>
  );
}

function PageFacts({ page, taskId }: { page: PageResult; taskId: number }) {
  const openGraph = Object.entries(page.openGraph);
  return (
    <section aria-label="Page">
      <h3>Page</h3>
      <div className="overview__page">
        {page.thumbnailPath && <img className="overview__thumb" src={api.screenshotUrl(taskId, 'thumb')} alt={`Thumbnail of ${page.finalUrl}`} />}
        <dl className="facts">
          <Row label="Title">{page.title || '—'}</Row>
          <Row label="Final URL">
            <span className="break">{page.finalUrl}</span> <CopyButton value={page.finalUrl} label="Copy final URL" />
          </Row>
          <Row label="HTTP status">{page.httpStatus ?? '—'}</Row>
          <Row label="Language">{page.language ?? '—'}</Row>
          <Row label="Canonical URL">{page.canonicalUrl ? <span className="break">{page.canonicalUrl}</span> : '—'}</Row>
          <Row label="Description">{page.metaDescription ?? '—'}</Row>
          <Row label="Keywords">{page.metaKeywords ?? '—'}</Row>
          <Row label="Counts">
            {formatCount(page.counts.interactiveElements)} interactive elements · {formatCount(page.counts.links)} links · {formatCount(page.counts.forms)} forms ·{' '}
            {formatCount(page.counts.images)} images
          </Row>
          <Row label="Content blocks">{formatCount(page.contentBlocks.length)}</Row>
          <Row label="Content hash">
            <code className="break">{page.contentHash}</code>
          </Row>
        </dl>
      </div>
      {page.redirects.length > 0 && (
        <>
          <h4>Redirects</h4>
          <ol className="plain-list">
            {page.redirects.map((url, index) => (
              <li key={index} className="break">
                {url}
              </li>
            ))}
          </ol>
        </>
      )}
      {openGraph.length > 0 && (
        <>
          <h4>Open Graph</h4>
          <dl className="facts">
            {openGraph.map(([key, value]) => (
              <Row key={key} label={key}>
                <span className="break">{value}</span>
              </Row>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

export function TaskOverview({ task, page }: { task: Task; page: PageResult | null }) {
  return (
    <div className="overview">
      <TaskError task={task} />
      <section aria-label="Task">
        <h3>Task</h3>
        <dl className="facts">
          <Row label="Status">
            <StatusBadge status={task.status} />
          </Row>
          <Row label="Attempts">
            {task.attempts} of {task.maxAttempts}
          </Row>
          <Row label="Priority">{task.priority}</Row>
          <Row label="Batch">{task.batchId === null ? '—' : `#${task.batchId}`}</Row>
          <Row label="Created">{formatDateTime(task.createdAt)}</Row>
          <Row label="Started">{formatDateTime(task.startedAt)}</Row>
          <Row label="Completed">{formatDateTime(task.completedAt)}</Row>
          <Row label="Duration">{formatDuration(task.processingMs)}</Row>
          <Row label="From cache">{task.cacheHit ? 'yes' : 'no'}</Row>
          <Row label="Memory">{formatBytes(task.memoryBytes)}</Row>
          <Row label="Worker / context">{task.workerId || task.contextId ? `${task.workerId ?? '—'} / ${task.contextId ?? '—'}` : '—'}</Row>
          <Row label="Options">
            screenshots {task.options.screenshots ? 'on' : 'off'} · fast mode {task.options.fastMode ? 'on' : 'off'} · timeout {formatDuration(task.options.timeoutMs)} · cache{' '}
            {task.options.useCache ? 'on' : 'off'}
          </Row>
        </dl>
      </section>
      {page ? (
        <PageFacts page={page} taskId={task.id} />
      ) : (
        <p className="muted">{task.status === 'completed' ? 'Loading the page…' : 'No parsed page yet.'}</p>
      )}
    </div>
  );
}
