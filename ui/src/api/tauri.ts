import { Channel } from '@tauri-apps/api/core';
import { commands, events } from '../bindings';
import { describe, operations } from './api';
import type { ImportSource, LiveHandlers, MnemoApi, Transport } from './api';
import { MnemoError, toMnemoError } from './errors';
import type { Progress, WatchEvent } from './types';

type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: { code: string; message: string } };

/** A command that returns its value without a Result: only a failed call throws. */
async function plain<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toMnemoError(e, operation);
  }
}

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
  const call: Transport = (name, request) => {
    const command = commands[name] as (r: unknown) => Promise<Result<unknown>>;
    return unwrap(describe(name), () => command(request));
  };
  return {
    transport: 'tauri',
    ...operations(call),
    localServer: () => commands.localServer(),
    stores: () => unwrap('read the store list', () => commands.storeInfo()),
    chooseStore: (request) => unwrap(request === 'open' ? 'open a store' : 'make a new store', () => commands.chooseStore(request)),
    switchStore: (uri, request) => unwrap(`open the store ${uri}`, () => commands.switchStore(uri, request)).then(() => undefined),
    forgetRecentStore: (uri) => unwrap('update the recent stores', () => commands.forgetRecentStore(uri)),
    // The webview has no download to hand a file to: the file goes where the save dialog said.
    downloadExport: () => Promise.reject(new MnemoError('invalid_input', 'the desktop app writes an export to a chosen path', 'export')),
    writeExport: (path, request) => unwrap(`export to ${path}`, () => commands.exportFile(path, request)),
    importFile(source: ImportSource, space, onProgress) {
      if (source.kind !== 'path') {
        return Promise.reject(new MnemoError('invalid_input', 'the desktop app imports a file by its path', 'import'));
      }
      const channel = new Channel<Progress>();
      channel.onmessage = (p) => onProgress({ phase: 'server', ...p });
      return unwrap(`import ${source.path}`, () => commands.importFile(source.path, space, channel));
    },
    importFolder(path, space, onProgress) {
      const channel = new Channel<Progress>();
      channel.onmessage = (p) => onProgress({ phase: 'server', ...p });
      return unwrap(`import the folder ${path}`, () => commands.importFolder(path, space, channel));
    },
    watchFolder(path, space, onEvent) {
      const channel = new Channel<WatchEvent>();
      channel.onmessage = onEvent;
      return unwrap(`follow the folder ${path}`, () => commands.watchFolder(path, space, channel));
    },
    stopWatching: () => plain('stop following the vault', () => commands.stopWatching()),
    watchedFolder(onEvent) {
      const channel = new Channel<WatchEvent>();
      channel.onmessage = onEvent;
      return plain('read the followed folder', () => commands.watchedFolder(channel));
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
