// The queue: running or not, paused, pages in flight, and why it cannot run when it cannot.
import { humanize } from '../../lib/format';
import { useQueueStore } from '../../state/queue-store';

export function QueuePanel() {
  const queue = useQueueStore((state) => state.queue);
  const error = useQueueStore((state) => state.error);
  const busy = useQueueStore((state) => state.busy);
  const togglePause = useQueueStore((state) => state.togglePause);

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
                {queue.inFlight} of {queue.concurrency}
              </dd>
            </div>
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
