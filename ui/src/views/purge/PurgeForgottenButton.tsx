// The review queue's way to let go of forgotten memories for good: a quiet button in its header,
// off while nothing is forgotten.
import { openPurgeForgotten } from '../../state/purge';
import { useForgottenCount } from './useForgottenCount';
import './purge.css';

export function PurgeForgottenButton() {
  const n = useForgottenCount();
  return (
    <button
      className="mini ghost danger rv-purge"
      data-testid="purge-forgotten-open"
      disabled={n === 0}
      title={n === 0 ? 'No memory is forgotten' : `Erase forgotten memories for good (${n} forgotten now): you choose how long ago, and see which, first`}
      onClick={openPurgeForgotten}
    >
      Purge forgotten…
    </button>
  );
}
