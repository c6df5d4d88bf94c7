// Compact undirected weighted adjacency (CSR) of the graph communities run on, and modularity over it.
// Louvain, the refinement pass and the reported modularity all read this one structure, so the number
// we print is computed exactly the way igraph computes it on the exported GraphML (undirected, summed weights).

export interface Csr {
  /** Node count. */
  n: number;
  /** Node keys, index → key (the order the graph iterates its nodes in). */
  keys: string[];
  /** Neighbours of node i are `nbrs[starts[i] .. starts[i+1])`, weights alongside. */
  starts: Int32Array;
  nbrs: Int32Array;
  weights: Float64Array;
  /** Self-loop weight of node i (0 on the base graph; internal weight on an aggregate). */
  loops: Float64Array;
  /** Weighted degree k_i (a self-loop counts twice, as in igraph). */
  strength: Float64Array;
  /** 2m: sum of all strengths. */
  total: number;
}

/** One undirected edge as read from the source graph; parallel edges and both directions are summed. */
export interface WeightedEdge {
  source: number;
  target: number;
  weight: number;
}

/** Builds a CSR from n nodes and a list of edges (duplicates summed, neighbour lists sorted by index). */
export function csrFromEdges(keys: string[], edges: Iterable<WeightedEdge>): Csr {
  const src: number[] = [];
  const dst: number[] = [];
  const wts: number[] = [];
  for (const { source, target, weight } of edges) {
    src.push(source);
    dst.push(target);
    wts.push(weight);
  }
  return csrFromArrays(keys, src, dst, wts);
}

/** `csrFromEdges` over parallel arrays: edge e joins `source[e]` and `target[e]` with `weight[e]`. */
export function csrFromArrays(keys: string[], source: ArrayLike<number>, target: ArrayLike<number>, weight: ArrayLike<number>): Csr {
  const n = keys.length;
  const loops = new Float64Array(n);
  const count = new Int32Array(n + 1);
  // Edges kept (positive weight, not a self-loop), in order.
  const kept = new Int32Array(source.length);
  let m = 0;
  for (let e = 0; e < source.length; e++) {
    const s = source[e]!;
    const t = target[e]!;
    const w = weight[e]!;
    if (!(w > 0)) continue;
    if (s === t) {
      loops[s] = loops[s]! + w;
      continue;
    }
    kept[m++] = e;
    count[s + 1]!++;
    count[t + 1]!++;
  }
  // Both directions of every edge, grouped by node (duplicates still apart).
  for (let i = 0; i < n; i++) count[i + 1] = count[i + 1]! + count[i]!;
  const rawN = new Int32Array(count[n]!);
  const rawW = new Float64Array(count[n]!);
  const cursor = count.slice(0, n);
  for (let k = 0; k < m; k++) {
    const e = kept[k]!;
    const a = source[e]!;
    const b = target[e]!;
    const w = weight[e]!;
    rawN[cursor[a]!] = b;
    rawW[cursor[a]!++] = w;
    rawN[cursor[b]!] = a;
    rawW[cursor[b]!++] = w;
  }
  // Sort each node's neighbours and sum duplicates (A→B plus B→A, or the same pair twice).
  const starts = new Int32Array(n + 1);
  const nbrs = new Int32Array(count[n]!);
  const weights = new Float64Array(count[n]!);
  const strength = new Float64Array(n);
  let total = 0;
  let p = 0;
  // Each node's entries ordered by (neighbour, position): a stable sort by neighbour, as one numeric key per entry
  // sorted by the typed array's own sort (no comparator call per pair: ~2 s on a 1M-entry graph).
  let maxDegree = 0;
  for (let i = 0; i < n; i++) maxDegree = Math.max(maxDegree, count[i + 1]! - count[i]!);
  const span = 2 ** Math.max(1, Math.ceil(Math.log2(maxDegree + 1)));
  const keyed = n * span < 2 ** 53;
  const sortKeys = new Float64Array(keyed ? maxDegree : 0);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    starts[i] = p;
    order.length = 0;
    const from = count[i]!;
    const degree = count[i + 1]! - from;
    if (keyed) {
      for (let q = 0; q < degree; q++) sortKeys[q] = rawN[from + q]! * span + q;
      const sorted = sortKeys.subarray(0, degree).sort();
      for (let q = 0; q < degree; q++) order.push(from + (sorted[q]! % span));
    } else {
      for (let q = from; q < from + degree; q++) order.push(q);
      order.sort((x, y) => rawN[x]! - rawN[y]!);
    }
    let k = 2 * loops[i]!;
    for (const q of order) {
      const j = rawN[q]!;
      const w = rawW[q]!;
      if (p > starts[i]! && nbrs[p - 1] === j) weights[p - 1] = weights[p - 1]! + w;
      else {
        nbrs[p] = j;
        weights[p] = w;
        p++;
      }
      k += w;
    }
    strength[i] = k;
    total += k;
  }
  starts[n] = p;
  return { n, keys, starts, nbrs: nbrs.slice(0, p), weights: weights.slice(0, p), loops, strength, total };
}

