// The top bar: the three screens as tabs, the queue's state with pause / resume, and the two
// commands used most (add URLs, export).
import { COMMAND_KEY_LABEL } from '../lib/keyboard';
import { humanize } from '../lib/format';
import { openExport, openImport } from '../state/app-commands';
import { useQueueStore } from '../state/queue-store';
import { useStatsStore } from '../state/stats-store';
import { VIEWS, useViewStore, type View } from '../state/view-store';

const VIEW_LABELS: Record<View, string> = { tasks: 'Tasks', dashboard: 'Dashboard', settings: 'Settings' };

function QueueControl() {
  const queue = useQueueStore((state) => state.queue);
  const busy = useQueueStore((state) => state.busy);
  const togglePause = useQueueStore((state) => state.togglePause);
  // The queue's own state event comes on start, stop, pause and resume only; the live count of
  // running tasks comes with the stats.
  const running = useStatsStore((state) => state.stats?.byStatus.in_progress ?? 0);
  if (!queue) return null;
  const state = queue.error ? 'error' : queue.paused ? 'paused' : queue.state;
  const text = queue.error
    ? `Queue stopped: ${humanize(queue.error.type)}`
    : queue.paused
      ? `Paused · ${running} finishing`
      : queue.state === 'running'
        ? `Running · ${running} of ${queue.concurrency}`
        : humanize(queue.state);
  return (
    <div className={`queue-control queue-control--${state}`}>
      <span className="queue-control__dot" aria-hidden="true" />
      <span className="queue-control__text" role="status" data-testid="queue-status" title={queue.error?.message}>
        {text}
      </span>
      <button type="button" className="button button--small" onClick={() => void togglePause()} disabled={busy} title="Pause or resume (P)">
        {queue.paused ? 'Resume queue' : 'Pause queue'}
      </button>
    </div>
  );
}

export function AppHeader() {
  const view = useViewStore((state) => state.view);
  const setView = useViewStore((state) => state.setView);
  const openDialog = useViewStore((state) => state.openDialog);
  return (
    <header className="app-header">
      <span className="app-header__brand">WebAgent</span>
      <nav className="app-header__tabs" role="tablist" aria-label="Screens">
        {VIEWS.map((name, index) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={view === name}
            aria-controls="main-view"
            className={`app-header__tab ${view === name ? 'app-header__tab--active' : ''}`}
            onClick={() => setView(name)}
            title={`${VIEW_LABELS[name]} (${COMMAND_KEY_LABEL}+${index + 1})`}
          >
            {VIEW_LABELS[name]}
          </button>
        ))}
      </nav>
      <span className="toolbar__spacer" />
      <QueueControl />
      <button type="button" className="button button--primary" onClick={openImport} title={`Add URLs (${COMMAND_KEY_LABEL}+I)`}>
        Add URLs…
      </button>
      <button type="button" className="button" onClick={() => openExport()} title={`Export (${COMMAND_KEY_LABEL}+E)`}>
        Export…
      </button>
      <button type="button" className="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => openDialog('help')}>
        ?
      </button>
    </header>
  );
}
