// Partitioning: graphology's Louvain from several seeded node orders, each refined, best modularity kept;
// then small communities merged and ids renumbered deterministically. Works on the CSR, returns labels.
import louvainModule from 'graphology-communities-louvain';
import { createRng, type Rng } from '../rng.ts';
import { aggregate, compact, csrFromArrays, louvainGraph, modularity, type Csr, type LouvainGraph } from './csr.ts';
import { improvePartition } from './refine.ts';
import { autoRestarts, type CommunityOptions } from './options.ts';
import { releaseRestartThread, RestartThread } from './thread.ts';

// A CommonJS package typed with `export default`: under NodeNext the default import is module.exports itself.
const louvain = louvainModule as unknown as typeof louvainModule.default;

export interface RunStats {
  /** Modularity (at the run's resolution) of each restart: Louvain alone, then after refinement. */
  restarts: { louvain: number; refined: number }[];
  best: number;
}

function shuffled(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Restarts on graphs up to this many edges each get their own shuffled node order (a fresh graphology graph);
 * above it one graph is built and reused, the restarts differing by Louvain's own seeded random walk — building
 * a graphology graph of half a million edges per restart costs more than the run itself.
 */
const REBUILD_MAX_EDGES = 100_000;

/** One Louvain run on the CSR (read as a graphology graph, see `louvainGraph`). */
function louvainOnce(csr: Csr, g: LouvainGraph, rng: Rng, o: CommunityOptions): Int32Array {
  // Louvain reads a graphology graph; `louvainGraph` is one over the CSR (node order = insertion order).
  const mapping = louvain(g as unknown as Parameters<typeof louvain>[0], {
    rng,
    resolution: o.resolution,
    fastLocalMoves: o.fastLocalMoves,
    randomWalk: o.randomWalk,
    getEdgeWeight: 'weight',
  });
  const labels = new Int32Array(csr.n);
  for (let i = 0; i < csr.n; i++) labels[i] = mapping[String(i)]!;
  return labels;
}

/** The seeds of one restart: one draw orders the nodes, one seeds Louvain's own rng. */
export interface RestartSeeds {
  order: number;
  louvain: number;
  /** The node order of the graph Louvain reads (the restart's own, or on a big graph the first restart's). */
  graphOrder: number;
}

/** The restarts of `bestPartition` on `csr` and their seeds, drawn in order from `o.seed`. */
export function restartSeeds(csr: Csr, o: CommunityOptions): RestartSeeds[] {
  const master = createRng(o.seed);
  const restarts = o.restarts > 0 ? o.restarts : autoRestarts(csr.n);
  const rebuild = csr.nbrs.length / 2 <= REBUILD_MAX_EDGES;
  const seeds: RestartSeeds[] = [];
  for (let r = 0; r < restarts; r++) {
    const order = Math.floor(master() * 2 ** 32);
    const louvainSeed = Math.floor(master() * 2 ** 32);
    seeds.push({ order, louvain: louvainSeed, graphOrder: rebuild || r === 0 ? order : seeds[0]!.order });
  }
  return seeds;
}

/** One restart's result: its labels and modularity (at the run's resolution) before and after refinement. */
export interface RestartRun {
  labels: Int32Array;
  louvain: number;
  refined: number;
}

/**
 * Runs restarts on `csr`: Louvain from each one's seeded node order, then refinement. Restarts reading the same
 * node order share one graph (on a big graph, all of them: building a graphology view per restart costs more than
 * the run).
 */
export function runRestarts(csr: Csr, seeds: readonly RestartSeeds[], o: CommunityOptions): RestartRun[] {
  const graphs = new Map<number, LouvainGraph>();
  return seeds.map((s) => {
    let g = graphs.get(s.graphOrder);
    if (!g) graphs.set(s.graphOrder, (g = louvainGraph(csr, shuffled(csr.n, createRng(s.graphOrder)))));
    const labels = louvainOnce(csr, g, createRng(s.louvain), o);
    const louvainQ = modularity(csr, labels, o.resolution);
    if (o.refine) improvePartition(csr, labels, o.resolution);
    return { labels, louvain: louvainQ, refined: modularity(csr, labels, o.resolution) };
  });
}

/** A graph with no edge: every node alone. */
function singletons(csr: Csr): { labels: Int32Array; stats: RunStats } {
  const labels = new Int32Array(csr.n);
  for (let i = 0; i < csr.n; i++) labels[i] = i;
  return { labels, stats: { restarts: [], best: 0 } };
}

/** The best of the restarts (in restart order; a later one must beat the best so far by 1e-12), compacted. */
export function bestOf(runs: readonly RestartRun[]): { labels: Int32Array; stats: RunStats } {
  const stats: RunStats = { restarts: [], best: 0 };
  let best: Int32Array | undefined;
  let bestQ = -Infinity;
  for (const run of runs) {
    stats.restarts.push({ louvain: run.louvain, refined: run.refined });
    if (run.refined > bestQ + 1e-12) {
      bestQ = run.refined;
      best = run.labels;
    }
  }
  compact(best!);
  stats.best = bestQ;
  return { labels: best!, stats };
}

/** Best-of-restarts partition of `csr` (labels compacted to 0..C-1). */
export function bestPartition(csr: Csr, o: CommunityOptions): { labels: Int32Array; stats: RunStats } {
  if (csr.total === 0) return singletons(csr);
  return bestOf(runRestarts(csr, restartSeeds(csr, o), o));
}

/** Below this many CSR edges the restarts all run here (a thread's start-up costs more than a restart). */
export const MIN_EDGES_FOR_THREADS = 100_000;

/**
 * `bestPartition` with its restarts spread over `threads` threads (this one included): restart r runs on thread
 * r mod `threads`. The restarts are independent and seeded up front, so the partition is the same, byte for byte.
 */
export async function bestPartitionAsync(csr: Csr, o: CommunityOptions, threads: number, minEdgesForThreads = MIN_EDGES_FOR_THREADS): Promise<{ labels: Int32Array; stats: RunStats }> {
  const seeds = csr.total === 0 ? [] : restartSeeds(csr, o);
  const lanes = Math.min(threads, seeds.length);
  if (lanes < 2 || csr.nbrs.length / 2 < minEdgesForThreads) {
    // A worker prestarted for this run (`prestartCommunityThreads` guesses from the graph's size) is not needed.
    await releaseRestartThread();
    return csr.total === 0 ? singletons(csr) : bestOf(runRestarts(csr, seeds, o));
  }
  const on = (lane: number) => seeds.flatMap((s, r) => (r % lanes === lane ? [{ r, s }] : []));
  const threadsOf = Array.from({ length: lanes - 1 }, (_, k) => new RestartThread(csr, on(k + 1).map((x) => x.s), o));
  try {
    const runs: RestartRun[] = new Array(seeds.length);
    const here = on(0);
    runRestarts(csr, here.map((x) => x.s), o).forEach((run, k) => (runs[here[k]!.r] = run));
    for (const [k, thread] of threadsOf.entries()) {
      const mine = on(k + 1);
      (await thread.result()).forEach((run, j) => (runs[mine[j]!.r] = run));
    }
    return bestOf(runs);
  } finally {
    await Promise.all(threadsOf.map((t) => t.close()));
  }
}

/**
 * Small communities (fewer than `minSize` nodes or `minPapers` papers) are handled without hiding structure:
 * - one with neighbouring communities is merged into the neighbour whose merge costs the least modularity
 *   (gain w_cd − γ·tot_c·tot_d/2m, highest wins; ties → smaller id), smallest first — so a paper with a link
 *   anywhere ends in a listed community;
 * - the rest (tiny separate components, single-paper stars) stay their own community but are *minor*:
 *   they get negative ids (−2, −3, …) so they are grey and left out of the report, while the partition —
 *   and so its modularity — is unchanged. Merging separate components into one "other" group would cost
 *   Σ d_a·d_b/2m² (3 % of the seed graph's modularity);
 * - isolated nodes (no edge at all) are −1.
 * `labels` (compacted) is updated in place: major communities keep non-negative labels (renumber next).
 */
export function settleSmall(
  csr: Csr,
  labels: Int32Array,
  isPaper: Uint8Array,
  o: { minSize: number; minPapers: number; resolution: number },
): { merged: number; minor: number; minorNodes: number; isolated: number } {
  const count = compact(labels);
  const members: number[][] = Array.from({ length: count }, () => []);
  const papers = new Int32Array(count);
  const tot = new Float64Array(count);
  for (let i = 0; i < csr.n; i++) {
    const c = labels[i]!;
    members[c]!.push(i);
    tot[c] = tot[c]! + csr.strength[i]!;
    papers[c] = papers[c]! + isPaper[i]!;
  }
  const small = (c: number): boolean => members[c]!.length < o.minSize || papers[c]! < o.minPapers;
  const order = [...members.keys()]
    .filter(small)
    .sort((a, b) => members[a]!.length - members[b]!.length || members[a]![0]! - members[b]![0]!);
  let merged = 0;
  const weightTo = new Map<number, number>();
  for (const c of order) {
    const list = members[c]!;
    if (list.length === 0 || !small(c)) continue; // absorbed, or grown by earlier merges
    weightTo.clear();
    for (const i of list) {
      for (let p = csr.starts[i]!; p < csr.starts[i + 1]!; p++) {
        const d = labels[csr.nbrs[p]!]!;
        if (d !== c) weightTo.set(d, (weightTo.get(d) ?? 0) + csr.weights[p]!);
      }
    }
    let bestD = -1;
    let bestGain = -Infinity;
    for (const [d, w] of weightTo) {
      const gain = w - (o.resolution * tot[c]! * tot[d]!) / csr.total;
      if (gain > bestGain + 1e-12 || (Math.abs(gain - bestGain) <= 1e-12 && d < bestD)) {
        bestGain = gain;
        bestD = d;
      }
    }
    if (bestD < 0) continue; // no neighbour: stays as it is, becomes minor below
    for (const i of list) labels[i] = bestD;
    members[bestD]!.push(...list);
    tot[bestD] = tot[bestD]! + tot[c]!;
    papers[bestD] = papers[bestD]! + papers[c]!;
    members[c] = [];
    merged++;
  }
  // Minor and isolated: negative labels; −2 − k where k is the rank by size desc, then smallest key.
  const minorIds: number[] = [];
  let isolated = 0;
  let minorNodes = 0;
  for (let c = 0; c < count; c++) {
    const list = members[c]!;
    if (list.length === 0) continue;
    if (list.length === 1 && csr.strength[list[0]!] === 0) {
      labels[list[0]!] = -1;
      isolated++;
    } else if (list.length < o.minSize || papers[c]! < o.minPapers) {
      minorIds.push(c);
      minorNodes += list.length;
    }
  }
  const first = (c: number) => members[c]!.reduce((k, i) => (csr.keys[i]! < k ? csr.keys[i]! : k), csr.keys[members[c]![0]!]!);
  minorIds.sort((a, b) => members[b]!.length - members[a]!.length || (first(a) < first(b) ? -1 : 1));
  minorIds.forEach((c, rank) => {
    for (const i of members[c]!) labels[i] = -2 - rank;
  });
  return { merged, minor: minorIds.length, minorNodes, isolated };
}

/**
 * Renumbers communities 0..K-1 by size (descending), ties by smallest member key; negative labels stay.
 * Returns K.
 */
export function renumber(csr: Csr, labels: Int32Array): number {
  const groups = new Map<number, { size: number; first: string }>();
  for (let i = 0; i < csr.n; i++) {
    const c = labels[i]!;
    if (c < 0) continue; // minor / isolated keep their negative ids
    const key = csr.keys[i]!;
    const g = groups.get(c);
    if (!g) groups.set(c, { size: 1, first: key });
    else {
      g.size++;
      if (key < g.first) g.first = key;
    }
  }
  const sorted = [...groups.entries()].sort(
    (a, b) => b[1].size - a[1].size || (a[1].first < b[1].first ? -1 : a[1].first > b[1].first ? 1 : 0),
  );
  const map = new Map(sorted.map(([c], rank) => [c, rank]));
  for (let i = 0; i < csr.n; i++) if (labels[i]! >= 0) labels[i] = map.get(labels[i]!)!;
  return sorted.length;
}

/**
 * Research lines inside research areas (`o.splitResolution`, see CommunityOptions). Each community of `labels` (an
 * area) is partitioned again on its own subgraph: Louvain from a seeded node order, then refinement, both at
 * `splitResolution` with the subgraph's own degrees as the null model — so an area is split only where its parts are
 * far more linked inside than to each other, whatever the rest of the graph looks like. An area too small to give two
 * communities of `minSize` nodes, or with fewer than `splitMinPapers` papers, stays whole. `labels` become the lines (0..L-1, by area, then part); returns each
 * line's area. Seeds are drawn in area order from `o.seed`: same input, same lines.
 */
export function splitAreas(csr: Csr, labels: Int32Array, isPaper: Uint8Array, o: CommunityOptions): Int32Array {
  const count = compact(labels);
  const first = new Int32Array(count + 1);
  const papers = new Int32Array(count);
  for (let i = 0; i < csr.n; i++) {
    first[labels[i]! + 1]!++;
    papers[labels[i]!] = papers[labels[i]!]! + isPaper[i]!;
  }
  for (let c = 0; c < count; c++) first[c + 1] = first[c + 1]! + first[c]!;
  const members = new Int32Array(csr.n);
  const cursor = first.slice(0, count);
  for (let i = 0; i < csr.n; i++) members[cursor[labels[i]!]!++] = i;

  // Its own stream, apart from the restarts' (which draw from `o.seed` itself).
  const master = createRng((o.seed ^ 0x5ab1e5) >>> 0);
  const split = { ...o, resolution: o.splitResolution };
  const local = new Int32Array(csr.n).fill(-1);
  const lines = new Int32Array(csr.n);
  const areaOf: number[] = [];
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  for (let c = 0; c < count; c++) {
    const orderSeed = Math.floor(master() * 2 ** 32);
    const louvainSeed = Math.floor(master() * 2 ** 32);
    const from = first[c]!;
    const size = first[c + 1]! - from;
    const line = areaOf.length;
    if (size < 2 * o.minSize || papers[c]! < o.splitMinPapers) {
      for (let m = from; m < from + size; m++) lines[members[m]!] = line;
      areaOf.push(c);
      continue;
    }
    // The area's induced subgraph, each edge once (from its lower local index).
    for (let q = 0; q < size; q++) local[members[from + q]!] = q;
    source.length = target.length = weight.length = 0;
    for (let q = 0; q < size; q++) {
      const i = members[from + q]!;
      if (csr.loops[i]! > 0) {
        source.push(q);
        target.push(q);
        weight.push(csr.loops[i]!);
      }
      for (let p = csr.starts[i]!; p < csr.starts[i + 1]!; p++) {
        if (local[csr.nbrs[p]!]! > q) {
          source.push(q);
          target.push(local[csr.nbrs[p]!]!);
          weight.push(csr.weights[p]!);
        }
      }
    }
    for (let q = 0; q < size; q++) local[members[from + q]!] = -1;
    const sub = csrFromArrays(Array.from({ length: size }, (_, q) => csr.keys[members[from + q]!]!), source, target, weight);
    const parts = new Int32Array(size);
    if (sub.total > 0) {
      parts.set(louvainOnce(sub, louvainGraph(sub, shuffled(size, createRng(orderSeed))), createRng(louvainSeed), split));
      if (o.refine) improvePartition(sub, parts, o.splitResolution);
    }
    const k = compact(parts);
    for (let q = 0; q < size; q++) lines[members[from + q]!] = line + parts[q]!;
    for (let q = 0; q < k; q++) areaOf.push(c);
  }
  labels.set(lines);
  return Int32Array.from(areaOf);
}

/**
 * The areas as `Community.parent` over the final communities (after small ones were settled and ids renumbered):
 * each community's parent is the area most of its nodes were split from (ties: the smaller area). Undefined when
 * no area holds two communities.
 */
export function areaParents(csr: Csr, labels: Int32Array, count: number, nodeArea: Int32Array): Int32Array | undefined {
  const votes = Array.from({ length: count }, () => new Map<number, number>());
  for (let i = 0; i < csr.n; i++) {
    const c = labels[i]!;
    if (c >= 0) votes[c]!.set(nodeArea[i]!, (votes[c]!.get(nodeArea[i]!) ?? 0) + 1);
  }
  const parents = Int32Array.from(votes, (v) => [...v].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0]);
  return rankParents(csr, labels, count, parents);
}

