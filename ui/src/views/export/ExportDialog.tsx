// Export: a format and a scope, then a save dialog (desktop) or a download (browser). Mounted
// once; opened from the top bar, the selection bar and the command palette (see exportState).
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { getApi } from '../../api';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { defaultScope, defaultSpace, formatUnavailable, scopeChoices, scopeOf, type ExportFormat, type ScopeKind } from './exportPlan';
import { closeExport, exportDialog } from './exportState';
import { FormatList } from './FormatList';
import { runExport } from './runExport';
import { currentScopeFacts } from './scopeFacts';
import { ScopeList } from './ScopeList';
import './export.css';

export function ExportDialog() {
  const open = useStore(exportDialog, (s) => s.open);
  return open ? <Dialog preferred={exportDialog.get().preferred} /> : null;
}

function Dialog({ preferred }: { preferred: ScopeKind | null }) {
  const transport = getApi().transport;
  // Read once: the dialog is modal, so the selection and filters cannot change under it.
  const facts = useMemo(currentScopeFacts, []);
  const past = useStore(ui, (s) => s.pastView !== null);
  const [space, setSpace] = useState(() => defaultSpace(facts.spaces, ui.get().filters.spaces));
  const choices = scopeChoices(facts, space);
  const [kind, setKind] = useState<ScopeKind>(() => defaultScope(choices, preferred));
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);

  // The dialog has the keyboard from the commit that shows it (Esc closes it at once), its
  // Export button only once the key that opened it is over: the palette's Enter opens the dialog
  // on its keydown, and its keypress would press the button, straight on to the save dialog. The
  // button takes the keyboard back after a save dialog or a refusal: disabled while busy, it had
  // let it go to the page, where Esc and Enter no longer reach the dialog.
  useLayoutEffect(() => form.current?.focus(), []);
  useEffect(() => {
    if (busy) return;
    const t = setTimeout(() => confirm.current?.focus(), 0);
    return () => clearTimeout(t);
  }, [busy]);

  const choice = choices.find((c) => c.kind === kind) ?? choices[choices.length - 1];
  const blocked = formatUnavailable(format, transport) !== null || choice.count === 0;
  const close = () => !busy && closeExport();
  const go = async () => {
    if (busy || blocked) return;
    setBusy(true);
    const done = await runExport(format, scopeOf(choice.kind, facts, space), choice.count);
    setBusy(false);
    // A cancelled save dialog or a refusal leaves the choices here, to try again.
    if (done) closeExport();
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        ref={form}
        tabIndex={-1}
        className="modal export-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Export memories"
        aria-busy={busy}
        data-testid="export-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          // Not to the window, where Esc would also clear the selection being exported.
          e.stopPropagation();
          close();
        }}
      >
        <h2>Export memories</h2>
        <FormatList value={format} transport={transport} onChange={setFormat} />
        <ScopeList choices={choices} value={choice.kind} spaces={facts.spaces} space={space} onChange={setKind} onSpace={setSpace} />
        <p className="muted small export-note">
          {choice.kind === 'all' ? 'Every memory and link, whatever its status.' : 'Only the links among the memories it writes, so that it imports again on its own.'}
          {past && ' The memories as they are now, not as Mnemo knew them then.'}
        </p>
        <div className="row end">
          <span className="muted small hint">
            <kbd>Esc</kbd> to cancel
          </span>
          <button type="button" className="ghost" data-testid="export-cancel" disabled={busy} onClick={close}>
            Cancel
          </button>
          <button ref={confirm} type="submit" className="primary" data-testid="export-confirm" disabled={busy || blocked}>
            {busy ? 'Exporting…' : `${transport === 'http' ? 'Download' : 'Export'} ${choice.count.toLocaleString('en')} ${choice.count === 1 ? 'memory' : 'memories'}${transport === 'http' ? '' : '…'}`}
          </button>
        </div>
      </form>
    </div>
  );
}
