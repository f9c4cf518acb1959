import { describe, expect, it } from 'vitest';
import type { WhyNot } from '../api/types';
import { lostAtLabel, whyNotSteps } from './whyNotSteps';

const base: WhyNot = {
  memory: 'm',
  returned: null,
  vector: { rank: 3, score: 0.61, taken: 50 },
  keyword: { rank: null, score: null, taken: 50 },
  fused_rank: 4,
  expanded: false,
  filtered: null,
  reranked: 14,
  limit: 10,
  lost_at: 'rerank',
  verdict: 'It ranked 14 after re-ranking; the query keeps the top 10.',
};

const states = (w: WhyNot) => Object.fromEntries(whyNotSteps(w).map((s) => [s.id, s.state]));

describe('why not, stage by stage', () => {
  it('blames the limit when re-ranking put it below the cut', () => {
    const steps = whyNotSteps(base);
    expect(steps.map((s) => s.id)).toEqual(['vector', 'keyword', 'fusion', 'expansion', 'filter', 'rerank', 'returned']);
    expect(states(base)).toEqual({ vector: 'ok', keyword: 'missed', fusion: 'ok', expansion: 'missed', filter: 'ok', rerank: 'lost', returned: 'lost' });
    expect(steps[0].detail).toBe('rank 3 (score 0.610), within the top 50 taken');
    expect(steps[1].detail).toBe('shares no word with the query');
    expect(steps[5].detail).toBe('rank 14; the query keeps the top 10');
  });

  it('names the filter that dropped it', () => {
    const w: WhyNot = { ...base, filtered: 'its space “archive” is not searched', reranked: null, lost_at: 'filter' };
    const f = whyNotSteps(w).find((s) => s.id === 'filter')!;
    expect(f).toMatchObject({ state: 'lost', detail: 'dropped: its space “archive” is not searched' });
    expect(lostAtLabel(w.lost_at)).toBe('filtered out');
  });

  it('marks both channels lost when neither brought it in', () => {
    const w: WhyNot = { ...base, vector: { rank: 80, score: 0.2, taken: 50 }, fused_rank: null, reranked: null, lost_at: 'vector' };
    expect(states(w)).toMatchObject({ vector: 'lost', keyword: 'lost', fusion: 'idle', rerank: 'idle' });
    expect(whyNotSteps(w)[0].detail).toBe('rank 80 (score 0.200), below the top 50 taken');
  });

  it('says when it was returned after all', () => {
    const w: WhyNot = { ...base, returned: 2, reranked: 2, lost_at: null };
    expect(states(w)).toMatchObject({ rerank: 'ok', returned: 'ok' });
    expect(lostAtLabel(null)).toBe('returned');
  });
});
