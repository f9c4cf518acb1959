// Over the graph while the past shows: whose time this is, that nothing can be changed, and the
// way back to the live graph.
import { backToNow } from '../../state/past';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { fmtInstant } from './pastFormat';
import './asof.css';

export function PastBanner() {
  const past = useStore(ui, (s) => s.pastView);
  if (!past) return null;
  return (
    <div className="past-banner-wrap">
      <div className="past-banner" role="status" data-testid="past-banner" data-at={new Date(past.at).toISOString()} aria-busy={past.loading}>
        <svg className="pb-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        <span className="pb-text">
          What Mnemo knew on <b>{fmtInstant(past.at)}</b> <span className="pb-ro">— read-only</span>
        </span>
        {past.loading && <span className="pb-loading">loading…</span>}
        <button className="primary" data-testid="back-to-now" onClick={backToNow} title="Show the live graph again, with every change since">
          Back to now
        </button>
      </div>
    </div>
  );
}
