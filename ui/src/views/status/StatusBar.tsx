import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { useEffect } from 'react';
import { ImportProgress } from '../capture/ImportProgress';
import { showMemoryCount } from '../shell/windowTitle';
import { StoreMenu } from './StoreMenu';
import { VaultStatus } from './VaultStatus';

const CONNECTION_TEXT = { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting…', offline: 'offline' } as const;

/** Counts, store, embedder, the followed vault and the live connection with its sequence number. */
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
          <StoreMenu path={s.overview.store} />
          <span title="Embedder">{s.overview.embedder}</span>
        </>
      )}
      <span className="spacer" />
      <VaultStatus />
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