/**
 * Newman–Girvan modularity with resolution γ: Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ],
 * in_c counting each internal edge twice (self-loops twice, like igraph). Labels < 0 form one group.
 */
export function modularity(csr: Csr, labels: ArrayLike<number>, resolution = 1): number {
  if (csr.total === 0) return 0;
  const inW = new Map<number, number>();
  const tot = new Map<number, number>();
  for (let i = 0; i < csr.n; i++) {
    const c = labels[i]!;
    tot.set(c, (tot.get(c) ?? 0) + csr.strength[i]!);
    let inside = 2 * csr.loops[i]!;
    for (let p = csr.starts[i]!; p < csr.starts[i + 1]!; p++) {
      if (labels[csr.nbrs[p]!] === c) inside += csr.weights[p]!;
    }
    inW.set(c, (inW.get(c) ?? 0) + inside);
  }
  const m2 = csr.total;
  let q = 0;
  for (const [c, t] of tot) q += (inW.get(c) ?? 0) / m2 - resolution * (t / m2) * (t / m2);
  return q;
}

/** Renumbers labels to 0..C-1 in order of first appearance; returns the count. */
export function compact(labels: Int32Array): number {
  const map = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    let d = map.get(c);
    if (d === undefined) {
      d = map.size;
      map.set(c, d);
    }
    labels[i] = d;
  }
  return map.size;
}

/**
 * Collapses each group of `labels` (0..C-1; nodes with a negative label are left out) into one node; internal weight
 * becomes a self-loop. Each group's neighbour weights are summed in a scratch array while its members are read —
 * Louvain's own aggregation, no edge list to sort (on ACL's million edges the list and its sort were most of the
 * refinement's time).
 */
