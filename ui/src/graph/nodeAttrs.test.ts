import { describe, expect, it } from 'vitest';
import type { Memory, MemoryStatus } from '../api/types';
import { memoryFields } from './nodeAttrs';
import { HELD_FADE, LIGHT, mixHex } from './palette';

const memory = (status: MemoryStatus): Memory =>
  ({ id: 'm', kind: 'fact', title: 'T', text: 'T', status, importance: 0.5, pinned: false }) as Memory;

describe('a node as drawn', () => {
  it('marks a held memory held, not inactive: it is not settled either way yet', () => {
    expect(memoryFields(memory('pending'))).toMatchObject({ held: true, inactive: false });
    expect(memoryFields(memory('active'))).toMatchObject({ held: false, inactive: false });
    for (const s of ['archived', 'superseded', 'merged', 'forgotten'] as const) expect(memoryFields(memory(s))).toMatchObject({ held: false, inactive: true });
  });
});

describe('colours', () => {
  it('mixes one colour toward another', () => {
    expect(mixHex('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mixHex('#3b7dd8', '#fbfbfc', 0)).toBe('#3b7dd8');
    expect(mixHex('#3b7dd8', '#fbfbfc', 1)).toBe('#fbfbfc');
  });

  it('fades a held memory toward the canvas but keeps it apart from both', () => {
    const held = mixHex(LIGHT.kind.fact, LIGHT.canvas, HELD_FADE);
    expect(held).not.toBe(LIGHT.kind.fact);
    expect(held).not.toBe(LIGHT.canvas);
    expect(held).not.toBe(LIGHT.inactive);
  });
});
