// The form that makes an agent token: its name, policy (each with what it means), the spaces it
// may read and write, and what it may do to others' memories. Errors show beside the field.
import { useState } from 'react';
import { getApi } from '../../api';
import type { AgentToken, NewAgentToken } from '../../api/types';
import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { SpacePicker } from './SpacePicker';
import { EMPTY_FORM, inlineError, nameProblem, POLICIES, pruneWrites, specOf, writeChoices, type TokenForm } from './tokens';

interface Props {
  tokens: readonly AgentToken[];
  onCreated(made: NewAgentToken): void;
  onCancel(): void;
  /** The list is behind the server's (a name was taken meanwhile): read it again. */
  onStale(): void;
}

export function NewTokenForm({ tokens, onCreated, onCancel, onStale }: Props) {
  const spaces = useStore(modelState, (s) => s.spaces);
  const [form, setForm] = useState<TokenForm>(EMPTY_FORM);
  /** The name's problem, shown once the person tried to create (or the server said). */
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<TokenForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const problem = nameProblem(form.name, tokens);
    setNameError(problem);
    setError(null);
    if (problem) return;
    setBusy(true);
    try {
      onCreated(await getApi().createAgentToken(specOf(form)));
    } catch (err) {
      // A name taken meanwhile (409) or refused belongs beside the name; anything else under the form.
      const code = (err as { code?: string }).code;
      const message = inlineError(err);
      if (code === 'conflict' || /\bname\b/.test(message)) setNameError(message);
      else setError(message);
      if (code === 'conflict') onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="tok-form" data-testid="token-form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="tok-field">
        <span>Agent name</span>
        <input
          autoFocus
          data-testid="token-name"
          value={form.name}
          placeholder="e.g. claude-code, research-bot"
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? 'tok-name-error' : undefined}
          onChange={(e) => {
            set({ name: e.target.value });
            if (nameError) setNameError(null);
          }}
        />
      </label>
      {nameError ? (
        <p className="tok-error" id="tok-name-error" role="alert" data-testid="token-name-error">
          {nameError}
        </p>
      ) : (
        <p className="muted small tok-note">Its changes are recorded as agent:{form.name.trim() || '<name>'}.</p>
      )}

      <fieldset className="tok-policies">
        <legend>Policy</legend>
        {POLICIES.map((p) => (
          <label key={p.policy} className={`tok-policy-choice${form.policy === p.policy ? ' on' : ''}`}>
            <input type="radio" name="tok-policy" value={p.policy} checked={form.policy === p.policy} onChange={() => set({ policy: p.policy })} />
            <span className={`tok-policy-badge p-${p.policy}`}>{p.label}</span>
            <span className="muted small">{p.hint}</span>
          </label>
        ))}
      </fieldset>

      <SpacePicker
        label="Spaces it may read"
        spaces={spaces}
        picked={form.read}
        none="Every space"
        testId="token-read-spaces"
        onChange={(read) => set({ read, write: pruneWrites(form.write, read) })}
      />
      {form.policy !== 'read_only' && (
        <SpacePicker
          label="Spaces it may write"
          spaces={writeChoices(spaces, form.read)}
          picked={form.write}
          none={form.read.length ? 'Every space it reads' : 'Every space'}
          testId="token-write-spaces"
          onChange={(write) => set({ write })}
        />
      )}

      <div className="tok-checks">
        <label className="check">
          <input type="checkbox" data-testid="token-edit-others" checked={form.editOthers} onChange={(e) => set({ editOthers: e.target.checked })} />
          May edit others’ memories
        </label>
        <label className="check">
          <input type="checkbox" data-testid="token-forget-others" checked={form.forgetOthers} onChange={(e) => set({ forgetOthers: e.target.checked })} />
          May forget others’ memories
        </label>
      </div>
      <p className="muted small tok-note">Without these it changes only what it wrote itself, and never a pinned memory.</p>

      {error && (
        <p className="tok-error" role="alert">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid="token-create" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
