// The review queue's "Stale below" threshold (percent of strength retained): remembered like the theme.
import { createStore } from './store';

/** The engine's own default (stale_below 0.1). */
export const STALE_DEFAULT = 10;
export const STALE_MIN = 1;
/** Above half, "stale" would flag memories that are merely a few weeks old. */
export const STALE_MAX = 50;

const KEY = 'mnemo.review.staleBelow';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** A whole percent within 1–50; anything that is not a number is the default. */
export function clampStale(percent: number): number {
  if (!Number.isFinite(percent)) return STALE_DEFAULT;
  return Math.min(STALE_MAX, Math.max(STALE_MIN, Math.round(percent)));
}

/**
 * The remembered threshold. Only what `setStaleBelow` would have written is trusted: anything
 * else stored (hand-edited, another version's format, out of range) is the default.
 */
export function readStaleBelow(storage: Storage | undefined = browserStorage()): number {
  try {
    const raw = storage?.getItem(KEY);
    if (raw == null || !/^\d+$/.test(raw.trim())) return STALE_DEFAULT;
    const n = Number(raw);
    return n >= STALE_MIN && n <= STALE_MAX ? n : STALE_DEFAULT;
  } catch {
    return STALE_DEFAULT;
  }
}

export interface ReviewSettings {
  /** Percent of strength retained below which a memory is stale. */
  staleBelow: number;
  /** Whether the threshold's editor shows in the Stale section (not remembered). */
  editing: boolean;
  /** Bumped to move the keyboard into the editor (the command palette asks for it). */
  focusRequest: number;
}

export const reviewSettings = createStore<ReviewSettings>({
  staleBelow: readStaleBelow(),
  editing: false,
  focusRequest: 0,
});

/** Sets the threshold (clamped), remembers it and returns what was set. */
export function setStaleBelow(percent: number, storage: Storage | undefined = browserStorage()): number {
  const staleBelow = clampStale(percent);
  try {
    storage?.setItem(KEY, String(staleBelow));
  } catch {
    // Not remembered, still applied.
  }
  reviewSettings.set({ staleBelow });
  return staleBelow;
}

/** The engine's `stale_below`: a fraction of strength, 0..1. */
export function staleFraction(percent: number): number {
  return clampStale(percent) / 100;
}

/** Opens the threshold's editor with the keyboard in it. */
export function editStaleThreshold(): void {
  reviewSettings.set((s) => ({ editing: true, focusRequest: s.focusRequest + 1 }));
}

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // A browser that forbids storage (privacy settings) throws on reading `localStorage` itself.
    return undefined;
  }
}
