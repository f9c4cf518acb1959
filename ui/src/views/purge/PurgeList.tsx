// The memories a purge would erase, named: up to eight, then how many more, each with when it
// was forgotten, so the person sees what goes before saying yes.
import { model } from '../../state/model';
import { fmtAgo, fmtDate } from '../shell/format';
import { nameOf, preview } from './purgePlan';

export function PurgeList({ ids }: { ids: readonly string[] }) {
  const { shown, more } = preview(ids);
  return (
    <ul className="purge-list" data-testid="purge-list">
      {shown.map((id) => {
        const m = model.memories.get(id);
        return (
          <li key={id} data-id={id}>
            <span className={`kind-dot${m ? ` k-${m.kind}` : ''}`} />
            <span className="purge-name" title={m ? m.title || m.text : id}>
              {nameOf(m)}
            </span>
            {m && (
              <span className="purge-when" title={`Forgotten ${fmtDate(m.updated_at)}`}>
                forgotten {fmtAgo(m.updated_at)}
              </span>
            )}
          </li>
        );
      })}
      {more > 0 && <li className="purge-more">and {more} more</li>}
    </ul>
  );
}
