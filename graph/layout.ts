// Layout: seeded per-community starting discs, then ForceAtlas2 (LinLog, hubs dissuaded) for a fixed number
// of iterations; positions rounded so graph.json is byte-stable; node size by degree (sqrt scale). Big graphs
// are laid out by community: the community graph first (discs that do not overlap), then each community's
// own subgraph inside its disc — Σ nᶜ log nᶜ work instead of n log n per global iteration.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { UndirectedGraph } from 'graphology';
import { OptionError, PapergraphError } from '../ingest/errors.ts';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import { createRng } from './rng.ts';
import { CompactGraph, toGraphology } from './compact.ts';
import type { GraphView, NodeAttributes, ResearchGraph } from './types.ts';

// A CommonJS package typed with `export default`: under NodeNext the default import is module.exports itself.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

/** One ForceAtlas2 iteration over the library's flat matrices (10 floats per node, 3 per edge), in place. */
type Fa2Iterate = (settings: Record<string, unknown>, nodes: Float32Array, edges: Float32Array) => void;
const require = createRequire(import.meta.url);
const fa2Iterate = require('graphology-layout-forceatlas2/iterate.js') as Fa2Iterate;
const FA2_DEFAULTS = require('graphology-layout-forceatlas2/defaults.js') as Record<string, unknown>;
/** Floats per node and per edge in those matrices (graphology-layout-forceatlas2's PPN and PPE). */
const PPN = 10;
const PPE = 3;

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
function seedPositions(graph: GraphView, seed: number): void {
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
function assignSizes(graph: GraphView, o: LayoutOptions): void {
  // Degrees in node order: the compact graph counts them from its arrays, no lookup by key.
  const degrees = graph instanceof CompactGraph ? graph.degrees() : Int32Array.from(graph.nodes(), (key) => graph.degree(key));
  let maxPaper = 1;
  let maxEntity = 1;
  let i = 0;
  graph.forEachNode((_key, a) => {
    const d = degrees[i++]!;
    if (a.type === 'paper') maxPaper = Math.max(maxPaper, d);
    else maxEntity = Math.max(maxEntity, d);
  });
  const scale = (d: number, max: number, [lo, hi]: [number, number]) =>
    Math.round((lo + (hi - lo) * Math.sqrt(Math.max(0, d - 1) / Math.max(1, max - 1))) * 100) / 100;
  i = 0;
  graph.forEachNode((key, a) => {
    const d = degrees[i++]!;
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
 * number; a node with none placed goes anywhere in the disc. O(edges). `adjacency[i]` lists node i's
 * neighbours (indices into `keys`) in the order their sums are taken; `xs`/`ys` are overwritten.
 */
function seedAroundHubs(
  keys: readonly string[],
  adjacency: readonly (readonly number[])[],
  xs: Float64Array,
  ys: Float64Array,
  rng: () => number,
  degrees: readonly number[] = adjacency.map((a) => a.length),
): void {
  const n = keys.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const [ka, kb] = [keys[a]!, keys[b]!];
    return degrees[b]! - degrees[a]! || (ka < kb ? -1 : ka > kb ? 1 : 0);
  });
  const placed = new Uint8Array(n);
  const spread = 1 / Math.sqrt(Math.max(1, n));
  for (const i of order) {
    let x = 0;
    let y = 0;
    let k = 0;
    for (const j of adjacency[i]!) {
      if (!placed[j]) continue;
      x += xs[j]!;
      y += ys[j]!;
      k++;
    }
    const angle = rng() * 2 * Math.PI;
    if (k === 0) {
      const d = Math.sqrt(rng());
      xs[i] = d * Math.cos(angle);
      ys[i] = d * Math.sin(angle);
    } else {
      const j = (spread * 4 * Math.sqrt(rng())) / Math.sqrt(k);
      xs[i] = x / k + j * Math.cos(angle);
      ys[i] = y / k + j * Math.sin(angle);
    }
    placed[i] = 1;
  }
}

/**
 * Lays the graph out community by community. The community graph (a node per community, sized by its
 * disc, edges weighted by the links between them) is laid out with ForceAtlas2 and `adjustSizes`, so
 * related communities sit near each other without overlapping; each community's own subgraph is then
 * laid out alone and fitted into its disc; isolated nodes (−1) ring the whole.
 */
function hierarchicalLayout(graph: GraphView, o: LayoutOptions, runJobs: JobRunner): Promise<void> | undefined {
  const rng = createRng(o.seed);
  const index = layoutIndex(graph);
  const { community } = index;
  /** Each community's members as node indices, in node order. */
  const members = new Map<number, number[]>();
  for (let i = 0; i < community.length; i++) {
    const list = members.get(community[i]!);
    if (list) list.push(i);
    else members.set(community[i]!, [i]);
  }
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
  // Links between two communities summed per pair (in edge order), then one edge per pair in the order pairs were
  // first met: the graph a `hasEdge`/`updateEdgeAttribute` per link built, without a key string per link.
  // Community ids run from the minor ones (−2, −3, …) to the listed ones (0, 1, …): a pair is one number.
  let low = 0;
  let high = 0;
  for (const c of ids) [low, high] = [Math.min(low, c), Math.max(high, c)];
  const span = high - low + 1;
  const between = new Map<number, number>();
  const { source, target, weight } = index;
  for (let e = 0; e < source.length; e++) {
    const a = community[source[e]!]!;
    const b = community[target[e]!]!;
    if (a === b || a === -1 || b === -1) continue;
    const pair = a < b ? (a - low) * span + (b - low) : (b - low) * span + (a - low);
    const w = between.get(pair);
    between.set(pair, w === undefined ? weight[e]! : w + weight[e]!);
  }
  for (const [pair, weight] of between) {
    const [u, v] = [String(Math.floor(pair / span) + low), String((pair % span) + low)];
    top.addUndirectedEdgeWithKey(`${u}|${v}`, u, v, { weight });
  }
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

  // 2. Each community alone, fitted into its disc around its centre: start positions (in community order: the
  //    random draws stay in one sequence), their ForceAtlas2 runs (the costly part, independent of each other:
  //    `runJobs` may spread them over threads, and start a community's run while the next ones are prepared),
  //    then the fitting.
  const locals: LocalLayout[] = [];
  const slots = new Int32Array(community.length);
  const done = runJobs(
    ids.map((c) => () => {
      const local = prepareCommunity(graph, index, slots, c, members.get(c)!, rng, o);
      locals.push(local);
      return local.job;
    }),
  );
  const fit = () => {
    for (const [i, c] of ids.entries()) fitIntoDisc(index, locals[i]!, top.getNodeAttributes(String(c)), radius(members.get(c)!.length));
    placeIsolated(index, top, members.get(-1) ?? [], rng);
  };
  if (done) return done.then(fit);
  fit();
  return undefined;
}

/**
 * The graph by node index (`nodes()` order), as the per-community layout reads it: no key string, attribute object
 * or map lookup per edge.
 */
interface LayoutIndex {
  keys: string[];
  attrs: NodeAttributes[];
  community: Int32Array;
  /** Edge e runs from node `source[e]` to node `target[e]`; `weight[e]` is its `weight` attribute or 1; `forEachEdge` order. */
  source: ArrayLike<number>;
  target: ArrayLike<number>;
  weight: ArrayLike<number>;
  /** Node i's out-edges (edge numbers) are `outEdges[outStarts[i] .. outStarts[i + 1])`, in `forEachOutEdge` order. */
  outStarts: Int32Array;
  outEdges: Int32Array;
}

/** The build's compact graph hands over its own arrays; any other view is read once (edges matched by key). */
function layoutIndex(graph: GraphView): LayoutIndex {
  const keys: string[] = [];
  const attrs: NodeAttributes[] = [];
  graph.forEachNode((key, a) => {
    keys.push(key);
    attrs.push(a);
  });
  const community = Int32Array.from(attrs, (a) => a.community);
  if (graph instanceof CompactGraph) {
    const { source, target } = graph.edgeArrays();
    return { keys, attrs, community, source, target, ...graph.outEdgeIndex(1) };
  }
  const at = new Map(keys.map((k, i) => [k, i] as const));
  const edgeNumbers = new Map<string, number>();
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  graph.forEachEdge((key, a, s, t) => {
    edgeNumbers.set(key, source.length);
    source.push(at.get(s)!);
    target.push(at.get(t)!);
    weight.push(a.weight ?? 1);
  });
  const outStarts = new Int32Array(keys.length + 1);
  const outEdges: number[] = [];
  keys.forEach((key, i) => {
    graph.forEachOutEdge(key, (edge) => outEdges.push(edgeNumbers.get(edge)!));
    outStarts[i + 1] = outEdges.length;
  });
  return { keys, attrs, community, source, target, weight, outStarts, outEdges: Int32Array.from(outEdges) };
}

/** The positions of one community's members (in member order) and the ForceAtlas2 run that refines them. */
interface LocalLayout {
  /** The members' node indices and keys. */
  members: readonly number[];
  nodes: string[];
  xs: Float64Array;
  ys: Float64Array;
  job?: Fa2Job;
}

/** A ForceAtlas2 run on flat matrices: `iterations` × `fa2Iterate(settings, nodes, edges)`; results land in `done`. */
export interface Fa2Job {
  settings: Record<string, unknown>;
  nodes: Float32Array;
  edges: Float32Array;
  iterations: number;
  /** Takes the matrix back (from a worker it is a transferred copy) and reads the positions off it. */
  done(nodes: Float32Array): void;
}

const isArrayIndex = (key: string): boolean => /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;

/**
 * One community's start (random disc, then `seedAroundHubs`) and its ForceAtlas2 job, on flat arrays: the
 * same numbers graphology's UndirectedGraph and `forceAtlas2.assign` gave (same node, edge and neighbour
 * orders, same float32 matrices) without building a graph per community. Keys an object would reorder
 * (array indices) and self-loops take the graphology path, whose neighbour order they change.
 */
function prepareCommunity(graph: GraphView, index: LayoutIndex, slots: Int32Array, c: number, members: readonly number[], rng: () => number, o: LayoutOptions): LocalLayout {
  const n = members.length;
  const nodes = members.map((i) => index.keys[i]!);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const angle = rng() * 2 * Math.PI;
    const d = Math.sqrt(rng());
    xs[i] = d * Math.cos(angle);
    ys[i] = d * Math.sin(angle);
  }
  const local: LocalLayout = { members, nodes, xs, ys };
  if (n <= 2) return local;
  // A member's place in the community, by node index (members of other communities are never looked up).
  for (let i = 0; i < n; i++) slots[members[i]!] = i;
  // Edges inside the community, one per pair (the first one met, in member then out-edge order). The graph holds
  // no parallel edges, so a pair met before node i's turn is one of its neighbours so far: those are marked with
  // i + 1 in `seen`, then each new one as it is met.
  const { community, target, weight, outStarts, outEdges } = index;
  const src: number[] = [];
  const dst: number[] = [];
  const weights: number[] = [];
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  const seen = new Int32Array(n);
  let plain = !nodes.some(isArrayIndex);
  for (let i = 0; i < n && plain; i++) {
    const mark = i + 1;
    for (const j of adjacency[i]!) seen[j] = mark;
    const node = members[i]!;
    for (let p = outStarts[node]!; p < outStarts[node + 1]!; p++) {
      const e = outEdges[p]!;
      const t = target[e]!;
      if (community[t] !== c) continue;
      const j = slots[t]!;
      if (j === i) {
        plain = false;
        break;
      }
      if (seen[j] === mark) continue;
      seen[j] = mark;
      src.push(i);
      dst.push(j);
      weights.push(weight[e]!);
      adjacency[i]!.push(j);
      adjacency[j]!.push(i);
    }
  }
  if (!plain) return graphologyCommunity(graph, c, local, rng, o);
  if (src.length === 0) return local;
  seedAroundHubs(nodes, adjacency, xs, ys, rng);

  const matrix = new Float32Array(n * PPN);
  for (let i = 0; i < n; i++) {
    const at = i * PPN;
    matrix[at] = xs[i]!;
    matrix[at + 1] = ys[i]!;
    matrix[at + 6] = 1; // mass: 1 + weighted degree, summed below in edge order as the library does
    matrix[at + 7] = 1; // convergence
    matrix[at + 8] = 1; // size (local nodes have none)
  }
  const edges = new Float32Array(src.length * PPE);
  for (let e = 0; e < src.length; e++) {
    const w = fa2Weight(weights[e]);
    const sj = src[e]! * PPN;
    const tj = dst[e]! * PPN;
    matrix[sj + 6] = matrix[sj + 6]! + w;
    matrix[tj + 6] = matrix[tj + 6]! + w;
    edges[e * PPE] = sj;
    edges[e * PPE + 1] = tj;
    edges[e * PPE + 2] = w;
  }
  local.job = {
    settings: { ...FA2_DEFAULTS, ...fa2Settings(n, o) },
    nodes: matrix,
    edges,
    iterations: localIterations(n),
    done: (result) => {
      for (let i = 0; i < n; i++) {
        xs[i] = result[i * PPN]!;
        ys[i] = result[i * PPN + 1]!;
      }
    },
  };
  return local;
}

/** The weight ForceAtlas2 reads off an edge's `weight` attribute (graphology-utils' coerceWeight). */
const fa2Weight = (w: unknown): number => (typeof w === 'number' && !Number.isNaN(w) ? w : 1);

/** `prepareCommunity` through graphology (the original code path) for the rare communities it cannot take. */
function graphologyCommunity(graph: GraphView, c: number, start: LocalLayout, rng: () => number, o: LayoutOptions): LocalLayout {
  const { nodes, xs, ys } = start;
  const local = new UndirectedGraph<{ x: number; y: number }, { weight: number }>();
  nodes.forEach((key, i) => local.addNode(key, { x: xs[i]!, y: ys[i]! }));
  for (const key of nodes) {
    graph.forEachOutEdge(key, (_e, attrs, _s, target, _sa, ta) => {
      if (ta.community === c && !local.hasEdge(key, target)) local.addUndirectedEdge(key, target, { weight: attrs.weight ?? 1 });
    });
  }
  if (local.size > 0) {
    const order = local.nodes();
    const at = new Map(order.map((k, i) => [k, i] as const));
    const adjacency = order.map((k) => local.mapNeighbors(k, (m) => at.get(m)!));
    // graphology's degree counts a self-loop twice; the neighbour list holds it once.
    const degrees = order.map((k) => local.degree(k));
    seedAroundHubs(order, adjacency, xs, ys, rng, degrees);
    local.forEachNode((key) => local.mergeNodeAttributes(key, { x: xs[at.get(key)!]!, y: ys[at.get(key)!]! }));
    forceAtlas2.assign(local, { iterations: localIterations(local.order), settings: fa2Settings(local.order, o) });
    local.forEachNode((key, p) => {
      xs[at.get(key)!] = p.x;
      ys[at.get(key)!] = p.y;
    });
  }
  return start;
}

/**
 * Centres a community on its centroid; the 95th-percentile distance becomes the disc's radius (the few
 * stragglers beyond it are drawn in to its rim, so one outlier cannot shrink the whole community).
 */
function fitIntoDisc(index: LayoutIndex, local: LocalLayout, centre: { x: number; y: number }, r: number): void {
  const { members, xs, ys } = local;
  const n = members.length;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xs[i]!;
    cy += ys[i]!;
  }
  cx /= n;
  cy /= n;
  const distances: number[] = new Array(n);
  for (let i = 0; i < n; i++) distances[i] = Math.hypot(xs[i]! - cx, ys[i]! - cy);
  distances.sort((a, b) => a - b);
  const reach = distances[Math.floor(0.95 * (n - 1))]!;
  const scale = reach > 0 ? r / reach : 0;
  for (let i = 0; i < n; i++) {
    const a = index.attrs[members[i]!]!;
    const [px, py] = [xs[i]!, ys[i]!];
    const d = Math.hypot(px - cx, py - cy) * scale;
    const k = d > r ? r / d : 1;
    a.x = centre.x + (px - cx) * scale * k;
    a.y = centre.y + (py - cy) * scale * k;
  }
}

