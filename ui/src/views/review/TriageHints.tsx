import { useState } from 'react';
import { ACTIONS, type TriageAction } from './triage';

const SHOWN: TriageAction[] = ['approve', 'merge', 'keepBoth', 'confirm', 'reject', 'supersede', 'archive'];
const NAMES: Record<TriageAction, string> = {
  approve: 'approve',
  rejectHeld: 'reject',
  merge: 'merge',
  keepBoth: 'keep both',
  confirm: 'confirm',
  reject: 'reject',
  supersede: 'supersede',
  supersedeBack: 'supersede the other way',
  archive: 'archive',
};

/** The keys of the queue, at its foot; folds away once learnt (remembered). */
export function TriageHints() {
  const [open, setOpen] = useState(() => {
    try {
      return localStorage.getItem('mnemo.reviewHints') !== 'off';
    } catch {
      return true;
    }
  });
  const toggle = () => {
    setOpen(!open);
    try {
      localStorage.setItem('mnemo.reviewHints', open ? 'off' : 'on');
    } catch {
      // Not remembered.
    }
  };
  return (
    <footer className="rv-hints" aria-label="Keyboard">
      {open && (
        <ul>
          <li><kbd>j</kbd><kbd>k</kbd> next / previous</li>
          {SHOWN.map((a) => (
            <li key={a}>
              <kbd>{ACTIONS[a].key}</kbd> {NAMES[a]}
            </li>
          ))}
          <li><kbd>↵</kbd> show on graph</li>
          <li><kbd>Ctrl</kbd>+<kbd>Z</kbd> undo</li>
        </ul>
      )}
      <button className="link small" onClick={toggle} aria-expanded={open}>
        {open ? 'Hide keys' : 'Keys'}
      </button>
    </footer>
  );
}
