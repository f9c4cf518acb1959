import { useEffect, useMemo, useRef, useState } from 'react';
import { searchMemories } from '../../graph/search';
import { model } from '../../state/model';
import { useStore } from '../../state/store';
import { toggleTheme } from '../../state/theme';
import { editStaleThreshold } from '../../state/reviewSettings';
import { clearedFilters, select, ui } from '../../state/ui';
import { openMerge } from '../../state/curate';
import { openPurgeForgotten } from '../../state/purge';
import { redoLast, undoLast } from '../../state/undo';
import { focusMemory, graphRef } from '../graph/graphRef';
import { getApi } from '../../api';
import { labCommands } from '../lab/labCommands';
import { pickStore } from '../status/storeActions';
import { modelState } from '../../state/model';
import { openSpacesDialog, openSwitcher, showOnly } from '../spaces/switch';
import { openExport } from '../export/exportState';
import { pickAndImportFolder } from '../capture/importer';
import { folderName } from '../capture/importSummary';
import { explainInBrowser, pickAndFollow, stopFollowing, vaultFollow } from '../capture/vaultFollow';

interface Command {
  id: string;
  label: string;
  hint?: string;
  run(): void;
}

/**
 * Import a Markdown folder, and follow a vault (on/off). The desktop app reads folders; in a
 * browser the entries say how the CLI does it, so that searching the palette still finds them.
 */
function folderCommands(): Command[] {
  if (getApi().transport !== 'tauri') {
    return [{ id: 'follow', label: 'Follow a vault…', hint: 'desktop app; here: mnemo watch DIR', run: explainInBrowser }];
  }
  const followed = vaultFollow.get().follow;
  return [
    { id: 'import-folder', label: 'Import folder (a Markdown vault)…', run: () => void pickAndImportFolder() },
    followed
      ? { id: 'follow', label: `Stop following the vault “${folderName(followed.path)}”`, hint: 'what it imported stays', run: () => void stopFollowing() }
      : { id: 'follow', label: 'Follow a vault…', hint: 'import a folder and keep it in sync', run: () => void pickAndFollow() },
  ];
}

/** Ctrl/Cmd+K: every action and every memory, by name. */
export function CommandPalette({ onImport }: { onImport(): void }) {
  const open = useStore(ui, (s) => s.paletteOpen);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) {
      setQ('');
      setTimeout(() => input.current?.focus(), 0);
    }
  }, [open]);

  const commands: Command[] = useMemo(
    () => [
      { id: 'add', label: 'New memory', hint: 'Ctrl+Shift+N', run: () => ui.set({ quickAddOpen: true }) },
      { id: 'import', label: 'Import a JSONL file…', run: onImport },
      ...folderCommands(),
      { id: 'export', label: 'Export…', hint: 'JSONL, GraphML, JSON, Markdown', run: () => openExport() },
      ...(ui.get().multi.length || ui.get().selectedId
        ? [{ id: 'export-selection', label: 'Export selection…', run: () => openExport('selection') }]
        : []),
      { id: 'recall', label: 'Open the retrieval inspector', run: () => ui.set({ panel: 'retrieval', panelOpen: true }) },
      { id: 'review', label: 'Open the review queue', hint: 'Q', run: () => ui.set({ panel: 'review', panelOpen: true }) },
      ...labCommands(),
      {
        id: 'stale-threshold',
        label: 'Review: stale threshold…',
        run: () => {
          ui.set({ panel: 'review', panelOpen: true });
          editStaleThreshold();
        },
      },
      { id: 'purge-forgotten', label: 'Purge forgotten memories…', hint: 'erase for good', run: openPurgeForgotten },
      { id: 'undo', label: 'Undo my last change', hint: 'Ctrl+Z', run: () => void undoLast() },
      { id: 'redo', label: 'Redo', hint: 'Ctrl+Shift+Z', run: () => void redoLast() },
      ...(ui.get().multi.length >= 2
        ? [{ id: 'merge', label: `Merge the ${ui.get().multi.length} selected memories…`, run: () => openMerge(ui.get().multi) }]
        : []),
      { id: 'switch-space', label: 'Switch space…', hint: 'S', run: openSwitcher },
      { id: 'manage-spaces', label: 'Manage spaces…', run: () => openSpacesDialog('manage') },
      { id: 'new-space', label: 'New space…', run: () => openSpacesDialog('new') },
      { id: 'theme', label: 'Toggle light / dark theme', run: toggleTheme },
      { id: 'timeline', label: 'Show / hide the timeline', run: () => ui.set((s) => ({ timelineOpen: !s.timelineOpen })) },
      { id: 'fit', label: 'Fit the whole graph', run: () => graphRef.current?.resetCamera() },
      { id: 'layout', label: 'Run the force layout', run: () => graphRef.current?.runLayout(5000) },
      { id: 'clear', label: 'Clear filters and focus', run: () => ui.set((s) => ({ filters: clearedFilters(s.filters), focus: null, path: null })) },
      { id: 'reload', label: 'Reload the graph from the engine', run: () => void model.load() },
      { id: 'connect', label: 'Connect an agent (MCP, REST, token)…', run: () => ui.set({ connectOpen: true }) },
      // Only the desktop app switches stores; a server serves the one it was started on.
      ...(getApi().transport === 'tauri'
        ? [
            { id: 'store-open', label: 'Open store…', hint: 'Ctrl+O', run: () => void pickStore('open') },
            { id: 'store-new', label: 'New empty store…', run: () => void pickStore('create') },
            { id: 'store-remote', label: 'Open a shared store on object storage…', run: () => ui.set({ storeMenu: 'remote' }) },
          ]
        : []),
    ],
    // Rebuilt on opening: some commands depend on the selection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [onImport, open],
  );

  const items = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const cmds = commands.filter((c) => c.label.toLowerCase().includes(needle));
    // Each space, once something is typed: "work" finds "Show only space “work”".
    const spaces = needle
      ? modelState
          .get()
          .spaces.filter((n) => n.toLowerCase().includes(needle))
          .slice(0, 6)
          .map<Command>((n) => ({ id: `space:${n}`, label: `Show only space “${n}”`, hint: modelState.get().spaceBook.get(n)?.archived ? 'archived' : 'space', run: () => showOnly(n) }))
      : [];
    const mems =
      needle.length >= 2
        ? searchMemories(model.memories, needle, 8).map<Command>((m) => ({
            id: m.id,
            label: m.title || m.text.slice(0, 80),
            hint: m.kind,
            run: () => {
              select(m.id);
              focusMemory(m.id);
            },
          }))
        : [];
    return [...cmds, ...spaces, ...mems];
  }, [q, commands]);

  useEffect(() => setActive(0), [items]);

  if (!open) return null;
  const close = () => ui.set({ paletteOpen: false });
  const run = (c: Command | undefined) => {
    if (!c) return;
    close();
    c.run();
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="palette" role="dialog" aria-label="Command palette">
        <input
          ref={input}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Type a command or a memory…"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(items.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter') {
              // The command may open a dialog that focuses a button at once: this Enter must not
              // press it too.
              e.preventDefault();
              run(items[active]);
            }
          }}
        />
        <ul>
          {items.map((c, i) => (
            <li key={c.id}>
              <button className={i === active ? 'active' : ''} onMouseEnter={() => setActive(i)} onClick={() => run(c)}>
                {c.label}
                {c.hint && <span className="muted small">{c.hint}</span>}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
