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
  const n = keys.length;
  const loops = new Float64Array(n);
  const src: number[] = [];
  const dst: number[] = [];
  const wts: number[] = [];
  const count = new Int32Array(n + 1);
  for (const { source, target, weight } of edges) {
    if (!(weight > 0)) continue;
    if (source === target) {
      loops[source] = loops[source]! + weight;
      continue;
    }
    src.push(source);
    dst.push(target);
    wts.push(weight);
    count[source + 1]!++;
    count[target + 1]!++;
  }
  // Both directions of every edge, grouped by node (duplicates still apart).
  for (let i = 0; i < n; i++) count[i + 1] = count[i + 1]! + count[i]!;
  const rawN = new Int32Array(count[n]!);
  const rawW = new Float64Array(count[n]!);
  const cursor = count.slice(0, n);
  for (let e = 0; e < src.length; e++) {
    const a = src[e]!;
    const b = dst[e]!;
    rawN[cursor[a]!] = b;
    rawW[cursor[a]!++] = wts[e]!;
    rawN[cursor[b]!] = a;
    rawW[cursor[b]!++] = wts[e]!;
  }
  // Sort each node's neighbours and sum duplicates (A→B plus B→A, or the same pair twice).
  const starts = new Int32Array(n + 1);
  const nbrs = new Int32Array(count[n]!);
  const weights = new Float64Array(count[n]!);
  const strength = new Float64Array(n);
  let total = 0;
  let p = 0;
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    starts[i] = p;
    order.length = 0;
    for (let q = count[i]!; q < count[i + 1]!; q++) order.push(q);
    order.sort((x, y) => rawN[x]! - rawN[y]!);
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

/** Collapses each group of `labels` (compacted, 0..C-1) into one node; internal weight becomes a self-loop. */
export function aggregate(csr: Csr, labels: Int32Array, count: number): Csr {
  const keys = Array.from({ length: count }, (_, c) => String(c));
  const edges: WeightedEdge[] = [];
  for (let i = 0; i < csr.n; i++) {
    const ci = labels[i]!;
    if (csr.loops[i]! > 0) edges.push({ source: ci, target: ci, weight: csr.loops[i]! });
    for (let p = csr.starts[i]!; p < csr.starts[i + 1]!; p++) {
      const j = csr.nbrs[p]!;
      if (j < i) continue; // each undirected edge once
      const cj = labels[j]!;
      edges.push({ source: ci, target: cj, weight: csr.weights[p]! });
    }
  }
  return csrFromEdges(keys, edges);
}
