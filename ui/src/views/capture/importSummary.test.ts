import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../api/types';
import { addReports, changedAnything, clockTime, folderName, importSummary, syncNotice } from './importSummary';

const report = (r: Partial<ImportReport>): ImportReport => ({ lines: 0, added: 0, unchanged: 0, entities_created: 0, edges_created: 0, ...r });

describe('the toast after an import', () => {
  it('reads a JSONL file as before: added, unchanged of the lines read, entities, links', () => {
    const r = report({ lines: 7, added: 5, unchanged: 2, entities_created: 3, edges_created: 9, format: 'jsonl' });
    expect(importSummary(r)).toBe('5 added, 2 unchanged of 7 lines · 3 entities · 9 links');
  });

  it('says what a vault imported again changed in place: updated (moved among them), archived', () => {
    const r = report({ lines: 46, added: 3, updated: 2, renamed: 1, archived: 1, unchanged: 40, entities_created: 2, edges_created: 5, format: 'markdown' });
    expect(importSummary(r)).toBe('3 added, 2 updated (1 moved), 1 archived, 40 unchanged · 2 entities · 5 links');
  });

  it('counts the links a re-import took out', () => {
    const r = report({ updated: 1, unchanged: 11, edges_created: 1, links_removed: 2, format: 'markdown' });
    expect(importSummary(r)).toBe('0 added, 1 updated, 11 unchanged · 0 entities · 1 link, 2 unlinked');
  });

  it('leaves out what did not happen, and a vault’s lines (its notes, sections and placeholders)', () => {
    const first = report({ lines: 12, added: 12, entities_created: 0, edges_created: 14, format: 'markdown' });
    expect(importSummary(first)).toBe('12 added, 0 unchanged · 0 entities · 14 links');
    const again = report({ lines: 12, unchanged: 12, format: 'markdown', updated: 0, renamed: 0, archived: 0, links_removed: 0 });
    expect(importSummary(again)).toBe('0 added, 12 unchanged · 0 entities · 0 links');
  });

  it('reads an older server’s report, without the re-import fields', () => {
    expect(importSummary(report({ lines: 1, added: 1 }))).toBe('1 added, 0 unchanged of 1 lines · 0 entities · 0 links');
  });

  it('says a note only moved as moved', () => {
    expect(importSummary(report({ renamed: 1, unchanged: 3, format: 'markdown' }))).toBe('0 added, 1 moved, 3 unchanged · 0 entities · 0 links');
  });
});

describe('the notice after a followed vault syncs', () => {
  it('says only what changed', () => {
    expect(syncNotice(report({ added: 1, updated: 1, unchanged: 11, edges_created: 2 }))).toBe('1 added, 1 updated');
    expect(syncNotice(report({ archived: 2, unchanged: 10 }))).toBe('2 archived');
  });

  it('names link changes when no memory changed', () => {
    expect(syncNotice(report({ edges_created: 1, links_removed: 2 }))).toBe('1 link made, 2 unlinked');
    expect(syncNotice(report({ entities_created: 1, edges_created: 3 }))).toBe('3 links made, 1 entity');
  });

  it('is silent when a save changed nothing', () => {
    const nothing = report({ lines: 12, unchanged: 12, updated: 0, archived: 0, links_removed: 0 });
    expect(changedAnything(nothing)).toBe(false);
    expect(syncNotice(nothing)).toBeNull();
  });
});

describe('several syncs in one notice', () => {
  it('adds what changed and keeps the latest totals', () => {
    const a = report({ lines: 12, added: 1, unchanged: 11, edges_created: 1, format: 'markdown' });
    const b = report({ lines: 13, updated: 2, renamed: 1, unchanged: 11, links_removed: 1, format: 'markdown' });
    const sum = addReports(a, b);
    expect(sum).toMatchObject({ lines: 13, added: 1, updated: 2, renamed: 1, archived: 0, unchanged: 11, edges_created: 1, links_removed: 1, format: 'markdown' });
    expect(syncNotice(sum)).toBe('1 added, 2 updated (1 moved)');
  });
});

describe('labels', () => {
  it('names a folder by its last part, whatever the separator or a trailing one', () => {
    expect(folderName('/home/ana/Notes')).toBe('Notes');
    expect(folderName('/home/ana/Notes/')).toBe('Notes');
    expect(folderName('C:\\Vaults\\Work')).toBe('Work');
    expect(folderName('/')).toBe('/');
  });

  it('gives a sync’s time as a 24-hour clock', () => {
    expect(clockTime(new Date(2024, 4, 14, 9, 5, 7))).toBe('09:05:07');
    expect(clockTime(new Date(2024, 4, 14, 23, 59, 0))).toBe('23:59:00');
  });
});
