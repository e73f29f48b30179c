// The content blocks of a page in reading order, filterable by type. Long pages have
// thousands: the first few hundred show until the user asks for all.
import { useMemo, useState } from 'react';
import { CONTENT_BLOCK_TYPES, type ContentBlock } from '../../../../src-shared/domain';
import { formatCount } from '../../lib/format';
import { EmptyState } from '../common/EmptyState';

const FIRST_SHOWN = 300;

export function ContentBlocksList({ blocks }: { blocks: readonly ContentBlock[] }) {
  const [type, setType] = useState<ContentBlock['type'] | 'all'>('all');
  const [showAll, setShowAll] = useState(false);
  const filtered = useMemo(() => (type === 'all' ? blocks : blocks.filter((block) => block.type === type)), [blocks, type]);
  const shown = showAll ? filtered : filtered.slice(0, FIRST_SHOWN);

  if (blocks.length === 0) return <EmptyState title="No content blocks on this page" />;
  return (
    <div className="content-blocks">
      <div className="toolbar toolbar--compact">
        <select className="input" aria-label="Content block type" value={type} onChange={(event) => setType(event.target.value as ContentBlock['type'] | 'all')}>
          <option value="all">All blocks ({formatCount(blocks.length)})</option>
          {CONTENT_BLOCK_TYPES.map((blockType) => (
            <option key={blockType} value={blockType}>
              {blockType}
            </option>
          ))}
        </select>
        <span className="muted">{formatCount(filtered.length)} blocks</span>
      </div>
      <ol className="content-blocks__list" aria-label="Content blocks">
        {shown.map((block, position) => (
          <li key={position} className={`content-block content-block--${block.type}`} data-block-type={block.type}>
            <span className="content-block__type">
              {block.type}
              {block.level !== null && ` ${block.level}`}
            </span>
            <p className="content-block__text">{block.text}</p>
            <span className="content-block__importance" title={`Importance ${block.importance.toFixed(2)}`}>
              <span className="content-block__importance-fill" style={{ width: `${block.importance * 100}%` }} />
            </span>
          </li>
        ))}
      </ol>
      {!showAll && filtered.length > FIRST_SHOWN && (
        <button type="button" className="button button--ghost" onClick={() => setShowAll(true)}>
          Show all {formatCount(filtered.length)} blocks
        </button>
      )}
    </div>
  );
}
