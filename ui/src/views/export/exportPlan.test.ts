import { describe, expect, it } from 'vitest';
import {
  baseName,
  defaultScope,
  defaultSpace,
  exportedMessage,
  exportFileName,
  exportRequest,
  FORMATS,
  formatUnavailable,
  MAX_IDS,
  safeName,
  scopeChoices,
  scopeOf,
  type ScopeFacts,
} from './exportPlan';

const spaces = new Map([
  ['default', 7],
  ['work', 12],
]);
const facts = (over: Partial<ScopeFacts> = {}): ScopeFacts => ({ selection: [], visible: null, spaces, total: 19, ...over });
const day = new Date(2026, 11, 4, 17, 5);

describe('formats', () => {
  it('offers the four formats, each with a one-line description', () => {
    expect(FORMATS.map((f) => f.id)).toEqual(['jsonl', 'graphml', 'json', 'markdown']);
    for (const f of FORMATS) expect(f.description).not.toContain('\n');
  });

  it('refuses the vault in a browser only, saying why', () => {
    expect(formatUnavailable('markdown', 'http')).toMatch(/desktop app or CLI only.*folder/i);
    expect(formatUnavailable('markdown', 'tauri')).toBeNull();
    for (const f of ['jsonl', 'graphml', 'json'] as const) {
      expect(formatUnavailable(f, 'http')).toBeNull();
      expect(formatUnavailable(f, 'tauri')).toBeNull();
    }
  });
});

describe('scopes', () => {
  it('offers the selection only when there is one, and the filtered view only when it hides something', () => {
    expect(scopeChoices(facts(), 'work').map((c) => c.kind)).toEqual(['space', 'all']);
    const all = scopeChoices(facts({ selection: ['a', 'b', 'c'], visible: ['a', 'b', 'c', 'd'] }), 'work');
    expect(all.map((c) => [c.kind, c.label, c.count])).toEqual([
      ['selection', 'The selection (3 memories)', 3],
      ['visible', 'What the filters show (4 memories)', 4],
      ['space', 'Space “work” (12 memories)', 12],
      ['all', 'Everything (19 memories)', 19],
    ]);
  });

  it('says one memory, not one memories', () => {
    expect(scopeChoices(facts({ selection: ['a'], total: 1, spaces: new Map([['default', 1]]) }), 'default').map((c) => c.label)).toEqual([
      'The selection (1 memory)',
      'Space “default” (1 memory)',
      'Everything (1 memory)',
    ]);
  });

  it('has no space scope in a store without spaces', () => {
    expect(scopeChoices(facts({ spaces: new Map(), total: 0 }), null).map((c) => c.kind)).toEqual(['all']);
  });

  it('starts on what was asked for, else the narrowest scope on offer', () => {
    const withSel = scopeChoices(facts({ selection: ['a'], visible: ['a', 'b'] }), 'work');
    expect(defaultScope(withSel, null)).toBe('selection');
    expect(defaultScope(withSel, 'all')).toBe('all');
    const filtered = scopeChoices(facts({ visible: ['a', 'b'] }), 'work');
    expect(defaultScope(filtered, null)).toBe('visible');
    // Asked for the selection, but it is gone meanwhile.
    expect(defaultScope(filtered, 'selection')).toBe('visible');
    expect(defaultScope(scopeChoices(facts(), 'work'), null)).toBe('all');
  });

  it('starts the space scope on the space shown alone, else the largest', () => {
    expect(defaultSpace(spaces, ['default'])).toBe('default');
    expect(defaultSpace(spaces, [])).toBe('work');
    expect(defaultSpace(spaces, ['default', 'work'])).toBe('work');
    expect(defaultSpace(spaces, ['gone'])).toBe('work');
    expect(defaultSpace(new Map(), [])).toBeNull();
  });
});

