// The wire types, generated from the Rust definitions by tauri-specta. Views import them from here
// so that the generated file has one importer and the UI never hand-copies a Rust type.
export type {
  ActionSummary,
  AgentToken,
  AgentTokenSpec,
  ApiError,
  BulkEdit,
  BulkReport,
  CallerInfo,
  RetrievalChannel as Channel,
  Contradiction,
  Difference,
  DroppedCandidate,
  DuplicateGroup,
  Edge,
  EdgeKind,
  ExportRequest,
  GraphChange,
  GraphDelta,
  GraphSnapshot,
  HeldMemory,
  History as UndoHistory,
  Progress,
  ImportReport,
  LinkReview,
  LocalServer,
  RecentStoreView,
  StoreInfo,
  StoreOrigin,
  StoreRequest,
  Memory,
  MemoryDetail,
  MemoryKind,
  MemoryPatch,
  MemoryStatus,
  MergePreview,
  MergeRequest,
  NewAgentToken,
  NewEdge,
  NewMemory,
  Operation,
  OperationKind,
  Overview,
  PathStep,
  PurgeReport,
  PurgeRequest,
  RecallAnswer,
  RecallRequest,
  RetrievalConfig,
  RetrievalQuery,
  RetrievalResult,
  RetrievalTrace,
  ReviewCounts,
  ReviewQueue,
  Rights,
  Signals,
  NewSpace,
  Space,
  SpaceDeletion,
  SpacePatch,
  SpaceReport,
  SpaceUpdate,
  StageKind,
  StaleMemory,
  StatusChange,
  Superseded,
  TraceCandidate,
  TraceStage,
  TraceSummary,
  TrustPolicy,
  TrustSettings,
  UndoReport,
  WatchedFolder,
  WatchEvent,
} from '../bindings';

/** Every retrieval-configuration field's [path, least, greatest], as the server validates them. */
export { CONFIG_BOUNDS } from '../bindings';

/** The retrieval lab's types: named configurations, replays, judgments, evaluations, "why not?". */
export type {
  ChannelPlace,
  ConfigBook,
  EvaluateRequest,
  Evaluation,
  ExpansionConfig,
  FusionMethod,
  JudgedQuery,
  Judgment,
  LabelledQuery,
  Movement,
  NamedConfig,
  QueryScore,
  RankChange,
  Replay,
  ReplayOptions,
  RerankWeights,
  WhyNot,
} from '../bindings';

import type { EdgeKind, Memory, MemoryKind, MemoryPatch, MemoryStatus, NewEdge, NewMemory, RetrievalConfig, RetrievalQuery } from '../bindings';

/** A type with every field present and every number a number: what the server sends for a
 *  configuration (specta marks fields optional because a client may omit them, and floats
 *  nullable because JSON writes NaN as null; neither happens in a stored configuration). */
export type Solid<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends number
    ? number
    : NonNullable<T[K]> extends Array<unknown>
      ? NonNullable<T[K]>
      : NonNullable<T[K]> extends object
        ? Solid<NonNullable<T[K]>>
        : NonNullable<T[K]>;
};
export type SolidConfig = Solid<RetrievalConfig>;
export function solidConfig(c: RetrievalConfig): SolidConfig {
  return c as SolidConfig;
}

export const MEMORY_KINDS: readonly MemoryKind[] = ['episode', 'fact', 'entity', 'note', 'summary'];
export const MEMORY_STATUSES: readonly MemoryStatus[] = ['active', 'pending', 'archived', 'superseded', 'merged', 'forgotten'];
export const EDGE_KINDS: readonly EdgeKind[] = [
  'next',
  'mentions',
  'similar',
  'near_duplicate',
  'derived_from',
  'supersedes',
  'contradicts',
  'related',
];

// The Rust inputs use `#[serde(default)]`, which specta may render as optional or as required-nullable
// fields. Building complete objects satisfies either form, and the server reads `null` as "absent".

export function memoryPatch(fields: Partial<MemoryPatch>): MemoryPatch {
  return {
    text: null,
    title: null,
    kind: null,
    tags: null,
    importance: null,
    pinned: null,
    status: null,
    occurred_at: null,
    valid_from: null,
    valid_until: null,
    expected_version: null,
    ...fields,
  };
}

export function newMemory(fields: Partial<NewMemory> & { text: string }): NewMemory {
  return {
    kind: null,
    title: null,
    tags: [],
    space: null,
    source: null,
    session: null,
    external_id: null,
    occurred_at: null,
    valid_from: null,
    valid_until: null,
    importance: null,
    pinned: null,
    status: null,
    entities: [],
    links: [],
    vector: null,
    embedder: null,
    ...fields,
  };
}

export function newEdge(fields: Partial<NewEdge> & { from: string; to: string }): NewEdge {
  return { kind: null, relation: null, weight: null, valid_from: null, valid_until: null, ...fields };
}

export function retrievalQuery(fields: Partial<RetrievalQuery> & { text: string }): RetrievalQuery {
  return {
    spaces: [],
    kinds: [],
    tags: [],
    time_from: null,
    time_to: null,
    as_of: null,
    known_at: null,
    statuses: [],
    limit: 10,
    ...fields,
  };
}

/** The instant a memory is placed at in time: event time, else when Mnemo learned it (as the engine does). */
export function effectiveTime(m: { occurred_at: string | null; created_at: string }): string {
  return m.occurred_at ?? m.created_at;
}

/** A memory's merge lineage; servers older than merging send none of these fields. */
export function lineageOf(m: Pick<Memory, 'aliases' | 'merged_from' | 'merged_into'>): {
  aliases: readonly string[];
  mergedFrom: readonly string[];
  mergedInto: string | null;
} {
  return { aliases: m.aliases ?? [], mergedFrom: m.merged_from ?? [], mergedInto: m.merged_into ?? null };
}
