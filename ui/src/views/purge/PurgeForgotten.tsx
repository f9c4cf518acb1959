// "Purge forgotten…": every memory forgotten more than N days ago (0: all of them). A dry run says
// how many and which before anything goes; the purge then uses the dry run's own instant, so it
// erases what was shown, less any memory restored meanwhile — never one forgotten since.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { getApi } from '../../api';
import { closePurge } from '../../state/purge';
import { PurgeFrame } from './PurgeFrame';
import { PurgeList } from './PurgeList';
import { confirmLabel, consequence, DAYS_DEFAULT, DAYS_MAX, dryRunLine, forgottenBefore, parseDays, purgeForgotten } from './purgePlan';
import { runPurge } from './runPurge';
import { useForgottenCount } from './useForgottenCount';

/** What the dry run found for a number of days, and the instant it asked about. */
interface DryRun {
  days: number;
  cutoff: string;
  ids: string[];
}

/** Typing pauses this long before the dry run is asked again. */
const SETTLE_MS = 250;

export function PurgeForgotten() {
  const [typed, setTyped] = useState(String(DAYS_DEFAULT));
  const days = parseDays(typed);
  const { dry, error } = useDryRun(days);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const total = useForgottenCount();

  // The days first: the number is what the person came to choose.
  useLayoutEffect(() => {
    input.current?.select();
  }, []);

  const current = dry !== null && dry.days === days ? dry : null;
  const n = current?.ids.length ?? 0;

  const confirm = async () => {
    if (busy || !current || n === 0) return;
    setBusy(true);
    const report = await runPurge(purgeForgotten(current.cutoff, false));
    if (report) closePurge();
    else setBusy(false);
  };

  return (
    <PurgeFrame
      title="Purge forgotten memories"
      testId="purge-forgotten-dialog"
      busy={busy}
      confirmLabel={confirmLabel(n)}
      canConfirm={n > 0}
      onConfirm={() => void confirm()}
      focusFirst={false}
    >
      <div className="purge-days">
        <label htmlFor="purge-days">Forgotten more than</label>
        <input
          ref={input}
          id="purge-days"
          type="number"
          inputMode="numeric"
          min={0}
          max={DAYS_MAX}
          step={1}
          value={typed}
          disabled={busy}
          data-testid="purge-days"
          aria-describedby="purge-days-hint"
          onChange={(e) => setTyped(e.target.value)}
        />
        <span>days ago</span>
      </div>
      <p id="purge-days-hint" className="muted small purge-note">
        0 takes every forgotten memory ({total} now). A memory changed since it was forgotten counts from that change.
      </p>
      <p className="purge-count" role="status" aria-live="polite" data-testid="purge-count" data-count={current ? n : undefined}>
        {days === null ? 'Type a whole number of days.' : error ? `Could not count them: ${error}` : current ? dryRunLine(n, current.days) : 'Counting…'}
      </p>
      {current && n > 0 && (
        <>
          <PurgeList ids={current.ids} />
          <p className="purge-warning" data-testid="purge-consequence">
            {consequence(n)}
          </p>
        </>
      )}
    </PurgeFrame>
  );
}

/** The dry run for `days`, asked again once typing pauses; null while it is asked. */
function useDryRun(days: number | null): { dry: DryRun | null; error: string | null } {
  const [dry, setDry] = useState<DryRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (days === null) return;
    let alive = true;
    const timer = setTimeout(() => {
      const cutoff = forgottenBefore(days, Date.now());
      getApi()
        .purge(purgeForgotten(cutoff, true))
        .then((r) => {
          if (!alive) return;
          setError(null);
          setDry({ days, cutoff, ids: r.purged });
        })
        .catch((e: { message?: string }) => alive && setError(e.message ?? String(e)));
    }, SETTLE_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [days]);
  return { dry, error };
}
