import { Channel } from '@tauri-apps/api/core';
import { commands, events } from '../bindings';
import type { ImportSource, LiveHandlers, MnemoApi } from './api';
import { MnemoError, toMnemoError } from './errors';
import type { ImportProgress } from './types';

type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: { code: string; message: string } };

/** Unwraps a tauri-specta result into a value or a thrown MnemoError naming the operation. */
async function unwrap<T>(operation: string, call: () => Promise<Result<T>>): Promise<T> {
  let r: Result<T>;
  try {
    r = await call();
  } catch (e) {
    throw toMnemoError(e, operation);
  }
  if (r.status === 'error') throw new MnemoError(r.error.code, r.error.message, operation);
  return r.data;
}

export function createTauriApi(): MnemoApi {
  return {
    transport: 'tauri',
    snapshot: () => unwrap('load the graph', () => commands.snapshot()),
    getMemory: (id) => unwrap('open memory', () => commands.getMemory(id)),
    addMemory: (input) => unwrap('add memory', () => commands.addMemory(input)),
    updateMemory: (id, patch) => unwrap('update memory', () => commands.updateMemory(id, patch)),
    setStatus: (id, status) => unwrap('change status', () => commands.setStatus(id, status)),
    link: (input) => unwrap('link memories', () => commands.link(input)),
    unlink: (edgeId) => unwrap('remove link', () => commands.unlink(edgeId)),
    confirmEdge: (edgeId) => unwrap('confirm link', () => commands.confirmEdge(edgeId)),
    recall: (req) => unwrap('recall', () => commands.recall(req)),
    listTraces: (limit) => unwrap('list traces', () => commands.listTraces(limit)),
    getTrace: (id) => unwrap('open trace', () => commands.getTrace(id)),
    listSpaces: () => unwrap('list spaces', () => commands.listSpaces()),
    listOperations: (target, limit) => unwrap('load history', () => commands.listOperations(target, limit)),
    retrievalConfig: () => unwrap('load retrieval config', () => commands.retrievalConfig()),
    overview: () => unwrap('load overview', () => commands.overview()),
    localServer: () => commands.localServer(),
    importFile(source: ImportSource, space, onProgress) {
      if (source.kind !== 'path') {
        return Promise.reject(new MnemoError('invalid_input', 'the desktop app imports a file by its path', 'import'));
      }
      const channel = new Channel<ImportProgress>();
      channel.onmessage = (p) => onProgress({ phase: 'server', ...p });
      return unwrap(`import ${source.path}`, () => commands.importFile(source.path, space, channel));
    },
    subscribe(h: LiveHandlers) {
      let stopped = false;
      const unlisten: Array<() => void> = [];
      h.connection('connecting', false);
      Promise.all([
        events.graphDeltaEvent.listen((e) => h.delta(e.payload)),
        events.traceRecorded.listen((e) => h.trace(e.payload)),
      ]).then(
        (fns) => {
          if (stopped) fns.forEach((f) => f());
          else {
            unlisten.push(...fns);
            h.connection('live', false);
          }
        },
        () => h.connection('offline', false),
      );
      return () => {
        stopped = true;
        unlisten.forEach((f) => f());
      };
    },
  };
}
