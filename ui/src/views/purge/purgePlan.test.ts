import { describe, expect, it } from 'vitest';
import {
  clampDays,
  confirmLabel,
  confirmTitle,
  consequence,
  DAYS_DEFAULT,
  DAYS_MAX,
  dryRunLine,
  forgottenAmong,
  forgottenBefore,
  nameOf,
  parseDays,
  preview,
  purgedToast,
  purgeForgotten,
  purgeIds,
} from './purgePlan';

describe('what may be purged', () => {
  it('is only the forgotten among the picked, in their order', () => {
    const status: Record<string, string> = { a: 'active', f1: 'forgotten', h: 'pending', f2: 'forgotten', x: 'archived' };
    const lookup = (id: string) => (status[id] ? { status: status[id] as 'active' } : undefined);
    expect(forgottenAmong(['a', 'f2', 'gone', 'h', 'f1', 'x'], lookup)).toEqual(['f2', 'f1']);
    expect(forgottenAmong([], lookup)).toEqual([]);
  });
});

describe('forgotten more than N days ago', () => {
  const now = Date.parse('2026-03-31T12:00:00Z');

  it('is the instant N whole days before now; 0 is now, so every forgotten memory', () => {
    expect(forgottenBefore(30, now)).toBe('2026-03-01T12:00:00.000Z');
    expect(forgottenBefore(1, now)).toBe('2026-03-30T12:00:00.000Z');
    expect(forgottenBefore(0, now)).toBe('2026-03-31T12:00:00.000Z');
  });

  it('keeps the days whole and within range, whatever is typed', () => {
    expect(clampDays(7.6)).toBe(8);
    expect(clampDays(-3)).toBe(0);
    expect(clampDays(1e9)).toBe(DAYS_MAX);
    expect(clampDays(Number.NaN)).toBe(DAYS_DEFAULT);
    expect(parseDays(' 14 ')).toBe(14);
    expect(parseDays('0')).toBe(0);
    expect(parseDays('')).toBeNull();
    expect(parseDays('-1')).toBeNull();
    expect(parseDays('2.5')).toBeNull();
    expect(parseDays('99999999')).toBe(DAYS_MAX);
    // A hundred years back is still a date the engine reads.
    expect(forgottenBefore(DAYS_MAX, now)).toMatch(/^1926-/);
  });
});

describe('the requests', () => {
  it('name the memories once each, or the instant with a dry run when asked', () => {
    expect(purgeIds(['a', 'b', 'a'])).toEqual({ ids: ['a', 'b'], forgotten_before: null, dry_run: null });
    expect(purgeForgotten('2026-03-01T12:00:00.000Z', true)).toEqual({ ids: [], forgotten_before: '2026-03-01T12:00:00.000Z', dry_run: true });
    expect(purgeForgotten('2026-03-01T12:00:00.000Z', false).dry_run).toBeNull();
  });
});

describe('the wording', () => {
  it('names a memory by its title, else its text, cut short', () => {
    expect(nameOf({ title: 'Kestrel notes', text: 'x' })).toBe('Kestrel notes');
    expect(nameOf({ title: '', text: '  the  kestrel\nnests ' })).toBe('the kestrel nests');
    expect(nameOf({ title: '', text: 'k'.repeat(100) })).toHaveLength(70);
    expect(nameOf({ title: '', text: ' ' })).toBe('an empty memory');
    expect(nameOf(undefined)).toBe('a memory no longer on the graph');
  });

  it('asks about one memory by name and several by count, with an explicit button', () => {
    expect(confirmTitle(['Kestrel notes'])).toBe('Purge “Kestrel notes” for good?');
    expect(confirmTitle(['a', 'b', 'c'])).toBe('Purge 3 forgotten memories for good?');
    expect(confirmLabel(1)).toBe('Purge for good');
    expect(confirmLabel(4)).toBe('Purge 4 for good');
  });

  it('says plainly what goes and that it cannot be undone', () => {
    expect(consequence(1)).toBe('Purging erases its text, links, history and any trace that found it from disk. This cannot be undone.');
    expect(consequence(2)).toContain('their text, links, history and any trace that found them');
  });

  it('lists up to eight, or seven and how many more', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
    expect(preview(ids(8))).toEqual({ shown: ids(8), more: 0 });
    expect(preview(ids(9))).toEqual({ shown: ids(7), more: 2 });
    expect(preview([])).toEqual({ shown: [], more: 0 });
  });

  it('says what the dry run found', () => {
    expect(dryRunLine(2, 0)).toBe('All 2 forgotten memories would be purged:');
    expect(dryRunLine(1, 0)).toBe('1 forgotten memory would be purged:');
    expect(dryRunLine(0, 0)).toBe('No memory is forgotten: nothing to purge.');
    expect(dryRunLine(3, 30)).toBe('3 memories forgotten more than 30 days ago would be purged:');
    expect(dryRunLine(1, 1)).toBe('1 memory forgotten more than 1 day ago would be purged:');
    expect(dryRunLine(0, 7)).toBe('No memory was forgotten more than 7 days ago: nothing to purge.');
  });

  it('toasts what was purged and what went with it, never offering an undo', () => {
    const name = (id: string) => (id === 'k' ? 'Kestrel notes' : id);
    expect(purgedToast({ purged: ['k'], edges: 0, redacted_operations: 0, redacted_traces: 0 }, name)).toEqual({ title: 'Purged “Kestrel notes”', detail: undefined });
    expect(purgedToast({ purged: ['a', 'b'], edges: 3, redacted_operations: 1, redacted_traces: 2 }, name)).toEqual({
      title: 'Purged 2 memories',
      detail: '3 links removed, 1 log entry redacted, 2 traces redacted.',
    });
    expect(purgedToast({ purged: [], edges: 0, redacted_operations: 0, redacted_traces: 0 }, name).title).toBe('Nothing to purge');
  });
});
