// A memory's own fields (a note's front matter: `status: draft`, `rating: 4`, `reviewers: [Priya,
// Tomás]`) as a person reads and types them: the type a value shows as, the text an editor starts
// from, what a typed text becomes, and the checks the engine would make, so that a refusal shows
// beside the field before anything is sent. Pure, so the inspector only lays it out.

/** A memory's properties as the engine stores them: any JSON value under a name. */
export type Properties = { [key: string]: unknown };

/** How a value shows: each type has its own look in the inspector. */
export type PropertyType = 'text' | 'number' | 'boolean' | 'list' | 'object' | 'empty';

/** The engine's limits (mnemo-core `limits.rs`): names of 1 to 128 characters, at most 64
 *  properties, 16 KiB as JSON in all. */
export const MAX_PROPERTIES = 64;
export const MAX_PROPERTY_NAME_CHARS = 128;
export const MAX_PROPERTIES_BYTES = 16 * 1024;

/** A value parsed from what a person typed, or why it cannot be. */
export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

export function typeOf(v: unknown): PropertyType {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'text';
  if (Array.isArray(v)) return 'list';
  return 'object';
}

/** The type's name, for titles and screen readers. */
export const TYPE_LABEL: Record<PropertyType, string> = {
  text: 'Text',
  number: 'Number',
  boolean: 'Checkbox',
  list: 'List',
  object: 'Object',
  empty: 'Empty',
};

/** Numbers as JSON writes them, without a leading `+` or zeros (`007` stays text, as a code would). */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A number typed in full: a finite value, and an integer only while it is exact. */
function number(s: string): number | undefined {
  if (!NUMBER.test(s)) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) return undefined;
  if (Number.isInteger(n) && !/[.eE]/.test(s) && !Number.isSafeInteger(n)) return undefined;
  return n;
}

/** One scalar as typed: `true`/`false`, a number, a quoted text, else the text itself. */
function scalar(raw: string): unknown {
  const s = raw.trim();
  if (/^(true|false)$/i.test(s)) return s.toLowerCase() === 'true';
  const n = number(s);
  if (n !== undefined) return n;
  const quoted = unquote(s);
  return quoted ?? s;
}

/** The text inside matching quotes (`"…"` read as JSON, `'…'` as is); undefined if not quoted. */
function unquote(s: string): string | undefined {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(s);
      if (typeof v === 'string') return v;
    } catch {
      // Not JSON: the quotes are part of the text.
    }
  }
  if (/^'[^']*'$/.test(s)) return s.slice(1, -1);
  return undefined;
}

const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Comma-separated items, blanks dropped; each a text (`asText`) or a typed scalar. */
function items(s: string, asText: boolean): unknown[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => (asText ? (unquote(x) ?? x) : scalar(x)));
}

/**
 * What a typed text becomes, given the value it replaces (`previous`, undefined for a new one):
 * - `true` / `false` → a boolean; a number → a number; `"…"` → exactly that text (so `"42"` stays text);
 * - `[a, b]` → a list (JSON when it is JSON, else comma-separated items typed as above);
 * - `{…}` → an object, which must be JSON;
 * - in a list field, a plain comma list (or one item) stays a list; a list of texts keeps its items texts;
 * - nothing → empty (null), or an empty list in a list field;
 * - anything else → the text, trimmed.
 */
export function parseInput(input: string, previous?: unknown): Parsed {
  const s = input.trim();
  const wasList = Array.isArray(previous);
  if (s === '') return { ok: true, value: wasList ? [] : null };
  if (s.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(s);
      if (v && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v };
    } catch (e) {
      return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
    }
  }
  if (s.startsWith('[') && s.endsWith(']')) {
    try {
      const v: unknown = JSON.parse(s);
      if (Array.isArray(v)) return { ok: true, value: v };
    } catch {
      // A list written as in front matter: [Priya, Tomás].
    }
    return { ok: true, value: items(s.slice(1, -1), false) };
  }
  if (wasList) {
    // One quoted text is the way to turn a list back into a text.
    const quoted = unquote(s);
    if (quoted !== undefined) return { ok: true, value: quoted };
    return { ok: true, value: items(s, isTextList(previous) && previous.length > 0) };
  }
  return { ok: true, value: scalar(s) };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A value as friendly text, before checking it reads back the same. */
function friendly(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
  return JSON.stringify(v);
}

/**
 * The text an editor starts from: the friendly form (`draft`, `4`, `Priya, Tomás`) when typing it
 * back gives the same value, else JSON (`"42"` for the text 42, `["a, b"]` for an item with a comma),
 * so that saving without a change never changes a type.
 */
export function toInput(v: unknown): string {
  const text = friendly(v);
  // A one-line input cannot hold a line break: such a text edits as JSON, escapes and all.
  const back = parseInput(text, v);
  if (!/[\r\n]/.test(text) && back.ok && sameJson(back.value, v ?? null)) return text;
  return JSON.stringify(v);
}

/** A list item as a chip reads: texts as they are, anything else as JSON. */
export function itemText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Compact JSON for an object value. */
export function compactJson(v: unknown): string {
  return JSON.stringify(v) ?? '';
}

const chars = (s: string) => [...s].length;

/**
 * Why `name` cannot name a property of `props` (a new one, or `renaming` renamed), or null.
 * Names are trimmed first; see `cleanName`.
 */
export function nameError(name: string, props: Properties, renaming?: string): string | null {
  const n = cleanName(name);
  if (n === '') return 'A property needs a name.';
  if (chars(n) > MAX_PROPERTY_NAME_CHARS) return `A property name is at most ${MAX_PROPERTY_NAME_CHARS} characters (this one has ${chars(n)}).`;
  if (n !== renaming && Object.prototype.hasOwnProperty.call(props, n)) return `There is already a property “${n}”.`;
  if (renaming === undefined && Object.keys(props).length >= MAX_PROPERTIES) return `A memory holds at most ${MAX_PROPERTIES} properties.`;
  return null;
}

export function cleanName(name: string): string {
  return name.trim();
}

/** Why the whole map is too large to store, or null. */
export function sizeError(props: Properties): string | null {
  const bytes = new TextEncoder().encode(JSON.stringify(props)).length;
  if (bytes <= MAX_PROPERTIES_BYTES) return null;
  return `The properties would take ${bytes.toLocaleString('en-US')} bytes as JSON; the limit is ${MAX_PROPERTIES_BYTES.toLocaleString('en-US')} (16 KiB).`;
}

/** `props` with `name` set to `value` (added at the end if new). */
export function withValue(props: Properties, name: string, value: unknown): Properties {
  const entries = Object.entries(props);
  const at = entries.findIndex(([k]) => k === name);
  if (at >= 0) entries[at] = [name, value];
  else entries.push([name, value]);
  return Object.fromEntries(entries);
}

/** `props` with `from` renamed `to`, keeping its value and place. */
export function renamed(props: Properties, from: string, to: string): Properties {
  // Built from entries, so that any name (even `__proto__`) is an own field like the others.
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k === from ? to : k, v]));
}

/** `props` without `name`. */
export function without(props: Properties, name: string): Properties {
  return Object.fromEntries(Object.entries(props).filter(([k]) => k !== name));
}
