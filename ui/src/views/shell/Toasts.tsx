import { useStore } from '../../state/store';
import { dismissToast, ui } from '../../state/ui';

export function Toasts() {
  const toasts = useStore(ui, (s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast t-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
          <div className="toast-body">
            <strong>{t.title}</strong>
            {t.detail && <div className="toast-detail">{t.detail}</div>}
            {t.actions && t.actions.length > 0 && (
              <div className="toast-actions">
                {t.actions.map((a) => (
                  <button
                    key={a.label}
                    className="mini"
                    onClick={() => {
                      dismissToast(t.id);
                      a.run();
                    }}
                  >
                    {a.label}
                  </button>
                ))}
              </div>
            )}
          </div>
          <button className="icon" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