/** Isolated nodes (community −1) on a ring outside everything. */
function placeIsolated(index: LayoutIndex, top: UndirectedGraph<{ x: number; y: number; size: number }>, isolated: readonly number[], rng: () => number): void {
  let outer = 0;
  top.forEachNode((_k, p) => {
    outer = Math.max(outer, Math.hypot(p.x, p.y) + p.size);
  });
  for (const i of isolated) {
    const angle = rng() * 2 * Math.PI;
    const r = outer + 20 + 10 * rng();
    const a = index.attrs[i]!;
    a.x = r * Math.cos(angle);
    a.y = r * Math.sin(angle);
  }
}

/** Layout-only edge weight: edges inside one community pulled `k` times harder. */
function communityWeight(k: number) {
  return (_e: string, attrs: { weight?: number }, _s: string, _t: string, sa: { community: number }, ta: { community: number }) =>
    (attrs.weight ?? 1) * (sa.community !== -1 && sa.community === ta.community ? k : 1);
}

/**
 * Runs the ForceAtlas2 jobs of the per-community layout. `prepare[k]()` makes community k's start positions and
 * returns its job (none for a community too small to need one); they are called in order (the start positions draw
 * from one random sequence), and a runner may run a job as soon as it is prepared. Returns once every job is done
 * (undefined when that happened synchronously).
 */
