// The store's path in the status bar. In the desktop app it opens a menu of stores: the recent
// ones, Open store…, New empty store…, and a shared store on object storage by its URI; in a
// browser the server's store is fixed, so it is text.
import { useEffect, useRef, useState } from 'react';
import { getApi } from '../../api';
import type { StoreInfo, StoreOrigin } from '../../api/types';
import { useStore } from '../../state/store';
import { toastError, ui } from '../../state/ui';
import { copyText } from '../shell/copy';
import { openRecentStore, pickStore } from './storeActions';

const ORIGIN: Record<StoreOrigin, string> = {
  chosen: 'chosen in the app',
  environment: 'named by MNEMO_DB',
  default: 'the default store',
};

export function StoreMenu({ path }: { path: string }) {
  const [info, setInfo] = useState<StoreInfo | null>(null);
  const menu = useStore(ui, (s) => s.storeMenu);
  const open = menu !== 'closed';
  const setOpen = (o: boolean | ((was: boolean) => boolean)) => {
    const next = typeof o === 'function' ? o(open) : o;
    ui.set({ storeMenu: next ? 'open' : 'closed' });
  };
  const [remote, setRemote] = useState('');
  const root = useRef<HTMLSpanElement>(null);
  const remoteField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    getApi().stores().then(setInfo, () => setInfo(null));
  }, [open]);
  useEffect(() => {
    if (menu === 'remote' && info) remoteField.current?.focus();
  }, [menu, info]);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);

  const forget = async (uri: string) => {
    try {
      setInfo(await getApi().forgetRecentStore(uri));
    } catch (e) {
      toastError(e, 'update the recent stores');
    }
  };
  const others = info?.recent.filter((r) => r.uri !== info.uri) ?? [];

  return (
    <span className="store" ref={root}>
      {info ? (
        <button
          className="path switch"
          title={open ? undefined : `Store: ${path} (${ORIGIN[info.origin]}). Click to switch stores.`}
          data-testid="status-store"
          aria-haspopup="menu"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          {path}
        </button>
      ) : (
        <span className="path" title={`Store: ${path}`} data-testid="status-store">
          {path}
        </span>
      )}
      <button
        className="copy"
        data-testid="copy-store-path"
        title="Copy the store's path"
        aria-label="Copy the store's path"
        onClick={() => void copyText(path, 'the store path')}
      >
        <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M3.5 10.5h-.5A1.5 1.5 0 0 1 1.5 9V3A1.5 1.5 0 0 1 3 1.5h6A1.5 1.5 0 0 1 10.5 3v.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
        </svg>
      </button>
      {open && info && (
        <div className="store-menu" role="menu" data-testid="store-menu">
          <div className="store-menu-head">
            <div className="label">Open now · {ORIGIN[info.origin]}</div>
            <div className="uri">{info.uri}</div>
          </div>
          <div className="label">Recent</div>
          {others.length === 0 && <div className="empty">No other store opened yet.</div>}
          {others.map((r) => (
            <div className="store-row" key={r.uri}>
              <button
                role="menuitem"
                className="uri"
                disabled={!r.present}
                title={r.present ? `Open ${r.uri}` : `${r.uri} no longer holds a store`}
                onClick={() => void openRecentStore(r.uri)}
              >
                {r.uri}
                {!r.present && <span className="missing"> · missing</span>}
              </button>
              <button className="forget" title="Remove from this list (the store is kept)" aria-label={`Remove ${r.uri} from the list`} onClick={() => void forget(r.uri)}>
                ×
              </button>
            </div>
          ))}
          <div className="store-menu-actions">
            <button role="menuitem" onClick={() => void pickStore('open')}>
              Open store… <kbd>Ctrl+O</kbd>
            </button>
            <button role="menuitem" onClick={() => void pickStore('create')}>
              New empty store…
            </button>
          </div>
          <form
            className="store-menu-remote"
            onSubmit={(e) => {
              e.preventDefault();
              if (remote.trim()) void openRecentStore(remote.trim());
            }}
          >
            <label className="label" htmlFor="store-remote-uri">
              Shared store on object storage
            </label>
            <div className="row">
              <input
                id="store-remote-uri"
                ref={remoteField}
                data-testid="store-remote-uri"
                placeholder="s3://bucket/prefix"
                spellCheck={false}
                value={remote}
                onChange={(e) => setRemote(e.target.value)}
                title="Credentials and endpoint come from the AWS_* environment variables Mnemo was started with"
              />
              <button type="submit" disabled={!remote.trim()}>
                Open
              </button>
            </div>
          </form>
        </div>
      )}
    </span>
  );
}
