import type { TaskStatus } from '../../../../src-shared/domain';
import { statusLabel } from '../../lib/format';

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className={`status-badge status-badge--${status}`} data-status={status}>
      <span className="status-badge__dot" aria-hidden="true" />
      {statusLabel(status)}
    </span>
  );
}
