import { useCallback, useEffect, useRef, useState } from 'react';
import { getApi } from '../../api';
import type { MemoryDetail, Operation } from '../../api/types';
import { model } from '../../state/model';
import { toastError } from '../../state/ui';

/**
 * The selected memory's detail and history, refetched when a delta touches it or its links.
 * `gone` once a delta removed it (purged or its add undone, here or elsewhere): there is
 * nothing left to fetch, and asking would only fail.
 */
export function useMemoryDetail(id: string | null) {
  const [detail, setDetail] = useState<MemoryDetail | null>(null);
  const [history, setHistory] = useState<Operation[]>([]);
  const [loading, setLoading] = useState(false);
  const [gone, setGone] = useState(false);
  /** Read by a fetch already under way when the memory went: its answer is dropped. */
  const goneRef = useRef(false);

  const reload = useCallback(async () => {
    if (!id) return;
    const api = getApi();
    try {
      const [d, ops] = await Promise.all([api.getMemory({ id }), api.listOperations({ target: id, limit: 100 }).catch(() => null)]);
      if (goneRef.current) return;
      setDetail(d);
      setHistory(ops ?? d.operations);
    } catch (e) {
      setDetail(null);
      if (!goneRef.current) toastError(e, 'open memory');
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    setDetail(null);
    setHistory([]);
    setGone(false);
    goneRef.current = false;
    if (!id) return;
    setLoading(true);
    void reload();
  }, [id, reload]);

  useEffect(() => {
    if (!id) return;
    let timer: number | null = null;
    const off = model.onDeltaApplied((r) => {
      if (r.removedNodes.includes(id)) {
        if (timer !== null) clearTimeout(timer);
        setDetail(null);
        setHistory([]);
        setGone(true);
        goneRef.current = true;
        return;
      }
      // Back (a redo of its addition): it can be read again.
      const back = r.addedNodes.includes(id);
      if (back) {
        setGone(false);
        goneRef.current = false;
      }
      const touched =
        back ||
        r.updatedNodes.includes(id) ||
        r.addedEdges.some((e) => model.graph.hasEdge(e) && model.graph.hasExtremity(e, id)) ||
        r.removedEdges.length > 0;
      if (!touched) return;
      // Several deltas often arrive together (an update and its relinking): fetch once.
      if (timer !== null) clearTimeout(timer);
      timer = window.setTimeout(() => void reload(), 150);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [id, reload]);

  return { detail, setDetail, history, loading, gone, reload };
}
