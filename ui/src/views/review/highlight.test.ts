import { describe, expect, it } from 'vitest';
import { highlightWords } from './highlight';

const marked = (text: string, words: string[]) =>
  highlightWords(text, words)
    .map((s) => (s.marked ? `[${s.text}]` : s.text))
    .join('');

describe('highlighting the words that differ', () => {
  it('marks whole words, whatever their case', () => {
    expect(marked('The Atlas launch is on May 17', ['17'])).toBe('The Atlas launch is on May [17]');
    expect(marked('Priya is not allergic to nuts', ['NOT'])).toBe('Priya is [not] allergic to nuts');
    expect(marked('The team meets on Thursday.', ['Thursday'])).toBe('The team meets on [Thursday].');
  });

  it('leaves parts of longer words alone', () => {
    expect(marked('May 3, or 30 at the latest', ['3'])).toBe('May [3], or 30 at the latest');
    expect(marked('not nothing', ['not'])).toBe('[not] nothing');
  });

  it('marks every occurrence and several words, the longer first', () => {
    expect(marked('Lyon, then Lyon again', ['Lyon'])).toBe('[Lyon], then [Lyon] again');
    expect(marked('The budget is $40k', ['40k', '40'])).toBe('The budget is $[40k]');
    expect(marked("Ada isn't in Paris", ["isn't"])).toBe("Ada [isn't] in Paris");
  });

  it('treats words with special characters literally', () => {
    expect(marked('v1.2 (beta) ships', ['1.2', '(beta)'])).toBe('v1.2 [(beta)] ships');
  });

  it('returns the text whole when nothing is to be marked', () => {
    expect(highlightWords('plain', [])).toEqual([{ text: 'plain', marked: false }]);
    expect(highlightWords('', ['x'])).toEqual([]);
  });
});
