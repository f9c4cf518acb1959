import { useState, type ReactNode } from 'react';

/** One of the inspector's folding sections: a heading that opens and closes what follows it. */
export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const [open, setOpen] = useState(true);
  return (
    <section className="insp-section" data-testid={testId}>
      <h3>
        <button onClick={() => setOpen(!open)} aria-expanded={open}>
          <span className="caret">{open ? '▾' : '▸'}</span> {title}
        </button>
      </h3>
      {open && children}
    </section>
  );
}
