import { useEffect, useState } from 'react';
import type { FieldKind } from '../../lab/configFields';
import { boundsOf, valueError } from '../../lab/configFields';

interface Props {
  path: string;
  label: string;
  meaning: string;
  kind: FieldKind;
  step?: number;
  value: unknown;
  /** The value it had when editing began: a changed field is marked. */
  was: unknown;
  readOnly: boolean;
  onChange(value: unknown): void;
}

/** One field of a configuration: its label, what it means, its bounds, and what is wrong with it. */
export function ConfigFieldInput({ path, label, meaning, kind, step, value, was, readOnly, onChange }: Props) {
  const bounds = boundsOf(path);
  const [text, setText] = useState(String(value));
  // Follow changes made elsewhere (a revert, another configuration picked).
  useEffect(() => {
    if (Number(text) !== value || text === '') setText(String(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const error = kind === 'int' || kind === 'float' ? valueError(path, text.trim() === '' ? Number.NaN : Number(text)) : null;
  const changed = value !== was;
  const id = `cfg-${path.replace(/\W/g, '-')}`;
  return (
    <div className={`cfg-field${changed ? ' changed' : ''}${error ? ' invalid' : ''}`} data-testid="config-field" data-path={path}>
      <label htmlFor={id} className="cfg-label">
        {label}
        {changed && <span className="cfg-was" title="Its value when you started editing">was {String(was)}</span>}
      </label>
      <div className="cfg-input">
        {kind === 'bool' ? (
          <input id={id} type="checkbox" checked={value === true} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} />
        ) : kind === 'fusion' ? (
          <select id={id} value={String(value)} disabled={readOnly} onChange={(e) => onChange(e.target.value)}>
            <option value="score">score</option>
            <option value="rrf">rrf</option>
          </select>
        ) : (
          <input
            id={id}
            type="number"
            inputMode="decimal"
            step={step ?? 'any'}
            min={bounds?.min}
            max={bounds?.max}
            value={text}
            readOnly={readOnly}
            aria-invalid={error !== null}
            onChange={(e) => {
              setText(e.target.value);
              const v = Number(e.target.value);
              if (e.target.value.trim() !== '' && Number.isFinite(v)) onChange(v);
            }}
          />
        )}
        {bounds && <span className="cfg-bounds">{bounds.min}…{bounds.max}</span>}
      </div>
      <div className="cfg-meaning">{error ? <span className="cfg-error">{label} {error}</span> : meaning}</div>
    </div>
  );
}
