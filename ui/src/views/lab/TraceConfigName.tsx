import { useEffect, useRef, useState } from 'react';
import { getApi } from '../../api';

// A trace's summary does not carry its configuration's name: it is read from the trace itself,
// once per trace (traces do not change), only for those on screen, a few at a time.
const names = new Map<string, string>();
const waiting: Array<() => void> = [];
let running = 0;
const MAX_AT_ONCE = 3;

function next(): void {
  while (running < MAX_AT_ONCE && waiting.length) {
    running += 1;
    waiting.shift()!();
  }
}

function fetchName(id: string): Promise<string> {
  const known = names.get(id);
  if (known !== undefined) return Promise.resolve(known);
  return new Promise((resolve) => {
    waiting.push(() => {
      getApi()
        .getTrace({ id })
        .then((t) => {
          const n = t.config_name || '';
          names.set(id, n);
          resolve(n);
        })
        .catch(() => resolve(''))
        .finally(() => {
          running -= 1;
          next();
        });
    });
    next();
  });
}

/** Remembers a name already known (a trace just opened or recorded here). */
export function knowConfigName(id: string, name: string | undefined): void {
  if (name !== undefined) names.set(id, name);
}

/** The configuration a trace used, read when it scrolls into view. */
export function TraceConfigName({ id }: { id: string }) {
  const [name, setName] = useState<string | null>(names.get(id) ?? null);
  const el = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (name !== null || !el.current) return;
    let live = true;
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      void fetchName(id).then((n) => live && setName(n));
    });
    seen.observe(el.current);
    return () => {
      live = false;
      seen.disconnect();
    };
  }, [id, name]);
  return (
    <span ref={el} className="config-name trace-config" data-testid="trace-config" title="The retrieval configuration it used">
      {name === null ? '…' : name || 'unnamed'}
    </span>
  );
}
