// detectCommunities: partition → small-community merge → deterministic ids → colours on nodes → summaries.
import { communityColor } from '../palette.ts';
import type { CommunitiesReport, GraphView } from '../types.ts';
import { compact, modularity, type Csr } from './csr.ts';
import { autoRestarts, validateCommunityOptions, type CommunityOptions } from './options.ts';
import { areaParents, bestPartition, bestPartitionAsync, MIN_EDGES_FOR_THREADS, parentLevel, renumber, settleSmall, splitAreas, type RunStats } from './partition.ts';
import { prestartRestartThread } from './thread.ts';
import { cooccurrenceCsr, liftToBase, researchCsr } from './project.ts';
import { communityMap } from './map.ts';
import { summariseCommunities } from './summarise.ts';

export interface CommunityDetails {
  report: CommunitiesReport;
  /** Per-restart modularity before/after refinement (at the chosen resolution), for benchmarks. */
  stats: RunStats;
  /** Small communities merged into a neighbour; minor communities (negative ids ≤ −2) and their nodes. */
  merged: number;
  minor: number;
  minorNodes: number;
  /** Isolated nodes (community −1). */
  isolated: number;
  /** Final partition by node key. */
  communities: Record<string, number>;
}

/** Like detectCommunities, also returning the per-restart numbers and the partition. */
export function detectCommunitiesDetailed(graph: GraphView, options: Partial<CommunityOptions> = {}): CommunityDetails {
  const o = validateCommunityOptions(options);
  const { csr, index } = researchCsr(graph);
  const { target, lift } = partitioned(graph, csr, index, o);
  const run = bestPartition(target, o);
  return assign(graph, csr, lift(run.labels), run.stats, o).details();
}

/**
 * `detectCommunitiesDetailed` with the Louvain restarts spread over `threads` threads (see `bestPartitionAsync`):
 * the same communities, byte for byte.
 */
export async function detectCommunitiesDetailedAsync(graph: GraphView, options: Partial<CommunityOptions> = {}, threads = 1, minEdgesForThreads?: number): Promise<CommunityDetails> {
  return (await assignAsync(graph, options, threads, minEdgesForThreads)).details();
}

async function assignAsync(graph: GraphView, options: Partial<CommunityOptions>, threads: number, minEdgesForThreads?: number): Promise<Assigned> {
  const o = validateCommunityOptions(options);
  const { csr, index } = researchCsr(graph);
  const { target, lift } = partitioned(graph, csr, index, o);
  const run = await bestPartitionAsync(target, o, threads, minEdgesForThreads);
  return assign(graph, csr, lift(run.labels), run.stats, o);
}

/**
 * `detectCommunitiesAsync` in two steps: once this resolves, every node has its `community` and `color` and the graph
 * its `modularity`; `report()` then makes the summaries (the same report), from the communities and the edges only —
 * so the build makes them while the layout, which needs the communities too, runs its first ForceAtlas2 job on its
 * worker, rather than with that core idle at the end of the community stage.
 */
export async function assignCommunitiesAsync(graph: GraphView, options: Partial<CommunityOptions> = {}, threads = 1): Promise<{ count: number; report: () => CommunitiesReport }> {
  const { count, details } = await assignAsync(graph, options, threads);
  // The summaries' inputs (the graph's CSR, the labels: ~40 MB on ACL) go once the report is made.
  let summarise: (() => CommunityDetails) | undefined = details;
  return {
    count,
    report: () => {
      if (!summarise) throw new Error('assignCommunitiesAsync: report() was called twice');
      const { report } = summarise();
      summarise = undefined;
      return report;
    },
  };
}

/** What Louvain partitions (the graph's CSR, or its co-occurrence projection) and how its labels map back. */
function partitioned(graph: GraphView, csr: Csr, index: Map<string, number>, o: CommunityOptions): { target: Csr; lift: (labels: Int32Array) => Int32Array } {
  if (o.projection !== 'cooccurrence') return { target: csr, lift: (labels) => labels };
  const projected = cooccurrenceCsr(graph, csr, index);
  return {
    target: projected.csr,
    lift: (run) => {
      const labels = liftToBase(csr, run, projected.toBase);
      // Nodes the projection could not reach start alone; settleSmall then attaches or marks them.
      let next = csr.n;
      for (let i = 0; i < csr.n; i++) if (labels[i]! < 0) labels[i] = next++;
      compact(labels);
      return labels;
    },
  };
}

