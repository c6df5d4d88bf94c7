// The graphs communities are computed on: the research graph as undirected CSR, or its entity co-occurrence
// projection (see `CommunityProjection` in options.ts for why the bipartite graph is the default).
import type { GraphView } from '../types.ts';
import { isEntityType } from '../../ingest/types.ts';
import { CompactGraph } from '../compact.ts';
import { csrFromArrays, csrFromEdges, type Csr, type WeightedEdge } from './csr.ts';

/** Edge weight as communities read it: the `weight` attribute when positive and finite, else 1. */
export function edgeWeight(attrs: { weight?: unknown }): number {
  return weightOf(attrs.weight);
}
const weightOf = (w: unknown): number => (typeof w === 'number' && Number.isFinite(w) && w > 0 ? w : 1);

/**
 * Every edge of the graph as node-index arrays (indices in `nodes()` order) with the weight communities read, in the
 * graph's edge order: the build's compact graph hands over its own arrays, any other view is read once.
 */
export function edgeList(graph: GraphView): { keys: string[]; source: ArrayLike<number>; target: ArrayLike<number>; weight: Float64Array } {
  const keys = graph.nodes();
  if (graph instanceof CompactGraph) {
    // The build's graph: its edge arrays as they are, no key or attribute object per edge.
    const { source, target, weight } = graph.edgeArrays();
    return { keys, source, target, weight: Float64Array.from(weight, weightOf) };
  }
  const index = new Map(keys.map((k, i) => [k, i]));
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  graph.forEachEdge((_e, attrs, s, t) => {
    source.push(index.get(s)!);
    target.push(index.get(t)!);
    weight.push(edgeWeight(attrs));
  });
  return { keys, source, target, weight: Float64Array.from(weight) };
}

/** The whole graph, undirected, parallel edges summed: exactly what igraph sees in graph.graphml. */
export function researchCsr(graph: GraphView): { csr: Csr; index: Map<string, number> } {
  const { keys, source, target, weight } = edgeList(graph);
  return { csr: csrFromArrays(keys, source, target, weight), index: new Map(keys.map((k, i) => [k, i])) };
}

/**
 * Entity co-occurrence projection: entities a and b are linked with Σ over papers citing both of
 * w_pa·w_pb / (d_p − 1), d_p the paper's entity count (Newman 2001's collaboration weighting).
 * Returns the projection's CSR and, for each projection node, its index in `base`.
 */
export function cooccurrenceCsr(graph: GraphView, base: Csr, index: Map<string, number>): { csr: Csr; toBase: Int32Array } {
  const entityIndex = new Map<number, number>();
  const toBaseList: number[] = [];
  graph.forEachNode((key, attrs) => {
    if (attrs.type !== 'topic' && !isEntityType(attrs.type)) return;
    entityIndex.set(index.get(key)!, toBaseList.length);
    toBaseList.push(index.get(key)!);
  });
  const pairs = new Map<number, number>();
  const m = toBaseList.length;
  graph.forEachNode((key, attrs) => {
    if (attrs.type !== 'paper') return;
    const linked: { e: number; w: number }[] = [];
    graph.forEachOutEdge(key, (_edge, edge, _s, target) => {
      const e = entityIndex.get(index.get(target)!);
      if (e !== undefined) linked.push({ e, w: edgeWeight(edge) });
    });
    if (linked.length < 2) return;
    const scale = 1 / (linked.length - 1);
    for (let a = 0; a < linked.length; a++) {
      for (let b = a + 1; b < linked.length; b++) {
        const x = linked[a]!;
        const y = linked[b]!;
        const lo = Math.min(x.e, y.e);
        const hi = Math.max(x.e, y.e);
        const id = lo * m + hi;
        pairs.set(id, (pairs.get(id) ?? 0) + x.w * y.w * scale);
      }
    }
  });
  const edges: WeightedEdge[] = [];
  for (const [id, weight] of pairs) edges.push({ source: Math.floor(id / m), target: id % m, weight });
  const keys = toBaseList.map((i) => base.keys[i]!);
  return { csr: csrFromEdges(keys, edges), toBase: Int32Array.from(toBaseList) };
}

/**
 * Lifts an entity partition back to the whole graph: every other node joins the community holding
 * most of its edge weight among already-labelled neighbours (papers first, then repositories via
 * their papers); nodes with no labelled neighbour keep −1.
 */
export function liftToBase(base: Csr, projLabels: Int32Array, toBase: Int32Array): Int32Array {
  const labels = new Int32Array(base.n).fill(-1);
  for (let p = 0; p < toBase.length; p++) labels[toBase[p]!] = projLabels[p]!;
  // Two sweeps: papers (neighbours of entities), then nodes only reachable through papers.
  for (let sweep = 0; sweep < 2; sweep++) {
    const next = labels.slice();
    for (let i = 0; i < base.n; i++) {
      if (labels[i]! >= 0) continue;
      const weightTo = new Map<number, number>();
      for (let q = base.starts[i]!; q < base.starts[i + 1]!; q++) {
        const c = labels[base.nbrs[q]!]!;
        if (c >= 0) weightTo.set(c, (weightTo.get(c) ?? 0) + base.weights[q]!);
      }
      let best = -1;
      let bestW = 0;
      for (const [c, w] of weightTo) if (w > bestW || (w === bestW && c < best)) [best, bestW] = [c, w];
      next[i] = best;
    }
    labels.set(next);
  }
  return labels;
}
