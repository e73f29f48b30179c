// Pages per minute over the last minutes, from the stats history the window has seen since it
// opened (the core reports the current rate, not a series).
import type { StatsSample } from '../../state/stats-store';
import { formatRate } from '../../lib/format';

const WIDTH = 600;
const HEIGHT = 120;

export function ThroughputChart({ samples }: { samples: readonly StatsSample[] }) {
  if (samples.length < 2) {
    return <p className="muted chart-placeholder">The chart fills in as pages complete.</p>;
  }
  const first = samples[0]?.at ?? 0;
  const span = Math.max(1, (samples.at(-1)?.at ?? first) - first);
  const max = Math.max(1, ...samples.map((sample) => sample.pagesPerMinute));
  const points = samples.map((sample) => `${((sample.at - first) / span) * WIDTH},${HEIGHT - (sample.pagesPerMinute / max) * (HEIGHT - 8)}`);
  const area = `0,${HEIGHT} ${points.join(' ')} ${WIDTH},${HEIGHT}`;
  return (
    <figure className="throughput-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`Throughput over the last ${Math.round(span / 60_000)} minutes, up to ${formatRate(max)} pages per minute`}>
        <polygon className="throughput-chart__area" points={area} />
        <polyline className="throughput-chart__line" points={points.join(' ')} vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className="muted">
        peak {formatRate(max)} pages/min · since {new Date(first).toLocaleTimeString()}
      </figcaption>
    </figure>
  );
}
