import { useStore } from '../../state/store';
import { ui } from '../../state/ui';

const fmtBytes = (n: number) => (n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`);

export function ImportProgress() {
  const imp = useStore(ui, (s) => s.importing);
  if (!imp) return null;
  const pct = imp.total > 0 ? Math.min(100, (100 * imp.done) / imp.total) : null;
  return (
    <div className="import-progress" role="progressbar" aria-valuenow={pct ?? undefined} aria-valuemin={0} aria-valuemax={100}>
      <div className="ip-label">
        {imp.label}
        <span className="muted">
          {imp.total > 0 ? (imp.unit === 'bytes' ? ` ${fmtBytes(imp.done)} / ${fmtBytes(imp.total)}` : ` ${imp.done.toLocaleString()} / ${imp.total.toLocaleString()}`) : ' …'}
        </span>
      </div>
      <div className={`ip-bar${pct === null ? ' indeterminate' : ''}`}>
        <span style={{ width: pct === null ? '30%' : `${pct}%` }} />
      </div>
    </div>
  );
}
