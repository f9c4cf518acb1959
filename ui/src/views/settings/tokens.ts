// Agents' named tokens as the Connect dialog shows and makes them: what each policy means, what a
// token may do in words, the form's checks, and the snippets that hand a new secret to an agent.
// Pure: no React, no API.
import type { AgentToken, AgentTokenSpec, Rights, TrustPolicy } from '../../api/types';

export interface PolicyInfo {
  policy: TrustPolicy;
  label: string;
  /** One line: what the writer's changes do under it. */
  hint: string;
}

export const POLICIES: readonly PolicyInfo[] = [
  { policy: 'trusted', label: 'Trusted', hint: 'Its writes go straight into the memory (text that looks like instructions to a model is still held).' },
  { policy: 'review', label: 'Review', hint: 'Its writes wait as held until you approve them in the review queue; meanwhile only it recalls them.' },
  { policy: 'read_only', label: 'Read-only', hint: 'It may recall and browse, but every write is refused.' },
];

export function policyInfo(p: TrustPolicy): PolicyInfo {
  return POLICIES.find((i) => i.policy === p) ?? { policy: p, label: p, hint: '' };
}

/** Every field present: the generated type marks them optional; the server reads absent as empty. */
export function fullRights(r: Rights | undefined): Required<Rights> {
  return { read_spaces: r?.read_spaces ?? [], write_spaces: r?.write_spaces ?? [], edit_others: r?.edit_others ?? false, forget_others: r?.forget_others ?? false };
}

const listed = (spaces: readonly string[]) => spaces.map((s) => `“${s}”`).join(', ');

/** Where a token reads and writes, in words: empty read spaces mean all, empty write spaces mean all it reads. */
export function spacesSummary(rights: Rights | undefined, policy: TrustPolicy): { reads: string; writes: string } {
  const r = fullRights(rights);
  const reads = r.read_spaces.length ? listed(r.read_spaces) : 'every space';
  let writes: string;
  if (policy === 'read_only') writes = 'nothing';
  else if (r.write_spaces.length) writes = listed(r.write_spaces);
  else writes = r.read_spaces.length ? 'the spaces it reads' : 'every space';
  return { reads, writes };
}

/** What it may do to memories it did not write. */
export function othersSummary(rights: Rights | undefined): string {
  const r = fullRights(rights);
  if (r.edit_others && r.forget_others) return 'may edit and forget others’ memories';
  if (r.edit_others) return 'may edit others’ memories';
  if (r.forget_others) return 'may forget others’ memories';
  return 'changes only its own memories';
}

/** The spaces a token may be given to write: those it reads (all, when it reads every space). */
export function writeChoices(spaces: readonly string[], read: readonly string[]): string[] {
  return read.length ? spaces.filter((s) => read.includes(s)) : [...spaces];
}

/** Write spaces left after the read spaces changed: none outside what it may read. */
export function pruneWrites(write: readonly string[], read: readonly string[]): string[] {
  return read.length ? write.filter((s) => read.includes(s)) : [...write];
}

/** As the server checks a name: letters, digits, `-`, `_`, `.` and spaces, unique among live tokens. */
export function nameProblem(name: string, tokens: readonly Pick<AgentToken, 'name' | 'revoked_at'>[]): string | null {
  const n = name.trim();
  if (!n) return 'Give the agent a name: its writes are recorded as agent:<name>.';
  if ([...n].length > 64) return 'Keep the name to 64 characters.';
  if (!/^[\p{L}\p{N}\-_. ]+$/u.test(n)) return 'Use letters, digits, spaces, “-”, “_” and “.” only.';
  if (tokens.some((t) => !t.revoked_at && t.name === n)) return `A live token is named “${n}” already: choose another name, or revoke that one.`;
  return null;
}

export interface TokenForm {
  name: string;
  policy: TrustPolicy;
  read: string[];
  write: string[];
  editOthers: boolean;
  forgetOthers: boolean;
}

export const EMPTY_FORM: TokenForm = { name: '', policy: 'review', read: [], write: [], editOthers: false, forgetOthers: false };

export function specOf(f: TokenForm): AgentTokenSpec {
  return {
    name: f.name.trim(),
    policy: f.policy,
    rights: { read_spaces: [...f.read], write_spaces: pruneWrites(f.write, f.read), edit_others: f.editOthers, forget_others: f.forgetOthers },
  };
}

/** A live token's new policy, everything else as it is (the update replaces the whole spec). */
export function withPolicy(t: Pick<AgentToken, 'name' | 'rights'>, policy: TrustPolicy): AgentTokenSpec {
  return { name: t.name, policy, rights: fullRights(t.rights) };
}

/** Live tokens first, by name; then revoked ones, the latest revoked first. */
export function sortTokens<T extends Pick<AgentToken, 'name' | 'revoked_at'>>(tokens: readonly T[]): T[] {
  return [...tokens].sort((a, b) => {
    if (!a.revoked_at !== !b.revoked_at) return a.revoked_at ? 1 : -1;
    if (a.revoked_at && b.revoked_at) return b.revoked_at.localeCompare(a.revoked_at);
    return a.name.localeCompare(b.name);
  });
}

/** An MCP client's configuration for streamable HTTP with the agent's own token. */
export function mcpHttpSnippet(url: string, name: string, secret: string): string {
  const key = `mnemo-${name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'agent'}`;
  return JSON.stringify({ mcpServers: { [key]: { type: 'http', url: `${url}/mcp`, headers: { Authorization: `Bearer ${secret}` } } } }, null, 2);
}

/** A first request with the token: the server says who it takes the caller for. */
export function curlSnippet(url: string, secret: string): string {
  return `curl -H 'Authorization: Bearer ${secret}' ${url}/api/v1/me`;
}

/** A server error as a sentence beside the field: its message without the code it starts with. */
export function inlineError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  return err.code && message.startsWith(`${err.code}: `) ? message.slice(err.code.length + 2) : message;
}
