// What an import would do: URLs to add, duplicates, URLs already queued, and every refused line
// with its number and reason (the first ones; a huge list shows how many more).
import { useState } from 'react';
import type { ImportSource } from '../../state/import-store';
import { formatCount, humanize } from '../../lib/format';

/** Lines listed at first; a list with thousands of bad lines shows them all on request. */
const LINES_SHOWN = 100;

export function ImportPreviewView({ source, label }: { source: ImportSource; label: string }) {
  const { preview, previewing, error } = source;
  const [allRejected, setAllRejected] = useState(false);
  if (error) {
    return (
      <p className="inline-error" role="alert">
        {error}
      </p>
    );
  }
  if (!preview) return previewing ? <p className="muted">Reading the list…</p> : null;

  return (
    <div className="import-preview" aria-label={`Preview of ${label}`} aria-busy={previewing} data-testid="import-preview">
      <p className="import-preview__summary">
        <strong data-testid="import-to-add">{formatCount(preview.toAdd)}</strong> URL{preview.toAdd === 1 ? '' : 's'} to add
        <span className="muted"> · {preview.format}</span>
        {preview.duplicates.length > 0 && <span data-testid="import-duplicates"> · {formatCount(preview.duplicates.length)} duplicate{preview.duplicates.length === 1 ? '' : 's'}</span>}
        {preview.alreadyQueued.length > 0 && <span data-testid="import-already-queued"> · {formatCount(preview.alreadyQueued.length)} already queued</span>}
        {preview.rejected.length > 0 && (
          <span className="error-text" data-testid="import-rejected">
            {' '}
            · {formatCount(preview.rejected.length)} invalid line{preview.rejected.length === 1 ? '' : 's'}
          </span>
        )}
        {preview.schemeAdded > 0 && <span className="muted"> · https:// added to {formatCount(preview.schemeAdded)}</span>}
      </p>
      {preview.rejected.length > 0 && (
        <details className="import-preview__details" open={preview.rejected.length <= 10}>
          <summary>Invalid lines</summary>
          <table className="mini-table" aria-label={`Invalid lines of ${label}`}>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Reason</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {(allRejected ? preview.rejected : preview.rejected.slice(0, LINES_SHOWN)).map((rejected) => (
                <tr key={`${rejected.line}:${rejected.input}`} data-line={rejected.line}>
                  <td className="mini-table__number">{rejected.line}</td>
                  <td title={rejected.message}>{humanize(rejected.reason)}</td>
                  <td className="mini-table__code" title={rejected.input}>
                    {rejected.input}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!allRejected && preview.rejected.length > LINES_SHOWN && (
            <button type="button" className="button button--ghost" onClick={() => setAllRejected(true)}>
              Show all {formatCount(preview.rejected.length)} invalid lines
            </button>
          )}
        </details>
      )}
      {preview.duplicates.length > 0 && (
        <details className="import-preview__details">
          <summary>Duplicates (added once)</summary>
          <ul className="plain-list">
            {preview.duplicates.slice(0, LINES_SHOWN).map((duplicate) => (
              <li key={duplicate.line}>
                line {duplicate.line} repeats line {duplicate.firstLine}: <span className="break">{duplicate.url}</span>
              </li>
            ))}
          </ul>
          {preview.duplicates.length > LINES_SHOWN && <p className="muted">and {formatCount(preview.duplicates.length - LINES_SHOWN)} more</p>}
        </details>
      )}
      {preview.alreadyQueued.length > 0 && (
        <details className="import-preview__details">
          <summary>Already queued (skipped)</summary>
          <ul className="plain-list">
            {preview.alreadyQueued.slice(0, LINES_SHOWN).map((queued) => (
              <li key={queued.line}>
                line {queued.line}: <span className="break">{queued.url}</span> (task #{queued.taskId})
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
