// Export to webagent.export/v1: what (everything, the selection, a batch, some statuses, one
// task), how (json or jsonl, screenshots), where (the desktop's save dialog, or a typed path
// where there is none), then its progress and summary.
import { useShallow } from 'zustand/react/shallow';
import { TASK_STATUSES } from '../../../../src-shared/domain';
import { EXPORT_FILE_FORMATS } from '../../../../src-shared/export-format';
import { formatBytes, formatCount, formatDuration, statusLabel } from '../../lib/format';
import { useBatchesStore } from '../../state/batches-store';
import { useExportStore, type ExportScope } from '../../state/export-store';
import { useHostCapabilitiesStore } from '../../state/host-capabilities-store';
import { selectedCount, useSelectionStore } from '../../state/selection-store';
import { useTaskRowsStore } from '../../state/task-rows-store';
import { useViewStore } from '../../state/view-store';
import { Dialog } from '../common/Dialog';
import { ProgressBar } from '../common/ProgressBar';

function ExportResult() {
  const summary = useExportStore((state) => state.summary);
  const showInFolder = useExportStore((state) => state.showInFolder);
  const desktop = useHostCapabilitiesStore((state) => state.desktopDialogs);
  if (!summary) return null;
  return (
    <section className="export-result" role="status" aria-label="Export result" data-testid="export-result">
      <p>
        <strong>
          Exported {formatCount(summary.tasks)} task{summary.tasks === 1 ? '' : 's'}
        </strong>{' '}
        to <code className="break">{summary.path}</code>
      </p>
      <p className="muted">
        {formatBytes(summary.bytes)} · {summary.format} · {formatCount(summary.screenshots)} screenshot{summary.screenshots === 1 ? '' : 's'}
        {summary.missingScreenshots > 0 && ` (${formatCount(summary.missingScreenshots)} missing)`} · {formatDuration(summary.durationMs)}
      </p>
      {desktop === true && (
        <button type="button" className="button" onClick={() => void showInFolder()}>
          Show in folder
        </button>
      )}
    </section>
  );
}

function OutputPath() {
  const { outPath, running, set, choosePath } = useExportStore(useShallow((state) => ({ outPath: state.outPath, running: state.running, set: state.set, choosePath: state.choosePath })));
  const desktop = useHostCapabilitiesStore((state) => state.desktopDialogs);
  if (desktop === false) {
    return (
      <label className="field">
        <span className="field__label">Output file</span>
        <input className="input" aria-label="Output file path" placeholder="/path/to/export.json" spellCheck={false} value={outPath} disabled={running} onChange={(event) => set('outPath', event.target.value)} />
      </label>
    );
  }
  return (
    <div className="field">
      <span className="field__label" id="export-path-label">
        Output file
      </span>
      <div className="input-row">
        <output className="input input--readonly break" aria-labelledby="export-path-label" data-testid="export-path">
          {outPath || 'No file chosen'}
        </output>
        <button type="button" className="button" onClick={() => void choosePath()} disabled={running || desktop === null}>
          Choose…
        </button>
      </div>
    </div>
  );
}

export function ExportDialog() {
  const state = useExportStore();
  const close = useViewStore((view) => view.closeDialog);
  const batches = useBatchesStore((batchesState) => batchesState.batches);
  const total = useTaskRowsStore((rows) => rows.total);
  const selection = useSelectionStore((selectionState) => selectedCount(selectionState, total));

  const scopes: { value: ExportScope; label: string; disabled?: boolean }[] = [
    ...(state.taskId !== null ? [{ value: 'task' as const, label: `This task (#${state.taskId})` }] : []),
    { value: 'all', label: 'All tasks' },
    { value: 'selection', label: `Selected tasks (${formatCount(selection)})`, disabled: selection === 0 },
    { value: 'batch', label: 'A batch', disabled: batches.length === 0 },
    { value: 'status', label: 'Tasks with status' },
  ];

  return (
    <Dialog
      title="Export"
      onClose={close}
      busy={state.running}
      footer={
        <>
          <button type="button" className="button" onClick={close} disabled={state.running}>
            {state.summary ? 'Close' : 'Cancel'}
          </button>
          <button type="button" className="button button--primary" onClick={() => void state.run()} disabled={state.running}>
            {state.running ? 'Exporting…' : 'Export'}
          </button>
        </>
      }
    >
      <fieldset className="radio-group" disabled={state.running}>
        <legend>Tasks</legend>
        {scopes.map((scope) => (
          <label key={scope.value} className="check">
            <input type="radio" name="export-scope" value={scope.value} checked={state.scope === scope.value} disabled={scope.disabled} onChange={() => state.set('scope', scope.value)} />
            {scope.label}
          </label>
        ))}
        {state.scope === 'batch' && (
          <select className="input" aria-label="Batch to export" value={state.batchId ?? ''} onChange={(event) => state.set('batchId', event.target.value === '' ? null : Number(event.target.value))}>
            <option value="">Choose a batch…</option>
            {batches.map((batch) => (
              <option key={batch.id} value={batch.id}>
                #{batch.id} {batch.name} ({formatCount(batch.taskCount)})
              </option>
            ))}
          </select>
        )}
        {state.scope === 'status' && (
          <div className="check-row" role="group" aria-label="Statuses to export">
            {TASK_STATUSES.map((status) => (
              <label key={status} className="check">
                <input type="checkbox" checked={state.statuses.includes(status)} onChange={() => state.toggleStatus(status)} />
                {statusLabel(status)}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <fieldset className="radio-group radio-group--row" disabled={state.running}>
        <legend>Format</legend>
        {EXPORT_FILE_FORMATS.map((format) => (
          <label key={format} className="check">
            <input type="radio" name="export-format" value={format} checked={state.format === format} onChange={() => state.set('format', format)} />
            {format === 'json' ? 'JSON (one document)' : 'JSON Lines (one task per line)'}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={state.includeScreenshots} disabled={state.running} onChange={(event) => state.set('includeScreenshots', event.target.checked)} />
        Include screenshots (copied beside the file)
      </label>
      <OutputPath />
      {state.running && (
        <div className="export-progress" data-testid="export-progress">
          <ProgressBar value={state.progress?.done ?? 0} max={Math.max(1, state.progress?.total ?? 1)} label="Export progress" tone="running" />
          <span className="muted">{state.progress ? `${formatCount(state.progress.done)} of ${formatCount(state.progress.total)} tasks` : 'Starting…'}</span>
        </div>
      )}
      {state.error && (
        <p className="inline-error" role="alert">
          {state.error}
        </p>
      )}
      <ExportResult />
    </Dialog>
  );
}
