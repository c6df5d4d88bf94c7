// Layout: seeded per-community starting discs, then ForceAtlas2 (LinLog, hubs dissuaded) for a fixed number
// of iterations; positions rounded so graph.json is byte-stable; node size by degree (sqrt scale). Big graphs
// are laid out by community: the community graph first (discs that do not overlap), then each community's
// own subgraph inside its disc — Σ nᶜ log nᶜ work instead of n log n per global iteration.
import { UndirectedGraph } from 'graphology';
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
  /**
   * From this many nodes up, lay out by community (community graph, then each community in its disc)
   * instead of running ForceAtlas2 on the whole graph; `iterations` > 0 then adds that many global
   * ForceAtlas2 iterations on top.
   */
  hierarchicalFrom: number;
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
  hierarchicalFrom: 20_000,
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
  if (!nonNegInt(o.hierarchicalFrom)) throw new LayoutOptionsError('hierarchicalFrom', 'a non-negative integer');
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

/** ForceAtlas2 settings for a graph of `order` nodes, from the options. */
function fa2Settings(order: number, o: LayoutOptions, extra: Record<string, unknown> = {}) {
  const settings = {
    ...forceAtlas2.inferSettings(order),
    linLogMode: o.linLogMode,
    outboundAttractionDistribution: o.outboundAttractionDistribution,
    barnesHutOptimize: order >= o.barnesHutFrom,
    ...extra,
  };
  if (o.scalingRatio > 0) settings.scalingRatio = o.scalingRatio;
  if (o.gravity > 0) settings.gravity = o.gravity;
  return settings;
}

/**
 * Iterations for one community's own layout. Its start is already close (`seedAroundHubs`), so
 * ForceAtlas2 only relaxes it: small communities get more iterations, big ones (costly per iteration) fewer.
 */
export function localIterations(order: number): number {
  if (order <= 200) return 60;
  if (order <= 2_000) return 15;
  return 8;
}

/**
 * Start positions in the unit disc that are already near a layout: nodes in descending degree order
 * (hubs first), each at the mean of its neighbours placed so far plus a jitter that shrinks with their
 * number; a node with none placed goes anywhere in the disc. O(edges).
 */
function seedAroundHubs(local: UndirectedGraph<{ x: number; y: number }, { weight: number }>, rng: () => number): void {
  const order = local.nodes().sort((a, b) => local.degree(b) - local.degree(a) || (a < b ? -1 : a > b ? 1 : 0));
  const placed = new Set<string>();
  const spread = 1 / Math.sqrt(Math.max(1, order.length));
  for (const key of order) {
    let x = 0;
    let y = 0;
    let k = 0;
    local.forEachNeighbor(key, (n, p) => {
      if (!placed.has(n)) return;
      x += p.x;
      y += p.y;
      k++;
    });
    const angle = rng() * 2 * Math.PI;
    if (k === 0) {
      const d = Math.sqrt(rng());
      local.mergeNodeAttributes(key, { x: d * Math.cos(angle), y: d * Math.sin(angle) });
    } else {
      const j = (spread * 4 * Math.sqrt(rng())) / Math.sqrt(k);
      local.mergeNodeAttributes(key, { x: x / k + j * Math.cos(angle), y: y / k + j * Math.sin(angle) });
    }
    placed.add(key);
  }
}

/**
 * Lays the graph out community by community. The community graph (a node per community, sized by its
 * disc, edges weighted by the links between them) is laid out with ForceAtlas2 and `adjustSizes`, so
 * related communities sit near each other without overlapping; each community's own subgraph is then
 * laid out alone and fitted into its disc; isolated nodes (−1) ring the whole.
 */
