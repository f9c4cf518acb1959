import { describe, expect, it } from 'vitest';
import { decisionChange, decisionLabel, describeDecision, summarizeDecision } from './held';

const report = (changed: number, unchanged = 0) => ({
  changed: Array.from({ length: changed }, (_, i) => `c${i}`),
  unchanged: Array.from({ length: unchanged }, (_, i) => `u${i}`),
});

describe('a decision on held writes', () => {
  it('is a bulk change of status: approve lets them in, reject forgets them (undoable)', () => {
    expect(decisionChange('approve')).toEqual({ status: 'active' });
    expect(decisionChange('reject')).toEqual({ status: 'forgotten' });
  });

  it('says what it did and what that means for agents', () => {
    expect(summarizeDecision('approve', report(1))).toEqual({ title: 'Approved 1 memory', detail: 'It is active now: every agent may recall it.' });
    expect(summarizeDecision('reject', report(3))).toEqual({ title: 'Rejected 3 memories', detail: 'They are forgotten: no agent will recall them.' });
    expect(summarizeDecision('approve', report(2, 1)).detail).toBe('They are active now: every agent may recall them. 1 was decided already.');
  });

  it('says when another window decided first', () => {
    expect(summarizeDecision('approve', report(0, 1))).toEqual({ title: 'Nothing to decide', detail: 'The memory was decided already.' });
    expect(summarizeDecision('reject', report(0, 2)).detail).toBe('All 2 were decided already.');
  });

  it('names itself for an error and for its undo', () => {
    expect(describeDecision('approve', 1)).toBe('approve 1 memory');
    expect(describeDecision('reject', 4)).toBe('reject 4 memories');
    expect(decisionLabel('approve', { link: false, name: '“Key rotates”' }, 1)).toBe('the approval of “Key rotates”');
    expect(decisionLabel('reject', { link: false, name: '“Key rotates”' }, 3)).toBe('the rejection of “Key rotates” and 2 more');
    expect(decisionLabel('reject', null, 3)).toBe('the rejection of 3 memories');
    expect(decisionLabel('approve', null, 1)).toBe('the approval');
  });
});
