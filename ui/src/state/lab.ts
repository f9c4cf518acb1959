// The retrieval lab's state: which lab view shows, the named configurations, the stored
// judgments, the replay on show, and what "why not?" was last asked about. Views read it with
// `useStore(lab, …)`; the actions here call the API and keep it current.
import { getApi } from '../api';
import type { ConfigBook, JudgedQuery, Replay, ReplayOptions, RetrievalQuery, SolidConfig } from '../api/types';
import { solidConfig } from '../api/types';
import { withJudged } from '../lab/judgments';
import { comparePaths } from '../retrieval/pathOverlay';
import { createStore } from './store';
import { toast, toastError, ui } from './ui';

export type LabView = 'replay' | 'configs' | 'evaluate' | 'whynot';

export interface ReplayState {
  traceId: string;
  asOfThen: boolean;
  /** A saved configuration to run with; null: the trace's own. */
  configName: string | null;
  status: 'loading' | 'ready' | 'error';
  result: Replay | null;
  error: string | null;
}

export interface LabState {
  view: LabView;
  book: ConfigBook | null;
  judgments: readonly JudgedQuery[] | null;
  replay: ReplayState | null;
  /** Weights handed over to be saved under a name (from the query form's parameters). */
  draft: SolidConfig | null;
  /** What "why not?" was asked about last: a query and, when known, the memory. */
  whyNot: { query: RetrievalQuery; memory: string | null; nonce: number } | null;
}

export const lab = createStore<LabState>({ view: 'replay', book: null, judgments: null, replay: null, draft: null, whyNot: null });

/** Shows the lab, on one of its views. */
export function openLab(view: LabView): void {
  lab.set({ view });
  ui.set({ panel: 'lab', panelOpen: true });
}

// ── Configurations ──

export async function loadConfigs(): Promise<ConfigBook | null> {
  try {
    const book = await getApi().listConfigs({});
    lab.set({ book });
    return book;
  } catch (e) {
    toastError(e, 'list the retrieval configurations');
    return null;
  }
}

/** The weights of a configuration by name, from the book as last read. */
export function configByName(name: string): SolidConfig | null {
  const c = lab.get().book?.configs.find((x) => x.name === name);
  return c ? solidConfig(c.config) : null;
}

/** Saves weights under a name; true when it was saved. */
export async function saveConfig(name: string, config: SolidConfig): Promise<boolean> {
  try {
    await getApi().saveConfig({ name, config });
    await loadConfigs();
    toast('success', `Saved configuration “${name}”`);
    return true;
  } catch (e) {
    toastError(e, `save the configuration “${name}”`);
    return false;
  }
}

export async function renameConfig(name: string, to: string): Promise<boolean> {
  try {
    await getApi().renameConfig({ name, to });
    await loadConfigs();
    return true;
  } catch (e) {
    toastError(e, `rename the configuration “${name}”`);
    return false;
  }
}

export async function deleteConfig(name: string): Promise<void> {
  try {
    lab.set({ book: await getApi().deleteConfig({ name }) });
    toast('info', `Deleted configuration “${name}”`);
  } catch (e) {
    toastError(e, `delete the configuration “${name}”`);
  }
}

export async function setDefaultConfig(name: string): Promise<void> {
  try {
    lab.set({ book: await getApi().setDefaultConfig({ name }) });
    toast('success', `Recalls now use “${name}” unless they name another`);
  } catch (e) {
    toastError(e, `make “${name}” the default`);
  }
}

/** Opens the configurations with weights ready to be saved under a name. */
export function saveWeightsAs(config: SolidConfig): void {
  lab.set({ draft: config });
  openLab('configs');
}

// ── Judgments ──

let judgmentsLoading: Promise<void> | null = null;

export function loadJudgments(force = false): Promise<void> {
  if (judgmentsLoading && !force) return judgmentsLoading;
  judgmentsLoading = getApi()
    .listJudgments({})
    .then((judgments) => lab.set({ judgments }))
    .catch((e) => toastError(e, 'read the judgments'));
  return judgmentsLoading;
}

/** Marks a memory relevant (true), not relevant (false) or neither (null) for a query. */
export async function judge(query: string, spaces: readonly string[], memory: string, relevant: boolean | null): Promise<void> {
  try {
    const updated = await getApi().judge({ query, spaces: [...spaces], memory, relevant });
    lab.set((s) => ({ judgments: withJudged(s.judgments ?? [], updated) }));
  } catch (e) {
    toastError(e, 'save the judgment');
  }
}

// ── Replay ──

let replaySeq = 0;

/** Replays a trace (today's memory or as of then; its own configuration or a saved one) and shows both paths. */
export async function runReplay(traceId: string, asOfThen = false, configName: string | null = null): Promise<void> {
  const seq = ++replaySeq;
  lab.set({ replay: { traceId, asOfThen, configName, status: 'loading', result: lab.get().replay?.traceId === traceId ? lab.get().replay!.result : null, error: null } });
  openLab('replay');
  const options: ReplayOptions = { as_of_then: asOfThen, config_name: configName, config: null };
  try {
    const result = await getApi().replayTrace({ id: traceId, options });
    if (seq !== replaySeq) return;
    lab.set({ replay: { traceId, asOfThen, configName, status: 'ready', result, error: null } });
    ui.set({ path: comparePaths(result.original, result.replay.trace) });
  } catch (e) {
    if (seq !== replaySeq) return;
    const err = e as { message?: string };
    lab.set({ replay: { traceId, asOfThen, configName, status: 'error', result: null, error: err.message ?? String(e) } });
    toastError(e, 'replay the trace');
  }
}

// ── Why not? ──

let whyNonce = 0;

/** Opens "why not?" on a query, with a memory when one is already in mind. */
export function askWhyNot(query: RetrievalQuery, memory: string | null = null): void {
  lab.set({ whyNot: { query, memory, nonce: ++whyNonce } });
  openLab('whynot');
}
