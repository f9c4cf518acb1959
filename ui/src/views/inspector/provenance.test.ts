import { describe, expect, it } from 'vitest';
import { claimedSource, writerOf } from './provenance';

describe('provenance', () => {
  it('names the writer Mnemo recorded, not the one claimed', () => {
    expect(writerOf({ written_by: 'agent:intern', source: 'user' })).toBe('agent:intern');
    expect(claimedSource({ written_by: 'agent:intern', source: 'user' })).toBe('user');
  });

  it('shows no claim when the source says what the writer is, or nothing', () => {
    expect(claimedSource({ written_by: 'agent:scout', source: 'agent:scout' })).toBeNull();
    expect(claimedSource({ written_by: 'user', source: '  ' })).toBeNull();
  });

  it('falls back to the source where the server records no writer', () => {
    expect(writerOf({ source: 'import:notes.jsonl' })).toBe('import:notes.jsonl');
    expect(claimedSource({ source: 'import:notes.jsonl' })).toBeNull();
    expect(writerOf({ written_by: '', source: 'user' })).toBe('user');
  });
});
