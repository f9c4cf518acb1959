// The followed vault in the status bar, beside the live connection: its folder, a live dot, the
// time of the last sync and, when the last one failed, why. Click for the details and to stop.
import { useRef, useState, type RefObject } from 'react';
import { useStore } from '../../state/store';
import { clockTime, folderName, importSummary } from '../capture/importSummary';
import { pickAndFollow, stopFollowing, vaultFollow, type VaultFollow } from '../capture/vaultFollow';
import { useDismiss } from '../shell/useDismiss';
import '../capture/vault.css';

export function VaultStatus() {
  const f = useStore(vaultFollow, (s) => s.follow);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!f) return null;
  const name = folderName(f.path);
  const state = f.starting ? 'starting' : f.lastError ? 'failed' : 'on';
  return (
    <span className="vault-status">
      <button
        ref={button}
        className={`vault-chip vault-${state}`}
        data-testid="vault-status"
        data-state={state}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={open ? undefined : chipTitle(f)}
        onClick={() => setOpen((o) => !o)}
      >
        <i aria-hidden="true" />
        <span className="vault-name">Following {name}</span>
        <span className="vault-when">· {when(f)}</span>
        {f.lastError && <span className="vault-error">: {f.lastError.message}</span>}
      </button>
      {open && <Details f={f} anchor={button} onClose={() => setOpen(false)} />}
    </span>
  );
}

function when(f: VaultFollow): string {
  if (f.starting) return 'importing…';
  if (f.lastError) return `sync failed ${clockTime(new Date(f.lastError.at))}`;
  if (f.lastSync !== null) return `synced ${clockTime(new Date(f.lastSync))}`;
  return 'live';
}

function chipTitle(f: VaultFollow): string {
  const lines = [`Following the vault in ${f.path}: every note saved there is imported again within the second.`];
  if (f.lastChange) lines.push(`Last change, at ${clockTime(new Date(f.lastChange.at))}: ${importSummary(f.lastChange.report)}`);
  if (f.restored) lines.push('Followed since before this window was reloaded: changes still arrive on the graph.');
  lines.push('Click for details or to stop.');
  return lines.join('\n');
}

function Details({ f, anchor, onClose }: { f: VaultFollow; anchor: RefObject<HTMLButtonElement | null>; onClose(): void }) {
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, anchor, onClose);
  return (
    <div ref={root} className="vault-details" role="dialog" aria-label="Followed vault" data-testid="vault-details">
      <div className="label">Following a vault</div>
      <div className="uri" title={f.path}>{f.path}</div>
      {f.space && <div className="row">Into the space <b>{f.space}</b></div>}
      <div className="row">
        {f.starting
          ? 'Importing the folder…'
          : f.lastSync !== null
            ? `Last ${f.lastError ? 'good ' : ''}sync at ${clockTime(new Date(f.lastSync))}.`
            : 'Followed since before this window was reloaded: its changes arrive on the graph.'}
      </div>
      {f.lastChange && (
        <div className="row">
          Last change, at {clockTime(new Date(f.lastChange.at))}: {importSummary(f.lastChange.report)}
        </div>
      )}
      {f.lastError && (
        <div className="row vault-failed" role="alert">
          The last sync, at {clockTime(new Date(f.lastError.at))}, failed: {f.lastError.message}
          <div className="muted">The watch goes on: fix the note and save it, and the next sync takes it.</div>
        </div>
      )}
      <div className="store-menu-actions">
        <button
          data-testid="vault-stop"
          onClick={() => {
            onClose();
            void stopFollowing();
          }}
        >
          Stop following
        </button>
        <button
          onClick={() => {
            onClose();
            void pickAndFollow();
          }}
        >
          Follow another vault…
        </button>
      </div>
    </div>
  );
}
