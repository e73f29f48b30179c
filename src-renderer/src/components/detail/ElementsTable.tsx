// The extracted elements of a page as a virtualized grid (a page may have 5,000). Hovering a
// row highlights its box on the screenshot; a box clicked there scrolls its row into view.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { PageElement } from '../../../../src-shared/domain';
import { useElementHighlightStore } from '../../state/element-highlight-store';
import { CopyButton } from '../common/CopyButton';
import { elementTypeLabel } from './element-colors';

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 30;
const COLUMNS = ['#', 'Type', 'Name', 'Role', 'Semantic role', 'Visible', 'Interactions', 'CSS selector', 'Copy'];

const ElementRow = memo(function ElementRow({ element, top }: { element: PageElement; top: number }) {
  const hovered = useElementHighlightStore((state) => state.hovered === element.index);
  const pinned = useElementHighlightStore((state) => state.pinned === element.index);
  const name = element.name || element.text || element.placeholder || element.ariaLabel;
  return (
    <div
      role="row"
      className={`element-row ${hovered ? 'element-row--hovered' : ''} ${pinned ? 'element-row--pinned' : ''} ${element.visible ? '' : 'element-row--hidden'}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      data-element-index={element.index}
      data-element-type={element.type}
      data-highlighted={hovered || pinned ? 'true' : 'false'}
      aria-selected={pinned}
      onMouseEnter={() => useElementHighlightStore.getState().hover(element.index)}
      onMouseLeave={() => useElementHighlightStore.getState().hover(null)}
      onClick={() => useElementHighlightStore.getState().pin(element.index, 'row')}
    >
      <div role="gridcell" className="element-cell element-cell--end">
        {element.index}
      </div>
      <div role="gridcell" className="element-cell">
        <span className={`type-chip type-chip--${element.type}`}>{elementTypeLabel(element.type)}</span>
      </div>
      <div role="gridcell" className="element-cell" title={name}>
        {name || <span className="muted">(no name)</span>}
      </div>
      <div role="gridcell" className="element-cell" title={`<${element.tag}> role=${element.role}`}>
        {element.role || element.tag}
      </div>
      <div role="gridcell" className="element-cell">
        {element.semanticRole.replace('_', ' ')}
      </div>
      <div role="gridcell" className="element-cell">
        {element.visible ? 'yes' : 'no'}
        {!element.enabled && <span className="muted"> · disabled</span>}
      </div>
      <div role="gridcell" className="element-cell" title={element.interactions.join(', ')}>
        {element.interactions.join(', ')}
      </div>
      <div role="gridcell" className="element-cell element-cell--code" title={[...element.framePath, ...element.shadowHosts, element.cssSelector].join(' ▸ ')}>
        {element.cssSelector}
      </div>
      <div role="gridcell" className="element-cell element-cell--actions">
        <CopyButton value={element.cssSelector} label={`Copy CSS selector of element ${element.index}`} text="CSS" />
        {element.xpath !== null ? (
          <CopyButton value={element.xpath} label={`Copy XPath of element ${element.index}`} text="XPath" />
        ) : (
          <span className="muted" title="Inside a shadow root: no XPath reaches it">
            no XPath
          </span>
        )}
      </div>
    </div>
  );
});

export function ElementsTable({ elements }: { elements: readonly PageElement[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const pinned = useElementHighlightStore((state) => state.pinned);
  const pinCount = useElementHighlightStore((state) => state.pinCount);
  const pinSource = useElementHighlightStore((state) => state.pinSource);
  const virtualizer = useVirtualizer({
    count: elements.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  // A box clicked on the screenshot: bring its row into view.
  useEffect(() => {
    if (pinSource !== 'box' || pinned === null) return;
    const position = elements.findIndex((element) => element.index === pinned);
    if (position >= 0) virtualizer.scrollToIndex(position, { align: 'center' });
  }, [pinCount, pinSource, pinned, elements, virtualizer]);

  return (
    <div ref={scrollRef} className="elements-table" role="grid" aria-label="Elements" aria-rowcount={elements.length + 1} data-testid="elements-table">
      <div className="elements-table__canvas" style={{ height: virtualizer.getTotalSize() }}>
        <div role="row" className="element-row element-row--header" style={{ height: HEADER_HEIGHT }}>
          {COLUMNS.map((label) => (
            <div role="columnheader" key={label} className="element-cell">
              {label}
            </div>
          ))}
        </div>
        {virtualizer.getVirtualItems().map((item) => {
          const element = elements[item.index];
          return element ? <ElementRow key={element.index} element={element} top={item.start} /> : null;
        })}
      </div>
    </div>
  );
}
