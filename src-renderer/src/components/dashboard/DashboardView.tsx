// The dashboard: counts per status, success rate, throughput, durations, top domains, the
// queue and the browser pool, all live (stats and queue-state events; the pool is polled).
import { TASK_STATUSES } from '../../../../src-shared/domain';
import { formatCount, formatDuration, formatPercent, formatRate, statusLabel } from '../../lib/format';
import { useStatsStore } from '../../state/stats-store';
import { EmptyState } from '../common/EmptyState';
import { BarList } from './BarList';
import { PoolPanel } from './PoolPanel';
import { QueuePanel } from './QueuePanel';
import { StatCard } from './StatCard';
import { ThroughputChart } from './ThroughputChart';

export function DashboardView() {
  const stats = useStatsStore((state) => state.stats);
  const error = useStatsStore((state) => state.error);
  const history = useStatsStore((state) => state.history);
  const load = useStatsStore((state) => state.load);

  if (!stats && error) {
    return (
      <EmptyState tone="error" title="The stats could not be loaded" actions={<button type="button" className="button" onClick={() => void load()}>Try again</button>}>
        {error}
      </EmptyState>
    );
  }
  if (!stats) return <EmptyState tone="loading" title="Loading the stats…" />;

  return (
    <section className="dashboard" aria-label="Dashboard">
      <div className="dashboard__cards">
        <StatCard label="Tasks" value={formatCount(stats.total)} detail={`${formatCount(stats.createdLastHour)} added in the last hour`} testId="stat-total" />
        <StatCard label="Success rate" value={formatPercent(stats.successRate)} detail={`${formatCount(stats.byStatus.completed)} completed · ${formatCount(stats.byStatus.failed)} failed`} testId="stat-success-rate" />
        <StatCard label="Throughput" value={`${formatRate(stats.pagesPerMinute)} /min`} detail="pages, last 5 minutes" testId="stat-throughput" />
        <StatCard label="Average time" value={formatDuration(stats.processingMs.average)} detail={`median ${formatDuration(stats.processingMs.median)}`} testId="stat-average" />
        <StatCard label="p95 time" value={formatDuration(stats.processingMs.p95)} detail="95 % of pages are faster" testId="stat-p95" />
        <StatCard label="Completed" value={formatCount(stats.completedLastHour)} detail={`last hour · ${formatCount(stats.completedLastDay)} last day`} testId="stat-completed-recent" />
      </div>
      <div className="dashboard__grid">
        <section className="panel" aria-label="Tasks by status">
          <h2 className="panel__title">Tasks by status</h2>
          <div className="status-strip" aria-hidden="true">
            {TASK_STATUSES.map((status) =>
              stats.byStatus[status] > 0 ? <span key={status} className={`status-strip__part bar--${status}`} style={{ flexGrow: stats.byStatus[status] }} /> : null,
            )}
          </div>
          <BarList
            label="Tasks by status"
            bars={TASK_STATUSES.map((status) => ({ key: status, label: statusLabel(status), value: stats.byStatus[status], display: formatCount(stats.byStatus[status]), tone: status }))}
          />
        </section>
        <section className="panel" aria-label="Throughput">
          <h2 className="panel__title">Throughput</h2>
          <ThroughputChart samples={history} />
        </section>
        <section className="panel" aria-label="Top domains">
          <h2 className="panel__title">Top domains</h2>
          {stats.topDomains.length === 0 ? (
            <p className="muted">No tasks yet.</p>
          ) : (
            <BarList label="Top domains" bars={stats.topDomains.map((entry) => ({ key: entry.domain, label: entry.domain, value: entry.count, display: formatCount(entry.count) }))} />
          )}
        </section>
        <QueuePanel />
        <PoolPanel />
      </div>
    </section>
  );
}
