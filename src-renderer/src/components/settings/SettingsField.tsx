// One setting: its label, control, hint and, after a refused save, main's message for it
// (announced, and tied to the control by aria-describedby).
import { useId, type ReactNode } from 'react';
import type { SettingName } from '../../../../src-shared/settings';
import { useSettingsStore } from '../../state/settings-store';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

interface SettingsFieldProps {
  name: SettingName;
  label: string;
  hint?: ReactNode;
  /** Checkboxes put their label after the box. */
  inline?: boolean;
  children(props: FieldControlProps): ReactNode;
}

export function SettingsField({ name, label, hint, inline = false, children }: SettingsFieldProps) {
  const id = useId();
  const error = useSettingsStore((state) => state.fieldErrors[name]);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const control = children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined });
  return (
    <div className={`field ${inline ? 'field--inline' : ''} ${error ? 'field--invalid' : ''}`} data-setting={name}>
      {inline ? (
        <label htmlFor={id} className="check">
          {control}
          {label}
        </label>
      ) : (
        <>
          <label htmlFor={id} className="field__label">
            {label}
          </label>
          {control}
        </>
      )}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error" role="alert" data-testid={`setting-error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}
