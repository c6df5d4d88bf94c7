// Layout: seeded per-community starting discs, then ForceAtlas2 (LinLog, hubs dissuaded) for a fixed number
// of iterations; positions rounded so graph.json is byte-stable; node size by degree (sqrt scale).
import { OptionError } from '../ingest/errors.ts';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import { createRng } from './rng.ts';
import type { ResearchGraph } from './types.ts';

// A CommonJS package typed with `export default`: under NodeNext the default import is module.exports itself.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

export interface LayoutOptions {
  seed: number;
  /** ForceAtlas2 iterations; 0 = pick by graph size (see `autoIterations`). */
  iterations: number;
  /** Use Barnes–Hut approximation from this many nodes up (O(n log n) repulsion instead of O(n²)). */
  barnesHutFrom: number;
  /** LinLog attraction: tighter, better separated clusters (Noack 2007). */
  linLogMode: boolean;
  /** Divide attraction by degree so hub entities do not drag their papers into one ball. */
  outboundAttractionDistribution: boolean;
  /**
   * Layout-only multiplier on edges inside one community: pulls each community together so the picture
   * shows the partition (1 = plain ForceAtlas2). Never changes the stored `weight`.
   */
  communityAttraction: number;
  /** Repulsion strength; lower packs each community tighter and leaves gaps between them. 0 = inferSettings'. */
  scalingRatio: number;
  /** Gravity towards the centre (strong-gravity mode, as inferSettings picks for big graphs). 0 = inferSettings'. */
  gravity: number;
  /** Decimals kept in x and y. */
  decimals: number;
  /** Size range of papers and of entities/repositories (entities are the hubs, drawn larger). */
  paperSize: [number, number];
  entitySize: [number, number];
}

export const LAYOUT_DEFAULTS: LayoutOptions = {
  seed: 42,
  iterations: 0,
  barnesHutFrom: 500,
  linLogMode: true,
  outboundAttractionDistribution: true,
  communityAttraction: 3,
  scalingRatio: 0,
  gravity: 0,
  decimals: 2,
  paperSize: [2, 5],
  entitySize: [3, 16],
};

export class LayoutOptionsError extends OptionError<'invalid-layout-option'> {
  declare readonly field: keyof LayoutOptions;
  constructor(field: keyof LayoutOptions, expecting: string) {
    super('invalid-layout-option', 'layout', field, `expecting ${expecting}`);
  }
}

export function validateLayoutOptions(partial: Partial<LayoutOptions> = {}): LayoutOptions {
  const o: LayoutOptions = { ...LAYOUT_DEFAULTS, ...partial };
  const nonNegInt = (v: number) => Number.isInteger(v) && v >= 0;
  if (!nonNegInt(o.seed)) throw new LayoutOptionsError('seed', 'a non-negative integer');
  if (!nonNegInt(o.iterations)) throw new LayoutOptionsError('iterations', 'a non-negative integer');
  if (!nonNegInt(o.barnesHutFrom)) throw new LayoutOptionsError('barnesHutFrom', 'a non-negative integer');
  if (!(Number.isInteger(o.decimals) && o.decimals >= 0 && o.decimals <= 6)) throw new LayoutOptionsError('decimals', 'an integer in 0..6');
  if (!(typeof o.communityAttraction === 'number' && o.communityAttraction > 0 && Number.isFinite(o.communityAttraction))) {
    throw new LayoutOptionsError('communityAttraction', 'a positive number');
  }
  for (const field of ['scalingRatio', 'gravity'] as const) {
    if (!(typeof o[field] === 'number' && o[field] >= 0 && Number.isFinite(o[field]))) throw new LayoutOptionsError(field, 'a non-negative number (0 = inferred)');
  }
  for (const field of ['linLogMode', 'outboundAttractionDistribution'] as const) {
    if (typeof o[field] !== 'boolean') throw new LayoutOptionsError(field, 'a boolean');
  }
  for (const field of ['paperSize', 'entitySize'] as const) {
    const r = o[field];
    if (!(Array.isArray(r) && r.length === 2 && r[0] > 0 && r[1] >= r[0])) throw new LayoutOptionsError(field, '[min, max] with 0 < min ≤ max');
  }
  return o;
}

/**
 * Iterations when none are given: enough to converge on small graphs, bounded on big ones where each
 * Barnes–Hut iteration costs O(n log n) and the per-community start already shows the structure.
 */
export function autoIterations(order: number): number {
  if (order <= 2_000) return 200;
  if (order <= 10_000) return 120;
  if (order <= 50_000) return 50;
  // ~1 s per Barnes–Hut iteration at 100k nodes (graphology's FA2, one core): keep big builds in the tens of seconds.
  return 15;
}