export function aggregate(csr: Csr, labels: Int32Array, count: number): Csr {
  const keys = Array.from({ length: count }, (_, c) => String(c));
  // Members grouped by label.
  const first = new Int32Array(count + 1);
  for (let i = 0; i < csr.n; i++) if (labels[i]! >= 0) first[labels[i]! + 1]!++;
  for (let c = 0; c < count; c++) first[c + 1] = first[c + 1]! + first[c]!;
  const members = new Int32Array(first[count]!);
  const cursor = first.slice(0, count);
  for (let i = 0; i < csr.n; i++) if (labels[i]! >= 0) members[cursor[labels[i]!]!++] = i;

  const starts = new Int32Array(count + 1);
  let nbrs = new Int32Array(Math.max(16, Math.min(csr.nbrs.length, 4 * count)));
  let weights = new Float64Array(nbrs.length);
  const loops = new Float64Array(count);
  const strength = new Float64Array(count);
  const sum = new Float64Array(count);
  const seen = new Int32Array(count).fill(-1);
  const touched = new Int32Array(count);
  let total = 0;
  let p = 0;
  for (let c = 0; c < count; c++) {
    starts[c] = p;
    let size = 0;
    let inside = 0; // internal edges, each seen from both ends
    let loop = 0;
    for (let m = first[c]!; m < first[c + 1]!; m++) {
      const i = members[m]!;
      loop += csr.loops[i]!;
      for (let q = csr.starts[i]!; q < csr.starts[i + 1]!; q++) {
        const d = labels[csr.nbrs[q]!]!;
        if (d < 0) continue;
        const w = csr.weights[q]!;
        if (d === c) {
          inside += w;
          continue;
        }
        if (seen[d] !== c) {
          seen[d] = c;
          sum[d] = 0;
          touched[size++] = d;
        }
        sum[d] = sum[d]! + w;
      }
    }
    loops[c] = loop + inside / 2;
    const list = touched.subarray(0, size).sort();
    if (p + size > nbrs.length) {
      const grown = Math.max(2 * nbrs.length, p + size);
      const n2 = new Int32Array(grown);
      n2.set(nbrs.subarray(0, p));
      const w2 = new Float64Array(grown);
      w2.set(weights.subarray(0, p));
      nbrs = n2;
      weights = w2;
    }
    let k = 2 * loops[c]!;
    for (const d of list) {
      nbrs[p] = d;
      weights[p++] = sum[d]!;
      k += sum[d]!;
    }
    strength[c] = k;
    total += k;
  }
  starts[count] = p;
  return { n: count, keys, starts, nbrs: nbrs.slice(0, p), weights: weights.slice(0, p), loops, strength, total };
}

/**
 * The CSR as graphology-communities-louvain reads a graphology `UndirectedGraph` whose nodes `String(i)` were added
 * in `order` and whose edges were then added node by node in that order, each pair {i, j} once from i when j > i,
 * with a `weight` attribute — the same node and edge sequences, so the same partition, without a graphology graph
 * (≈ 400 bytes per edge: 1.5 GB for the 4M edges of a 470k-paper corpus). Louvain builds its own index from
 * `forEachNode`, `undirectedDegreeWithoutSelfLoops` and `forEachEdge` and reads nothing else; the rest is what
 * graphology-utils checks to accept a graph. Self-loops (`loops`) are left out, as that graphology graph had none.
 */
export interface LouvainGraph {
  readonly type: 'undirected';
  readonly multi: false;
  readonly order: number;
  readonly size: number;
  readonly selfLoopCount: 0;
  forEachNode(callback: (node: string, attributes: Record<string, never>) => void): void;
  undirectedDegreeWithoutSelfLoops(node: string): number;
  forEachEdge(callback: (edge: string, attributes: { weight: number }, source: string, target: string, sa: object, ta: object, undirected: boolean) => void): void;
  addUndirectedEdgeWithKey(): never;
  dropNode(): never;
}

export function louvainGraph(csr: Csr, order: Int32Array): LouvainGraph {
  const { starts, nbrs, weights } = csr;
  const names = Array.from({ length: csr.n }, (_, i) => String(i));
  const readOnly = (): never => {
    throw new Error('louvainGraph: a read-only view of a CSR');
  };
  const none = {};
  return {
    type: 'undirected',
    multi: false,
    order: csr.n,
    size: nbrs.length / 2,
    selfLoopCount: 0,
    forEachNode(callback) {
      for (const i of order) callback(names[i]!, none as Record<string, never>);
    },
    undirectedDegreeWithoutSelfLoops(node) {
      const i = Number(node);
      return starts[i + 1]! - starts[i]!;
    },
    forEachEdge(callback) {
      // One attributes object, refilled: Louvain reads the weight off it at once.
      const attributes = { weight: 0 };
      for (const i of order) {
        for (let p = starts[i]!; p < starts[i + 1]!; p++) {
          const j = nbrs[p]!;
          if (j <= i) continue;
          attributes.weight = weights[p]!;
          callback('', attributes, names[i]!, names[j]!, none, none, true);
        }
      }
    },
    addUndirectedEdgeWithKey: readOnly,
    dropNode: readOnly,
  };
}
