// The review queue as the view walks it: the engine's sections turned into items with stable
// keys, less those acted on and not yet gone from the engine's answer, and where the keyboard
// focus goes when items come and go. Pure: no React, no API.
import type { Contradiction, DuplicateGroup, HeldMemory, LinkReview, ReviewCounts, ReviewQueue } from '../../api/types';

export type SectionId = keyof ReviewCounts;

export interface SectionInfo {
  id: SectionId;
  title: string;
  /** What an empty section says. */
  empty: string;
}

export const SECTIONS: readonly SectionInfo[] = [
  // First: nothing else waits on a person the way a held write does (no one can recall it meanwhile).
  { id: 'held', title: 'Held for review', empty: 'Nothing is waiting for approval: every write went straight in.' },
  { id: 'duplicates', title: 'Near-duplicates', empty: 'No near-duplicates: every memory says something of its own.' },
  { id: 'links', title: 'Unconfirmed automatic links', empty: 'Every automatic link has been reviewed.' },
  { id: 'contradictions', title: 'Possible contradictions', empty: 'No statements contradict each other.' },
  { id: 'orphans', title: 'Orphans', empty: 'No orphans: every memory is linked to another.' },
  { id: 'stale', title: 'Stale', empty: 'Nothing is fading: every memory was used or changed recently.' },
];

export type ReviewItem =
  | { section: 'held'; key: string; held: HeldMemory }
  | { section: 'duplicates'; key: string; group: DuplicateGroup }
  | { section: 'links'; key: string; link: LinkReview }
  | { section: 'contradictions'; key: string; contradiction: Contradiction }
  | { section: 'orphans'; key: string; id: string }
  | { section: 'stale'; key: string; id: string; retention: number };

export type Sections = Record<SectionId, ReviewItem[]>;

export const EMPTY_QUEUE: ReviewQueue = {
  held: [],
  duplicates: [],
  links: [],
  contradictions: [],
  orphans: [],
  stale: [],
  counts: { held: 0, duplicates: 0, links: 0, contradictions: 0, orphans: 0, stale: 0 },
};

/** Keys that name the same item across refetches. */
export const keys = {
  held: (id: string) => `held:${id}`,
  duplicate: (g: Pick<DuplicateGroup, 'ids'>) => `dup:${g.ids.join(',')}`,
  link: (edgeId: string) => `link:${edgeId}`,
  contradiction: (c: Pick<Contradiction, 'a' | 'b'>) => `con:${c.a}:${c.b}`,
  orphan: (id: string) => `orphan:${id}`,
  stale: (id: string) => `stale:${id}`,
};

/** Every item of the queue, by section, in the engine's order. */
export function itemsOf(q: ReviewQueue): Sections {
  return {
    held: q.held.map((held) => ({ section: 'held', key: keys.held(held.id), held })),
    duplicates: q.duplicates.map((group) => ({ section: 'duplicates', key: keys.duplicate(group), group })),
    links: q.links.map((link) => ({ section: 'links', key: keys.link(link.edge.id), link })),
    contradictions: q.contradictions.map((contradiction) => ({
      section: 'contradictions',
      key: keys.contradiction(contradiction),
      contradiction,
    })),
    orphans: q.orphans.map((id) => ({ section: 'orphans', key: keys.orphan(id), id })),
    stale: q.stale.map((s) => ({ section: 'stale', key: keys.stale(s.id), id: s.id, retention: s.retention ?? 0 })),
  };
}

/** The items still to show: those acted on are gone at once, before the engine confirms. */
export function visible(all: Sections, dismissed: ReadonlySet<string>): Sections {
  if (!dismissed.size) return all;
  const out = {} as Sections;
  for (const s of SECTIONS) out[s.id] = all[s.id].filter((i) => !dismissed.has(i.key));
  return out;
}

/**
 * Each section's count as it should read now: the engine's whole count (which may exceed the
 * items it listed) less the listed items acted on.
 */
export function shownCounts(counts: ReviewCounts, all: Sections, dismissed: ReadonlySet<string>): ReviewCounts {
  const out = { ...counts };
  for (const s of SECTIONS) {
    const gone = all[s.id].filter((i) => dismissed.has(i.key)).length;
    out[s.id] = Math.max(0, counts[s.id] - gone);
  }
  return out;
}

/** The items in the order the keyboard walks them: section after section. */
export function flatten(sections: Sections): ReviewItem[] {
  return SECTIONS.flatMap((s) => sections[s.id]);
}

/** j / k: the next or previous item, staying at the ends; the first when nothing has focus. */
export function step(order: readonly string[], current: string | null, delta: 1 | -1): string | null {
  if (!order.length) return null;
  const i = current === null ? -1 : order.indexOf(current);
  if (i < 0) return delta > 0 ? order[0] : order[order.length - 1];
  return order[Math.min(order.length - 1, Math.max(0, i + delta))];
}

/**
 * Where focus goes when the list changes (an item acted on, a refetch): it stays on its item if
 * that is still there, else moves to the item that followed it, else the one before it, so that
 * acting on an item hands focus to the next one.
 */
export function refocus(before: readonly string[], after: readonly string[], current: string | null): string | null {
  if (!after.length) return null;
  if (current === null) return after[0];
  const present = new Set(after);
  if (present.has(current)) return current;
  const i = before.indexOf(current);
  if (i < 0) return after[0];
  for (let j = i + 1; j < before.length; j++) if (present.has(before[j])) return before[j];
  for (let j = i - 1; j >= 0; j--) if (present.has(before[j])) return before[j];
  return after[0];
}

/** The memories an item is about, for showing them on the graph. */
export function memoriesOf(item: ReviewItem): string[] {
  switch (item.section) {
    case 'duplicates':
      return [...item.group.ids];
    case 'links':
      return [item.link.edge.from, item.link.edge.to];
    case 'contradictions':
      return [item.contradiction.a, item.contradiction.b];
    case 'held':
      return [item.held.id];
    default:
      return [item.id];
  }
}

/**
 * Items that go with a memory once it is archived or merged away: a memory may be both an
 * orphan and stale, and both entries leave together.
 */
export function keysOfMemory(all: Sections, id: string): string[] {
  return flatten(all)
    .filter((i) => (i.section === 'orphans' || i.section === 'stale') && i.id === id)
    .map((i) => i.key);
}

/** Every pair among a group's members: "keep both" keeps each pair apart. */
export function pairs(ids: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.push([ids[i], ids[j]]);
  return out;
}
