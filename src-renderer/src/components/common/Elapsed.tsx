// The running time of a task in progress, ticking once a second (only running rows mount it).
import { useEffect, useState } from 'react';
import { formatDuration } from '../../lib/format';

export function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return <>{formatDuration(Math.max(0, now - since))}</>;
}
