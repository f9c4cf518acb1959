// A memory's own fields (a note's front matter) in the inspector, like Obsidian's properties panel:
// name → value, each value shown by its type, each edited in place. Every edit saves the whole new
// map at once, against the version the edit began from.
import { useRef, useState, type ReactNode } from 'react';
import {
  cleanName,
  compactJson,
  itemText,
  nameError,
  parseInput,
  renamed,
  sizeError,
  toInput,
  typeOf,
  TYPE_LABEL,
  withValue,
  without,
  type Properties,
  type PropertyType,
} from './properties';
import { Section } from './Section';
import './properties.css';
import { editKeys } from './editKeys';

interface Props {
  properties: Properties;
  /** The memory's version as shown: an edit is made against the version it started from. */
  version: number;
  /** Saves the whole new map; rejects when the save failed (the caller has said why). */
  onSave(next: Properties, version: number): Promise<unknown>;
}

/** A small mark of each type before the name, as Obsidian shows. */
const TYPE_MARK: Record<PropertyType, string> = {
  text: 'Aa',
  number: '#',
  boolean: '✓',
  list: '≡',
  object: '{}',
  empty: '∅',
};

/** Focuses what `selector` finds under `root` once it is rendered (a save re-renders a frame or two later). */
function focusSoon(root: HTMLElement | null, selector: string) {
  let tries = 0;
  const tick = () => {
    const el = root?.querySelector<HTMLElement>(selector);
    if (el) el.focus();
    else if (++tries < 20) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/**
 * The width of the names' column: as wide as the longest name with its type mark, no narrower than
 * Details' labels (so that short names line their values up with Details') and no wider than 40%.
 */
function keyWidth(names: string[]): string {
  const longest = Math.max(0, ...names.map((n) => [...n].length));
  return `clamp(96px, calc(${longest}ch + 24px), 40%)`;
}

const rowSelector = (name: string) => `[data-testid="property"][data-name="${CSS.escape(name)}"]`;

/**
 * The Properties section; with none, only a quiet "+ Add property", which opens the section with a
 * new row to fill in.
 */
export function PropertiesSection({ properties, version, onSave }: Props) {
  const [adding, setAdding] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const entries = Object.entries(properties);

  const addButton = (quiet: boolean) => (
    <button
      className={`ghost prop-add${quiet ? ' quiet' : ''}`}
      data-testid="property-add"
      title="Add a field of this memory's own, as in a note's front matter"
      onClick={() => setAdding(true)}
    >
      + Add property
    </button>
  );

  if (entries.length === 0 && !adding) {
    return (
      <div className="props-none" ref={root}>
        {addButton(true)}
      </div>
    );
  }

  const done = (added: string | null, refocus: boolean) => {
    setAdding(false);
    // Back where the keyboard was: the new property's value, or the button that began it (not
    // when the person clicked elsewhere, which has the focus now).
    if (!refocus) return;
    if (added !== null) focusSoon(root.current, `${rowSelector(added)} .prop-value`);
    else focusSoon(root.current, '[data-testid="property-add"]');
  };

  return (
    <Section title={entries.length ? `Properties (${entries.length})` : 'Properties'} testId="properties">
      <div className="props" ref={root} style={{ '--prop-key': keyWidth(entries.map(([k]) => k)) } as React.CSSProperties}>
        {entries.map(([name, value]) => (
          <PropertyRow key={name} name={name} value={value} properties={properties} version={version} onSave={onSave} root={root} />
        ))}
        {adding ? <AddRow properties={properties} version={version} onSave={onSave} onDone={done} /> : addButton(false)}
      </div>
    </Section>
  );
}

/** A value as its type reads: text, a number, a checkbox, chips, compact JSON. */
function shown(value: unknown, type: PropertyType): ReactNode {
  switch (type) {
    case 'text':
      return value === '' ? <span className="prop-none">empty text</span> : <span className="prop-text">{value as string}</span>;
    case 'number':
      return <span className="prop-number">{String(value)}</span>;
    case 'boolean':
      return <span className="prop-bool">{value ? 'true' : 'false'}</span>;
    case 'list': {
      const list = value as unknown[];
      if (list.length === 0) return <span className="prop-none">empty list</span>;
      return (
        <span className="prop-chips">
          {list.map((x, i) => (
            <span className="prop-chip" key={i} data-testid="property-chip">
              {itemText(x)}
            </span>
          ))}
        </span>
      );
    }
    case 'object':
      return <code className="prop-json">{compactJson(value)}</code>;
    case 'empty':
      return <span className="prop-none">empty</span>;
  }
}

function PropertyRow({
  name,
  value,
  properties,
  version,
  onSave,
  root,
}: {
  name: string;
  value: unknown;
  properties: Properties;
  version: number;
  onSave: Props['onSave'];
  root: React.RefObject<HTMLDivElement | null>;
}) {
  const type = typeOf(value);
  const [mode, setMode] = useState<'view' | 'value' | 'name'>('view');
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // The version the edit began from: what was shown when the person decided on the change.
  const from = useRef(version);
  // Set while an edit ends, so the blur that follows Enter, Esc or a save does not commit again.
  const ending = useRef(false);
  const errorId = `prop-error-${name}`;

  const begin = (what: 'value' | 'name') => {
    from.current = version;
    ending.current = false;
    setDraft(what === 'value' ? toInput(value) : name);
    setError(null);
    setMode(what);
  };

  /** Closes the editor; `focusName` is the row whose part (`what`) takes the keyboard back. */
  const end = (refocus: boolean, what = mode, focusName = name) => {
    ending.current = true;
    setMode('view');
    setError(null);
    if (refocus) focusSoon(root.current, `${rowSelector(focusName)} ${what === 'name' ? '.prop-name' : '.prop-value'}`);
  };

  const send = async (next: Properties, refocus: boolean, focusName = name) => {
    const what = mode;
    ending.current = true;
    setSaving(true);
    try {
      await onSave(next, from.current);
      end(refocus, what, focusName);
    } catch {
      // The caller has shown why (a toast) and reloads on a conflict: show what is stored now.
      end(refocus, what);
    } finally {
      setSaving(false);
    }
  };

  const commitValue = (refocus: boolean) => {
    if (ending.current || saving) return;
    if (draft === toInput(value)) return end(refocus);
    const parsed = parseInput(draft, value);
    if (!parsed.ok) return setError(parsed.error);
    const next = withValue(properties, name, parsed.value);
    const tooBig = sizeError(next);
    if (tooBig) return setError(tooBig);
    void send(next, refocus);
  };

  const commitName = (refocus: boolean) => {
    if (ending.current || saving) return;
    const to = cleanName(draft);
    if (to === name) return end(refocus);
    const refused = nameError(draft, properties, name);
    if (refused) return setError(refused);
    void send(renamed(properties, name, to), refocus, to);
  };

  /** Saves at once (a checkbox, a removal): against the version shown now. */
  const quick = async (next: Properties) => {
    if (saving) return;
    setSaving(true);
    try {
      await onSave(next, version);
    } catch {
      // Said in a toast.
    } finally {
      setSaving(false);
    }
  };

  const keys = (commit: (refocus: boolean) => void) => editKeys(() => commit(true), () => end(true));

  const input = (what: 'value' | 'name') => (
    <input
      className={`prop-input${what === 'name' ? ' name' : ''}${saving ? ' saving' : ''}`}
      value={draft}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      aria-label={what === 'name' ? `Name of property ${name}` : `Value of ${name}`}
      aria-invalid={error !== null}
      aria-describedby={error ? errorId : undefined}
      data-testid={what === 'name' ? 'property-name-input' : 'property-input'}
      placeholder={what === 'value' ? 'empty' : undefined}
      onChange={(e) => {
        setDraft(e.target.value);
        setError(null);
      }}
      onBlur={() => (what === 'name' ? commitName(false) : commitValue(false))}
      onKeyDown={keys(what === 'name' ? commitName : commitValue)}
    />
  );

  return (
    <div
      className={`prop-row${mode !== 'view' ? ' editing' : ''}${saving ? ' saving' : ''}`}
      data-testid="property"
      data-name={name}
      data-type={type}
    >
      <span className="prop-key">
        {mode === 'name' ? (
          input('name')
        ) : (
          <button
            className="prop-name"
            onClick={() => begin('name')}
            title={`${TYPE_LABEL[type]} property “${name}”. Click to rename`}
            aria-label={`${name} (${TYPE_LABEL[type].toLowerCase()}). Rename`}
            data-testid="property-name"
          >
            <span className={`prop-mark t-${type}`} aria-hidden="true">
              {TYPE_MARK[type]}
            </span>
            <span className="prop-name-text">{name}</span>
          </button>
        )}
      </span>
      <span className="prop-val">
        {mode === 'value' ? (
          input('value')
        ) : (
          <>
            {type === 'boolean' && (
              <button
                className={`prop-check${value ? ' on' : ''}`}
                role="checkbox"
                aria-checked={value === true}
                aria-label={name}
                title={`${value ? 'Uncheck' : 'Check'} ${name}`}
                disabled={saving}
                data-testid="property-check"
                onClick={() => void quick(withValue(properties, name, !value))}
              />
            )}
            <button
              className="prop-value"
              onClick={() => begin('value')}
              title={`${name}: ${toInput(value) || 'empty'}. Click to change`}
              aria-label={`${name}: ${toInput(value) || 'empty'}. Edit`}
              data-testid="property-value"
            >
              {shown(value, type)}
            </button>
          </>
        )}
      </span>
      <button
        className="prop-remove"
        title={`Remove “${name}”`}
        aria-label={`Remove property ${name}`}
        disabled={saving}
        data-testid="property-remove"
        // Keep the focus where it is, so pressing it is not a blur that saves a draft first.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => void quick(without(properties, name))}
      >
        ×
      </button>
      {error && (
        <span className="prop-error" role="alert" id={errorId} data-testid="property-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A new property being named and given a value: Enter in the name goes on to the value, Enter
 *  there (or leaving the row) adds it, Esc drops it. */
function AddRow({
  properties,
  version,
  onSave,
  onDone,
}: {
  properties: Properties;
  version: number;
  onSave: Props['onSave'];
  onDone(added: string | null, refocus: boolean): void;
}) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const from = useRef(version);
  const ending = useRef(false);
  const valueInput = useRef<HTMLInputElement>(null);

  const commit = async (refocus: boolean) => {
    if (ending.current || saving) return;
    if (name.trim() === '' && value.trim() === '') {
      ending.current = true;
      return onDone(null, refocus);
    }
    const refused = nameError(name, properties);
    if (refused) return setError(refused);
    const parsed = parseInput(value);
    if (!parsed.ok) return setError(parsed.error);
    const key = cleanName(name);
    const next = withValue(properties, key, parsed.value);
    const tooBig = sizeError(next);
    if (tooBig) return setError(tooBig);
    ending.current = true;
    setSaving(true);
    try {
      await onSave(next, from.current);
      onDone(key, refocus);
    } catch {
      // Said in a toast; the row stays, so the property can be added again.
      ending.current = false;
      setSaving(false);
    }
  };

  const cancel = () => {
    ending.current = true;
    onDone(null, true);
  };

  return (
    <div
      className={`prop-row adding${saving ? ' saving' : ''}`}
      data-testid="property-new"
      onBlur={(e) => {
        // Moving between its own inputs is not leaving the row.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) void commit(false);
      }}
    >
      <span className="prop-key">
        <input
          className="prop-input name"
          value={name}
          autoFocus
          placeholder="name"
          aria-label="New property's name"
          aria-invalid={error !== null}
          data-testid="property-add-name"
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          onKeyDown={editKeys(() => {
            const refused = nameError(name, properties);
            if (refused) setError(refused);
            else valueInput.current?.focus();
          }, cancel)}
        />
      </span>
      <span className="prop-val">
        <input
          ref={valueInput}
          className="prop-input"
          value={value}
          placeholder="value"
          aria-label="New property's value"
          data-testid="property-add-value"
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
          onKeyDown={editKeys(() => void commit(true), cancel)}
        />
      </span>
      <button
        className="prop-remove shown"
        title="Cancel (Esc)"
        aria-label="Cancel the new property"
        data-testid="property-add-cancel"
        onMouseDown={(e) => e.preventDefault()}
        onClick={cancel}
      >
        ×
      </button>
      {error && (
        <span className="prop-error" role="alert" data-testid="property-error">
          {error}
        </span>
      )}
    </div>
  );
}
