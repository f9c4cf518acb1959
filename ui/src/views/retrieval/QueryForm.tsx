import { useEffect, useState } from 'react';
import { getApi } from '../../api';
import { CONFIG_BOUNDS, MEMORY_KINDS, retrievalQuery, solidConfig, type MemoryKind, type RecallRequest, type SolidConfig } from '../../api/types';
import { KIND_LABEL } from '../../graph/palette';
import { modelState } from '../../state/model';
import { sameSelection } from '../../state/spaceSelection';
import { useStore } from '../../state/store';
import { configByName, lab, saveWeightsAs } from '../../state/lab';
import { ConfigSelect } from '../lab/ConfigSelect';
import { toastError, ui } from '../../state/ui';
import { SpacePicker } from '../settings/SpacePicker';
import './timeParams.css';

interface Props {
  running: boolean;
  onRun(req: RecallRequest): void;
}

/** Query text, filters and the main weights of the retrieval configuration (starting from the server's). */
export function QueryForm({ running, onRun }: Props) {
  const spaces = useStore(modelState, (s) => s.spaces);
  const book = useStore(modelState, (s) => s.spaceBook);
  const shown = useStore(ui, (s) => s.filters.spaces);
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(10);
  /** Spaces picked here; null follows the space switcher (what the explorer shows). */
  const [ownSpaces, setOwnSpaces] = useState<readonly string[] | null>(null);
  const picked = ownSpaces ?? shown;
  const anyArchived = spaces.some((n) => book.get(n)?.archived);
  const [kinds, setKinds] = useState<MemoryKind[]>([]);
  const [tags, setTags] = useState('');
  const [asOf, setAsOf] = useState('');
  const [knownAt, setKnownAt] = useState('');
  const [base, setBase] = useState<SolidConfig | null>(null);
  const [config, setConfig] = useState<SolidConfig | null>(null);
  const [showParams, setShowParams] = useState(false);
  /** A saved configuration picked by name; null: the default, whichever it is when the query runs. */
  const [configName, setConfigName] = useState<string | null>(null);
  const defaultName = useStore(lab, (s) => s.book?.default ?? null);

  // The weights shown: the picked configuration's, else the default's (read again when it changes).
  useEffect(() => {
    const named = configName ? configByName(configName) : null;
    if (named) {
      setBase(named);
      setConfig(named);
      return;
    }
    getApi()
      .retrievalConfig({})
      .then((raw) => {
        const c = solidConfig(raw);
        setBase(c);
        setConfig(c);
      })
      .catch((e) => toastError(e, 'load retrieval config'));
  }, [configName, defaultName]);

  const changed = base !== null && config !== null && JSON.stringify(base) !== JSON.stringify(config);

  const run = () => {
    if (!text.trim()) return;
    onRun({
      query: retrievalQuery({
        text: text.trim(),
        limit,
        spaces: [...picked],
        kinds,
        tags: tags.split(/[,\s]+/).map((t) => t.replace(/^#/, '')).filter(Boolean),
        as_of: asOf ? new Date(asOf).toISOString() : null,
        known_at: knownAt ? new Date(knownAt).toISOString() : null,
      }),
      // Only send a config when it differs: the server's current one is the default.
      config: changed ? config : null,
      config_name: changed ? null : configName,
    });
  };

  const num = (v: string, fallback: number) => (Number.isFinite(Number(v)) && v !== '' ? Number(v) : fallback);
  const patch = (f: (c: SolidConfig) => SolidConfig) => setConfig((c) => (c ? f(c) : c));

  return (
    <form
      className="query-form"
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
    >
      <div className="query-row">
        <input
          data-testid="query-input"
          className="query-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Ask the memory… e.g. why did Atlas pick LanceDB?"
          aria-label="Query"
        />
        <button type="submit" className="primary" data-testid="query-run" disabled={running || !text.trim()}>
          {running ? 'Running…' : 'Recall'}
        </button>
      </div>
      <div className="query-spaces">
        <SpacePicker
          label="Spaces"
          spaces={spaces}
          picked={picked}
          none="All spaces"
          noneTitle="Every space but the archived ones"
          testId="query-spaces"
          onChange={(next) => setOwnSpaces(sameSelection(next, shown) ? null : next)}
        />
        <div className="query-spaces-foot">
          {ownSpaces === null ? (
            <span data-testid="query-spaces-source">As the space switcher shows</span>
          ) : (
            <>
              <span data-testid="query-spaces-source">Picked here</span>
              <button type="button" onClick={() => setOwnSpaces(null)} title="Search the spaces the switcher shows again">
                Follow the switcher
              </button>
            </>
          )}
          {anyArchived && <span data-testid="query-spaces-archived-hint">Archived spaces (dashed) are searched only when picked.</span>}
        </div>
      </div>
      <button type="button" className="ghost small params-toggle" onClick={() => setShowParams(!showParams)} aria-expanded={showParams}>
        {showParams ? '▾' : '▸'} Parameters{changed ? ' (modified)' : ''}
      </button>
      {showParams && (
        <div className="params">
          <div className="param-grid">
            <label>
              Limit
              <input type="number" min={1} max={200} value={limit} onChange={(e) => setLimit(num(e.target.value, 10))} />
            </label>
            <label>
              Tags
              <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="all of…" />
            </label>
          </div>
          <div className="param-grid time-params">
            <label title="Only what was true at that time: facts valid then, events that had happened (superseded facts count while they held)">
              True as of
              <span className="param-time">
                <input type="datetime-local" step={1} data-testid="query-as-of" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
                <span className="param-hint">facts valid then, events that had happened</span>
              </span>
            </label>
            <label title="Only what Mnemo had recorded by that time, as it was then: later additions and edits do not count">
              Known at
              <span className="param-time">
                <input type="datetime-local" step={1} data-testid="query-known-at" value={knownAt} onChange={(e) => setKnownAt(e.target.value)} />
                <span className="param-hint">what Mnemo had recorded, as it was then</span>
              </span>
            </label>
          </div>
          <div className="chips">
            {MEMORY_KINDS.map((k) => (
              <button
                type="button"
                key={k}
                className={`chip-toggle${kinds.includes(k) ? ' on' : ''}`}
                onClick={() => setKinds(kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k])}
              >
                <span className={`kind-dot k-${k}`} /> {KIND_LABEL[k]}
              </button>
            ))}
          </div>
          <div className="query-config">
            <label className="field-inline">
              Configuration
              <ConfigSelect value={configName} onChange={setConfigName} testId="query-config" />
            </label>
            {changed && config && (
              <button type="button" className="ghost small" data-testid="query-save-weights" onClick={() => saveWeightsAs(config)} title="Keep these weights as a named configuration">
                Save as…
              </button>
            )}
          </div>
          {config && (
            <div className="param-grid weights">
              <label>
                Fusion
                <select value={config.fusion} onChange={(e) => patch((c) => ({ ...c, fusion: e.target.value as SolidConfig['fusion'] }))}>
                  <option value="score">score</option>
                  <option value="rrf">rrf</option>
                </select>
              </label>
              <Weight label="Vector ×" path="vector_weight" value={config.vector_weight} onChange={(v) => patch((c) => ({ ...c, vector_weight: v }))} />
              <Weight label="Keyword ×" path="keyword_weight" value={config.keyword_weight} onChange={(v) => patch((c) => ({ ...c, keyword_weight: v }))} />
              <label className="check">
                <input
                  type="checkbox"
                  checked={config.expansion.enabled}
                  onChange={(e) => patch((c) => ({ ...c, expansion: { ...c.expansion, enabled: e.target.checked } }))}
                />
                Graph expansion
              </label>
              <label>
                Hops
                <input
                  type="number"
                  min={1}
                  max={bounds('expansion.hops').max}
                  disabled={!config.expansion.enabled}
                  value={config.expansion.hops}
                  onChange={(e) => patch((c) => ({ ...c, expansion: { ...c.expansion, hops: num(e.target.value, c.expansion.hops) } }))}
                />
              </label>
              <Weight label="Relevance" path="rerank.relevance" value={config.rerank.relevance} onChange={(v) => patch((c) => ({ ...c, rerank: { ...c.rerank, relevance: v } }))} />
              <Weight label="Graph" path="rerank.graph" value={config.rerank.graph} onChange={(v) => patch((c) => ({ ...c, rerank: { ...c.rerank, graph: v } }))} />
              <Weight label="Recency" path="rerank.recency" value={config.rerank.recency} onChange={(v) => patch((c) => ({ ...c, rerank: { ...c.rerank, recency: v } }))} />
              <Weight label="Importance" path="rerank.importance" value={config.rerank.importance} onChange={(v) => patch((c) => ({ ...c, rerank: { ...c.rerank, importance: v } }))} />
              <Weight label="Pinned" path="rerank.pinned" value={config.rerank.pinned} onChange={(v) => patch((c) => ({ ...c, rerank: { ...c.rerank, pinned: v } }))} />
              {changed && (
                <button type="button" className="ghost small" onClick={() => setConfig(base)}>
                  Reset to {configName ?? 'the default'}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </form>
  );
}

/** The least and greatest value of a configuration field, as the server validates it. */
function bounds(path: string): { min: number; max: number } {
  const b = CONFIG_BOUNDS.find(([p]) => p === path);
  return b ? { min: b[1], max: b[2] } : { min: 0, max: 100 };
}

function Weight({ label, path, value, onChange }: { label: string; path: string; value: number; onChange(v: number): void }) {
  return (
    <label>
      {label}
      <input type="number" step={0.05} {...bounds(path)} value={value} onChange={(e) => e.target.value !== '' && onChange(Number(e.target.value))} />
    </label>
  );
}
