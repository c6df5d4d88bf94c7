// Community detection options: one typed interface, one exported defaults object, one validate function.
import { OptionError } from '../../ingest/errors.ts';

/**
 * Which graph Louvain partitions.
 * - `bipartite` (default): the combined graph itself — papers, entities, topics, repositories, authors and every
 *   link between them (SIMILAR_TO too) —, undirected, edge `weight`s summed.
 *   Papers and entities get communities in one pass, and the modularity we report is the modularity of
 *   exactly the graph we export (graph.graphml), so igraph/Gephi can reproduce it.
 * - `cooccurrence`: entities linked when papers share them (Newman's weighting: each paper with d
 *   entities adds w/(d−1) per pair, so survey-like papers do not dominate); papers then join the
 *   community that holds most of their entity weight. Sharper entity clusters, but it costs
 *   Σ d² pairs per paper and its partition is not optimised for the exported graph.
 */
export type CommunityProjection = 'bipartite' | 'cooccurrence';

export interface CommunityOptions {
  /** Seed of every random choice (restart orders, Louvain's rng). */
  seed: number;
  /** Modularity resolution γ: > 1 gives more, smaller communities; < 1 fewer, larger ones. */
  resolution: number;
  /**
   * Communities with fewer nodes than this, or fewer papers than `minPapers` (a single paper and its own
   * entities), are merged into the neighbour community that loses the least modularity — so a paper with any link
   * ends in a listed community; those without a neighbour (tiny separate components) become *minor*: negative ids,
   * grey, not listed in the report, still distinct in the partition. Isolated nodes are −1.
   */
  minSize: number;
  minPapers: number;
  /**
   * Louvain runs from differently shuffled node orders; the best after refinement wins.
   * 0 = by graph size (`autoRestarts`): after refinement extra restarts gain ~0.1 % on big graphs.
   */
  restarts: number;
  /** Run the modularity refinement pass (node moves + Leiden-style split/merge) after each Louvain run. */
  refine: boolean;
  projection: CommunityProjection;
  /** graphology-communities-louvain's own switches (see its README). */
  fastLocalMoves: boolean;
  randomWalk: boolean;
  /** Distinctive entities kept per type, top papers and neighbours kept per community. */
  topEntities: number;
  topPapers: number;
  topNeighbours: number;
  /**
   * Research lines inside research areas: every community of the `resolution` partition (an *area*) is partitioned
   * again on its own subgraph at this resolution, modularity measured against the area's own edges; 0 = no split.
   * A low value splits an area only where it is made of clearly separate parts (on ACL: online abuse and Dravidian
   * languages, mental health and clinical text), and leaves a cohesive one (machine translation) whole.
   */
  splitResolution: number;
  /**
   * …and only an area of at least this many papers is split: a research line a reader names holds tens to a few
   * hundred papers, so a smaller area already is one line (on the bundled seed pages, 546 papers, every area is), and
   * splitting it would only cut it into fragments of a handful of papers. 0: every area may be split.
   */
  splitMinPapers: number;
  /** Keep a second, coarser level as `Community.parent`: the area a line was split from, or super-communities. */
  hierarchy: boolean;
}

export const COMMUNITY_DEFAULTS: CommunityOptions = {
  seed: 42,
  resolution: 1,
  minSize: 5,
  minPapers: 5,
  restarts: 0,
  refine: true,
  projection: 'bipartite',
  fastLocalMoves: true,
  randomWalk: true,
  topEntities: 5,
  topPapers: 5,
  topNeighbours: 5,
  splitResolution: 0.2,
  splitMinPapers: 200,
  hierarchy: true,
};

export class CommunityOptionsError extends OptionError<'invalid-community-option'> {
  declare readonly field: keyof CommunityOptions;
  constructor(field: keyof CommunityOptions, expecting: string) {
    super('invalid-community-option', 'communities', field, `expecting ${expecting}`);
  }
}

const isNonNegativeInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

/** Restarts when `restarts` is 0: 4 up to 20k nodes, 2 up to 200k, then 1. */
export function autoRestarts(order: number): number {
  if (order <= 20_000) return 4;
  if (order <= 200_000) return 2;
  return 1;
}

/** Merges `partial` over the defaults and checks every field; errors name the field. */
export function validateCommunityOptions(partial: Partial<CommunityOptions> = {}): CommunityOptions {
  const o: CommunityOptions = { ...COMMUNITY_DEFAULTS, ...partial };
  if (!isNonNegativeInt(o.seed)) throw new CommunityOptionsError('seed', 'a non-negative integer');
  if (!(typeof o.resolution === 'number' && o.resolution > 0 && Number.isFinite(o.resolution))) {
    throw new CommunityOptionsError('resolution', 'a positive number');
  }
  if (!(Number.isInteger(o.minSize) && o.minSize >= 1)) throw new CommunityOptionsError('minSize', 'an integer ≥ 1');
  if (!(typeof o.splitResolution === 'number' && o.splitResolution >= 0 && Number.isFinite(o.splitResolution))) {
    throw new CommunityOptionsError('splitResolution', 'a number ≥ 0 (0 = no split)');
  }
  if (!isNonNegativeInt(o.minPapers)) throw new CommunityOptionsError('minPapers', 'a non-negative integer');
  if (!isNonNegativeInt(o.splitMinPapers)) throw new CommunityOptionsError('splitMinPapers', 'a non-negative integer (0 = any area may be split)');
  if (!isNonNegativeInt(o.restarts)) throw new CommunityOptionsError('restarts', 'a non-negative integer (0 = by graph size)');
  if (o.projection !== 'bipartite' && o.projection !== 'cooccurrence') {
    throw new CommunityOptionsError('projection', '"bipartite" or "cooccurrence"');
  }
  for (const field of ['refine', 'fastLocalMoves', 'randomWalk', 'hierarchy'] as const) {
    if (typeof o[field] !== 'boolean') throw new CommunityOptionsError(field, 'a boolean');
  }
  for (const field of ['topEntities', 'topPapers', 'topNeighbours'] as const) {
    if (!isNonNegativeInt(o[field])) throw new CommunityOptionsError(field, 'a non-negative integer');
  }
  return o;
}
