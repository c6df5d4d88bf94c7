// Refinement pass after graphology's Louvain: moves that only ever raise modularity, deterministic order.
// Louvain stops in a local optimum where whole groups of nodes would have to move together; this pass
// (1) re-runs single-node moves on the base graph, (2) splits each community into well-connected
// sub-communities and lets those move between communities on the aggregate graph (the Leiden idea,
// Traag et al. 2019), recursively, until nothing moves. Starting from Louvain's partition it can only
// go up: every accepted move has a strictly positive modularity gain.
import { aggregate, compact, type Csr } from './csr.ts';

const EPSILON = 1e-12;

/** Candidate-community scratch space reused across nodes (sparse map over community ids). */
class Scratch {
  readonly weightTo: Float64Array;
  readonly seen: Int32Array;
  readonly list: Int32Array;
  size = 0;
  constructor(n: number) {
    this.weightTo = new Float64Array(n);
    this.seen = new Int32Array(n).fill(-1);
    this.list = new Int32Array(n);
  }
  reset(stamp: number): void {
    this.size = 0;
    this.stamp = stamp;
  }
  stamp = 0;
  add(c: number, w: number): void {
    if (this.seen[c] !== this.stamp) {
      this.seen[c] = this.stamp;
      this.weightTo[c] = 0;
      this.list[this.size++] = c;
    }
    this.weightTo[c] = this.weightTo[c]! + w;
  }
  get(c: number): number {
    return this.seen[c] === this.stamp ? this.weightTo[c]! : 0;
  }
}

/**
 * Single-node local moves until no node can improve modularity (queue of nodes to revisit, as in
 * Leiden's fast local moving). `labels` holds ids in 0..n-1 and is updated in place.
 * With `parent`, a node may only join communities whose members share its parent (refinement mode),
 * and only nodes still alone in their community move (so sub-communities stay connected).
 * Returns the number of moves made.
 */
export function localMoves(
  csr: Csr,
  labels: Int32Array,
  resolution: number,
  parent?: Int32Array,
): number {
  const { n, starts, nbrs, weights, strength, total } = csr;
  if (total === 0 || n === 0) return 0;
  const tot = new Float64Array(n);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    tot[labels[i]!] = tot[labels[i]!]! + strength[i]!;
    members[labels[i]!] = members[labels[i]!]! + 1;
  }
  // Free ids, so a node can always leave for an empty community when that is best.
  const free: number[] = [];
  for (let c = n - 1; c >= 0; c--) if (members[c] === 0) free.push(c);

  const queue = new Int32Array(n);
  const queued = new Uint8Array(n);
  let head = 0;
  let size = n;
  for (let i = 0; i < n; i++) {
    queue[i] = i;
    queued[i] = 1;
  }
  const scratch = new Scratch(n);
  let moves = 0;
  let stamp = 0;
  while (size > 0) {
    const i = queue[head]!;
    head = (head + 1) % n;
    size--;
    queued[i] = 0;
    const own = labels[i]!;
    if (parent && members[own]! > 1) continue;
    const ki = strength[i]!;
    scratch.reset(++stamp);
    for (let p = starts[i]!; p < starts[i + 1]!; p++) {
      const j = nbrs[p]!;
      if (parent && parent[j] !== parent[i]) continue;
      scratch.add(labels[j]!, weights[p]!);
    }
    // Gains are relative to i standing alone: w_ic − γ·k_i·tot_c / 2m (tot_c without i).
    const totOwn = tot[own]! - ki;
    let bestC = own;
    let bestGain = scratch.get(own) - (resolution * ki * totOwn) / total;
    for (let s = 0; s < scratch.size; s++) {
      const c = scratch.list[s]!;
      if (c === own) continue;
      const gain = scratch.weightTo[c]! - (resolution * ki * tot[c]!) / total;
      if (gain > bestGain + EPSILON || (Math.abs(gain - bestGain) <= EPSILON && bestC !== own && c < bestC)) {
        bestGain = gain;
        bestC = c;
      }
    }
    if (bestGain < -EPSILON && members[own]! > 1 && free.length > 0 && !parent) {
      bestC = free.pop()!; // alone beats every neighbour community
    }
    if (bestC === own) continue;
    tot[own] = totOwn;
    members[own] = members[own]! - 1;
    if (members[own] === 0) free.push(own);
    tot[bestC] = tot[bestC]! + ki;
    members[bestC] = members[bestC]! + 1;
    labels[i] = bestC;
    moves++;
    for (let p = starts[i]!; p < starts[i + 1]!; p++) {
      const j = nbrs[p]!;
      if (labels[j] !== bestC && !queued[j]) {
        queued[j] = 1;
        queue[(head + size) % n] = j;
        size++;
      }
    }
  }
  return moves;
}

/** Sub-communities of `labels`: every node starts alone and may only merge within its community. */
export function refinePartition(csr: Csr, labels: Int32Array, resolution: number): Int32Array {
  const sub = new Int32Array(csr.n);
  for (let i = 0; i < csr.n; i++) sub[i] = i;
  localMoves(csr, sub, resolution, labels);
  return sub;
}

/**
 * One level of the refinement: node moves, then split into sub-communities, aggregate them and repeat
 * on the smaller graph with the current communities as the starting point. Updates `labels` in place.
 */
export function improvePartition(csr: Csr, labels: Int32Array, resolution: number, maxLevels = 32): void {
  compact(labels);
  localMoves(csr, labels, resolution);
  const count = compact(labels);
  if (maxLevels <= 0 || count === csr.n) return;
  const sub = refinePartition(csr, labels, resolution);
  const subCount = compact(sub);
  // Nothing to aggregate (every node alone): the partition is node-level optimal already.
  if (subCount === csr.n) return;
  const agg = aggregate(csr, sub, subCount);
  const aggLabels = new Int32Array(subCount);
  for (let i = 0; i < csr.n; i++) aggLabels[sub[i]!] = labels[i]!;
  improvePartition(agg, aggLabels, resolution, maxLevels - 1);
  for (let i = 0; i < csr.n; i++) labels[i] = aggLabels[sub[i]!]!;
  compact(labels);
}
