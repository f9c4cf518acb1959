// The single entry to the backend: views call `getApi()` and never touch Tauri or fetch themselves.
import type { MnemoApi } from './api';
import { initAuth } from './auth';
import { createHttpApi } from './http';

export type { ConnectionState, ImportPhase, ImportSource, LiveHandlers, MnemoApi } from './api';
export { MnemoError, toMnemoError } from './errors';

let api: MnemoApi | null = null;

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Picks the transport once; the Tauri module is loaded only inside the desktop app. */
export async function initApi(): Promise<MnemoApi> {
  if (api) return api;
  if (isTauri()) {
    const { createTauriApi } = await import('./tauri');
    api = createTauriApi();
  } else {
    initAuth();
    api = createHttpApi();
  }
  return api;
}

export function getApi(): MnemoApi {
  if (!api) throw new Error('the API is used before initApi() resolved');
  return api;
}
