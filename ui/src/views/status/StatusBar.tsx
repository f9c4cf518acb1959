import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { useEffect } from 'react';
import { ImportProgress } from '../capture/ImportProgress';
import { showMemoryCount } from '../shell/windowTitle';
import { copyText } from '../shell/copy';

const CONNECTION_TEXT = { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting…', offline: 'offline' } as const;

/** Counts, store, embedder and the live connection with its sequence number. */
export function StatusBar() {
  const s = useStore(modelState, (x) => x);
  const loaded = s.overview !== null && s.overview !== undefined;
  useEffect(() => {
    if (loaded) showMemoryCount(s.memoryCount);
  }, [loaded, s.memoryCount]);
  return (
    <footer className="statusbar">
      <span data-testid="status-count" title="Memories in the graph">
        {s.memoryCount.toLocaleString()} memories
      </span>
      <span title="Links in the graph">{s.edgeCount.toLocaleString()} links</span>
      {s.overview && (
        <>
          <span className="store">
            <span className="path" title={`Store: ${s.overview.store}`} data-testid="status-store">
              {s.overview.store}
            </span>
            <button
              className="copy"
              data-testid="copy-store-path"
              title="Copy the store's path"
              aria-label="Copy the store's path"
              onClick={() => void copyText(s.overview!.store, 'the store path')}
            >
              <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
                <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
                <path d="M3.5 10.5h-.5A1.5 1.5 0 0 1 1.5 9V3A1.5 1.5 0 0 1 3 1.5h6A1.5 1.5 0 0 1 10.5 3v.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
              </svg>
            </button>
          </span>
          <span title="Embedder">{s.overview.embedder}</span>
        </>
      )}
      <span className="spacer" />
      <ImportProgress />
      <span className={`conn conn-${s.connection}`} title="Live updates from the engine">
        <i /> {CONNECTION_TEXT[s.connection]}
      </span>
      <span className="seq" title="Sequence number of the last applied change">
        seq <b data-testid="status-seq">{s.seq}</b>
      </span>
    </footer>
  );
}
