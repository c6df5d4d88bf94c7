// k nearest neighbours by cosine over sparse tf-idf rows, in near-linear time and memory: candidates come only
// through each paper's highest-weighted terms, and each term reads only its highest-weighted postings (an
// impact-ordered, pruned inverted index), so no pair of papers is compared unless they share a telling term.
// Candidates are then scored exactly. Deterministic: ties go to the lower paper index.

/** Unit-length sparse rows: row i holds terms[starts[i] .. starts[i+1]) with weights, sorted by weight desc. */
export interface SparseRows {
  n: number;
  /** Number of distinct terms (term ids are 0 .. terms-1). */
  terms: number;
  starts: Int32Array;
  term: Int32Array;
  weight: Float64Array;
}

export interface KnnOptions {
  k: number;
  minSimilarity: number;
  probeTerms: number;
  maxPostings: number;
  /** Candidates scored exactly per query (the best by the partial score). */
  candidates: number;
}

/** Builds unit-length rows from per-row (term, weight) lists; zero rows stay empty. */
export function sparseRows(rows: readonly { term: number[]; weight: number[] }[], terms: number): SparseRows {
  const n = rows.length;
  const starts = new Int32Array(n + 1);
  let total = 0;
  for (const r of rows) total += r.term.length;
  const term = new Int32Array(total);
  const weight = new Float64Array(total);
  let at = 0;
  const order: number[] = [];
  rows.forEach((r, i) => {
    order.length = 0;
    let norm = 0;
    for (let k = 0; k < r.term.length; k++) {
      if (r.weight[k]! > 0) {
        order.push(k);
        norm += r.weight[k]! * r.weight[k]!;
      }
    }
    norm = Math.sqrt(norm);
    order.sort((a, b) => r.weight[b]! - r.weight[a]! || r.term[a]! - r.term[b]!);
    for (const k of order) {
      term[at] = r.term[k]!;
      weight[at++] = r.weight[k]! / norm;
    }
    starts[i + 1] = at;
  });
  return { n, terms, starts, term: term.subarray(0, at), weight: weight.subarray(0, at) };
}

/**
 * The pruned inverted index: per term, its `maxPostings` highest-weighted rows (ties: lower row first).
 * Only terms some row probes with need postings, but every row's terms are indexed so any row can be found.
 */
function invertedIndex(rows: SparseRows, maxPostings: number): { starts: Int32Array; row: Int32Array; weight: Float64Array } {
  const count = new Int32Array(rows.terms + 1);
  for (let q = 0; q < rows.term.length; q++) count[rows.term[q]! + 1]!++;
  for (let t = 0; t < rows.terms; t++) count[t + 1] = count[t + 1]! + count[t]!;
  const all = new Int32Array(rows.term.length);
  const cursor = count.slice(0, rows.terms);
  for (let i = 0; i < rows.n; i++) {
    for (let q = rows.starts[i]!; q < rows.starts[i + 1]!; q++) all[cursor[rows.term[q]!]!++] = q;
  }
  // Keep the best `maxPostings` per term.
  const starts = new Int32Array(rows.terms + 1);
  let kept = 0;
  for (let t = 0; t < rows.terms; t++) kept += Math.min(maxPostings, count[t + 1]! - count[t]!);
  const row = new Int32Array(kept);
  const weight = new Float64Array(kept);
  const rowOf = new Int32Array(rows.term.length);
  for (let i = 0; i < rows.n; i++) for (let q = rows.starts[i]!; q < rows.starts[i + 1]!; q++) rowOf[q] = i;
  let at = 0;
  for (let t = 0; t < rows.terms; t++) {
    starts[t] = at;
    const list = Array.from(all.subarray(count[t]!, count[t + 1]!));
    if (list.length > maxPostings) {
      list.sort((a, b) => rows.weight[b]! - rows.weight[a]! || rowOf[a]! - rowOf[b]!);
      list.length = maxPostings;
    }
    for (const q of list) {
      row[at] = rowOf[q]!;
      weight[at++] = rows.weight[q]!;
    }
  }
  starts[rows.terms] = at;
  return { starts, row, weight };
}

