import { useEffect, useState } from 'react';
import { solidConfig, type SolidConfig } from '../../api/types';
import { changedPaths, configErrors } from '../../lab/configFields';
import { lab, loadConfigs, saveConfig } from '../../state/lab';
import { useStore } from '../../state/store';
import { ConfigEditor } from './ConfigEditor';
import { ConfigRow } from './ConfigRow';
import { SaveAsForm } from './SaveAsForm';

/** What the editor shows: a saved configuration (or the built-in), or weights not saved yet. */
type Showing = { kind: 'saved'; name: string } | { kind: 'draft' };

/** Named configurations: the list with the default, and an editor for every field of the one picked. */
export function ConfigsView() {
  const book = useStore(lab, (s) => s.book);
  const draft = useStore(lab, (s) => s.draft);
  const [showing, setShowing] = useState<Showing | null>(null);
  const [working, setWorking] = useState<SolidConfig | null>(null);
  const [savingAs, setSavingAs] = useState(false);

  useEffect(() => void loadConfigs(), []);
  // Weights handed over from the query form open as an unsaved draft.
  useEffect(() => {
    if (draft) setShowing({ kind: 'draft' });
  }, [draft]);

  const current: Showing = showing ?? { kind: 'saved', name: book?.default ?? 'standard' };
  const saved = current.kind === 'saved' ? book?.configs.find((c) => c.name === current.name) ?? null : null;
  const base: SolidConfig | null = current.kind === 'draft' ? draft : saved ? solidConfig(saved.config) : null;
  const key = current.kind === 'draft' ? 'draft' : `${current.name}@${saved?.updated_at ?? ''}`;
  useEffect(() => {
    setWorking(base);
    setSavingAs(current.kind === 'draft');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, base === null]);

  if (!book) return <p className="muted lab-pad">Loading the configurations…</p>;

  const builtIn = current.kind === 'saved' && current.name === 'standard';
  const changed = working && base ? changedPaths(base, working) : [];
  const errors = working ? configErrors(working) : [];
  const pick = (s: Showing) => {
    setShowing(s);
    if (s.kind === 'saved' && draft) lab.set({ draft: null });
  };

  return (
    <div className="configs-view" data-testid="configs-view">
      <p className="muted small lab-intro">
        Recalls — yours and agents’ — use the default (★) unless they name another configuration. Each trace records the one it used.
      </p>
      <ul className="config-list">
        {draft && (
          <li className={`config-row draft${current.kind === 'draft' ? ' picked' : ''}`} data-testid="config-row-draft">
            <button type="button" className="config-pick" onClick={() => pick({ kind: 'draft' })}>
              <span className="config-name">Unsaved weights</span>
              <span className="muted small">from the query form</span>
            </button>
            <span className="config-actions">
              <button type="button" className="mini" onClick={() => { lab.set({ draft: null }); setShowing(null); }}>
                Discard
              </button>
            </span>
          </li>
        )}
        {book.configs.map((c) => (
          <ConfigRow
            key={c.name}
            config={c}
            isDefault={c.name === book.default}
            picked={current.kind === 'saved' && current.name === c.name}
            onPick={() => pick({ kind: 'saved', name: c.name })}
            onRenamed={(to) => pick({ kind: 'saved', name: to })}
          />
        ))}
      </ul>
      {book.configs.length === 1 && !draft && (
        <p className="muted small lab-hint">
          Only the built-in configuration so far. Change a weight below and press <em>Save as…</em> to keep it under a name, then compare the two
          under Evaluate.
        </p>
      )}
      {working && base && (
        <>
          <div className="config-editor-head">
            <h4>{current.kind === 'draft' ? 'Unsaved weights' : current.name}</h4>
            {builtIn && <span className="muted small">built in: change weights here, then save them under a name</span>}
            <span className="spacer" />
            {changed.length > 0 && (
              <span className="muted small" data-testid="config-changed">
                {changed.length} changed
              </span>
            )}
            {changed.length > 0 && current.kind === 'saved' && (
              <button type="button" className="ghost small" onClick={() => setWorking(base)}>
                Revert
              </button>
            )}
            {current.kind === 'saved' && !builtIn && (
              <button
                type="button"
                className="primary small"
                data-testid="config-save"
                disabled={!changed.length || errors.length > 0}
                onClick={() => void saveConfig(current.name, working)}
              >
                Save
              </button>
            )}
            {!savingAs && (
              <button type="button" className="small" data-testid="config-save-as-open" onClick={() => setSavingAs(true)}>
                Save as…
              </button>
            )}
          </div>
          {savingAs && (
            <SaveAsForm
              config={working}
              onSaved={(name) => {
                if (current.kind === 'draft') lab.set({ draft: null });
                pick({ kind: 'saved', name });
              }}
              onCancel={current.kind === 'draft' ? undefined : () => setSavingAs(false)}
            />
          )}
          <ConfigEditor config={working} base={base} readOnly={false} onChange={setWorking} />
        </>
      )}
    </div>
  );
}
