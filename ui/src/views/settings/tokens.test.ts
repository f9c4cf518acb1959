import { describe, expect, it } from 'vitest';
import {
  curlSnippet,
  EMPTY_FORM,
  inlineError,
  mcpHttpSnippet,
  nameProblem,
  othersSummary,
  policyInfo,
  POLICIES,
  pruneWrites,
  sortTokens,
  spacesSummary,
  specOf,
  withPolicy,
  writeChoices,
} from './tokens';

const token = (name: string, revoked_at: string | null = null) => ({ name, revoked_at });

describe('policies', () => {
  it('has the three, each with a one-line hint', () => {
    expect(POLICIES.map((p) => p.policy)).toEqual(['trusted', 'review', 'read_only']);
    for (const p of POLICIES) expect(p.hint).toMatch(/^[^\n]{20,140}$/);
    expect(policyInfo('read_only').label).toBe('Read-only');
  });
});

describe('what a token may do, in words', () => {
  it('reads every space and writes every space it reads when none are named', () => {
    expect(spacesSummary({}, 'trusted')).toEqual({ reads: 'every space', writes: 'every space' });
    expect(spacesSummary({ read_spaces: ['work'] }, 'review')).toEqual({ reads: '“work”', writes: 'the spaces it reads' });
    expect(spacesSummary({ read_spaces: ['work', 'home'], write_spaces: ['work'] }, 'trusted')).toEqual({ reads: '“work”, “home”', writes: '“work”' });
    expect(spacesSummary({ write_spaces: ['work'] }, 'read_only').writes).toBe('nothing');
    expect(spacesSummary(undefined, 'trusted').reads).toBe('every space');
  });

  it('says what it may do to others’ memories', () => {
    expect(othersSummary({})).toBe('changes only its own memories');
    expect(othersSummary({ edit_others: true })).toBe('may edit others’ memories');
    expect(othersSummary({ forget_others: true })).toBe('may forget others’ memories');
    expect(othersSummary({ edit_others: true, forget_others: true })).toBe('may edit and forget others’ memories');
  });
});

describe('the spaces it may write', () => {
  it('are those it reads, or every space when it reads all', () => {
    expect(writeChoices(['a', 'b', 'c'], [])).toEqual(['a', 'b', 'c']);
    expect(writeChoices(['a', 'b', 'c'], ['c', 'a'])).toEqual(['a', 'c']);
  });

  it('lose those it may no longer read', () => {
    expect(pruneWrites(['a', 'b'], ['b'])).toEqual(['b']);
    expect(pruneWrites(['a', 'b'], [])).toEqual(['a', 'b']);
  });
});

describe('a new token’s name', () => {
  it('is checked as the server checks it', () => {
    expect(nameProblem('  ', [])).toMatch(/Give the agent a name/);
    expect(nameProblem('claude-code 2.1_x', [])).toBeNull();
    expect(nameProblem('Zoë', [])).toBeNull();
    expect(nameProblem('bad/name', [])).toMatch(/letters, digits/);
    expect(nameProblem('x'.repeat(65), [])).toMatch(/64/);
    expect(nameProblem('x'.repeat(64), [])).toBeNull();
  });

  it('is unique among live tokens only', () => {
    expect(nameProblem('scout', [token('scout')])).toMatch(/named “scout” already/);
    expect(nameProblem(' scout ', [token('scout')])).toMatch(/already/);
    expect(nameProblem('scout', [token('scout', '2026-01-01T00:00:00Z')])).toBeNull();
  });
});

describe('requests', () => {
  it('make a complete spec of the form, writes within reads', () => {
    expect(specOf({ ...EMPTY_FORM, name: ' intern ', read: ['work'], write: ['home', 'work'], editOthers: true })).toEqual({
      name: 'intern',
      policy: 'review',
      rights: { read_spaces: ['work'], write_spaces: ['work'], edit_others: true, forget_others: false },
    });
  });

  it('change a live token’s policy and keep the rest', () => {
    expect(withPolicy({ name: 'scout', rights: { read_spaces: ['a'] } }, 'read_only')).toEqual({
      name: 'scout',
      policy: 'read_only',
      rights: { read_spaces: ['a'], write_spaces: [], edit_others: false, forget_others: false },
    });
  });
});

describe('the list', () => {
  it('puts live tokens first by name, then the latest revoked', () => {
    const sorted = sortTokens([token('b'), token('old', '2026-01-01T00:00:00Z'), token('a'), token('older', '2025-01-01T00:00:00Z'), token('newer', '2026-06-01T00:00:00Z')]);
    expect(sorted.map((t) => t.name)).toEqual(['a', 'b', 'newer', 'old', 'older']);
  });
});

describe('handing the secret to an agent', () => {
  it('gives an MCP-over-HTTP configuration and a curl line with it', () => {
    const mcp = JSON.parse(mcpHttpSnippet('http://127.0.0.1:7000', 'Research Bot', 'mnemo_agent_s3cret'));
    expect(mcp).toEqual({
      mcpServers: { 'mnemo-research-bot': { type: 'http', url: 'http://127.0.0.1:7000/mcp', headers: { Authorization: 'Bearer mnemo_agent_s3cret' } } },
    });
    expect(JSON.parse(mcpHttpSnippet('u', '…', 's')).mcpServers).toHaveProperty('mnemo-agent');
    expect(curlSnippet('http://127.0.0.1:7000', 'mnemo_agent_s3cret')).toBe("curl -H 'Authorization: Bearer mnemo_agent_s3cret' http://127.0.0.1:7000/api/v1/me");
  });
});

describe('an error beside a field', () => {
  it('drops the code the message starts with', () => {
    expect(inlineError({ code: 'conflict', message: 'conflict: a live token is already named "scout"' })).toBe('a live token is already named "scout"');
    expect(inlineError({ code: 'forbidden', message: 'agent:x may not list tokens' })).toBe('agent:x may not list tokens');
    expect(inlineError(new Error('boom'))).toBe('boom');
  });
});
