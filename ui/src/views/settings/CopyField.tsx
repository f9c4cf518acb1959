// A value to hand to an agent (an address, a token, a configuration) with its Copy button.
import { useState } from 'react';
import { copyText } from '../shell/copy';

/** One labelled value; a secret one is masked until shown. */
export function Field({ label, value, secret, testId }: { label: string; value: string; secret?: boolean; testId: string }) {
  const [shown, setShown] = useState(!secret);
  return (
    <div className="connect-field">
      <span className="muted small">{label}</span>
      <div className="row">
        <code className="connect-value" data-testid={testId}>
          {shown ? value : '•'.repeat(Math.min(value.length, 24))}
        </code>
        {secret && (
          <button className="ghost small" onClick={() => setShown((s) => !s)}>
            {shown ? 'Hide' : 'Show'}
          </button>
        )}
        <button className="ghost small" data-testid={`${testId}-copy`} onClick={() => void copyText(value, label.toLowerCase())}>
          Copy
        </button>
      </div>
    </div>
  );
}

/** A ready-to-paste configuration, folded unless `open`. */
export function Snippet({ title, text, open, testId }: { title: string; text: string; open?: boolean; testId?: string }) {
  return (
    <details className="connect-snippet" open={open} data-testid={testId}>
      <summary>{title}</summary>
      <pre>{text}</pre>
      <button className="ghost small" onClick={() => void copyText(text, title)}>
        Copy
      </button>
    </details>
  );
}