function hierarchicalLayout(graph: ResearchGraph, o: LayoutOptions): void {
  const rng = createRng(o.seed);
  const members = new Map<number, string[]>();
  graph.forEachNode((key, a) => {
    const list = members.get(a.community);
    if (list) list.push(key);
    else members.set(a.community, [key]);
  });
  const ids = [...members.keys()].filter((c) => c !== -1).sort((a, b) => (a >= 0 && b >= 0 ? a - b : a >= 0 ? -1 : b >= 0 ? 1 : b - a));
  // Discs as dense as the spiral below packs them (about 100π of area per node).
  const radius = (size: number) => 9 * Math.sqrt(size);

  // 1. The community graph: communities linked to others, started on the golden-angle spiral of seedPositions
  //    and laid out with ForceAtlas2 (sizes adjusted: discs do not overlap); unlinked ones (separate small
  //    components) packed on the spiral beyond them, biggest first.
  const top = new UndirectedGraph<{ x: number; y: number; size: number }, { weight: number }>();
  const golden = Math.PI * (3 - Math.sqrt(5));
  const spiral = (rank: number, cumulative: number, size: number) => {
    const distance = rank === 0 ? 0 : 10 * Math.sqrt(cumulative + size / 2);
    return { x: distance * Math.cos(rank * golden), y: distance * Math.sin(rank * golden) };
  };
  for (const c of ids) top.addNode(String(c), { x: 0, y: 0, size: radius(members.get(c)!.length) });
  graph.forEachEdge((_e, attrs, _s, _t, sa, ta) => {
    const [a, b] = [sa.community, ta.community];
    if (a === b || a === -1 || b === -1) return;
    const [u, v] = a < b ? [String(a), String(b)] : [String(b), String(a)];
    const key = `${u}|${v}`;
    if (top.hasEdge(key)) top.updateEdgeAttribute(key, 'weight', (w) => (w ?? 0) + (attrs.weight ?? 1));
    else top.addUndirectedEdgeWithKey(key, u, v, { weight: attrs.weight ?? 1 });
  });
  const linked = ids.filter((c) => top.degree(String(c)) > 0);
  const unlinked = ids.filter((c) => top.degree(String(c)) === 0);
  let cumulative = 0;
  linked.forEach((c, rank) => {
    const size = members.get(c)!.length;
    top.mergeNodeAttributes(String(c), spiral(rank, cumulative, size));
    cumulative += size;
  });
  if (linked.length > 1) {
    const core = top.copy();
    for (const c of unlinked) core.dropNode(String(c));
    forceAtlas2.assign(core, {
      iterations: 200,
      settings: fa2Settings(core.order, o, { adjustSizes: true, barnesHutOptimize: core.order >= o.barnesHutFrom }),
    });
    // ForceAtlas2's scale is arbitrary: bring the discs as close as they go without overlapping.
    const discs = core.mapNodes((key, p) => ({ key, x: p.x, y: p.y, r: p.size }));
    let scale = 0;
    for (let i = 0; i < discs.length; i++) {
      for (let j = i + 1; j < discs.length; j++) {
        const a = discs[i]!;
        const b = discs[j]!;
        const d = Math.hypot(a.x - b.x, a.y - b.y);
        scale = Math.max(scale, d > 0 ? (a.r + b.r) * 1.05 / d : 0);
      }
    }
    for (const d of discs) top.mergeNodeAttributes(d.key, { x: d.x * scale, y: d.y * scale });
  }
  // The unlinked communities continue the spiral from beyond the linked ones' extent.
  let extent = 0;
  for (const c of linked) {
    const p = top.getNodeAttributes(String(c));
    extent = Math.max(extent, Math.hypot(p.x, p.y) + p.size);
  }
  const offset = (extent / 10) ** 2; // the spiral's cumulative size at radius `extent`
  unlinked.forEach((c, rank) => {
    const size = members.get(c)!.length;
    top.mergeNodeAttributes(String(c), spiral(rank + 1, offset + cumulative, size));
    cumulative += size;
  });

  // 2. Each community alone, fitted into its disc around its centre.
  for (const c of ids) {
    const nodes = members.get(c)!;
    const centre = top.getNodeAttributes(String(c));
    const r = radius(nodes.length);
    const local = new UndirectedGraph<{ x: number; y: number }, { weight: number }>();
    for (const key of nodes) {
      const angle = rng() * 2 * Math.PI;
      const d = Math.sqrt(rng());
      local.addNode(key, { x: d * Math.cos(angle), y: d * Math.sin(angle) });
    }
    if (nodes.length > 2) {
      for (const key of nodes) {
        graph.forEachOutEdge(key, (_e, attrs, _s, target, _sa, ta) => {
          if (ta.community === c && !local.hasEdge(key, target)) local.addUndirectedEdge(key, target, { weight: attrs.weight ?? 1 });
        });
      }
      if (local.size > 0) {
        seedAroundHubs(local, rng);
        forceAtlas2.assign(local, { iterations: localIterations(local.order), settings: fa2Settings(local.order, o) });
      }
    }
    // Centre on the local centroid; the 95th-percentile distance becomes the disc's radius (the few
    // stragglers beyond it are drawn in to its rim, so one outlier cannot shrink the whole community).
    let cx = 0;
    let cy = 0;
    local.forEachNode((_k, p) => {
      cx += p.x;
      cy += p.y;
    });
    cx /= local.order;
    cy /= local.order;
    const distances = local.mapNodes((_k, p) => Math.hypot(p.x - cx, p.y - cy)).sort((a, b) => a - b);
    const reach = distances[Math.floor(0.95 * (distances.length - 1))]!;
    const scale = reach > 0 ? r / reach : 0;
    local.forEachNode((key, p) => {
      const a = graph.getNodeAttributes(key);
      const d = Math.hypot(p.x - cx, p.y - cy) * scale;
      const k = d > r ? r / d : 1;
      a.x = centre.x + (p.x - cx) * scale * k;
      a.y = centre.y + (p.y - cy) * scale * k;
    });
  }

  // 3. Isolated nodes on a ring outside everything.
  let outer = 0;
  top.forEachNode((_k, p) => {
    outer = Math.max(outer, Math.hypot(p.x, p.y) + p.size);
  });
  for (const key of members.get(-1) ?? []) {
    const angle = rng() * 2 * Math.PI;
    const r = outer + 20 + 10 * rng();
    const a = graph.getNodeAttributes(key);
    a.x = r * Math.cos(angle);
    a.y = r * Math.sin(angle);
  }
}

