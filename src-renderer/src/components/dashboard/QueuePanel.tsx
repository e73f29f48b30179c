// The queue: running or not, paused, pages in flight, and why it cannot run when it cannot.
// The queue-state event comes on start, stop, pause and resume; the live figures come from the
// polled pool report (and the stats' running count while no worker runs).
import { formatCount, humanize } from '../../lib/format';
import { usePoolStatsStore } from '../../state/pool-stats-store';
import { useQueueStore } from '../../state/queue-store';
import { useStatsStore } from '../../state/stats-store';

export function QueuePanel() {
  const queue = useQueueStore((state) => state.queue);
  const error = useQueueStore((state) => state.error);
  const busy = useQueueStore((state) => state.busy);
  const togglePause = useQueueStore((state) => state.togglePause);
  const scheduler = usePoolStatsStore((state) => state.report?.queue);
  const running = useStatsStore((state) => state.stats?.byStatus.in_progress ?? 0);

  return (
    <section className="panel" aria-label="Queue">
      <h2 className="panel__title">Queue</h2>
      {error && <p className="inline-error">{error}</p>}
      {!queue && !error && <p className="muted">Loading…</p>}
      {queue && (
        <>
          <dl className="facts facts--compact">
            <div className="facts__row">
              <dt>State</dt>
              <dd data-testid="queue-state">{queue.paused ? `paused (${queue.state})` : queue.state}</dd>
            </div>
            <div className="facts__row">
              <dt>In flight</dt>
              <dd>
                {scheduler?.inFlight ?? running} of {scheduler?.effectiveConcurrency ?? queue.concurrency}
                {scheduler && scheduler.effectiveConcurrency < scheduler.concurrency && <span className="muted"> (concurrency {scheduler.concurrency}, limited by the browser contexts)</span>}
              </dd>
            </div>
            {scheduler && (
              <>
                <div className="facts__row">
                  <dt>Dispatched</dt>
                  <dd>{formatCount(scheduler.dispatched)}</dd>
                </div>
                <div className="facts__row">
                  <dt>Cache hits</dt>
                  <dd>{formatCount(scheduler.cacheHits)}</dd>
                </div>
              </>
            )}
          </dl>
          {queue.error && (
            <p className="inline-error" role="alert">
              The queue cannot run ({humanize(queue.error.type)}): {queue.error.message}
            </p>
          )}
          <button type="button" className="button" onClick={() => void togglePause()} disabled={busy}>
            {queue.paused ? 'Resume queue' : 'Pause queue'}
          </button>
        </>
      )}
    </section>
  );
}
