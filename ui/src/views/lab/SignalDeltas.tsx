import type { Signals } from '../../api/types';
import { fmtDelta, signalDeltas } from '../../lab/replayDiff';
import { fmtScore } from '../shell/format';

/** Every signal of one memory in the original and in the replay, with the change. */
export function SignalDeltas({ before, after }: { before: Signals | null; after: Signals | null }) {
  const rows = signalDeltas(before, after);
  if (!rows.length) return <p className="muted small">No signals recorded.</p>;
  return (
    <table className="signal-deltas" data-testid="signal-deltas">
      <thead>
        <tr>
          <th>Signal</th>
          <th className="num">Original</th>
          <th className="num">Replay</th>
          <th className="num">Δ</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.key} data-signal={d.key}>
            <td>{d.label}</td>
            <td className="num">{d.key === 'pinned' ? (d.before ? 'yes' : d.before === 0 ? 'no' : '—') : fmtScore(d.before)}</td>
            <td className="num">{d.key === 'pinned' ? (d.after ? 'yes' : d.after === 0 ? 'no' : '—') : fmtScore(d.after)}</td>
            <td className={`num delta-${d.delta === null || Math.abs(d.delta) < 0.0005 ? 'same' : d.delta > 0 ? 'up' : 'down'}`}>{fmtDelta(d.delta)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