type JobRunner = (prepare: readonly (() => Fa2Job | undefined)[]) => Promise<void> | undefined;

/** Prepares every community, then runs the ForceAtlas2 jobs one after the other on this thread. */
function runJobsHere(prepare: readonly (() => Fa2Job | undefined)[]): undefined {
  const jobs = prepare.flatMap((p) => p() ?? []);
  for (const job of jobs) runJob(job);
  return undefined;
}

function runJob(job: Fa2Job): void {
  for (let i = 0; i < job.iterations; i++) fa2Iterate(job.settings, job.nodes, job.edges);
  job.done(job.nodes);
}

/** Rough cost of a job: Barnes–Hut repulsion n log n plus attraction per edge, per iteration. */
const jobCost = (job: Fa2Job): number => {
  const n = job.nodes.length / PPN;
  return job.iterations * (n * Math.log2(2 + n) + job.edges.length / PPE);
};

const WORKER_ENTRY = new URL('./layout-worker.mjs', import.meta.url);
/** Jobs posted to a layout worker at once: the next one waits in it while this thread is busy. */
const IN_FLIGHT = 2;

/**
 * Runs ForceAtlas2 jobs on `threads - 1` worker threads and this one. The workers start at once and take each job as
 * soon as this thread has prepared it (biggest waiting first: communities come biggest first; IN_FLIGHT at a time), so
 * they iterate while the rest are prepared; once all are, this thread takes the smallest waiting jobs (so it comes back to the event loop
 * often and hands the workers their next job without delay). Every job's matrices go to a worker and back as
 * transfers (no copy). The results are the same numbers on any thread, so the layout does not depend on `threads`.
 */
