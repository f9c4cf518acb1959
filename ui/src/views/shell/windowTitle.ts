// The window's title says how many memories are drawn ("Mnemo — 1,234 memories"): useful in the
// task switcher, and how the desktop smoke test knows the graph loaded through IPC.
import { isTauri } from '../../api';

let wanted = '';
let applied = '';
let pumping = false;

export function showMemoryCount(count: number): void {
  const title = `Mnemo — ${count} memories`;
  if (title === wanted) return;
  wanted = title;
  document.title = title;
  if (isTauri() && !pumping) void applyTitles();
}

// One native setTitle at a time, the newest title last. Tauri may run two IPC calls concurrently,
// so "0 memories" sent just before "61 memories" could land after it and stay there.
async function applyTitles(): Promise<void> {
  pumping = true;
  try {
    const { getCurrentWindow } = await import('@tauri-apps/api/window');
    while (applied !== wanted) {
      const title = wanted;
      await getCurrentWindow().setTitle(title);
      applied = title;
    }
  } catch {
    // A title is a nicety; the document title above is already right.
  } finally {
    pumping = false;
  }
}