describe('requests', () => {
  const f = facts({ selection: ['a', 'b', 'c'], visible: ['a', 'b', 'c', 'd'] });

  it('lists the ids of the selection or of what the filters show', () => {
    expect(exportRequest('graphml', scopeOf('selection', f, 'work'))).toEqual({ request: { format: 'graphml', ids: ['a', 'b', 'c'] } });
    expect(exportRequest('json', scopeOf('visible', f, 'work'))).toEqual({ request: { format: 'json', ids: ['a', 'b', 'c', 'd'] } });
  });

  it('names the space, or nothing for everything', () => {
    expect(exportRequest('jsonl', scopeOf('space', f, 'work'))).toEqual({ request: { format: 'jsonl', space: 'work' } });
    expect(exportRequest('markdown', scopeOf('all', f, 'work'))).toEqual({ request: { format: 'markdown' } });
  });

  it('never sends an empty id list, which the server reads as everything', () => {
    expect(exportRequest('jsonl', { kind: 'selection', ids: [] })).toEqual({ problem: 'Nothing is selected.' });
    expect(exportRequest('jsonl', { kind: 'visible', ids: [] })).toEqual({ problem: 'The filters show no memory.' });
    expect(exportRequest('jsonl', { kind: 'space', space: '' })).toEqual({ problem: 'Pick a space.' });
  });

  it('refuses more ids than the server takes', () => {
    const ids = Array.from({ length: MAX_IDS + 1 }, (_, i) => `m${i}`);
    expect(exportRequest('jsonl', { kind: 'visible', ids })).toHaveProperty('problem');
    expect(exportRequest('jsonl', { kind: 'visible', ids: ids.slice(1) })).toHaveProperty('request');
  });
});

describe('file names', () => {
  it('says what, how many and the day, with the format’s extension', () => {
    expect(exportFileName('graphml', { kind: 'selection', ids: ['a', 'b', 'c'] }, day)).toBe('mnemo-selection-3-2026-12-04.graphml');
    expect(exportFileName('json', { kind: 'visible', ids: ['a'] }, day)).toBe('mnemo-filtered-1-2026-12-04.json');
    expect(exportFileName('jsonl', { kind: 'space', space: 'work' }, day)).toBe('mnemo-work-2026-12-04.jsonl');
    expect(exportFileName('jsonl', { kind: 'all' }, day)).toBe('mnemo-all-2026-12-04.jsonl');
  });

  it('gives a vault a folder name, without an extension', () => {
    expect(exportFileName('markdown', { kind: 'all' }, day)).toBe('mnemo-all-2026-12-04');
  });

  it('makes any space name safe as a file name', () => {
    expect(safeName('work/notes: Q1?')).toBe('work-notes-Q1');
    expect(safeName('..hidden')).toBe('hidden');
    expect(safeName('Café crème')).toBe('Café-crème');
    expect(safeName('///')).toBe('space');
    expect(safeName('x'.repeat(200))).toHaveLength(80);
  });

  it('reads the last part of a path on any system', () => {
    expect(baseName('/home/me/mnemo.graphml')).toBe('mnemo.graphml');
    expect(baseName('C:\\Users\\me\\vault\\')).toBe('vault');
  });
});

describe('the toast', () => {
  it('names the file, how many memories, and the size', () => {
    expect(exportedMessage('graphml', 'a.graphml', 3, 2048)).toEqual({ title: 'Exported a.graphml', detail: '3 memories · 2.0 kB' });
    expect(exportedMessage('jsonl', 'a.jsonl', 1, 512)).toEqual({ title: 'Exported a.jsonl', detail: '1 memory · 512 B' });
    expect(exportedMessage('json', 'a.json', 2, null)).toEqual({ title: 'Exported a.json', detail: '2 memories' });
  });

  it('counts a vault’s notes', () => {
    expect(exportedMessage('markdown', 'vault', 5, 5)).toEqual({ title: 'Exported vault', detail: '5 memories as 5 notes' });
  });
});