async function runJobsOnThreads(prepare: readonly (() => Fa2Job | undefined)[], threads: number): Promise<void> {
  if (threads <= 1 || prepare.length < 2) {
    runJobsHere(prepare);
    return;
  }
  /** Jobs waiting, biggest first. */
  const queue: Fa2Job[] = [];
  let failure: LayoutError | undefined;
  let prepared = false;
  const workers = Array.from({ length: threads - 1 }, () => new Worker(WORKER_ENTRY));
  const onWorker = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      /** Jobs posted to the worker, in the order it answers them. */
      const sent: Fa2Job[] = [];
      const fail = (err: LayoutError) => {
        failure ??= err;
        reject(err);
      };
      /**
       * Keeps IN_FLIGHT jobs posted to the worker (biggest waiting first), so it starts the next one without waiting
       * for this thread to read its answer; resolves once it is idle with nothing left to come.
       */
      const next = () => {
        while (sent.length < IN_FLIGHT) {
          const job = queue.shift();
          if (!job) break;
          sent.push(job);
          const { settings, nodes, edges, iterations } = job;
          worker.postMessage({ settings, nodes, edges, iterations }, [nodes.buffer as ArrayBuffer, edges.buffer as ArrayBuffer]);
        }
        if (sent.length === 0 && prepared) resolve();
      };
      worker.on('message', (msg: { nodes: Float32Array }) => {
        sent.shift()!.done(msg.nodes);
        next();
      });
      worker.on('error', (err) => fail(new LayoutError(`layout worker failed: ${err.message}`)));
      worker.on('exit', (code) => {
        if (sent.length > 0) fail(new LayoutError(`layout worker exited with code ${code}`));
      });
      feeders.push(next);
    });
  const feeders: (() => void)[] = [];
  const working = workers.map(onWorker);
  // Failures surface through `working` below; until then they stop the preparing loop.
  for (const w of working) w.catch(() => undefined);
  const feed = () => {
    for (const next of feeders) next();
  };
  const onThisThread = async () => {
    for (let job = queue.pop(); job; job = queue.pop()) {
      runJob(job);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  try {
    for (const p of prepare) {
      if (failure) throw failure;
      const job = p();
      if (!job) continue;
      const cost = jobCost(job);
      let at = queue.length;
      while (at > 0 && jobCost(queue[at - 1]!) < cost) at--;
      queue.splice(at, 0, job);
      feed();
      // Let the workers' replies in: a worker done with its job takes the next one while this thread prepares.
      await new Promise((resolve) => setImmediate(resolve));
    }
    prepared = true;
    feed();
    await Promise.all([...working, onThisThread()]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** A layout worker thread failed (it runs only ForceAtlas2 iterations, so this is a crash, not bad input). */
export class LayoutError extends PapergraphError<'layout-failed'> {
  constructor(message: string) {
    super('layout-failed', message);
  }
}

/** Assigns x, y and size to every node. Uses `community` (run detectCommunities first) for the start. */
export function layoutGraph(graph: GraphView, options: Partial<LayoutOptions> = {}): void {
  void layout(graph, validateLayoutOptions(options), runJobsHere);
}

/**
 * `layoutGraph` with the per-community ForceAtlas2 runs of a big graph spread over `threads` threads (this
 * one included). The same positions as `layoutGraph`, byte for byte, whatever the number of threads.
 */
export async function layoutGraphAsync(graph: GraphView, options: Partial<LayoutOptions> = {}, threads = 1): Promise<void> {
  const o = validateLayoutOptions(options);
  if (!(Number.isInteger(threads) && threads >= 1)) throw new LayoutError(`layout: invalid \`threads\`, expecting a positive integer, got ${threads}`);
  await layout(graph, o, (prepare) => runJobsOnThreads(prepare, threads));
}

/**
 * Global ForceAtlas2 (graphology's, which iterates a graphology graph): on a graphology copy of `graph` when it is
 * not one — same nodes and edges in the same order, so the same positions — whose x, y are copied back.
 */
function globalForceAtlas2(
  graph: GraphView,
  params: { iterations: number; settings: ReturnType<typeof fa2Settings>; getEdgeWeight: ReturnType<typeof communityWeight> },
): void {
  if (typeof (graph as Partial<ResearchGraph>).import === 'function') {
    forceAtlas2.assign(graph as unknown as ResearchGraph, params as never);
    return;
  }
  const copy = toGraphology(graph);
  forceAtlas2.assign(copy, params as never);
  copy.forEachNode((key, a) => graph.mergeNodeAttributes(key, { x: a.x, y: a.y }));
}

function layout(graph: GraphView, o: LayoutOptions, runJobs: JobRunner): Promise<void> | undefined {
  if (graph.order === 0) return undefined;
  const getEdgeWeight = communityWeight(o.communityAttraction);
  const finish = () => {
    if (graph.order >= o.hierarchicalFrom && o.iterations > 0 && graph.size > 0) {
      globalForceAtlas2(graph, { iterations: o.iterations, settings: fa2Settings(graph.order, o), getEdgeWeight });
    }
    const f = 10 ** o.decimals;
    // In place (no copy of 100k attribute objects); `+ 0` turns −0 into 0 so the JSON never shows "-0".
    graph.forEachNode((_k, a) => {
      a.x = Math.round(a.x * f) / f + 0;
      a.y = Math.round(a.y * f) / f + 0;
    });
    assignSizes(graph, o);
  };
  if (graph.order >= o.hierarchicalFrom) {
    const pending = hierarchicalLayout(graph, o, runJobs);
    if (pending) return pending.then(finish);
  } else {
    seedPositions(graph, o.seed);
    const iterations = o.iterations > 0 ? o.iterations : autoIterations(graph.order);
    if (graph.size > 0) globalForceAtlas2(graph, { iterations, settings: fa2Settings(graph.order, o), getEdgeWeight });
  }
  finish();
  return undefined;
}
