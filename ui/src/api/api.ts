import type {
  Edge,
  GraphDelta,
  GraphSnapshot,
  ImportProgress,
  ImportReport,
  LocalServer,
  Memory,
  MemoryDetail,
  MemoryPatch,
  MemoryStatus,
  NewEdge,
  NewMemory,
  Operation,
  Overview,
  RecallAnswer,
  RecallRequest,
  RetrievalConfig,
  RetrievalTrace,
  Space,
  TraceSummary,
} from './types';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  delta(delta: GraphDelta): void;
  trace(summary: TraceSummary): void;
  /** Server-side import progress (browser mode; in Tauri it comes through the import call's channel). */
  importProgress?(progress: ImportProgress): void;
  /** `resumed` is true when a dropped connection came back: deltas may have been missed meanwhile. */
  connection(state: ConnectionState, resumed: boolean): void;
}

/** What to import: a path picked through the desktop dialog, or a file the browser was given. */
export type ImportSource = { kind: 'path'; path: string } | { kind: 'file'; file: File };

/** Upload (browser) or server-side (both) progress of an import. */
export type ImportPhase = { phase: 'upload'; done: number; total: number } | ({ phase: 'server' } & ImportProgress);

/** The one interface every view uses; the transport behind it is Tauri IPC or HTTP. */
export interface MnemoApi {
  readonly transport: 'tauri' | 'http';
  snapshot(): Promise<GraphSnapshot>;
  getMemory(id: string): Promise<MemoryDetail>;
  addMemory(input: NewMemory): Promise<Memory>;
  updateMemory(id: string, patch: MemoryPatch): Promise<Memory>;
  setStatus(id: string, status: MemoryStatus): Promise<Memory>;
  link(input: NewEdge): Promise<Edge>;
  unlink(edgeId: string): Promise<Edge>;
  confirmEdge(edgeId: string): Promise<Edge>;
  recall(request: RecallRequest): Promise<RecallAnswer>;
  listTraces(limit: number): Promise<TraceSummary[]>;
  getTrace(id: string): Promise<RetrievalTrace>;
  listSpaces(): Promise<Space[]>;
  listOperations(target: string | null, limit: number): Promise<Operation[]>;
  retrievalConfig(): Promise<RetrievalConfig>;
  overview(): Promise<Overview>;
  importFile(source: ImportSource, space: string | null, onProgress: (p: ImportPhase) => void): Promise<ImportReport>;
  /** Where agents reach this memory: the local server's URL and token (MCP at `/mcp`). */
  localServer(): Promise<LocalServer>;
  /** Starts the live feed; returns a function that stops it. */
  subscribe(handlers: LiveHandlers): () => void;
}
