// The window's title says how many memories are drawn ("Mnemo — 1,234 memories"): useful in the
// task switcher, and how the desktop smoke test knows the graph loaded through IPC.
import { isTauri } from '../../api';

let last = '';

export function showMemoryCount(count: number): void {
  const title = `Mnemo — ${count} memories`;
  if (title === last) return;
  last = title;
  document.title = title;
  if (isTauri()) {
    void import('@tauri-apps/api/window')
      .then(({ getCurrentWindow }) => getCurrentWindow().setTitle(title))
      .catch(() => undefined);
  }
}
