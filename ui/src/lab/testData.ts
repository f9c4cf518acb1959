// Shapes the lab's tests share: the server's built-in configuration, signals, rank changes.
import type { Signals, SolidConfig } from '../api/types';

/** The server's built-in configuration, as `GET /configs` sends it. */
export const STANDARD: SolidConfig = {
  vector_k: 50,
  keyword_k: 50,
  fusion: 'score',
  rrf_k: 60,
  vector_weight: 0.3,
  keyword_weight: 1,
  seeds: 10,
  expansion: {
    enabled: true,
    hops: 2,
    restart: 0.5,
    iterations: 12,
    edge_weights: { next: 0.6, mentions: 0.5, similar: 0.7, near_duplicate: 0.3, derived_from: 0.8, supersedes: 0.5, contradicts: 0.3, related: 0.8 },
    max_new: 20,
    min_activation: 0.02,
    entities_as_results: false,
  },
  rerank: { relevance: 1, graph: 0.3, recency: 0, recency_half_life_days: 30, importance: 0.05, pinned: 0.1, date: 1, reply: 0.8 },
};

export const NO_SIGNALS: Signals = {
  vector: null,
  vector_rank: null,
  keyword: null,
  keyword_rank: null,
  relevance: null,
  graph: null,
  recency: null,
  importance: null,
  pinned: false,
  date: null,
  reply: null,
  score: 0,
};
