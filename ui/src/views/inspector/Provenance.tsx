// The inspector's provenance line: who wrote the memory as Mnemo knows it, and the writer's own
// claim of a source beside it when that says something else (a claim, not a fact).
import type { Memory } from '../../api/types';
import { claimedSource, writerOf } from './provenance';
import './trust.css';

export function Provenance({ m }: { m: Pick<Memory, 'source' | 'written_by'> }) {
  const claim = claimedSource(m);
  return (
    <p className="insp-provenance" data-testid="provenance">
      Written by{' '}
      <span className="insp-writer" data-testid="written-by" title="Who wrote it, as Mnemo knows the connection: the writer cannot set this">
        {writerOf(m)}
      </span>
      {claim && (
        <span
          className="insp-claim"
          data-testid="claimed-source"
          title={`The writer set “source” to “${claim}” itself. Mnemo did not check it: the writer above is who actually wrote this.`}
        >
          claims source: {claim}
        </span>
      )}
    </p>
  );
}
