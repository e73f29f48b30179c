// The toasts of notices-store: announced politely (errors assertively) and dismissable.
import { useNoticesStore } from '../../state/notices-store';

export function Notices() {
  const notices = useNoticesStore((state) => state.notices);
  const dismiss = useNoticesStore((state) => state.dismiss);
  return (
    <div className="notices" role="region" aria-label="Notifications">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice" data-kind={notice.kind}>
          <span className="notice__text">{notice.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