/** Layout-only edge weight: edges inside one community pulled `k` times harder. */
function communityWeight(k: number) {
  return (_e: string, attrs: { weight?: number }, _s: string, _t: string, sa: { community: number }, ta: { community: number }) =>
    (attrs.weight ?? 1) * (sa.community !== -1 && sa.community === ta.community ? k : 1);
}

/** Assigns x, y and size to every node. Uses `community` (run detectCommunities first) for the start. */
export function layoutGraph(graph: ResearchGraph, options: Partial<LayoutOptions> = {}): void {
  const o = validateLayoutOptions(options);
  if (graph.order === 0) return;
  const getEdgeWeight = communityWeight(o.communityAttraction);
  if (graph.order >= o.hierarchicalFrom) {
    hierarchicalLayout(graph, o);
    if (o.iterations > 0 && graph.size > 0) forceAtlas2.assign(graph, { iterations: o.iterations, settings: fa2Settings(graph.order, o), getEdgeWeight });
  } else {
    seedPositions(graph, o.seed);
    const iterations = o.iterations > 0 ? o.iterations : autoIterations(graph.order);
    if (graph.size > 0) forceAtlas2.assign(graph, { iterations, settings: fa2Settings(graph.order, o), getEdgeWeight });
  }
  const f = 10 ** o.decimals;
  // In place (no copy of 100k attribute objects); `+ 0` turns −0 into 0 so the JSON never shows "-0".
  graph.forEachNode((_k, a) => {
    a.x = Math.round(a.x * f) / f + 0;
    a.y = Math.round(a.y * f) / f + 0;
  });
  assignSizes(graph, o);
}
