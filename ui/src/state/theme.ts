// Light and dark themes: follow the OS unless the person chose one; the choice is remembered.
import { useEffect, useState } from 'react';
import { DARK, LIGHT, type Palette } from '../graph/palette';
import { useStore } from './store';
import { ui, type ThemeChoice } from './ui';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

export function resolveTheme(choice: ThemeChoice): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return query().matches ? 'dark' : 'light';
}

/** Applies the theme to the document and returns the resolved one. */
export function useTheme(): 'light' | 'dark' {
  const choice = useStore(ui, (s) => s.theme);
  const [osDark, setOsDark] = useState(() => query().matches);
  useEffect(() => {
    const q = query();
    const on = () => setOsDark(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, []);
  const resolved = choice === 'system' ? (osDark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
  return resolved;
}

export function paletteFor(theme: 'light' | 'dark'): Palette {
  return theme === 'dark' ? DARK : LIGHT;
}

/** Toggles between light and dark (from "system", to the opposite of what the OS shows). */
export function toggleTheme(): void {
  const next = resolveTheme(ui.get().theme) === 'dark' ? 'light' : 'dark';
  try {
    localStorage.setItem('mnemo.theme', next);
  } catch {
    // Not remembered, still applied.
  }
  ui.set({ theme: next });
}
