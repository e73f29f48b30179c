// The worker's browser pool: contexts, reuse, retirements, waits and memory, polled while shown.
import { useEffect } from 'react';
import { RETIRE_REASONS } from '../../../../src-shared/domain';
import { formatBytes, formatCount, formatDuration } from '../../lib/format';
import { usePoolStatsStore } from '../../state/pool-stats-store';
import { BarList } from './BarList';

export function PoolPanel() {
  const report = usePoolStatsStore((state) => state.report);
  const loaded = usePoolStatsStore((state) => state.loaded);
  const error = usePoolStatsStore((state) => state.error);
  const startPolling = usePoolStatsStore((state) => state.startPolling);

  useEffect(() => startPolling(), [startPolling]);

  const pool = report?.pool;
  return (
    <section className="panel" aria-label="Browser pool">
      <h2 className="panel__title">Browser pool</h2>
      {error && <p className="inline-error">{error}</p>}
      {!loaded && <p className="muted">Loading…</p>}
      {loaded && !pool && !error && <p className="muted">No worker runs right now: it starts with the first pending task.</p>}
      {pool && (
        <>
          <dl className="facts facts--compact" data-testid="pool-stats">
            <div className="facts__row">
              <dt>Contexts</dt>
              <dd>
                {pool.contexts.active} active · {pool.contexts.idle} idle · {pool.contexts.total} of {pool.contexts.max}
              </dd>
            </div>
            <div className="facts__row">
              <dt>Browser memory</dt>
              <dd>{formatBytes(pool.memory.browserBytes)}</dd>
            </div>
            <div className="facts__row">
              <dt>Pages processed</dt>
              <dd>{formatCount(pool.pagesProcessed)}</dd>
            </div>
            <div className="facts__row">
              <dt>Contexts created / reused</dt>
              <dd>
                {formatCount(pool.created)} / {formatCount(pool.reused)}
              </dd>
            </div>
            <div className="facts__row">
              <dt>Wait for a context</dt>
              <dd>
                p50 {formatDuration(pool.acquireWaitMs.p50)} · p95 {formatDuration(pool.acquireWaitMs.p95)}
              </dd>
            </div>
            <div className="facts__row">
              <dt>Retired</dt>
              <dd>
                {RETIRE_REASONS.filter((reason) => pool.retired[reason] > 0)
                  .map((reason) => `${reason} ${pool.retired[reason]}`)
                  .join(' · ') || 'none'}
              </dd>
            </div>
            <div className="facts__row">
              <dt>Browser launches / uptime</dt>
              <dd>
                {pool.browserLaunches} / {formatDuration(pool.uptimeMs)}
              </dd>
            </div>
          </dl>
          {pool.browsers.length > 1 || pool.browsers.some((browser) => browser.remote) ? (
            <>
              <h3 className="panel__subtitle">Browsers</h3>
              <ul className="facts" aria-label="Browsers">
                {pool.browsers.map((browser) => (
                  <li key={browser.label} className="facts__row" data-testid="pool-browser">
                    <span>{browser.remote ? browser.label : 'this machine'}</span>
                    <span>
                      {browser.connected ? 'connected' : 'not connected'} · {browser.contexts} of {browser.capacity} contexts
                      {browser.lastError ? ` · ${browser.lastError}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {pool.memory.perContext.length > 0 && (
            <>
              <h3 className="panel__subtitle">JS heap per context</h3>
              <BarList
                label="JS heap per context"
                bars={pool.memory.perContext.map((context) => ({ key: context.id, label: context.id, value: context.bytes ?? 0, display: formatBytes(context.bytes) }))}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
