// The screenshot with its element boxes beside the elements table, both filtered alike.
import { useEffect, useMemo, useState } from 'react';
import type { PageResult } from '../../../../src-shared/domain';
import { formatCount } from '../../lib/format';
import { useElementHighlightStore } from '../../state/element-highlight-store';
import { EmptyState } from '../common/EmptyState';
import { ELEMENT_TYPE_ORDER, elementTypeLabel } from './element-colors';
import { countByType, filterElements, NO_ELEMENT_FILTER, type ElementFilter } from './element-filter';
import { ElementsTable } from './ElementsTable';
import { ScreenshotWithBoxes } from './ScreenshotWithBoxes';

interface ElementsTabProps {
  taskId: number;
  page: PageResult;
  /** Changes when the task is parsed again. */
  version: string;
}

export function ElementsTab({ taskId, page, version }: ElementsTabProps) {
  const [filter, setFilter] = useState<ElementFilter>(NO_ELEMENT_FILTER);
  const elements = useMemo(() => filterElements(page.elements, filter), [page.elements, filter]);
  const counts = useMemo(() => countByType(page.elements), [page.elements]);

  useEffect(() => {
    useElementHighlightStore.getState().reset();
    setFilter(NO_ELEMENT_FILTER);
  }, [taskId, version]);

  return (
    <div className="elements-tab">
      <div className="toolbar toolbar--compact" role="search" aria-label="Element filters">
        <select className="input" aria-label="Element type" value={filter.type} onChange={(event) => setFilter({ ...filter, type: event.target.value as ElementFilter['type'] })}>
          <option value="all">All types ({formatCount(page.elements.length)})</option>
          {ELEMENT_TYPE_ORDER.filter((type) => counts.has(type)).map((type) => (
            <option key={type} value={type}>
              {elementTypeLabel(type)} ({formatCount(counts.get(type) ?? 0)})
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={filter.visibleOnly} onChange={(event) => setFilter({ ...filter, visibleOnly: event.target.checked })} />
          Visible only
        </label>
        <input
          type="search"
          className="input"
          aria-label="Search elements"
          placeholder="Name or selector"
          value={filter.search}
          onChange={(event) => setFilter({ ...filter, search: event.target.value })}
        />
        <span className="muted" data-testid="element-count">
          {formatCount(elements.length)} of {formatCount(page.elements.length)} elements
          {page.elementsTruncated && ` (page has ${formatCount(page.counts.interactiveElements)}; the first were kept)`}
        </span>
      </div>
      <div className="elements-tab__body">
        <div className="elements-tab__shot">
          {page.screenshotPath ? (
            <ScreenshotWithBoxes taskId={taskId} url={page.finalUrl} elements={elements} truncated={page.screenshotTruncated} version={version} />
          ) : (
            <EmptyState title="No screenshot">Screenshots were off for this task.</EmptyState>
          )}
        </div>
        <div className="elements-tab__table">
          {page.elements.length === 0 ? (
            <EmptyState title="No interactive elements on this page" />
          ) : elements.length === 0 ? (
            <EmptyState title="No element matches the filter" />
          ) : (
            <ElementsTable elements={elements} />
          )}
        </div>
      </div>
    </div>
  );
}
