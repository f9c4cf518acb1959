import { describe, expect, it } from 'vitest';
import { chosenText, combinedText, fitChoice, mergeRequest } from './merge';

const members = [
  { id: 'a', text: 'Priya prefers green tea.' },
  { id: 'b', text: '  Priya drinks green tea in the afternoon.\n' },
  { id: 'c', text: 'priya prefers   green tea.' },
];

describe('the combined text', () => {
  it('joins the texts with a blank line, the survivor first', () => {
    expect(combinedText(members.slice(0, 2), 'b')).toBe('Priya drinks green tea in the afternoon.\n\nPriya prefers green tea.');
    expect(combinedText(members.slice(0, 2), 'a')).toBe('Priya prefers green tea.\n\nPriya drinks green tea in the afternoon.');
  });

  it('leaves out repeats and empty texts', () => {
    expect(combinedText([...members, { id: 'd', text: '   ' }], 'a')).toBe(
      'Priya prefers green tea.\n\nPriya drinks green tea in the afternoon.',
    );
  });
});

describe('the text sent with the merge', () => {
  it('keeps the survivor’s own by sending none', () => {
    expect(chosenText({ kind: 'keep' }, members, 'draft')).toBeNull();
  });

  it('takes another member’s text as it is, or the edited combination', () => {
    expect(chosenText({ kind: 'take', id: 'b' }, members, 'draft')).toBe(members[1].text);
    expect(chosenText({ kind: 'combined' }, members, 'edited by hand')).toBe('edited by hand');
  });

  it('falls back to keeping when the survivor becomes the one whose text was taken', () => {
    expect(fitChoice({ kind: 'take', id: 'b' }, 'b')).toEqual({ kind: 'keep' });
    expect(fitChoice({ kind: 'take', id: 'b' }, 'a')).toEqual({ kind: 'take', id: 'b' });
    expect(fitChoice({ kind: 'combined' }, 'a')).toEqual({ kind: 'combined' });
  });

  it('builds the request the engine reads', () => {
    expect(mergeRequest(['a', 'b'], 'b', null)).toEqual({ ids: ['a', 'b'], keep: 'b', text: null, title: null });
  });
});
