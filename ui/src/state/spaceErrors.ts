// Where a refused change to a space belongs: the engine names the field ("invalid rename: …",
// "invalid move_to: …") or says "conflict: …" about the name; the dialog shows the message beside
// that field, without the prefix. And the checks a name gets before it is sent. Pure.
import { DEFAULT_SPACE, type SpaceBook } from './spaceBook';

export type SpaceField = 'name' | 'rename' | 'description' | 'colour' | 'move_to' | 'form';

export interface FieldError {
  field: SpaceField;
  message: string;
}

const FIELDS: readonly SpaceField[] = ['name', 'rename', 'description', 'colour', 'move_to'];

function sentence(s: string): string {
  const t = s.trim();
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : t;
}

/**
 * The field a refusal is about, and its message as a sentence. `nameField` is where a conflict
 * about a name goes (the rename field, the new space's name, or the move's target).
 */
export function fieldError(e: unknown, nameField: SpaceField): FieldError {
  const err = e as { code?: string; message?: string } | null;
  const raw = err?.message ?? String(e);
  const invalid = /^invalid ([\w.]+): (.*)$/s.exec(raw);
  if (invalid) {
    const f = invalid[1] as SpaceField;
    return { field: FIELDS.includes(f) ? f : 'form', message: sentence(invalid[2]) };
  }
  const conflict = /^conflict: (.*)$/s.exec(raw);
  if (conflict || err?.code === 'conflict') return { field: nameField, message: sentence(conflict ? conflict[1] : raw) };
  return { field: 'form', message: sentence(raw) };
}

/**
 * What is wrong with a name before it is sent, or null: it must say something, and not be taken
 * (`current` is the space being renamed, which may keep its name).
 */
export function nameProblem(typed: string, book: SpaceBook, current: string | null = null): string | null {
  const name = typed.trim();
  if (!name) return 'Give the space a name.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'A name cannot hold control characters.';
  if (name === current) return null;
  if (name === DEFAULT_SPACE) return `“${DEFAULT_SPACE}” takes every write that names no space: pick another name.`;
  if (book.has(name)) {
    return current
      ? `A space named “${name}” exists already. To put these memories there, delete “${current}” and move them.`
      : `A space named “${name}” exists already.`;
  }
  return null;
}
