import { useState } from 'react';
import { getApi } from '../../api';
import { MEMORY_KINDS, memoryPatch, type Memory, type MemoryKind, type MemoryPatch, type MemoryStatus } from '../../api/types';
import { KIND_LABEL } from '../../graph/palette';
import { openPurge } from '../../state/purge';
import { select, toast, toastError, ui } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import { fmtDate } from '../shell/format';
import { CurateActions } from './CurateActions';
import { Editable } from './Editable';
import { EdgeList } from './EdgeList';
import { FieldList } from './FieldList';
import { HeldBanner } from './HeldBanner';
import { SpaceChip } from '../spaces/SpaceChip';
import { History } from './History';
import { hasLineage, Lineage, LineageBanner } from './Lineage';
import { PropertiesSection } from './Properties';
import { Provenance } from './Provenance';
import { Section } from './Section';
import { writerOf } from './provenance';
import { TimeEditor } from './TimeEditor';
import { intervalError, type TimeField } from './timeFields';
import { useMemoryDetail } from './useMemoryDetail';

/** Every field of the selected memory, editable in place, with its links, neighbours and history. */
export function Inspector({ id }: { id: string | null }) {
  const { detail, setDetail, history, loading, gone, reload } = useMemoryDetail(id);
  const [reembedding, setReembedding] = useState(false);

  if (!id) {
    return (
      <div className="inspector empty" data-testid="inspector">
        <p className="muted">Select a memory on the graph, or search with <kbd>/</kbd>.</p>
      </div>
    );
  }
  if (!detail) {
    return (
      <div className="inspector" data-testid="inspector">
        <p className="muted" data-testid={gone ? 'inspector-gone' : undefined}>
          {gone ? 'This memory is no longer in the store: it was purged, or its addition undone.' : loading ? 'Loading…' : 'This memory could not be loaded.'}
        </p>
      </div>
    );
  }
  const m = detail.memory;
  const neighbours = new Map(detail.neighbors.map((n) => [n.id, n]));

  /** Saves some fields; `version` is the one the edit was made against (the one shown, unless said). */
  const save = async (fields: Partial<MemoryPatch>, what: string, version = m.version) => {
    const textChanged = fields.text !== undefined || fields.title !== undefined;
    if (textChanged) setReembedding(true);
    try {
      // Made against the version shown: an edit someone else saved meanwhile is not overwritten.
      const patch = memoryPatch({ ...fields, expected_version: version });
      const updated = await getApi().updateMemory({ id: m.id, patch });
      setDetail({ ...detail, memory: updated });
      void reload();
    } catch (e) {
      toastError(e, `save the ${what}`);
      // Show what the memory holds now, so the edit can be made again on top of it.
      if ((e as { code?: string }).code === 'conflict') void reload();
      throw e;
    } finally {
      if (textChanged) setReembedding(false);
    }
  };

  const setStatus = async (status: MemoryStatus) => {
    try {
      const updated = await getApi().setStatus({ id: m.id, status });
      setDetail({ ...detail, memory: updated });
      toast('success', status === 'active' ? 'Restored' : status === 'forgotten' ? 'Forgotten' : 'Archived', m.title || m.text.slice(0, 60));
      void reload();
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <div className="inspector" data-testid="inspector" data-id={m.id}>
      <header className="insp-head">
        <select
          className={`kind-select k-${m.kind}`}
          value={m.kind}
          aria-label="Kind"
          onChange={(e) => void save({ kind: e.target.value as MemoryKind }, 'kind').catch(() => undefined)}
        >
          {MEMORY_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
        <SpaceChip name={m.space} testId="inspector-space" />
        {m.status !== 'active' && <span className={`status-badge s-${m.status}`}>{m.status}</span>}
        {reembedding && <span className="reembed" title="The text changed: the server is computing its new embedding">re-embedding…</span>}
        <span className="spacer" />
        <button className="icon" title="Centre on the graph" onClick={() => focusMemory(m.id)}>◎</button>
        <button className="icon" title="Close (Esc)" onClick={() => { select(null); ui.set({ panelOpen: false }); }}>×</button>
      </header>

      <HeldBanner m={m} onDecided={() => void reload()} />
      <LineageBanner m={m} />
      <Provenance m={m} />
      <Editable
        className="title-edit"
        label="Title"
        testId="inspector-title"
        value={m.title}
        placeholder="Untitled"
        onSave={(v) => save({ title: v }, 'title')}
      />
      <Editable
        className="text-edit"
        label="Text"
        testId="inspector-text"
        multiline
        value={m.text}
        onSave={(v) => save({ text: v }, 'text')}
      />
      <Editable
        className="tags-edit"
        label="Tags"
        value={m.tags.join(', ')}
        placeholder="add tags, comma separated"
        onSave={(v) =>
          save({ tags: v.split(/[,\s]+/).map((t) => t.replace(/^#/, '').trim()).filter(Boolean) }, 'tags')
        }
      />

      <div className="row controls">
        <label className="importance" title="Importance, 0 to 1">
          <span>Importance</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            defaultValue={m.importance ?? 0}
            key={`${m.id}:${m.version}`}
            onPointerUp={(e) => void save({ importance: Number((e.target as HTMLInputElement).value) }, 'importance').catch(() => undefined)}
            onKeyUp={(e) => e.key.startsWith('Arrow') && void save({ importance: Number((e.target as HTMLInputElement).value) }, 'importance').catch(() => undefined)}
          />
          <output>{(m.importance ?? 0).toFixed(2)}</output>
        </label>
        <label className="check">
          <input type="checkbox" checked={m.pinned} onChange={(e) => void save({ pinned: e.target.checked }, 'pin').catch(() => undefined)} />
          Pinned
        </label>
      </div>

      <div className="row actions">
        {m.status === 'active' ? (
          <>
            <button onClick={() => setStatus('archived')}>Archive</button>
            <button className="danger" onClick={() => setStatus('forgotten')}>Forget</button>
          </>
        ) : m.status === 'merged' || m.status === 'pending' ? null : (
          <button onClick={() => setStatus('active')}>Restore</button>
        )}
        {m.status === 'forgotten' && (
          <button className="danger" data-testid="purge-open" title="Erase it for good: its text, links, history and any trace that found it. Cannot be undone" onClick={() => openPurge([m.id])}>
            Purge…
          </button>
        )}
        <CurateActions key={m.id} m={m} />
      </div>

      <PropertiesSection
        key={m.id}
        properties={m.properties ?? {}}
        version={m.version}
        onSave={(next, version) => save({ properties: next }, 'properties', version)}
      />

      {hasLineage(m) && (
        <Section title="Lineage">
          <Lineage m={m} />
        </Section>
      )}
      <Section title="Details">
        <Fields m={m} save={save} />
      </Section>
      <Section title={`Links (${detail.edges.length})`}>
        <EdgeList memoryId={m.id} edges={detail.edges} neighbours={neighbours} onChanged={reload} />
      </Section>
      <Section title={`Neighbours (${detail.neighbors.length})`}>
        <ul className="neighbours">
          {detail.neighbors.map((n) => (
            <li key={n.id}>
              <button className="link" onClick={() => { select(n.id); focusMemory(n.id); }}>
                <span className={`kind-dot k-${n.kind}`} />
                {n.title || n.text.slice(0, 70)}
              </button>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="History">
        <History operations={history} />
      </Section>
    </div>
  );
}

type Save = (fields: Partial<MemoryPatch>, what: string, version?: number) => Promise<unknown>;

function Fields({ m, save }: { m: Memory; save: Save }) {
  // Each time field saves alone, against the version its edit began from.
  const time = (field: TimeField, label: string, check?: (next: string | null) => string | null) => (
    <TimeEditor
      key={`${m.id}:${field}`}
      field={field}
      label={label}
      value={m[field]}
      version={m.version}
      check={check}
      onSave={(v, version) => save({ [field]: v }, label.toLowerCase(), version)}
    />
  );
  const rows: [string, React.ReactNode][] = [
    ['Id', <code key="id">{m.id}</code>],
    ['Space', <SpaceChip key="space" name={m.space} />],
    ['Written by', writerOf(m)],
    ['Source (claimed)', m.source || '—'],
    ['Session', m.session ?? '—'],
    ['External id', m.external_id ?? '—'],
    ['Occurred', time('occurred_at', 'Occurred')],
    ['Valid from', time('valid_from', 'Valid from', (next) => intervalError('valid_from', next, m.valid_until))],
    ['Valid until', time('valid_until', 'Valid until', (next) => intervalError('valid_until', m.valid_from, next))],
    ['Created', fmtDate(m.created_at)],
    ['Updated', fmtDate(m.updated_at)],
    ['Status', m.status],
    ['Accessed', `${m.access_count}×${m.last_accessed_at ? `, last ${fmtDate(m.last_accessed_at)}` : ''}`],
    ['Embedder', m.embedder],
    ['Version', String(m.version)],
  ];
  return <FieldList rows={rows} />;
}
