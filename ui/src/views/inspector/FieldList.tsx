// A memory's fields as a definition list: label, value — shared by the live inspector and the
// read-only memory of a past view.
import type { ReactNode } from 'react';

export function FieldList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="fields">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
