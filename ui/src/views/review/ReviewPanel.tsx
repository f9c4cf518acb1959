// The review queue: what a person curating the memory should look at, section by section,
// kept current as agents and people write. Triage by keyboard: j/k to move, one key to act.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { reviewSettings } from '../../state/reviewSettings';
import { useStore } from '../../state/store';
import { addMulti, highlight, setMulti } from '../../state/ui';
import { frameMemories } from '../graph/graphRef';
import { typing, modalOpen } from '../shell/shortcuts';
import { runTriage, type TriageHost } from './actions';
import { flatten, memoriesOf, refocus, SECTIONS, step, type ReviewItem, type SectionId, type Sections } from './queue';
import { PurgeForgottenButton } from '../purge/PurgeForgottenButton';
import { HeldTools } from './HeldTools';
import { formatThreshold } from './retention';
import { PAGE, ReviewSection } from './ReviewSection';
import { StaleThresholdButton, StaleThresholdEditor } from './StaleThreshold';
import { keyCommand, type TriageAction } from './triage';
import { TriageHints } from './TriageHints';
import { useReviewQueue } from './useReviewQueue';

export function ReviewPanel() {
  const q = useReviewQueue();
  const [focused, setFocused] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<SectionId>>(() => new Set());
  const [pages, setPages] = useState<Partial<Record<SectionId, number>>>({});
  const [status, setStatus] = useState('');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  const editingThreshold = useStore(reviewSettings, (s) => s.editing);
  const staleBelow = useStore(reviewSettings, (s) => s.staleBelow);
  const list = useRef<HTMLDivElement>(null);

  // Items that arrive while the queue is open (an agent just wrote a duplicate) light up briefly.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!q.loaded) return;
    const keys = flatten(q.all).map((i) => i.key);
    const before = known.current;
    known.current = new Set(keys);
    if (before) setFresh(new Set(keys.filter((k) => !before.has(k))));
  }, [q.all, q.loaded]);

  // What is drawn, and so what the keyboard walks: open sections, their first pages.
  const drawn = useMemo(() => {
    const out = {} as Sections;
    for (const s of SECTIONS) out[s.id] = collapsed.has(s.id) ? [] : q.sections[s.id].slice(0, pages[s.id] ?? PAGE);
    return out;
  }, [q.sections, collapsed, pages]);
  const order = useMemo(() => flatten(drawn), [drawn]);
  const orderKeys = useMemo(() => order.map((i) => i.key), [order]);

  // When items come and go, focus stays on its item or passes to the next one.
  const previous = useRef<readonly string[]>([]);
  useEffect(() => {
    // The updater runs later, at the next render: it must see the order before this change.
    const before = previous.current;
    previous.current = orderKeys;
    setFocused((f) => refocus(before, orderKeys, f));
  }, [orderKeys]);

  // The focused item scrolls into view, and takes the DOM focus when the queue has it (but not
  // from the threshold's controls, whose changes refetch the queue while they are in use).
  useEffect(() => {
    if (!focused || !list.current) return;
    const el = list.current.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`);
    if (!el) return;
    el.scrollIntoView({ block: 'nearest' });
    const active = document.activeElement;
    if (!active || active === document.body || (list.current.contains(active) && active !== el && !active.closest('[data-keeps-focus]'))) el.focus({ preventScroll: true });
  }, [focused, orderKeys]);

  const host: TriageHost = useMemo(
    () => ({ all: q.all, dismiss: q.dismiss, settle: q.settle, report: setStatus }),
    [q.all, q.dismiss, q.settle],
  );
  const act = useCallback((item: ReviewItem, action: TriageAction) => {
    setFocused(item.key);
    runTriage(item, action, host);
  }, [host]);

  // Orphans and stale memories are often let go of in bulk: the selection bar archives them all.
  const selectAll = useCallback((id: SectionId, add: boolean) => {
    const ids = q.sections[id].flatMap(memoriesOf);
    if (add) addMulti(ids);
    else setMulti(ids);
    const title = SECTIONS.find((s) => s.id === id)?.title.toLowerCase() ?? id;
    setStatus(`Selected ${ids.length} ${title}: archive, tag or move them from the bar under the graph`);
  }, [q.sections]);

  const show = useCallback((item: ReviewItem) => {
    const ids = memoriesOf(item);
    highlight(ids[ids.length - 1]);
    frameMemories(ids);
  }, []);

  // Keys act while the queue shows and nothing else (a dialog, a text field) has the keyboard.
  const latest = useRef({ order, focused, act, show });
  latest.current = { order, focused, act, show };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || typing(e) || modalOpen()) return;
      const t = e.target as HTMLElement | null;
      if ((e.key === 'Enter' || e.key === ' ') && t?.closest('button, a, select')) return;
      const { order, focused, act, show } = latest.current;
      const item = order.find((i) => i.key === focused) ?? null;
      const cmd = keyCommand(e, item);
      if (!cmd) return;
      e.preventDefault();
      if ('action' in cmd) {
        if (item) act(item, cmd.action);
        return;
      }
      const keys = order.map((i) => i.key);
      if (cmd.move === 'show') {
        if (item) show(item);
      } else if (cmd.move === 'first') setFocused(keys[0] ?? null);
      else if (cmd.move === 'last') setFocused(keys[keys.length - 1] ?? null);
      else setFocused(step(keys, focused, cmd.move === 'next' ? 1 : -1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const total = SECTIONS.reduce((n, s) => n + q.counts[s.id], 0);

  return (
    <div className="review" data-testid="review">
      <div className="rv-head">
        <div>
          <h2>Review queue</h2>
          <p className="muted small" data-testid="review-total">
            {!q.loaded ? 'Reading the queue…' : total === 0 ? 'Nothing to review. The memory is in good shape.' : `${total} ${total === 1 ? 'item' : 'items'} to look at`}
          </p>
        </div>
        <span className="rv-head-tools">
          <PurgeForgottenButton />
          <button className="icon" title="Read the queue again" aria-label="Refresh" onClick={() => void q.reload()}>
            ↻
          </button>
        </span>
      </div>
      {q.error && (
        <div className="rv-error" role="alert">
          Could not read the review queue: {q.error}{' '}
          <button className="mini" onClick={() => void q.reload()}>Retry</button>
        </div>
      )}
      <div className="rv-sections" ref={list} role="region" aria-label="Review items">
        {q.loaded &&
          SECTIONS.map((s) => (
            <ReviewSection
              key={s.id}
              info={
                s.id === 'stale'
                  ? { ...s, empty: `Nothing has faded below ${formatThreshold(staleBelow)} of its strength: every memory was used or changed recently enough.` }
                  : s
              }
              items={q.sections[s.id]}
              count={q.counts[s.id]}
              shown={pages[s.id] ?? PAGE}
              focused={focused}
              fresh={fresh}
              open={!collapsed.has(s.id)}
              onToggle={() =>
                setCollapsed((c) => {
                  const next = new Set(c);
                  if (next.has(s.id)) next.delete(s.id);
                  else next.add(s.id);
                  return next;
                })
              }
              onShowAll={() => setPages((p) => ({ ...p, [s.id]: Number.MAX_SAFE_INTEGER }))}
              onFocus={setFocused}
              onAction={act}
              onSelectAll={s.id === 'orphans' || s.id === 'stale' ? (add) => selectAll(s.id, add) : undefined}
              tools={s.id === 'stale' ? <StaleThresholdButton /> : s.id === 'held' ? <HeldTools items={q.sections.held} host={host} /> : undefined}
              aside={s.id === 'stale' && editingThreshold ? <StaleThresholdEditor /> : undefined}
            />
          ))}
      </div>
      <div className="rv-foot">
        <div className="rv-status" role="status" aria-live="polite" data-testid="review-status">
          {status}
        </div>
        <TriageHints />
      </div>
    </div>
  );
}
