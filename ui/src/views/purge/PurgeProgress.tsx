/** What a running purge is doing: erasing can take seconds, because the store is compacted so
 * that no file keeps a copy. */
export function PurgeProgress() {
  return (
    <div className="purge-progress" role="status" data-testid="purge-progress">
      <div className="ip-bar indeterminate">
        <span />
      </div>
      Erasing, then compacting the store so that no file keeps a copy…
    </div>
  );
}
