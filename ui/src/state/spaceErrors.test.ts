import { describe, expect, it } from 'vitest';
import { bookOf } from './spaceBook';
import { fieldError, nameProblem } from './spaceErrors';

const err = (code: string, message: string) => ({ code, message });

describe('refusals beside their field', () => {
  it('puts an invalid field’s message beside it, without the prefix', () => {
    expect(fieldError(err('invalid_input', 'invalid rename: the "default" space takes every write that names no space: it cannot be renamed'), 'rename')).toEqual({
      field: 'rename',
      message: 'The "default" space takes every write that names no space: it cannot be renamed',
    });
    expect(fieldError(err('invalid_input', 'invalid colour: "red" is not a colour: write it as #rrggbb'), 'name').field).toBe('colour');
    expect(fieldError(err('invalid_input', 'invalid move_to: name another space than the one deleted'), 'move_to').field).toBe('move_to');
  });

  it('puts a conflict beside the name being given', () => {
    expect(fieldError(err('conflict', 'conflict: space "work" exists already'), 'name')).toEqual({ field: 'name', message: 'Space "work" exists already' });
    expect(fieldError(err('conflict', 'conflict: space "old" is archived: it takes no new memories until it is unarchived'), 'move_to').field).toBe('move_to');
  });

  it('leaves anything else to the form', () => {
    expect(fieldError(err('not_found', 'space not found: work'), 'rename')).toEqual({ field: 'form', message: 'Space not found: work' });
    expect(fieldError(err('invalid_input', 'invalid memories: space "w" holds 3 memories'), 'rename').field).toBe('form');
    expect(fieldError(new Error('offline'), 'rename')).toEqual({ field: 'form', message: 'Offline' });
  });
});

describe('names checked before they are sent', () => {
  const book = bookOf([{ name: 'work', description: '', created_at: 'T' }]);
  it('needs a name that is not taken', () => {
    expect(nameProblem('  ', book)).toMatch(/name/);
    expect(nameProblem('work', book)).toBe('A space named “work” exists already.');
    expect(nameProblem('default', book)).toMatch(/takes every write that names no space/);
    expect(nameProblem('home', book)).toBeNull();
    expect(nameProblem('a\u0007b', book)).toMatch(/control/);
  });

  it('lets a space keep its own name, and says how to join another', () => {
    expect(nameProblem('work', book, 'work')).toBeNull();
    expect(nameProblem('default', book, 'work')).toMatch(/pick another name/);
    const two = bookOf([{ name: 'work', description: '', created_at: 'T' }, { name: 'home', description: '', created_at: 'T' }]);
    expect(nameProblem('home', two, 'work')).toMatch(/delete “work” and move them/);
  });
});