/** Communities on the nodes, and the summaries and report still to be made from them. */
interface Assigned {
  /** Communities (ids 0 .. count − 1; minor ones and isolated nodes are not counted). */
  count: number;
  /** Summarises the communities: reads the nodes' communities and the graph's edges, not its positions. */
  details: () => CommunityDetails;
}

/**
 * From the partition of the graph's CSR: small communities settled, ids, `community` and `color` on every node,
 * modularity; the summaries are made when `details` is called.
 */
function assign(graph: GraphView, csr: Csr, labels: Int32Array, stats: RunStats, o: CommunityOptions): Assigned {
  const isPaper = new Uint8Array(csr.n);
  let at = 0; // forEachNode visits the nodes in the CSR's (`nodes()`) order
  graph.forEachNode((_key, attrs) => {
    isPaper[at++] = attrs.type === 'paper' ? 1 : 0;
  });
  // Lines split inside areas (before small ones are settled: a fragment joins its best neighbour, in its area or not).
  let nodeArea: Int32Array | undefined;
  if (o.splitResolution > 0) {
    const areas = splitAreas(csr, labels, isPaper, o);
    nodeArea = Int32Array.from(labels, (line) => areas[line]!);
  }
  const { merged, minor, minorNodes, isolated } = settleSmall(csr, labels, isPaper, o);
  const count = renumber(csr, labels);
  const parents = o.hierarchy ? ((nodeArea && areaParents(csr, labels, count, nodeArea)) ?? parentLevel(csr, labels, count, o.resolution)) : undefined;

  for (let i = 0; i < csr.n; i++) {
    const c = labels[i]!;
    graph.mergeNodeAttributes(csr.keys[i]!, { community: c, color: communityColor(c) });
  }
  // Standard (γ = 1) modularity of what is written on the nodes (−1 holds only isolated nodes, which
  // add nothing): the number igraph gives for the exported graph's `community` attribute.
  const q = Math.round(modularity(csr, labels, 1) * 1e6) / 1e6;
  graph.setAttribute('modularity', q);

  const details = (): CommunityDetails => {
    const summaries = summariseCommunities(graph, count, parents, {
      topEntities: o.topEntities,
      topPapers: o.topPapers,
      topNeighbours: o.topNeighbours,
      labelTerms: 3,
      labelTopics: 2,
    });
    const map = communityMap(csr, labels, count, {}, parents);
    summaries.forEach((c, i) => {
      c.x = map.x[i]!;
      c.y = map.y[i]!;
    });
    const split = o.splitResolution > 0 ? { splitMinPapers: o.splitMinPapers } : {};
    const report: CommunitiesReport = { seed: o.seed, resolution: o.resolution, splitResolution: o.splitResolution, ...split, modularity: q, communities: summaries };
    if (minorNodes + isolated > 0) report.unassigned = minorNodes + isolated;
    if (minor > 0) report.minor = { communities: minor, nodes: minorNodes };
    const communities: Record<string, number> = {};
    for (let i = 0; i < csr.n; i++) communities[csr.keys[i]!] = labels[i]!;
    return { report, stats, merged, minor, minorNodes, isolated, communities };
  };
  return { count, details };
}

/**
 * Finds research communities, writes `community` and `color` on every node and the graph's
 * `modularity`, and returns the report (communities.json). Same graph + options → same output.
 */
export function detectCommunities(graph: GraphView, options: Partial<CommunityOptions> = {}): CommunitiesReport {
  return detectCommunitiesDetailed(graph, options).report;
}

/**
 * Starts the restart worker `detectCommunitiesAsync` or `assignCommunitiesAsync(graph, options, threads)` will take,
 * ahead of it (its start-up, ~0.3–0.4 s of CPU, then runs while the caller finishes the stage before). Whether it will
 * use one is guessed from the graph's size, as `bestPartitionAsync` decides from its CSR's; a worker it does not take is ended.
 */
export function prestartCommunityThreads(graph: GraphView, options: Partial<CommunityOptions> = {}, threads = 1): void {
  const o = validateCommunityOptions(options);
  const restarts = o.restarts > 0 ? o.restarts : autoRestarts(graph.order);
  if (threads > 1 && restarts > 1 && graph.size >= MIN_EDGES_FOR_THREADS) prestartRestartThread();
}

/** `detectCommunities` with the Louvain restarts of a big graph on `threads` threads (this one included); same output. */
export async function detectCommunitiesAsync(graph: GraphView, options: Partial<CommunityOptions> = {}, threads = 1): Promise<CommunitiesReport> {
  return (await detectCommunitiesDetailedAsync(graph, options, threads)).report;
}