/**
 * The `c` best of `items` by `score` (ties: lower index first), best first — a bounded min-heap, O(n log c),
 * since a probe touches thousands of rows and only a few dozen are scored exactly.
 */
export function topByScore(items: readonly number[], score: Float64Array, c: number): number[] {
  const heap: number[] = [];
  // Heap order: the worst kept item on top (lower score, or equal score and higher index).
  const worse = (a: number, b: number): boolean => score[a]! < score[b]! || (score[a] === score[b] && a > b);
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const x of items) {
    if (heap.length < c) {
      heap.push(x);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (c > 0 && worse(heap[0]!, x)) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort((a, b) => score[b]! - score[a]! || a - b);
}

/**
 * Each row's nearest neighbours (cosine ≥ `minSimilarity`, at most `k`), for the rows in `queries` (all by default).
 * Returns, per query row, neighbour indices and scores, best first.
 */
export function nearestNeighbours(rows: SparseRows, o: KnnOptions, queries?: readonly number[]): { row: number; neighbours: Int32Array; scores: Float64Array }[] {
  const index = invertedIndex(rows, o.maxPostings);
  const acc = new Float64Array(rows.n);
  const seen = new Uint8Array(rows.n);
  const touched: number[] = [];
  const dense = new Float64Array(rows.terms);
  const out: { row: number; neighbours: Int32Array; scores: Float64Array }[] = [];
  const list = queries ?? Array.from({ length: rows.n }, (_, i) => i);
  for (const i of list) {
    const a = rows.starts[i]!;
    const b = rows.starts[i + 1]!;
    if (a === b || o.k === 0) {
      out.push({ row: i, neighbours: new Int32Array(0), scores: new Float64Array(0) });
      continue;
    }
    // Partial scores through the probe terms.
    for (let q = a; q < Math.min(b, a + o.probeTerms); q++) {
      const t = rows.term[q]!;
      const w = rows.weight[q]!;
      for (let p = index.starts[t]!; p < index.starts[t + 1]!; p++) {
        const j = index.row[p]!;
        if (j === i) continue;
        if (!seen[j]) {
          seen[j] = 1;
          touched.push(j);
        }
        acc[j] = acc[j]! + w * index.weight[p]!;
      }
    }
    const candidates = topByScore(touched, acc, o.candidates);
    for (const j of touched) {
      acc[j] = 0;
      seen[j] = 0;
    }
    touched.length = 0;
    // Exact cosine with each candidate.
    for (let q = a; q < b; q++) dense[rows.term[q]!] = rows.weight[q]!;
    const scored: { j: number; s: number }[] = [];
    for (const j of candidates) {
      let s = 0;
      for (let q = rows.starts[j]!; q < rows.starts[j + 1]!; q++) s += dense[rows.term[q]!]! * rows.weight[q]!;
      if (s >= o.minSimilarity) scored.push({ j, s });
    }
    for (let q = a; q < b; q++) dense[rows.term[q]!] = 0;
    scored.sort((x, y) => y.s - x.s || x.j - y.j);
    if (scored.length > o.k) scored.length = o.k;
    out.push({ row: i, neighbours: Int32Array.from(scored, (x) => x.j), scores: Float64Array.from(scored, (x) => x.s) });
  }
  return out;
}

/** Union of the neighbour lists as undirected edges (each pair once, lower index first), in index order. */
export function neighbourEdges(
  lists: readonly { row: number; neighbours: Int32Array; scores: Float64Array }[],
  n: number,
): { source: Int32Array; target: Int32Array; score: Float64Array } {
  const pairs = new Map<number, number>();
  const keys: number[] = [];
  for (const l of lists) {
    l.neighbours.forEach((j, k) => {
      const lo = Math.min(l.row, j);
      const hi = Math.max(l.row, j);
      const id = lo * n + hi;
      if (!pairs.has(id)) {
        pairs.set(id, l.scores[k]!);
        keys.push(id);
      }
    });
  }
  keys.sort((x, y) => x - y);
  const source = new Int32Array(keys.length);
  const target = new Int32Array(keys.length);
  const score = new Float64Array(keys.length);
  keys.forEach((id, e) => {
    source[e] = Math.floor(id / n);
    target[e] = id % n;
    score[e] = pairs.get(id)!;
  });
  return { source, target, score };
}
