// A thin bar with its value for assistive technology; the label names what progresses.
interface ProgressBarProps {
  value: number;
  max?: number;
  label: string;
  /** Shown beside the bar (the step of a running task). */
  caption?: string;
  tone?: 'running' | 'done' | 'neutral';
}

export function ProgressBar({ value, max = 100, label, caption, tone = 'running' }: ProgressBarProps) {
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div className={`progress progress--${tone}`}>
      <div className="progress__track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={Math.round(value)}>
        <div className="progress__fill" style={{ width: `${ratio * 100}%` }} />
      </div>
      {caption && <span className="progress__caption">{caption}</span>}
    </div>
  );
}
