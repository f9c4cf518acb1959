// What to export: the selection, what the filters show, one space (picked here), or everything.
import type { ScopeChoice, ScopeKind } from './exportPlan';

interface Props {
  choices: readonly ScopeChoice[];
  value: ScopeKind;
  spaces: ReadonlyMap<string, number>;
  space: string | null;
  onChange(kind: ScopeKind): void;
  onSpace(space: string): void;
}

export function ScopeList({ choices, value, spaces, space, onChange, onSpace }: Props) {
  return (
    <fieldset className="export-group" data-testid="export-scopes">
      <legend>What</legend>
      {choices.map((c) => (
        <label key={c.kind} className="export-option" data-testid={`export-scope-${c.kind}`} data-count={c.count}>
          <input type="radio" name="export-scope" value={c.kind} checked={value === c.kind} onChange={() => onChange(c.kind)} />
          {c.kind === 'space' ? (
            <span className="export-option-label export-space">
              Space
              <select
                aria-label="Space to export"
                data-testid="export-space"
                value={space ?? ''}
                onChange={(e) => {
                  onSpace(e.target.value);
                  onChange('space');
                }}
              >
                {[...spaces.keys()].sort().map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
              <span className="muted">
                ({c.count.toLocaleString('en')} {c.count === 1 ? 'memory' : 'memories'})
              </span>
            </span>
          ) : (
            <span className="export-option-label">{c.label}</span>
          )}
        </label>
      ))}
    </fieldset>
  );
}
