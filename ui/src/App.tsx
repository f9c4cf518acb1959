import { useCallback, useEffect, useRef } from 'react';
import { getApi, isTauri } from './api';
import { model, modelState } from './state/model';
import { backToNow, installPastGuards } from './state/past';
import { useStore } from './state/store';
import { toggleTheme, useTheme } from './state/theme';
import { ui, type PanelTab } from './state/ui';
import { Activity } from './views/activity/Activity';
import { importSource, pickAndImport } from './views/capture/importer';
import { ImportDrop } from './views/capture/ImportDrop';
import { ImportMenu } from './views/capture/ImportMenu';
import { restoreFollowing } from './views/capture/vaultFollow';
import { ExportDialog } from './views/export/ExportDialog';
import { openExport } from './views/export/exportState';
import { LabPanel } from './views/lab/LabPanel';
import { QuickAdd } from './views/capture/QuickAdd';
import { GraphView } from './views/graph/GraphView';
import { Inspector } from './views/inspector/Inspector';
import { RetrievalPanel } from './views/retrieval/RetrievalPanel';
import { PurgeDialog } from './views/purge/PurgeDialog';
import { MergeDialog } from './views/review/MergeDialog';
import { ReviewPanel } from './views/review/ReviewPanel';
import { SupersedeDialog } from './views/review/SupersedeDialog';
import { CommandPalette } from './views/shell/CommandPalette';
import { ConnectDialog } from './views/settings/ConnectDialog';
import { ManageSpaces } from './views/spaces/ManageSpaces';
import { SpaceSwitcher } from './views/spaces/SpaceSwitcher';
import { SearchBox } from './views/shell/SearchBox';
import { installShortcuts } from './views/shell/shortcuts';
import { Toasts } from './views/shell/Toasts';
import { StatusBar } from './views/status/StatusBar';
import { PastBanner } from './views/timeline/PastBanner';
import { PastMemory } from './views/timeline/PastMemory';
import { Timeline } from './views/timeline/Timeline';

