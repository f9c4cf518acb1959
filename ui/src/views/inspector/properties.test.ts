import { describe, expect, it } from 'vitest';
import {
  MAX_PROPERTIES,
  nameError,
  parseInput,
  renamed,
  sizeError,
  toInput,
  typeOf,
  withValue,
  without,
  type Properties,
} from './properties';

/** The value a typed text becomes, failing the test if it is refused. */
const parse = (input: string, previous?: unknown) => {
  const r = parseInput(input, previous);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('typeOf', () => {
  it('names the type a value shows as', () => {
    expect(typeOf('draft')).toBe('text');
    expect(typeOf('')).toBe('text');
    expect(typeOf(4)).toBe('number');
    expect(typeOf(0)).toBe('number');
    expect(typeOf(false)).toBe('boolean');
    expect(typeOf(['Priya', 'Tomás'])).toBe('list');
    expect(typeOf({ a: 1 })).toBe('object');
    expect(typeOf(null)).toBe('empty');
    expect(typeOf(undefined)).toBe('empty');
  });
});

describe('parseInput', () => {
  it('reads true and false as booleans, in any case', () => {
    expect(parse('true')).toBe(true);
    expect(parse('False')).toBe(false);
    expect(parse(' TRUE ')).toBe(true);
    // Only those two words: yes and no stay text.
    expect(parse('yes')).toBe('yes');
  });

  it('reads numbers as numbers', () => {
    expect(parse('4')).toBe(4);
    expect(parse('-3.25')).toBe(-3.25);
    expect(parse('0')).toBe(0);
    expect(parse('1e3')).toBe(1000);
    expect(parse(' 42 ')).toBe(42);
  });

  it('keeps as text what only looks like a number', () => {
    // Codes with leading zeros, signs, separators, dates, and integers too large to be exact.
    expect(parse('007')).toBe('007');
    expect(parse('+5')).toBe('+5');
    expect(parse('1,000')).toBe('1,000');
    expect(parse('2025-01-31')).toBe('2025-01-31');
    expect(parse('12345678901234567890')).toBe('12345678901234567890');
    expect(parse('Infinity')).toBe('Infinity');
    expect(parse('NaN')).toBe('NaN');
  });

  it('reads anything else as text, trimmed; a comma does not make a text a list', () => {
    expect(parse('  final ')).toBe('final');
    expect(parse('Hello, world', 'draft')).toBe('Hello, world');
    expect(parse('[draft] notes')).toBe('[draft] notes');
  });

  it('reads a quoted value as exactly that text', () => {
    expect(parse('"42"')).toBe('42');
    expect(parse('"true"')).toBe('true');
    expect(parse('"  padded "')).toBe('  padded ');
    expect(parse("'single'")).toBe('single');
    // A lone quote is part of the text.
    expect(parse('"unfinished')).toBe('"unfinished');
  });

  it('reads [a, b] as a list, its items typed', () => {
    expect(parse('[Priya, Tomás]')).toEqual(['Priya', 'Tomás']);
    expect(parse('[1, 2, true, x]')).toEqual([1, 2, true, 'x']);
    expect(parse('[]')).toEqual([]);
    expect(parse('[ a , , b ]')).toEqual(['a', 'b']);
    // JSON when it is JSON: an item may hold a comma.
    expect(parse('["a, b", "c"]')).toEqual(['a, b', 'c']);
    expect(parse('[{"x": 1}]')).toEqual([{ x: 1 }]);
  });

  it('keeps a list field a list when typed as a comma list, or as one item', () => {
    const reviewers = ['Priya', 'Tomás'];
    expect(parse('Priya, Tomás, Ines', reviewers)).toEqual(['Priya', 'Tomás', 'Ines']);
    expect(parse('Priya', reviewers)).toEqual(['Priya']);
    expect(parse('', reviewers)).toEqual([]);
    // A list of texts keeps its items texts; a list of numbers types them.
    expect(parse('2024, true', ['x'])).toEqual(['2024', 'true']);
    expect(parse('1, 2.5', [1, 2])).toEqual([1, 2.5]);
    // One quoted text turns it back into a text.
    expect(parse('"Priya, Tomás"', reviewers)).toBe('Priya, Tomás');
  });

  it('reads {…} as an object, and refuses what is not JSON', () => {
    expect(parse('{"lat": 51.5, "tags": ["a"]}')).toEqual({ lat: 51.5, tags: ['a'] });
    const bad = parseInput('{lat: 51.5}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^Not valid JSON/);
  });

  it('reads nothing as empty', () => {
    expect(parse('')).toBeNull();
    expect(parse('   ', 'draft')).toBeNull();
  });
});

describe('toInput', () => {
  it('shows values as a person would type them', () => {
    expect(toInput('draft')).toBe('draft');
    expect(toInput(4)).toBe('4');
    expect(toInput(2.5)).toBe('2.5');
    expect(toInput(true)).toBe('true');
    expect(toInput(['Priya', 'Tomás'])).toBe('Priya, Tomás');
    expect(toInput([1, 2])).toBe('1, 2');
    expect(toInput([])).toBe('');
    expect(toInput(null)).toBe('');
    expect(toInput({ a: 1 })).toBe('{"a":1}');
    expect(toInput('2025-01-31')).toBe('2025-01-31');
    expect(toInput('Hello, world')).toBe('Hello, world');
  });

  it('quotes what would otherwise read back as another value', () => {
    expect(toInput('42')).toBe('"42"');
    expect(toInput('true')).toBe('"true"');
    expect(toInput('')).toBe('""');
    expect(toInput(' padded')).toBe('" padded"');
    expect(toInput('[draft]')).toBe('"[draft]"');
    expect(toInput('two\nlines')).toBe('"two\\nlines"');
    expect(toInput(['a, b', 'c'])).toBe('["a, b","c"]');
    expect(toInput(['1', 2])).toBe('["1",2]');
    expect(toInput([['nested']])).toBe('[["nested"]]');
  });

  it('reads back as the same value, so saving without a change changes no type', () => {
    const values: unknown[] = [
      'draft', '42', 'true', '', ' x ', '[a]', '{b}', '"quoted"', "'single'", 'two\nlines', 'Hello, world',
      0, -1, 3.14159, 1e21, true, false, null,
      [], ['Priya', 'Tomás'], ['a, b'], ['1', '2'], [1, 'one'], [true, null], [{ x: [1] }],
      { a: 1, b: [2, 'three'], c: { d: null } },
    ];
    for (const v of values) expect(parse(toInput(v), v), JSON.stringify(v)).toEqual(v);
  });
});

describe('names', () => {
  const props: Properties = { status: 'draft', rating: 4 };

  it('needs a name, not too long, not taken', () => {
    expect(nameError('due', props)).toBeNull();
    expect(nameError('  ', props)).toBe('A property needs a name.');
    expect(nameError('status', props)).toBe('There is already a property “status”.');
    expect(nameError(' status ', props)).toBe('There is already a property “status”.');
    // Names differing in case are two names, as the engine keeps them.
    expect(nameError('Status', props)).toBeNull();
    expect(nameError('x'.repeat(128), props)).toBeNull();
    expect(nameError('x'.repeat(129), props)).toMatch(/at most 128 characters \(this one has 129\)/);
    // Characters, not UTF-16 units: 128 emoji fit.
    expect(nameError('😀'.repeat(128), props)).toBeNull();
    // Inherited names are not taken.
    expect(nameError('toString', props)).toBeNull();
  });

  it('lets a property keep its own name when renamed, but not take another', () => {
    expect(nameError('status', props, 'status')).toBeNull();
    expect(nameError('rating', props, 'status')).toBe('There is already a property “rating”.');
  });

  it('refuses a property past the 64th, but not a rename there', () => {
    const full = Object.fromEntries(Array.from({ length: MAX_PROPERTIES }, (_, i) => [`p${i}`, i]));
    expect(nameError('one-more', full)).toBe('A memory holds at most 64 properties.');
    expect(nameError('renamed', full, 'p0')).toBeNull();
  });
});

describe('sizeError', () => {
  it('allows 16 KiB of JSON, counted in bytes', () => {
    expect(sizeError({ status: 'draft' })).toBeNull();
    // {"a":"…"} is 8 bytes around the text.
    expect(sizeError({ a: 'x'.repeat(16 * 1024 - 8) })).toBeNull();
    expect(sizeError({ a: 'x'.repeat(16 * 1024 - 7) })).toMatch(/16,385 bytes as JSON; the limit is 16,384/);
    // é is two bytes in UTF-8.
    expect(sizeError({ a: 'é'.repeat(8 * 1024) })).not.toBeNull();
  });
});

describe('map edits', () => {
  const props: Properties = { rating: 4, reviewers: ['Priya'], status: 'draft' };

  it('sets a value in place, or adds it at the end', () => {
    expect(Object.entries(withValue(props, 'rating', 5))).toEqual([['rating', 5], ['reviewers', ['Priya']], ['status', 'draft']]);
    expect(Object.keys(withValue(props, 'due', '2025-01-31'))).toEqual(['rating', 'reviewers', 'status', 'due']);
  });

  it('renames keeping the value and place', () => {
    expect(Object.entries(renamed(props, 'reviewers', 'editors'))).toEqual([['rating', 4], ['editors', ['Priya']], ['status', 'draft']]);
  });

  it('removes one', () => {
    expect(without(props, 'rating')).toEqual({ reviewers: ['Priya'], status: 'draft' });
    expect(without(props, 'absent')).toEqual(props);
  });

  it('leaves the map it was given alone', () => {
    const before = JSON.stringify(props);
    withValue(props, 'x', 1);
    renamed(props, 'rating', 'score');
    without(props, 'status');
    expect(JSON.stringify(props)).toBe(before);
  });

  it('keeps any name an own field, __proto__ included', () => {
    const p = withValue({}, '__proto__', 1);
    expect(Object.keys(p)).toEqual(['__proto__']);
    expect(JSON.stringify(renamed(p, '__proto__', 'proto'))).toBe('{"proto":1}');
    expect(JSON.stringify(renamed({ a: 1 }, 'a', '__proto__'))).toBe('{"__proto__":1}');
  });
});
