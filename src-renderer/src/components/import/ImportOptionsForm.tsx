// The options of the batch being imported; they start from the app settings' defaults.
import { useImportStore } from '../../state/import-store';

export function ImportOptionsForm() {
  const options = useImportStore((state) => state.options);
  const setOptions = useImportStore((state) => state.setOptions);
  return (
    <fieldset className="import-options">
      <legend>Options for these tasks</legend>
      <label className="check">
        <input type="checkbox" checked={options.screenshots} onChange={(event) => setOptions({ screenshots: event.target.checked })} />
        Screenshots
      </label>
      <label className="check">
        <input type="checkbox" checked={options.fastMode} onChange={(event) => setOptions({ fastMode: event.target.checked })} />
        Fast mode (no images, fonts, media)
      </label>
      <label className="check">
        <input type="checkbox" checked={options.skipActive} onChange={(event) => setOptions({ skipActive: event.target.checked })} />
        Skip URLs already queued
      </label>
      <label className="inline-field">
        Priority
        <input
          type="number"
          className="input input--number"
          min={-1000}
          max={1000}
          step={1}
          value={options.priority}
          onChange={(event) => setOptions({ priority: Math.max(-1000, Math.min(1000, Math.trunc(Number(event.target.value) || 0))) })}
        />
        <span className="muted">higher runs first</span>
      </label>
    </fieldset>
  );
}
