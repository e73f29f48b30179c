// The full-page screenshot with a box over every extracted element. The SVG's viewBox is the
// image's own pixel size (the page's CSS pixels: the worker shoots at a device scale of 1), so
// the boxes scale with the image whatever width it is shown at. Smaller boxes are drawn last,
// so a button inside a large link stays pointable.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { PageElement } from '../../../../src-shared/domain';
import { api } from '../../api';
import { useElementHighlightStore } from '../../state/element-highlight-store';
import { EmptyState } from '../common/EmptyState';
import { elementTypeLabel } from './element-colors';

interface ScreenshotWithBoxesProps {
  taskId: number;
  url: string;
  elements: readonly PageElement[];
  truncated: boolean;
  /** Changes when the page was parsed again: the image is loaded afresh. */
  version: string;
}

const ElementBox = memo(function ElementBox({ element }: { element: PageElement }) {
  const hovered = useElementHighlightStore((state) => state.hovered === element.index);
  const pinned = useElementHighlightStore((state) => state.pinned === element.index);
  const { x, y, width, height } = element.bbox;
  return (
    <rect
      x={x}
      y={y}
      width={width}
      height={height}
      className={`element-box element-box--${element.type} ${hovered ? 'element-box--hovered' : ''} ${pinned ? 'element-box--pinned' : ''}`}
      data-testid="element-box"
      data-element-index={element.index}
      data-element-type={element.type}
      data-selector={element.cssSelector}
      data-xpath={element.xpath ?? ''}
      data-highlighted={hovered || pinned ? 'true' : 'false'}
      vectorEffect="non-scaling-stroke"
      onMouseEnter={() => useElementHighlightStore.getState().hover(element.index)}
      onMouseLeave={() => useElementHighlightStore.getState().hover(null)}
      onClick={() => useElementHighlightStore.getState().pin(element.index, 'box')}
    >
      <title>{`${elementTypeLabel(element.type)} #${element.index}: ${element.name || element.text || element.cssSelector}`}</title>
    </rect>
  );
});

/** `fit`: the panel's width; a number: that share of the page's own pixels. */
type Zoom = 'fit' | 0.5 | 1;
const ZOOMS: { value: Zoom; label: string }[] = [
  { value: 'fit', label: 'Fit width' },
  { value: 0.5, label: '50 %' },
  { value: 1, label: '100 %' },
];

export function ScreenshotWithBoxes({ taskId, url, elements, truncated, version }: ScreenshotWithBoxesProps) {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [failed, setFailed] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pinned = useElementHighlightStore((state) => state.pinned);
  const pinCount = useElementHighlightStore((state) => state.pinCount);
  const pinSource = useElementHighlightStore((state) => state.pinSource);

  useEffect(() => {
    setSize(null);
    setFailed(false);
  }, [taskId, version]);

  const drawn = useMemo(
    () => elements.filter((element) => element.bbox.width > 0 && element.bbox.height > 0).sort((a, b) => b.bbox.width * b.bbox.height - a.bbox.width * a.bbox.height),
    [elements],
  );

  // A row clicked in the table: bring its box into view.
  useEffect(() => {
    if (pinSource !== 'row' || pinned === null || !size) return;
    const element = elements.find((candidate) => candidate.index === pinned);
    const container = scrollRef.current;
    if (!element || !container) return;
    const scale = (zoom === 'fit' ? container.clientWidth : size.width * zoom) / size.width;
    container.scrollTo({ top: Math.max(0, element.bbox.y * scale - container.clientHeight / 3), behavior: 'smooth' });
  }, [pinCount, pinSource, pinned, elements, size, zoom]);

  if (failed) {
    return <EmptyState tone="error" title="The screenshot could not be loaded" />;
  }
  return (
    <div className="screenshot" ref={scrollRef} data-testid="screenshot">
      <div className="screenshot__bar">
        <select className="input input--small" aria-label="Screenshot zoom" value={String(zoom)} onChange={(event) => setZoom(event.target.value === 'fit' ? 'fit' : (Number(event.target.value) as Zoom))}>
          {ZOOMS.map((option) => (
            <option key={option.label} value={String(option.value)}>
              {option.label}
            </option>
          ))}
        </select>
        {size && (
          <span className="muted">
            {size.width} × {size.height} px
          </span>
        )}
      </div>
      {truncated && <p className="screenshot__note">The page was taller than the screenshot limit: this shows its top part.</p>}
      <div className="screenshot__frame" style={zoom !== 'fit' && size ? { width: size.width * zoom } : undefined}>
        <img
          key={version}
          className="screenshot__image"
          src={api.screenshotUrl(taskId, 'full')}
          alt={`Screenshot of ${url}`}
          onLoad={(event) => setSize({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          onError={() => setFailed(true)}
        />
        {size && (
          <svg
            className="screenshot__boxes"
            viewBox={`0 0 ${size.width} ${size.height}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`Bounding boxes of ${drawn.length} elements`}
            data-testid="element-boxes"
          >
            {drawn.map((element) => (
              <ElementBox key={element.index} element={element} />
            ))}
          </svg>
        )}
      </div>
    </div>
  );
}
