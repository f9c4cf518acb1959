import { describe, expect, it } from 'vitest';
import { autoColour, colourName, isHexColour, parseHex, SPACE_SWATCHES, spaceColour } from './spaceColour';

describe('space colours', () => {
  it('gives every name a palette colour, the same every time, the default space slate', () => {
    const hexes = SPACE_SWATCHES.map((s) => s.hex);
    for (const name of ['work', 'home', 'atlas', 'research', 'Ωmega']) {
      expect(hexes).toContain(autoColour(name));
      expect(autoColour(name)).toBe(autoColour(name));
    }
    expect(autoColour('default')).toBe('#6b7a90');
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(autoColour)).size).toBeGreaterThan(3);
  });

  it('draws a space in its own colour when it has one', () => {
    expect(spaceColour({ name: 'work', colour: '#AA3366' })).toBe('#aa3366');
    expect(spaceColour({ name: 'work', colour: '' })).toBe(autoColour('work'));
    expect(spaceColour({ name: 'work', colour: 'red' })).toBe(autoColour('work'));
  });

  it('reads typed colours as the engine stores them', () => {
    expect(parseHex('#AA3366')).toBe('#aa3366');
    expect(parseHex('aa3366')).toBe('#aa3366');
    expect(parseHex(' #f0a ')).toBe('#ff00aa');
    expect(parseHex('')).toBe('');
    expect(parseHex('red')).toBeNull();
    expect(parseHex('#12345')).toBeNull();
    expect(isHexColour('#a1b2c3')).toBe(true);
    expect(isHexColour('#a1b2c')).toBe(false);
  });

  it('names the palette’s colours', () => {
    expect(colourName('#4F7FE0')).toBe('blue');
    expect(colourName('#123456')).toBe('#123456');
  });
});
