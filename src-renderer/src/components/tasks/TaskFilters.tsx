// The filter bar above the tasks table: text search (/ focuses it), statuses, batch, domain.
import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TASK_STATUSES } from '../../../../src-shared/domain';
import { formatCount, statusLabel } from '../../lib/format';
import { SEARCH_FIELD_ID } from '../../state/app-commands';
import { useBatchesStore } from '../../state/batches-store';
import { useStatsStore } from '../../state/stats-store';
import { hasFilters, useTaskQueryStore } from '../../state/task-query-store';

const TYPING_DELAY_MS = 250;

/** A text field that applies its value a moment after the user stops typing. */
function useDebouncedField(value: string, apply: (value: string) => void): [string, (value: string) => void] {
  const [text, setText] = useState(value);
  // Take a value set elsewhere (Clear filters), but not the trimmed echo of what is being
  // typed: "foo " must not lose its space before "bar" comes.
  useEffect(() => setText((current) => (current.trim() === value ? current : value)), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => apply(text), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value, apply]);
  return [text, setText];
}

export function TaskFilters() {
  const query = useTaskQueryStore(
    useShallow((state) => ({ statuses: state.statuses, batchId: state.batchId, domain: state.domain, search: state.search, sortBy: state.sortBy, sortDirection: state.sortDirection })),
  );
  const { toggleStatus, setBatchId, setDomain, setSearch, clearFilters } = useTaskQueryStore(
    useShallow((state) => ({ toggleStatus: state.toggleStatus, setBatchId: state.setBatchId, setDomain: state.setDomain, setSearch: state.setSearch, clearFilters: state.clearFilters })),
  );
  const batches = useBatchesStore((state) => state.batches);
  const byStatus = useStatsStore((state) => state.stats?.byStatus);
  const topDomains = useStatsStore((state) => state.stats?.topDomains);
  const [search, setSearchText] = useDebouncedField(query.search, setSearch);
  const [domain, setDomainText] = useDebouncedField(query.domain, setDomain);
  const domainListId = useId();

  return (
    <div className="toolbar task-filters" role="search" aria-label="Task filters">
      <input
        id={SEARCH_FIELD_ID}
        type="search"
        className="input task-filters__search"
        aria-label="Search tasks"
        placeholder="Search URL or title   ( / )"
        value={search}
        onChange={(event) => setSearchText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') setSearch(search);
        }}
      />
      <div className="segmented" role="group" aria-label="Status filter">
        {TASK_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            aria-pressed={query.statuses.includes(status)}
            aria-label={statusLabel(status)}
            className={`segmented__item status-filter status-filter--${status}`}
            onClick={() => toggleStatus(status)}
          >
            <span className="status-badge__dot" aria-hidden="true" />
            {statusLabel(status)}
            {byStatus && <span className="segmented__count">{formatCount(byStatus[status])}</span>}
          </button>
        ))}
      </div>
      <select
        className="input"
        aria-label="Batch"
        value={query.batchId ?? ''}
        onChange={(event) => setBatchId(event.target.value === '' ? null : Number(event.target.value))}
      >
        <option value="">All batches</option>
        {batches.map((batch) => (
          <option key={batch.id} value={batch.id}>
            #{batch.id} {batch.name} ({formatCount(batch.taskCount)})
          </option>
        ))}
      </select>
      <input
        className="input task-filters__domain"
        aria-label="Domain"
        placeholder="Domain"
        list={domainListId}
        value={domain}
        onChange={(event) => setDomainText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') setDomain(domain);
        }}
      />
      <datalist id={domainListId}>
        {topDomains?.map((entry) => (
          <option key={entry.domain} value={entry.domain} />
        ))}
      </datalist>
      {hasFilters(query) && (
        <button type="button" className="button button--ghost" onClick={clearFilters}>
          Clear filters
        </button>
      )}
    </div>
  );
}
