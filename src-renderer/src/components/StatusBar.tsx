// The bottom line: live counts and throughput, always in view whatever the screen.
import { TASK_STATUSES } from '../../../src-shared/domain';
import { formatCount, formatRate, statusLabel } from '../lib/format';
import { useStatsStore } from '../state/stats-store';

export function StatusBar() {
  const stats = useStatsStore((state) => state.stats);
  const error = useStatsStore((state) => state.error);
  return (
    <footer className="status-bar" aria-label="Task counts">
      {error && !stats && <span className="error-text">Counts unavailable: {error}</span>}
      {stats && (
        <>
          <span data-testid="count-total">{formatCount(stats.total)} tasks</span>
          {TASK_STATUSES.map((status) => (
            <span key={status} className={`status-bar__count status-bar__count--${status}`} data-testid={`count-${status}`}>
              <span className="status-badge__dot" aria-hidden="true" />
              {statusLabel(status)} {formatCount(stats.byStatus[status])}
            </span>
          ))}
          <span className="toolbar__spacer" />
          <span>{formatRate(stats.pagesPerMinute)} pages/min</span>
        </>
      )}
    </footer>
  );
}
