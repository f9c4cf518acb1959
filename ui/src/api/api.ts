import type { commands } from '../bindings';
import { ROUTES } from '../bindings';
import type { ExportRequest, GraphDelta, ImportReport, LocalServer, Progress, StoreInfo, StoreRequest, TraceSummary, WatchedFolder, WatchEvent } from './types';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  delta(delta: GraphDelta): void;
  trace(summary: TraceSummary): void;
  /** Server-side import progress (browser mode; in Tauri it comes through the import call's channel). */
  importProgress?(progress: Progress): void;
  /** `resumed` is true when a dropped connection came back: deltas may have been missed meanwhile. */
  connection(state: ConnectionState, resumed: boolean): void;
}

/** What to import: a path picked through the desktop dialog, or a file the browser was given. */
export type ImportSource = { kind: 'path'; path: string } | { kind: 'file'; file: File };

/** Upload (browser) or server-side (both) progress of an import. */
export type ImportPhase = { phase: 'upload'; done: number; total: number } | ({ phase: 'server' } & Progress);

// The operations come from the Rust registry (`mnemo-api`): their names and types from the
// generated Tauri commands, their HTTP routes from the generated `ROUTES`. Nothing here is
// written per operation.
type Commands = typeof commands;
export type OperationName = keyof typeof ROUTES;
type Ok<P> = P extends Promise<infer R> ? (R extends { status: 'ok'; data: infer D } ? D : never) : never;
export type OperationRequest<K extends OperationName> = Parameters<Commands[K]>[0];
export type OperationResponse<K extends OperationName> = Ok<ReturnType<Commands[K]>>;

/** Every operation of the registry, each taking its request object. */
export type Operations = {
  [K in OperationName]: (request: OperationRequest<K>) => Promise<OperationResponse<K>>;
};

/** How a transport runs one operation; it throws a MnemoError on failure. */
export type Transport = (name: OperationName, request: unknown) => Promise<unknown>;

/** The operations over one transport. */
export function operations(transport: Transport): Operations {
  const out: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(ROUTES) as OperationName[]) out[name] = (request) => transport(name, request);
  return out as Operations;
}

/** `updateMemory` → "update memory": how an error names the call that failed. */
export function describe(name: string): string {
  return name.replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase());
}

/** The one interface every view uses; the transport behind it is Tauri IPC or HTTP. */
export interface MnemoApi extends Operations {
  readonly transport: 'tauri' | 'http';
  importFile(source: ImportSource, space: string | null, onProgress: (p: ImportPhase) => void): Promise<ImportReport>;
  /**
   * Desktop: imports the Markdown vault in the folder at `path` (a folder imported before is
   * brought in line with its files). A browser cannot read a folder: it rejects.
   */
  importFolder(path: string, space: string | null, onProgress: (p: ImportPhase) => void): Promise<ImportReport>;
  /**
   * Desktop: imports the vault in `path`, then follows it: every burst of changes to its notes is
   * imported again and reported to `onEvent`. One watch at a time (this one replaces any other).
   * Resolves with the first import's report. A browser rejects (there: `mnemo watch DIR`).
   */
  watchFolder(path: string, space: string | null, onEvent: (e: WatchEvent) => void): Promise<ImportReport>;
  /** Stops following the vault; what it imported stays. */
  stopWatching(): Promise<void>;
  /**
   * The folder being followed, if any (a reloaded window), whose changes go to `onEvent` from
   * now on; always null in a browser.
   */
  watchedFolder(onEvent: (e: WatchEvent) => void): Promise<WatchedFolder | null>;
  /** Browser: the export as the server answers it, a file to download. The desktop app writes to a path instead. */
  downloadExport(request: ExportRequest): Promise<Blob>;
  /**
   * Desktop: writes the export to `path` (a Markdown vault: into that folder, new or empty).
   * Returns the bytes written, or the notes of a vault. A browser downloads instead.
   */
  writeExport(path: string, request: ExportRequest): Promise<number | null>;
  /** Where agents reach this memory: the local server's URL and token (MCP at `/mcp`). */
  localServer(): Promise<LocalServer>;
  /** The open store and the recent ones; null where stores cannot be switched (a browser). */
  stores(): Promise<StoreInfo | null>;
  /** Shows the folder picker, then restarts the app on the store; false if the person cancelled. */
  chooseStore(request: StoreRequest): Promise<boolean>;
  /** Restarts the app on the store in `uri` (a new empty one for `create`). */
  switchStore(uri: string, request: StoreRequest): Promise<void>;
  forgetRecentStore(uri: string): Promise<StoreInfo>;
  /** Starts the live feed; returns a function that stops it. */
  subscribe(handlers: LiveHandlers): () => void;
}
