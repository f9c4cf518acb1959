// Notices that may come in bursts (a followed vault syncs on every save) shown calmly: the
// first at once, then at most one per quiet period, with whatever came meanwhile merged into it.

export interface NoticeBatch<T> {
  push(item: T): void;
  /** Drops what waits and stops the timer (the watch was turned off). */
  cancel(): void;
}

export interface Timers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (f, ms) => globalThis.setTimeout(f, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

export function batchNotices<T>(merge: (a: T, b: T) => T, show: (item: T) => void, quietMs: number, timers: Timers = realTimers): NoticeBatch<T> {
  let pending: T | null = null;
  let timer: unknown = null;
  const openWindow = () => {
    timer = timers.setTimeout(() => {
      timer = null;
      if (pending === null) return;
      const item = pending;
      pending = null;
      show(item);
      openWindow();
    }, quietMs);
  };
  return {
    push(item) {
      if (timer === null) {
        show(item);
        openWindow();
      } else pending = pending === null ? item : merge(pending, item);
    },
    cancel() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