/**
 * Starting positions: every community (listed ones first, then minor ones) gets a disc (radius ∝ √size)
 * on a golden-angle spiral, biggest in the middle; isolated nodes (−1) a ring outside.
 */
function seedPositions(graph: ResearchGraph, seed: number): void {
  const rng = createRng(seed);
  const sizes = new Map<number, number>();
  graph.forEachNode((_k, a) => sizes.set(a.community, (sizes.get(a.community) ?? 0) + 1));
  // 0, 1, 2, … then −2, −3, …: both already ordered by size.
  const ids = [...sizes.keys()].filter((c) => c !== -1).sort((a, b) => (a >= 0 && b >= 0 ? a - b : a >= 0 ? -1 : b >= 0 ? 1 : b - a));
  const centre = new Map<number, { x: number; y: number; r: number }>();
  let cumulative = 0;
  const golden = Math.PI * (3 - Math.sqrt(5));
  ids.forEach((c, rank) => {
    const size = sizes.get(c)!;
    const distance = rank === 0 ? 0 : 10 * Math.sqrt(cumulative + size / 2);
    centre.set(c, { x: distance * Math.cos(rank * golden), y: distance * Math.sin(rank * golden), r: 4 * Math.sqrt(size) });
    cumulative += size;
  });
  const outer = 10 * Math.sqrt(cumulative + 1) + 20;
  graph.forEachNode((key, a) => {
    const angle = rng() * 2 * Math.PI;
    const spot = centre.get(a.community);
    if (spot) {
      const r = spot.r * Math.sqrt(rng());
      graph.mergeNodeAttributes(key, { x: spot.x + r * Math.cos(angle), y: spot.y + r * Math.sin(angle) });
    } else {
      const r = outer + 10 * rng();
      graph.mergeNodeAttributes(key, { x: r * Math.cos(angle), y: r * Math.sin(angle) });
    }
  });
}

/** Node sizes: sqrt of degree scaled into the type's range (papers small, hub entities large). */
function assignSizes(graph: ResearchGraph, o: LayoutOptions): void {
  let maxPaper = 1;
  let maxEntity = 1;
  graph.forEachNode((key, a) => {
    const d = graph.degree(key);
    if (a.type === 'paper') maxPaper = Math.max(maxPaper, d);
    else maxEntity = Math.max(maxEntity, d);
  });
  const scale = (d: number, max: number, [lo, hi]: [number, number]) =>
    Math.round((lo + (hi - lo) * Math.sqrt(Math.max(0, d - 1) / Math.max(1, max - 1))) * 100) / 100;
  graph.forEachNode((key, a) => {
    const d = graph.degree(key);
    const size = a.type === 'paper' ? scale(d, maxPaper, o.paperSize) : scale(d, maxEntity, o.entitySize);
    graph.setNodeAttribute(key, 'size', size);
  });
}

/** Assigns x, y and size to every node. Uses `community` (run detectCommunities first) for the start. */
export function layoutGraph(graph: ResearchGraph, options: Partial<LayoutOptions> = {}): void {
  const o = validateLayoutOptions(options);
  if (graph.order === 0) return;
  seedPositions(graph, o.seed);
  const iterations = o.iterations > 0 ? o.iterations : autoIterations(graph.order);
  const settings = {
    ...forceAtlas2.inferSettings(graph),
    linLogMode: o.linLogMode,
    outboundAttractionDistribution: o.outboundAttractionDistribution,
    barnesHutOptimize: graph.order >= o.barnesHutFrom,
  };
  if (o.scalingRatio > 0) settings.scalingRatio = o.scalingRatio;
  if (o.gravity > 0) settings.gravity = o.gravity;
  const k = o.communityAttraction;
  const getEdgeWeight = (_e: string, attrs: { weight?: number }, _s: string, _t: string, sa: { community: number }, ta: { community: number }) =>
    (attrs.weight ?? 1) * (sa.community !== -1 && sa.community === ta.community ? k : 1);
  if (graph.size > 0) forceAtlas2.assign(graph, { iterations, settings, getEdgeWeight });
  const f = 10 ** o.decimals;
  // `+ 0` turns −0 into 0 so the JSON never shows "-0".
  graph.updateEachNodeAttributes((_k, a) => ({ ...a, x: Math.round(a.x * f) / f + 0, y: Math.round(a.y * f) / f + 0 }), {
    attributes: ['x', 'y'],
  });
  assignSizes(graph, o);
}