/**
 * A coarser level over the final communities (super-communities): refinement at half the resolution on
 * the community graph. Returns parent id per community (0..P-1, by total size), or undefined when the
 * coarser level does not group anything.
 */
export function parentLevel(csr: Csr, labels: Int32Array, count: number, resolution: number): Int32Array | undefined {
  if (count < 3) return undefined;
  const agg = aggregate(csr, labels, count);
  const parents = new Int32Array(count);
  for (let c = 0; c < count; c++) parents[c] = c;
  improvePartition(agg, parents, resolution / 2);
  return rankParents(csr, labels, count, parents);
}

/** Parent ids renumbered 0..P-1 by total size (nodes) desc, ties by smallest child id; undefined unless 1 < P < count. */
function rankParents(csr: Csr, labels: Int32Array, count: number, parents: Int32Array): Int32Array | undefined {
  const sizes = new Map<number, number>();
  const sizeOf = new Float64Array(count);
  for (let i = 0; i < csr.n; i++) if (labels[i]! >= 0) sizeOf[labels[i]!] = sizeOf[labels[i]!]! + 1;
  for (let c = 0; c < count; c++) sizes.set(parents[c]!, (sizes.get(parents[c]!) ?? 0) + sizeOf[c]!);
  if (sizes.size >= count || sizes.size <= 1) return undefined;
  // Children are already size-ordered.
  const firstChild = new Map<number, number>();
  for (let c = count - 1; c >= 0; c--) firstChild.set(parents[c]!, c);
  const ranked = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || firstChild.get(a)! - firstChild.get(b)!);
  const rank = new Map(ranked.map((p, r) => [p, r]));
  for (let c = 0; c < count; c++) parents[c] = rank.get(parents[c]!)!;
  return parents;
}
