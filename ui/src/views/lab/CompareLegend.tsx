import { useStore } from '../../state/store';
import { ui } from '../../state/ui';

/** What the two colours on the graph mean while a replay's paths are drawn beside the original's. */
export function CompareLegend() {
  const compare = useStore(ui, (s) => s.path?.compare ?? null);
  if (!compare) return null;
  const count = (m: ReadonlyMap<string, string>, side: 'original' | 'replay' | 'both') => [...m.values()].filter((s) => s === side).length;
  const edges = compare.edges.size;
  return (
    <div className="path-legend small compare-legend" data-testid="compare-legend">
      <span title="Results the replay found that the original did not">
        <i className="pl node-replay" /> new in the replay {count(compare.results, 'replay')}
      </span>
      <span title="Results of the original the replay no longer returns">
        <i className="pl node-dropped" /> dropped by the replay {count(compare.results, 'original')}
      </span>
      {edges > 0 ? (
        <>
          <span>
            <i className="pl edge original" /> original path {count(compare.edges, 'original')}
          </span>
          <span>
            <i className="pl edge replay" /> replay path {count(compare.edges, 'replay')}
          </span>
          <span>
            <i className="pl edge both" /> both {count(compare.edges, 'both')}
          </span>
        </>
      ) : (
        <span className="muted">no graph paths in either run</span>
      )}
    </div>
  );
}
