import { useEffect, useState } from 'react';
import { getApi } from '../../api';
import { retrievalQuery, type Memory, type WhyNot } from '../../api/types';
import { configByName, lab } from '../../state/lab';
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { toastError, ui } from '../../state/ui';
import { MemoryPicker } from '../inspector/MemoryPicker';
import { SpacePicker } from '../settings/SpacePicker';
import { ConfigSelect } from './ConfigSelect';
import { WhyNotSteps } from './WhyNotSteps';

const titleOf = (m: Memory | undefined, id: string) => (m ? m.title || m.text.slice(0, 80) : id);

/** "Why not?": a query and a memory it did not return; where that memory stood at every stage. */
export function WhyNotView() {
  const asked = useStore(lab, (s) => s.whyNot);
  const spaces = useStore(modelState, (s) => s.spaces);
  const selectedId = useStore(ui, (s) => s.selectedId);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [limit, setLimit] = useState(10);
  const [memory, setMemory] = useState<string | null>(null);
  const [configName, setConfigName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ why: WhyNot; title: string } | null>(null);

  // Asked from elsewhere (a trace's "Why not?"): take its query, and its memory when given.
  useEffect(() => {
    if (!asked) return;
    setText(asked.query.text ?? '');
    setPicked(asked.query.spaces ?? []);
    setLimit(asked.query.limit ?? 10);
    if (asked.memory) setMemory(asked.memory);
    setAnswer(null);
  }, [asked]);

  const m = memory ? model.memories.get(memory) : undefined;
  const canAsk = text.trim() !== '' && memory !== null && !busy;
  const ask = async () => {
    if (!canAsk || !memory) return;
    setBusy(true);
    try {
      // The asked trace's other filters (kinds, tags, time) still apply; text, spaces and limit are as set here.
      const q = asked?.query;
      const query = retrievalQuery({
        kinds: q?.kinds ?? [],
        tags: q?.tags ?? [],
        time_from: q?.time_from ?? null,
        time_to: q?.time_to ?? null,
        as_of: q?.as_of ?? null,
        known_at: q?.known_at ?? null,
        statuses: q?.statuses ?? [],
        text: text.trim(),
        spaces: [...picked],
        limit,
      });
      const why = await getApi().whyNot({ query, memory, config: configName ? configByName(configName) : null });
      setAnswer({ why, title: titleOf(m, memory) });
    } catch (e) {
      toastError(e, 'explain why not');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="whynot-view" data-testid="whynot-view">
      <p className="muted small lab-intro">
        Expected a memory that did not come back? Name the query and the memory: Mnemo runs the recall again (nothing recorded) and shows where it
        stood in each channel, whether expansion reached it, and which filter or cut-off dropped it.
      </p>
      <form
        className="whynot-form"
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <label className="lab-field">
          Query
          <input data-testid="whynot-query" value={text} onChange={(e) => setText(e.target.value)} placeholder="The query that missed it" />
        </label>
        <SpacePicker label="Spaces" spaces={spaces} picked={picked} none="All spaces" onChange={setPicked} testId="whynot-spaces" />
        <div className="whynot-row">
          <label className="field-inline">
            Limit
            <input type="number" min={1} max={200} value={limit} onChange={(e) => setLimit(Math.max(1, Number(e.target.value) || 10))} style={{ width: 64 }} />
          </label>
          <label className="field-inline">
            Weights
            <ConfigSelect value={configName} onChange={setConfigName} testId="whynot-config" />
          </label>
        </div>
        <div className="lab-field">
          Memory
          {memory ? (
            <div className="picked whynot-memory" data-testid="whynot-memory" data-id={memory}>
              <span className={`kind-dot k-${m?.kind ?? 'note'}`} />
              <span className="whynot-memory-title">{titleOf(m, memory)}</span>
              {m && <span className="muted small">in {m.space}</span>}
              <button type="button" className="mini" onClick={() => setMemory(null)}>
                Change
              </button>
            </div>
          ) : (
            <div className="whynot-pick">
              <MemoryPicker
                exclude={[]}
                onPick={(x) => setMemory(x.id)}
                placeholder="Find the memory you expected, by title or text…"
                label="Expected memory"
                testId="whynot-memory-search"
              />
              {selectedId && (
                <button type="button" className="small" data-testid="whynot-use-selected" onClick={() => setMemory(selectedId)}>
                  Use the selected memory: {titleOf(model.memories.get(selectedId), selectedId).slice(0, 40)}
                </button>
              )}
            </div>
          )}
        </div>
        <div className="row">
          <button type="submit" className="primary" data-testid="whynot-ask" disabled={!canAsk}>
            {busy ? 'Looking…' : 'Why not?'}
          </button>
          {!memory && <span className="muted small">Pick the memory first (search above, or select it on the graph).</span>}
        </div>
      </form>
      {answer && <WhyNotSteps why={answer.why} title={answer.title} />}
    </div>
  );
}
