// Horizontal bars with a label and a value: counts per status, top domains, memory per context.
// Plain CSS widths; no chart library for a handful of bars.
export interface Bar {
  key: string;
  label: string;
  value: number;
  /** Shown instead of the raw value. */
  display?: string;
  /** A modifier class for the bar's colour (`bar--completed`). */
  tone?: string;
}

export function BarList({ bars, label }: { bars: readonly Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <ul className="bar-list" aria-label={label}>
      {bars.map((bar) => (
        <li key={bar.key} className="bar-list__item">
          <span className="bar-list__label" title={bar.label}>
            {bar.label}
          </span>
          <span className="bar-list__track" aria-hidden="true">
            <span className={`bar-list__bar ${bar.tone ? `bar--${bar.tone}` : ''}`} style={{ width: `${(bar.value / max) * 100}%` }} />
          </span>
          <span className="bar-list__value">{bar.display ?? bar.value}</span>
        </li>
      ))}
    </ul>
  );
}
