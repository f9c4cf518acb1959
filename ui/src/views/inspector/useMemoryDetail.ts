import { useCallback, useEffect, useState } from 'react';
import { getApi } from '../../api';
import type { MemoryDetail, Operation } from '../../api/types';
import { model } from '../../state/model';
import { toastError } from '../../state/ui';

/** The selected memory's detail and history, refetched when a delta touches it or its links. */
export function useMemoryDetail(id: string | null) {
  const [detail, setDetail] = useState<MemoryDetail | null>(null);
  const [history, setHistory] = useState<Operation[]>([]);
  const [loading, setLoading] = useState(false);

  const reload = useCallback(async () => {
    if (!id) return;
    const api = getApi();
    try {
      const [d, ops] = await Promise.all([api.getMemory({ id }), api.listOperations({ target: id, limit: 100 }).catch(() => null)]);
      setDetail(d);
      setHistory(ops ?? d.operations);
    } catch (e) {
      setDetail(null);
      toastError(e, 'open memory');
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    setDetail(null);
    setHistory([]);
    if (!id) return;
    setLoading(true);
    void reload();
  }, [id, reload]);

  useEffect(() => {
    if (!id) return;
    let timer: number | null = null;
    const off = model.onDeltaApplied((r) => {
      const touched =
        r.updatedNodes.includes(id) ||
        r.removedNodes.includes(id) ||
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

  return { detail, setDetail, history, loading, reload };
}
