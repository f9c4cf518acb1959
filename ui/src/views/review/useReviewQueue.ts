// The review queue, fetched from the engine and refetched as the graph changes (whoever writes),
// with items acted on hidden at once and kept hidden until an answer fetched after the action
// no longer needs hiding them. Stale means below the person's threshold (in settings).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getApi } from '../../api';
import type { ReviewQueue } from '../../api/types';
import { model, modelState } from '../../state/model';
import { reviewSettings, staleFraction } from '../../state/reviewSettings';
import { useStore } from '../../state/store';
import { EMPTY_QUEUE, itemsOf, shownCounts, visible } from './queue';

/** Bursts of deltas (an import, an agent writing) refetch once. */
const DEBOUNCE_MS = 300;
/** A threshold dragged along its slider refetches once it rests. */
const THRESHOLD_DEBOUNCE_MS = 250;
/** While an action is in flight its item stays hidden whatever a fetch says. */
const IN_FLIGHT = Number.POSITIVE_INFINITY;

export function useReviewQueue() {
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  /** Numbers each fetch; an answer older than one already shown is dropped. */
  const started = useRef(0);
  const shown = useRef(0);
  /** Hidden keys, each with the fetch number after which the engine's answer reflects the action. */
  const hidden = useRef(new Map<string, number>());
  const timer = useRef<number | null>(null);
  const alive = useRef(true);
  const staleBelow = useStore(reviewSettings, (s) => s.staleBelow);
  const threshold = useRef(staleBelow);

  const publishHidden = useCallback(() => setDismissed(new Set(hidden.current.keys())), []);

  const load = useCallback(async () => {
    const n = ++started.current;
    try {
      const q = await getApi().review({ limit: null, stale_below: staleFraction(threshold.current) });
      if (!alive.current || n < shown.current) return;
      shown.current = n;
      for (const [key, after] of hidden.current) if (after < n) hidden.current.delete(key);
      publishHidden();
      setQueue(q);
      setError(null);
    } catch (e) {
      if (alive.current && n >= shown.current) setError((e as Error).message);
    }
  }, [publishHidden]);

  const schedule = useCallback((delay: number = DEBOUNCE_MS) => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void load();
    }, delay);
  }, [load]);

  useEffect(() => {
    if (threshold.current === staleBelow) return;
    threshold.current = staleBelow;
    schedule(THRESHOLD_DEBOUNCE_MS);
  }, [staleBelow, schedule]);

  useEffect(() => {
    alive.current = true;
    void load();
    const off = model.onDeltaApplied(() => schedule());
    // A reload from a snapshot (after a lost connection) applies no deltas: read the queue again too.
    let graphVersion = modelState.get().graphVersion;
    const offReload = modelState.subscribe(() => {
      const v = modelState.get().graphVersion;
      if (v !== graphVersion) {
        graphVersion = v;
        schedule();
      }
    });
    return () => {
      alive.current = false;
      off();
      offReload();
      if (timer.current !== null) clearTimeout(timer.current);
    };
  }, [load, schedule]);

  /** Hides items at once, before the action that removes them is confirmed. */
  const dismiss = useCallback(
    (keys: readonly string[]) => {
      for (const k of keys) hidden.current.set(k, IN_FLIGHT);
      publishHidden();
    },
    [publishHidden],
  );

  /** The action finished: on success the next fetch decides; on failure the items come back. */
  const settle = useCallback(
    (keys: readonly string[], ok: boolean) => {
      for (const k of keys) {
        if (ok) hidden.current.set(k, started.current);
        else hidden.current.delete(k);
      }
      publishHidden();
      if (ok) schedule();
    },
    [publishHidden, schedule],
  );

  const all = useMemo(() => itemsOf(queue ?? EMPTY_QUEUE), [queue]);
  const sections = useMemo(() => visible(all, dismissed), [all, dismissed]);
  const counts = useMemo(() => shownCounts((queue ?? EMPTY_QUEUE).counts, all, dismissed), [queue, all, dismissed]);

  return { loaded: queue !== null, error, all, sections, counts, dismiss, settle, reload: load };
}
