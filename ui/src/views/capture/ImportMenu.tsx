// The top bar's Import. In the desktop app it opens a short menu: a file, a Markdown folder, or
// a vault to follow live (a toggle, checked while one is followed). A browser imports files only
// (a folder is the CLI's: `mnemo import DIR`, `mnemo watch DIR`), so there it is a plain button.
import { useRef, useState, type ReactNode, type RefObject } from 'react';
import { isTauri } from '../../api';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { useDismiss } from '../shell/useDismiss';
import { pickAndImportFolder } from './importer';
import { folderName } from './importSummary';
import { pickAndFollow, stopFollowing, vaultFollow } from './vaultFollow';
import './vault.css';

const PAST = 'Read-only while viewing the past';

export function ImportMenu({ onImportFile }: { onImportFile(): void }) {
  const past = useStore(ui, (s) => s.pastView !== null);
  if (!isTauri()) {
    return (
      <button className="ghost" disabled={past} onClick={onImportFile} title={past ? PAST : 'Import a JSONL file (or drop it on the window). A folder of notes: run “mnemo import DIR” or “mnemo watch DIR”.'}>
        Import
      </button>
    );
  }
  return <DesktopImportMenu onImportFile={onImportFile} past={past} />;
}

function DesktopImportMenu({ onImportFile, past }: { onImportFile(): void; past: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const followed = useStore(vaultFollow, (s) => s.follow?.path ?? null);
  const pick = (run: () => void) => () => {
    setOpen(false);
    run();
  };
  return (
    <div className="import-menu-anchor">
      <button
        ref={button}
        className={`ghost${open ? ' on' : ''}`}
        data-testid="import-open"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={past}
        onClick={() => setOpen((o) => !o)}
        title={past ? PAST : 'Import a file or a Markdown folder, or follow a vault live'}
      >
        Import <span className="caret" aria-hidden="true">▾</span>
      </button>
      {open && (
        <Menu anchor={button} onClose={() => setOpen(false)}>
          <button role="menuitem" onClick={pick(onImportFile)}>
            <span className="im-label">File…</span>
            <span className="im-hint">Mnemo JSONL, ChatGPT or Claude export, MCP memory</span>
          </button>
          <button role="menuitem" data-testid="import-folder" onClick={pick(() => void pickAndImportFolder())}>
            <span className="im-label">Markdown folder…</span>
            <span className="im-hint">An Obsidian vault or any folder of notes; again: brought up to date</span>
          </button>
          <div className="im-sep" role="separator" />
          <button
            role="menuitemcheckbox"
            aria-checked={followed !== null}
            data-testid="follow-vault"
            onClick={pick(() => void (followed ? stopFollowing() : pickAndFollow()))}
          >
            <span className="im-label">
              <span className="im-check" aria-hidden="true">{followed ? '✓' : ''}</span>
              {followed ? `Following ${folderName(followed)}` : 'Follow a vault…'}
            </span>
            <span className="im-hint">{followed ? 'Click to stop: what was imported stays' : 'Import a folder, then keep it in sync as its notes change'}</span>
          </button>
        </Menu>
      )}
    </div>
  );
}

function Menu({ anchor, onClose, children }: { anchor: RefObject<HTMLButtonElement | null>; onClose(): void; children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, anchor, onClose);
  return (
    <div ref={root} className="import-menu" role="menu" aria-label="Import">
      {children}
    </div>
  );
}
