import { ROUTES } from '../bindings';
import { describe, operations } from './api';
import type { ImportPhase, ImportSource, LiveHandlers, MnemoApi, Transport } from './api';
import { authHeaders, authToken, withTokenParam } from './auth';
import { MnemoError, toMnemoError } from './errors';
import type { ExportRequest, ImportReport } from './types';

const BASE = 'api/v1';

/** Resolves API paths against the page, so a UI served under a prefix still reaches its server. */
function url(path: string): string {
  return new URL(`${BASE}${path}`, document.baseURI).toString();
}

async function errorFrom(res: Response, operation: string): Promise<MnemoError> {
  let code = res.status === 401 || res.status === 403 ? 'unauthorized' : `http_${res.status}`;
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    const body = (await res.json()) as { code?: string; message?: string };
    if (body.code) code = body.code;
    if (body.message) message = body.message;
  } catch {
    // Not JSON (a proxy or a crash): keep the status line.
  }
  return new MnemoError(code, message, operation);
}

async function request<T>(operation: string, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url(path), {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...authHeaders(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new MnemoError('offline', `cannot reach the Mnemo server (${(e as Error).message})`, operation);
  }
  if (!res.ok) throw await errorFrom(res, operation);
  return (await res.json()) as T;
}

/** `POST /export`: the answer is the file itself; a refusal comes as the usual JSON error. */
async function downloadExport(request: ExportRequest): Promise<Blob> {
  const operation = `export as ${request.format ?? 'jsonl'}`;
  let res: Response;
  try {
    res = await fetch(url('/export'), {
      method: 'POST',
      headers: { Accept: '*/*', 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify(request),
    });
  } catch (e) {
    throw new MnemoError('offline', `cannot reach the Mnemo server (${(e as Error).message})`, operation);
  }
  if (!res.ok) throw await errorFrom(res, operation);
  return res.blob();
}

const enc = encodeURIComponent;

function uploadFile(file: File, space: string | null, onProgress: (p: ImportPhase) => void): Promise<ImportReport> {
  const operation = `import ${file.name}`;
  return new Promise((resolve, reject) => {
    const params = new URLSearchParams({ name: file.name });
    if (space) params.set('space', space);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(`/import?${params}`));
    xhr.setRequestHeader('Content-Type', 'application/x-ndjson');
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress({ phase: 'upload', done: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => reject(new MnemoError('offline', 'the upload failed: cannot reach the Mnemo server', operation));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportReport);
      else {
        const b = (body ?? {}) as { code?: string; message?: string };
        reject(new MnemoError(b.code ?? `http_${xhr.status}`, b.message ?? `${xhr.status} ${xhr.statusText}`, operation));
      }
    };
    xhr.send(file);
  });
}

/** Runs an operation at its route: `{params}` from the request, the rest as query or body. */
const call: Transport = (name, req) => {
  const route = ROUTES[name];
  const fields: Record<string, unknown> = { ...(req as Record<string, unknown>) };
  const path = route.path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = fields[key];
    delete fields[key];
    return enc(String(value));
  });
  if (route.method === 'GET' || route.method === 'DELETE') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) query.set(k, String(v));
    const qs = query.toString();
    return request(describe(name), route.method, qs ? `${path}?${qs}` : path);
  }
  return request(describe(name), route.method, path, route.body ? fields[route.body] : fields);
};

export function createHttpApi(): MnemoApi {
  let importListener: ((p: ImportPhase) => void) | null = null;
  return {
    transport: 'http',
    ...operations(call),
    // In a browser, the page's own server is the one agents use too.
    localServer: () => Promise.resolve({ url: window.location.origin, token: authToken() ?? '', token_path: '', error: null }),
    // A server serves the store it was started on (`mnemo serve --db`): only the app switches.
    stores: () => Promise.resolve(null),
    chooseStore: () => Promise.reject(desktopOnly()),
    switchStore: () => Promise.reject(desktopOnly()),
    forgetRecentStore: () => Promise.reject(desktopOnly()),
    downloadExport,
    // A page cannot write to a path of its choosing: the file is downloaded instead.
    writeExport: () => Promise.reject(new MnemoError('invalid_input', 'the browser downloads an export instead of writing it to a path', 'export')),
    // A page cannot read a folder on the server's disk: `mnemo import DIR` / `mnemo watch DIR` do.
    importFolder: () => Promise.reject(folderDesktopOnly('import a folder', 'import')),
    watchFolder: () => Promise.reject(folderDesktopOnly('follow a vault', 'watch')),
    stopWatching: () => Promise.reject(folderDesktopOnly('stop following a vault', 'watch')),
    watchedFolder: () => Promise.resolve(null),
    async importFile(source: ImportSource, space, onProgress) {
      if (source.kind !== 'file') throw new MnemoError('invalid_input', 'the browser can only import a chosen file', 'import');
      // The server reports its own progress on the event stream while the request is open.
      importListener = onProgress;
      try {
        return await uploadFile(source.file, space, onProgress);
      } catch (e) {
        throw toMnemoError(e, `import ${source.file.name}`);
      } finally {
        importListener = null;
      }
    },
    subscribe(h: LiveHandlers) {
      let source: EventSource | null = null;
      let closed = false;
      let everOpen = false;
      let dropped = false;
      const open = () => {
        h.connection(everOpen ? 'reconnecting' : 'connecting', false);
        source = new EventSource(withTokenParam(url('/events')));
        source.onopen = () => {
          h.connection('live', everOpen && dropped);
          everOpen = true;
          dropped = false;
        };
        source.onerror = () => {
          if (closed) return;
          dropped = true;
          // EventSource retries by itself unless the server refused outright (CLOSED).
          if (source?.readyState === EventSource.CLOSED) {
            h.connection('offline', false);
            source.close();
            setTimeout(() => !closed && open(), 3000);
          } else h.connection('reconnecting', false);
        };
        source.addEventListener('delta', (e) => h.delta(JSON.parse((e as MessageEvent<string>).data)));
        source.addEventListener('trace', (e) => h.trace(JSON.parse((e as MessageEvent<string>).data)));
        source.addEventListener('import_progress', (e) => {
          const p = JSON.parse((e as MessageEvent<string>).data);
          importListener?.({ phase: 'server', ...p });
          h.importProgress?.(p);
        });
      };
      open();
      return () => {
        closed = true;
        source?.close();
      };
    },
  };
}

function desktopOnly(): MnemoError {
  return new MnemoError('invalid_input', 'stores are switched in the desktop app; restart `mnemo serve --db <folder>` here', 'switch store');
}

/** Vault folders are read by the desktop app, or by the CLI beside a server. */
function folderDesktopOnly(operation: string, cli: 'import' | 'watch'): MnemoError {
  return new MnemoError('invalid_input', `a browser cannot read a folder: use the desktop app, or run \`mnemo ${cli} DIR\` in a terminal`, operation);
}
