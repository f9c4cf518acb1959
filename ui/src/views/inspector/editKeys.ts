// The keys of a field edited in place: Enter commits, Esc cancels and goes no further (so the
// inspector, which Esc would close, stays open).
import type React from 'react';

export function editKeys(enter: () => void, escape: () => void): (e: React.KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      escape();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      enter();
    }
  };
}
