import { useState } from 'react';
import type { NamedConfig } from '../../api/types';
import { nameError } from '../../lab/configFields';
import { deleteConfig, lab, renameConfig, setDefaultConfig } from '../../state/lab';
import { useStore } from '../../state/store';
import { fmtAgo } from '../shell/format';

interface Props {
  config: NamedConfig;
  isDefault: boolean;
  picked: boolean;
  onPick(): void;
  onRenamed(to: string): void;
}

/** A configuration in the list: pick it to see its weights; make it the default, rename or delete it. */
export function ConfigRow({ config, isDefault, picked, onPick, onRenamed }: Props) {
  const book = useStore(lab, (s) => s.book);
  const builtIn = config.name === 'standard';
  const [renaming, setRenaming] = useState(false);
  const [to, setTo] = useState(config.name);
  const [confirming, setConfirming] = useState(false);
  const taken = book?.configs.map((c) => c.name) ?? [];
  const error = renaming ? nameError(to, taken, config.name) : null;

  const rename = async () => {
    if (error) return;
    if (to.trim() === config.name) return setRenaming(false);
    if (await renameConfig(config.name, to.trim())) {
      setRenaming(false);
      onRenamed(to.trim());
    }
  };

  return (
    <li className={`config-row${picked ? ' picked' : ''}${isDefault ? ' is-default' : ''}`} data-testid="config-row" data-name={config.name} data-default={isDefault}>
      {renaming ? (
        <form
          className="config-rename"
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <input
            value={to}
            autoFocus
            aria-label={`New name for ${config.name}`}
            data-testid="config-rename-input"
            onChange={(e) => setTo(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setRenaming(false);
                setTo(config.name);
              }
            }}
          />
          <button type="submit" className="mini" disabled={!!error} data-testid="config-rename-save">
            Rename
          </button>
          {error && <span className="cfg-error small">{error}</span>}
        </form>
      ) : (
        <button type="button" className="config-pick" onClick={onPick} aria-pressed={picked} data-testid="config-pick">
          <span className="config-name">{config.name}</span>
          {isDefault && (
            <span className="default-badge" data-testid="config-default-badge" title="Recalls use it unless they name another configuration">
              ★ default
            </span>
          )}
          <span className="muted small">{builtIn ? 'built in' : `saved ${fmtAgo(config.updated_at)}`}</span>
        </button>
      )}
      <span className="config-actions">
        {!isDefault && (
          <button type="button" className="mini" data-testid="config-make-default" onClick={() => void setDefaultConfig(config.name)} title="Recalls by you and agents use it unless they name another">
            Make default
          </button>
        )}
        {!builtIn && !renaming && (
          <button type="button" className="mini" data-testid="config-rename" onClick={() => setRenaming(true)}>
            Rename
          </button>
        )}
        {!builtIn &&
          (confirming ? (
            <>
              <button type="button" className="mini danger" data-testid="config-delete-confirm" onClick={() => void deleteConfig(config.name)}>
                Delete “{config.name}”{isDefault ? ' (standard becomes the default)' : ''}
              </button>
              <button type="button" className="mini" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="mini danger" data-testid="config-delete" onClick={() => setConfirming(true)}>
              Delete
            </button>
          ))}
      </span>
    </li>
  );
}