export function App() {
  const theme = useTheme();
  const search = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const phase = useStore(modelState, (s) => s.phase);
  const error = useStore(modelState, (s) => s.error);
  const panel = useStore(ui, (s) => s.panel);
  const panelOpen = useStore(ui, (s) => s.panelOpen);
  const selectedId = useStore(ui, (s) => s.selectedId);
  const timelineOpen = useStore(ui, (s) => s.timelineOpen);
  const past = useStore(ui, (s) => s.pastView);
  // Subscribed, so that the empty-memory hint goes once memories arrive (an import, a followed vault).
  const empty = useStore(modelState, (s) => s.memoryCount === 0);

  useEffect(() => model.start(getApi()), []);
  useEffect(() => installPastGuards(), []);
  useEffect(() => installShortcuts(() => search.current?.focus()), []);
  useEffect(() => void restoreFollowing(), []);
  const onImport = useCallback(() => void pickAndImport(fileInput.current), []);

  return (
    <div className={`app${panelOpen ? ` with-panel${panel === 'review' || panel === 'lab' ? ' with-wide-panel' : ''}` : ''}`}>
      <header className="topbar">
        <div className="brand">
          <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
            <line x1="10" y1="11" x2="23" y2="9" className="brand-edge" />
            <line x1="10" y1="11" x2="19" y2="23" className="brand-edge" />
            <line x1="23" y1="9" x2="19" y2="23" className="brand-edge" />
            <circle cx="10" cy="11" r="5" fill="#5b8def" />
            <circle cx="23" cy="9" r="3.5" fill="#f29a4a" />
            <circle cx="19" cy="23" r="5.5" fill="#3fb58f" />
          </svg>
          Mnemo
        </div>
        <SpaceSwitcher />
        <SearchBox ref={search} />
        <span className="spacer" />
        <button
          className="ghost"
          disabled={past !== null}
          onClick={() => ui.set({ quickAddOpen: true })}
          title={past ? 'Read-only while viewing the past' : 'New memory (N, Ctrl/Cmd+Shift+N)'}
        >
          + New
        </button>
        <ImportMenu onImportFile={onImport} />
        {/* Reading only: also while the past is shown (it writes the memories as they are now). */}
        <button className="ghost" data-testid="export-open" onClick={() => openExport()} title="Export as Mnemo JSONL, GraphML, Cytoscape JSON or a Markdown vault: the selection, what the filters show, a space or everything">
          Export
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".jsonl,.ndjson,.json,application/x-ndjson"
          data-testid="import-input"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importSource({ kind: 'file', file: f });
            e.target.value = '';
          }}
        />
        <PanelToggle tab="retrieval" title="Retrieval inspector (R)" label="Recall" />
        <PanelToggle tab="lab" title="Retrieval lab: replay traces, named configurations, judgments and evaluation, why not?" label="Lab" testId="lab-open" />
        <PanelToggle tab="review" title="Review queue: duplicates, unconfirmed links, contradictions, orphans, stale memories (Q)" label="Review" testId="review-open" />
        <PanelToggle tab="activity" title="Activity feed: every change, by whom" label="Activity" />
        <button className="icon theme" data-testid="theme-toggle" onClick={toggleTheme} title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button className="ghost" data-testid="connect-open" onClick={() => ui.set({ connectOpen: true })} title="Connect an agent: MCP and REST settings, and the access token">
          Connect
        </button>
        <button className="icon" onClick={() => ui.set({ paletteOpen: true })} title="Command palette (Ctrl/Cmd+K)">
          ⌘
        </button>
      </header>

      <main className="main">
        <div className={`stage-area${past ? ' past' : ''}`}>
          <GraphView theme={theme} />
          <PastBanner />
          {phase === 'loading' && <div className="overlay-msg">Loading the memory graph…</div>}
          {phase === 'error' && (
            <div className="overlay-msg error">
              <p>Could not load the graph: {error}</p>
              <button className="primary" onClick={() => void model.load()}>Retry</button>
            </div>
          )}
          {phase === 'ready' && empty && (
            <div className="overlay-msg">
              <p>This memory is empty.</p>
              {isTauri() ? (
                <p className="muted">Add a note with <kbd>N</kbd>, or import a file or a Markdown folder (Import ▾), or follow a vault to keep it in sync.</p>
              ) : (
                <p className="muted">Add a note with <kbd>N</kbd>, or drop a <code>.jsonl</code> file on the window.</p>
              )}
            </div>
          )}
        </div>
        {/* Kept mounted while closed, so that an open retrieval survives closing the panel. */}
        <aside className={`side${panel === 'review' || panel === 'lab' ? ' wide' : ''}`} hidden={!panelOpen}>
            <nav className="tabs">
              <button className={panel === 'memory' ? 'on' : ''} onClick={() => ui.set({ panel: 'memory' })}>
                Memory
              </button>
              <button className={panel === 'retrieval' ? 'on' : ''} onClick={() => ui.set({ panel: 'retrieval' })}>
                Retrieval
              </button>
              <button className={panel === 'lab' ? 'on' : ''} onClick={() => ui.set({ panel: 'lab' })} data-testid="tab-lab">
                Lab
              </button>
              <button className={panel === 'review' ? 'on' : ''} onClick={() => ui.set({ panel: 'review' })}>
                Review
              </button>
              <button className={panel === 'activity' ? 'on' : ''} onClick={() => ui.set({ panel: 'activity' })}>
                Activity
              </button>
              <span className="spacer" />
              <button className="icon" title="Close panel (Esc)" onClick={() => ui.set({ panelOpen: false })}>
                ×
              </button>
            </nav>
            <div className="side-body">
              {/* Both stay mounted so that a retrieval is not lost when looking at a memory. */}
              <div hidden={panel !== 'memory'}>
                {/* The past is read-only: the memory as known then, instead of the live, editable one. */}
                {past ? <PastMemory id={selectedId} at={past.at} /> : <Inspector id={selectedId} />}
              </div>
              <div hidden={panel !== 'retrieval'}>
                <RetrievalPanel />
              </div>
              {/* Kept mounted too: a replay or an evaluation survives a look at a memory. */}
              <div hidden={panel !== 'lab'}>
                <LabPanel />
              </div>
              {panel === 'activity' && <Activity />}
              {/* Mounted only while showing: it refetches on every change, and its keys act only then. */}
              {panel === 'review' && panelOpen && (past ? <ReviewInThePast /> : <ReviewPanel />)}
            </div>
        </aside>
      </main>
      {timelineOpen && <Timeline />}
      <StatusBar />
      <QuickAdd />
      <CommandPalette onImport={onImport} />
      <ConnectDialog />
      <ManageSpaces />
      <MergeDialog />
      <SupersedeDialog />
      <PurgeDialog />
      <ExportDialog />
      <ImportDrop />
      <Toasts />
    </div>
  );
}

/** The review queue acts on the memory as it is now: not while the past is shown. */
function ReviewInThePast() {
  return (
    <div className="past-note">
      <p className="muted">The review queue works on the memory as it is now, and the graph shows the past, read-only.</p>
      <button className="primary" onClick={backToNow}>Back to now</button>
    </div>
  );
}

/** A header button that opens the side panel on one tab, or closes it if that tab is showing. */
function PanelToggle({ tab, title, label, testId }: { tab: PanelTab; title: string; label: string; testId?: string }) {
  const open = useStore(ui, (s) => s.panelOpen && s.panel === tab);
  return (
    <button className={`ghost${open ? ' on' : ''}`} data-testid={testId} aria-pressed={open} onClick={() => ui.set((s) => ({ panel: tab, panelOpen: !(s.panelOpen && s.panel === tab) }))} title={title}>
      {label}
    </button>
  );
}
