// The window. The full UI (import, tasks table, detail, dashboard, settings) comes with the UI
// issue; this shows the live counts of the store so the wiring can be seen end to end.
import { useEffect } from 'react';
import { TASK_STATUSES } from '../../src-shared/domain';
import { useStatsStore } from './state/stats-store';

export function App() {
  const { stats, error, load } = useStatsStore();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main>
      <h1>WebAgent</h1>
      {error && <p role="alert">Could not load the task counts: {error}</p>}
      {!stats && !error && <p>Loading…</p>}
      {stats && (
        <dl aria-label="Task counts">
          <dt>All tasks</dt>
          <dd>{stats.total}</dd>
          {TASK_STATUSES.map((status) => (
            <div key={status}>
              <dt>{status.replace('_', ' ')}</dt>
              <dd>{stats.byStatus[status]}</dd>
            </div>
          ))}
        </dl>
      )}
    </main>
  );
}
