// The options of the batch being imported; they start from the app settings' defaults.
import { useState } from 'react';
import { useImportStore } from '../../state/import-store';

const PRIORITY_LIMIT = 1000;

export function ImportOptionsForm() {
  const options = useImportStore((state) => state.options);
  const setOptions = useImportStore((state) => state.setOptions);
  // As typed: "-" on the way to "-5" is not a number yet.
  const [priorityText, setPriorityText] = useState(String(options.priority));
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
      <span className="inline-field">
        <label htmlFor="import-priority">Priority</label>
        <input
          id="import-priority"
          type="number"
          className="input input--number"
          min={-PRIORITY_LIMIT}
          max={PRIORITY_LIMIT}
          step={1}
          value={priorityText}
          onChange={(event) => {
            setPriorityText(event.target.value);
            const value = Math.trunc(Number(event.target.value));
            if (event.target.value.trim() !== '' && Number.isFinite(value)) setOptions({ priority: Math.max(-PRIORITY_LIMIT, Math.min(PRIORITY_LIMIT, value)) });
          }}
          onBlur={() => setPriorityText(String(options.priority))}
        />
        <span className="muted">higher runs first</span>
      </span>
    </fieldset>
  );
}
