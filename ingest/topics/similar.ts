// k nearest neighbours by cosine over sparse tf-idf rows, in near-linear time and memory: candidates come only
// through each paper's highest-weighted terms, and each term reads only its highest-weighted postings (an
// impact-ordered, pruned inverted index), so no pair of papers is compared unless they share a telling term.
// Candidates are then scored exactly. Deterministic: ties go to the lower paper index. The rows themselves are the
// papers' content words (title and abstract, stemmed, BM25-weighted): what a text map of a field is built from.
import { stemmer } from 'stemmer';
import { CHAR_LETTER, CHAR_NUMBER, codePointClassAt } from '../chars.ts';
import { IntList, rehashSlots } from './table.ts';
import { isFunctionWord, singular } from './words.ts';

/** Unit-length sparse rows (CSR): row i holds term[starts[i] .. starts[i+1]) with weights, in no set order. */
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

/**
 * Builds rows in two passes without per-row arrays: `each(i, add)` calls `add(term, weight)` for row i's terms
 * (a term at most once per row; weights ≤ 0 are skipped). A row keeps its `maxTerms` heaviest terms (ties: the
 * first added) — the tail of a tf-idf vector barely moves a cosine — and is scaled to unit length.
 */
export function buildRows(
  n: number,
  terms: number,
  each: (i: number, add: (term: number, weight: number) => void) => void,
  maxTerms = Number.POSITIVE_INFINITY,
): SparseRows {
  const starts = new Int32Array(n + 1);
  let longest = 0;
  for (let i = 0; i < n; i++) {
    let c = 0;
    each(i, (_t, w) => {
      if (w > 0) c++;
    });
    longest = Math.max(longest, c);
    starts[i + 1] = starts[i]! + Math.min(c, maxTerms);
  }
  const term = new Int32Array(starts[n]!);
  const weight = new Float64Array(starts[n]!);
  const bufTerm = new Int32Array(longest);
  const bufWeight = new Float64Array(longest);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    let c = 0;
    each(i, (t, w) => {
      if (!(w > 0)) return;
      bufTerm[c] = t;
      bufWeight[c++] = w;
    });
    order.length = 0;
    for (let k = 0; k < c; k++) order.push(k);
    if (c > maxTerms) {
      order.sort((x, y) => bufWeight[y]! - bufWeight[x]! || x - y);
      order.length = maxTerms;
    }
    let norm = 0;
    for (const k of order) norm += bufWeight[k]! * bufWeight[k]!;
    norm = Math.sqrt(norm);
    let at = starts[i]!;
    for (const k of order) {
      term[at] = bufTerm[k]!;
      weight[at++] = bufWeight[k]! / norm;
    }
  }
  return { n, terms, starts, term, weight };
}

/** Builds rows from per-row (term, weight) lists (tests and small inputs). */
export function sparseRows(rows: readonly { term: number[]; weight: number[] }[], terms: number): SparseRows {
  return buildRows(rows.length, terms, (i, add) => {
    const r = rows[i]!;
    for (let k = 0; k < r.term.length; k++) add(r.term[k]!, r.weight[k]!);
  });
}

/**
 * The pruned inverted index: per term, its `maxPostings` highest-weighted rows (ties: lower row first); every term
 * of every row is indexed, so any row can be found through any of its terms.
 */
function invertedIndex(rows: SparseRows, maxPostings: number): { starts: Int32Array; row: Int32Array; weight: Float64Array } {
  const count = new Int32Array(rows.terms + 1);
  for (let q = 0; q < rows.term.length; q++) count[rows.term[q]! + 1]!++;
  for (let t = 0; t < rows.terms; t++) count[t + 1] = count[t + 1]! + count[t]!;
  // All postings grouped by term, rows in increasing order within a term.
  const allRow = new Int32Array(rows.term.length);
  const allWeight = new Float64Array(rows.term.length);
  const cursor = count.slice(0, rows.terms);
  for (let i = 0; i < rows.n; i++) {
    for (let q = rows.starts[i]!; q < rows.starts[i + 1]!; q++) {
      const at = cursor[rows.term[q]!]!++;
      allRow[at] = i;
      allWeight[at] = rows.weight[q]!;
    }
  }
  const starts = new Int32Array(rows.terms + 1);
  let kept = 0;
  for (let t = 0; t < rows.terms; t++) kept += Math.min(maxPostings, count[t + 1]! - count[t]!);
  const row = new Int32Array(kept);
  const weight = new Float64Array(kept);
  let at = 0;
  for (let t = 0; t < rows.terms; t++) {
    starts[t] = at;
    const a = count[t]!;
    const b = count[t + 1]!;
    if (b - a <= maxPostings) {
      row.set(allRow.subarray(a, b), at);
      weight.set(allWeight.subarray(a, b), at);
      at += b - a;
      continue;
    }
    // A common term: keep its best postings only (they carry most of any dot product through it). The cut is
    // the maxPostings-th largest weight; ties at the cut go to the lower rows (postings are in row order).
    const sorted = allWeight.slice(a, b).sort();
    const cut = sorted[sorted.length - maxPostings]!;
    let above = 0;
    for (let k = a; k < b; k++) if (allWeight[k]! > cut) above++;
    let ties = maxPostings - above;
    for (let k = a; k < b; k++) {
      const w = allWeight[k]!;
      if (w > cut || (w === cut && ties-- > 0)) {
        row[at] = allRow[k]!;
        weight[at++] = w;
      }
    }
  }
  starts[rows.terms] = at;
  return { starts, row, weight };
}

/**
 * The `c` best of the first `count` of `items` by `score` (ties: lower index first), best first — a bounded min-heap
 * in a typed array, O(n log c), since a probe touches thousands of rows and only a few dozen are scored exactly.
 */
export function topByScore(items: ArrayLike<number>, score: Float64Array, c: number, heap: Int32Array = new Int32Array(c), count: number = items.length): number[] {
  const size = selectTop(items, count, score, c, heap, new Float64Array(c), false);
  return Array.from(heap.subarray(0, size)).sort((a, b) => score[b]! - score[a]! || a - b);
}

/**
 * `topByScore`'s selection, in no set order: fills `heap` (and `heapScore`, the kept items' scores) with the `c` best
 * of the first `count` of `items` and returns how many it kept. Each item's score is read once, and with `clear` set
 * to 0 right after (the caller's accumulator is clean again when this returns, without a second pass over `items`).
 */
function selectTop(items: ArrayLike<number>, count: number, score: Float64Array, c: number, heap: Int32Array, heapScore: Float64Array, clear: boolean): number {
  let size = 0;
  let n = 0;
  // Fill: sift each new item up (heap order: the worst kept item on top — lower score, or equal score and higher index).
  for (; n < count && size < c; n++) {
    const x = items[n]!;
    const sx = score[x]!;
    if (clear) score[x] = 0;
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      const sp = heapScore[parent]!;
      if (!(sx < sp || (sx === sp && x > p))) break;
      heap[i] = p;
      heapScore[i] = sp;
      i = parent;
    }
    heap[i] = x;
    heapScore[i] = sx;
  }
  if (size === 0) return 0;
  // Most items are below the worst kept one: one comparison with the cached top turns them away.
  let top = heap[0]!;
  let topScore = heapScore[0]!;
  for (; n < count; n++) {
    const x = items[n]!;
    const sx = score[x]!;
    if (clear) score[x] = 0;
    if (sx < topScore || (sx === topScore && x > top)) continue;
    // Replace the top and sift it down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let m = l;
      let mx = heap[l]!;
      let ms = heapScore[l]!;
      if (r < size) {
        const rx = heap[r]!;
        const rs = heapScore[r]!;
        if (rs < ms || (rs === ms && rx > mx)) {
          m = r;
          mx = rx;
          ms = rs;
        }
      }
      if (!(ms < sx || (ms === sx && mx > x))) break;
      heap[i] = mx;
      heapScore[i] = ms;
      i = m;
    }
    heap[i] = x;
    heapScore[i] = sx;
    top = heap[0]!;
    topScore = heapScore[0]!;
  }
  return size;
}

export interface Neighbours {
  row: number;
  neighbours: Int32Array;
  scores: Float64Array;
}

/** Rows plus their pruned inverted index, built once for any number of queries. */
export interface KnnIndex {
  rows: SparseRows;
  index: { starts: Int32Array; row: Int32Array; weight: Float64Array };
}

export function knnIndex(rows: SparseRows, maxPostings: number): KnnIndex {
  return { rows, index: invertedIndex(rows, maxPostings) };
}

/** Neighbour lists as three flat arrays (list q is neighbours[starts[q] .. starts[q+1])), as they move between threads. */
export interface FlatNeighbours {
  starts: Int32Array;
  neighbours: Int32Array;
  scores: Float64Array;
}

/**
 * Each row's nearest neighbours (cosine ≥ `minSimilarity`, at most `k`), for the rows in `queries` (all by default).
 * Returns, per query row, neighbour indices and scores, best first. Pass a `KnnIndex` to query the same rows again.
 */
export function nearestNeighbours(source: SparseRows | KnnIndex, o: KnnOptions, queries?: readonly number[]): Neighbours[] {
  const flat = nearestNeighboursFlat(source, o, queries);
  const out: Neighbours[] = new Array(flat.starts.length - 1);
  for (let q = 0; q < out.length; q++) {
    const [a, b] = [flat.starts[q]!, flat.starts[q + 1]!];
    out[q] = { row: queries ? queries[q]! : q, neighbours: flat.neighbours.subarray(a, b), scores: flat.scores.subarray(a, b) };
  }
  return out;
}

/**
 * `nearestNeighbours` written straight into flat arrays (list q is the q-th query's): no pair of typed arrays per row
 * and no copy into one message afterwards (the similarity worker's answer; ACL: 58,900 lists).
 */
export function nearestNeighboursFlat(source: SparseRows | KnnIndex, o: KnnOptions, queries?: readonly number[]): FlatNeighbours {
  const { rows, index } = 'index' in source ? source : knnIndex(source, o.maxPostings);
  const acc = new Float64Array(rows.n);
  // Rows reached through the probe terms of the current query, in the order first reached. A row is reached for the
  // first time when its partial score is still 0: every row weight is > 0 (`buildRows` keeps only those, scaled to
  // unit length), so is every partial score once reached, and `acc` is all 0 again after each query.
  const touched = new Int32Array(rows.n);
  const { starts: postingStarts, row: postingRow, weight: postingWeight } = index;
  const { starts: rowStarts, term: rowTerm, weight: rowWeight } = rows;
  const dense = new Float64Array(rows.terms);
  const probe = new Int32Array(o.probeTerms);
  const heap = new Int32Array(o.candidates);
  const heapScore = new Float64Array(o.candidates);
  const count = queries ? queries.length : rows.n;
  const starts = new Int32Array(count + 1);
  const neighbours = new Int32Array(count * o.k);
  const scores = new Float64Array(count * o.k);
  let listed = 0;
  // The current query's best, best first (ties: lower index), at most k.
  const topIds = new Int32Array(o.k);
  const topScores = new Float64Array(o.k);
  for (let qi = 0; qi < count; qi++) {
    const i = queries ? queries[qi]! : qi;
    const a = rows.starts[i]!;
    const b = rows.starts[i + 1]!;
    if (a === b || o.k === 0) {
      starts[qi + 1] = listed;
      continue;
    }
    // The row's `probeTerms` highest-weighted terms (ties: lower position), by insertion into a short list.
    let probes = 0;
    for (let q = a; q < b; q++) {
      const w = rows.weight[q]!;
      if (probes === o.probeTerms && w <= rows.weight[probe[probes - 1]!]!) continue;
      let at = probes < o.probeTerms ? probes++ : probes - 1;
      while (at > 0 && rows.weight[probe[at - 1]!]! < w) {
        probe[at] = probe[at - 1]!;
        at--;
      }
      probe[at] = q;
    }
    // Partial scores through the probe terms.
    let reached = 0;
    for (let k = 0; k < probes; k++) {
      const q = probe[k]!;
      const w = rows.weight[q]!;
      const t = rows.term[q]!;
      for (let p = postingStarts[t]!, end = postingStarts[t + 1]!; p < end; p++) {
        const j = postingRow[p]!;
        if (j === i) continue;
        const s = acc[j]!;
        if (s === 0) {
          touched[reached++] = j;
          // A product can only be 0 by underflow (weights below ~1e-162: no BM25 row has them); the row is reached all
          // the same, once.
          acc[j] = w * postingWeight[p]! || Number.MIN_VALUE;
        } else acc[j] = s + w * postingWeight[p]!;
      }
    }
    // The best candidates by partial score (in no set order: the exact scores below decide), `acc` cleared on the way.
    const candidates = selectTop(touched, reached, acc, o.candidates, heap, heapScore, true);
    // Exact cosine with each candidate.
    for (let q = a; q < b; q++) dense[rowTerm[q]!] = rowWeight[q]!;
    let kept = 0;
    for (let c = 0; c < candidates; c++) {
      const j = heap[c]!;
      let s = 0;
      for (let q = rowStarts[j]!, end = rowStarts[j + 1]!; q < end; q++) s += dense[rowTerm[q]!]! * rowWeight[q]!;
      if (s < o.minSimilarity) continue;
      // Insert in order (best first, ties: lower index), keeping k.
      let at = kept;
      while (at > 0 && (topScores[at - 1]! < s || (topScores[at - 1] === s && topIds[at - 1]! > j))) at--;
      if (at >= o.k) continue;
      if (kept < o.k) kept++;
      for (let x = kept - 1; x > at; x--) {
        topIds[x] = topIds[x - 1]!;
        topScores[x] = topScores[x - 1]!;
      }
      topIds[at] = j;
      topScores[at] = s;
    }
    for (let q = a; q < b; q++) dense[rowTerm[q]!] = 0;
    neighbours.set(topIds.subarray(0, kept), listed);
    scores.set(topScores.subarray(0, kept), listed);
    listed += kept;
    starts[qi + 1] = listed;
  }
  return { starts, neighbours: neighbours.slice(0, listed), scores: scores.slice(0, listed) };
}

/**
 * Union of the neighbour lists as undirected edges (each pair once, lower index first, with the score of its first
 * listing), in index order. The pairs are bucketed by their lower index in listing order (a counting sort), then each
 * bucket — a few pairs — is put in order of the higher index by insertion, stably: no map of pair ids. ACL: up to
 * 58,900 × 15 listings, ~0.75 s of this thread's CPU with a Map and a sort against ~0.08 s (random lists of that
 * shape, loaded machine), at the head of the graph stage.
 */
export function neighbourEdges(lists: readonly Neighbours[], n: number): { source: Int32Array; target: Int32Array; score: Float64Array } {
  const starts = new Int32Array(n + 1);
  let listed = 0;
  for (const l of lists) {
    for (const j of l.neighbours) starts[Math.min(l.row, j) + 1]!++;
    listed += l.neighbours.length;
  }
  for (let i = 0; i < n; i++) starts[i + 1]! += starts[i]!;
  const fill = starts.slice(0, n);
  const high = new Int32Array(listed);
  const scoreOf = new Float64Array(listed);
  for (const l of lists) {
    const { row, neighbours, scores } = l;
    for (let k = 0; k < neighbours.length; k++) {
      const j = neighbours[k]!;
      const at = fill[Math.min(row, j)]!++;
      high[at] = Math.max(row, j);
      scoreOf[at] = scores[k]!;
    }
  }
  const source = new Int32Array(listed);
  const target = new Int32Array(listed);
  const score = new Float64Array(listed);
  let edges = 0;
  for (let lo = 0; lo < n; lo++) {
    const first = edges;
    for (let p = starts[lo]!; p < starts[lo + 1]!; p++) {
      const hi = high[p]!;
      // Insert after every pair of a lower or the same higher index; a pair already there keeps its first score.
      let at = edges;
      while (at > first && target[at - 1]! > hi) at--;
      if (at > first && target[at - 1] === hi) continue;
      target.copyWithin(at + 1, at, edges);
      score.copyWithin(at + 1, at, edges);
      target[at] = hi;
      score[at] = scoreOf[p]!;
      edges++;
    }
    source.fill(lo, first, edges);
  }
  return { source: source.slice(0, edges), target: target.slice(0, edges), score: score.slice(0, edges) };
}

/** How content words become similarity rows (a subset of the topic stage's options). */
export interface WordRowOptions {
  /** A word is a term only when at least this many papers use it (a word one paper uses links it to nobody)… */
  wordMinPapers: number;
  /** …and at most this share of them (the corpus's common ground: 'model', 'results'). */
  wordMaxShare: number;
  /** BM25's term-frequency saturation k1 and length normalisation b. */
  bm25K1: number;
  bm25B: number;
  /** A row keeps its this many heaviest terms. */
  rowTerms: number;
}

/** Per-paper content-word counts (CSR): paper i holds term[starts[i] .. starts[i+1]) with its counts. */
export interface WordCounts {
  n: number;
  terms: number;
  starts: Int32Array;
  term: Int32Array;
  count: Int32Array;
}

/** What `contentWords` needs of a word vocabulary (the topic stage's `Vocabulary`). */
export interface WordTable {
  /** Id of a lower-case word (created when new). */
  id(word: string): number;
  /** Id of the word's singular form. */
  singularId(id: number): number;
  /** 1 for English function words. */
  functionWord: { get(id: number): number };
  readonly words: readonly string[];
}

/**
 * The word table content words need — ids, singular forms, function words — and nothing of the chunker's word
 * classes (the topic `Vocabulary` guesses a class for every new word: ~150k on ACL, on the similarity thread's
 * critical path). The same answers as a `Vocabulary` for every word.
 */
export class ContentWordTable implements WordTable {
  readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly singulars: number[] = [];
  private readonly functionWords: number[] = [];
  readonly functionWord = { get: (id: number): number => this.functionWords[id]! };

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      this.ids.set(word, (id = this.words.length));
      this.words.push(word);
      this.singulars.push(-1);
      this.functionWords.push(isFunctionWord(word) ? 1 : 0);
    }
    return id;
  }

  singularId(id: number): number {
    let s = this.singulars[id]!;
    if (s < 0) {
      const form = singular(this.words[id]!);
      s = form === this.words[id] ? id : this.id(form);
      this.singulars[id] = s;
    }
    return s;
  }

  get size(): number {
    return this.words.length;
  }
}

// A word: a letter, then letters, digits or inner apostrophes; hyphens split ('low-resource' → 'low', 'resource').
// `WordCounter` reads words by this pattern's rule without running it (see `scanWords`); tests compare the two.
export const WORD = /\p{L}[\p{L}\p{N}]*(?:'\p{L}+)?/gu;

/**
 * Calls `each(start, end)` for every match of WORD in `text`, in order, as `text.match(WORD)` finds them: a letter,
 * then letters and numbers (greedy), then optionally an apostrophe and letters; where no word starts, one code point
 * is passed over. No strings and no match array are made.
 */
export function scanWords(text: string, each: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let u = codePointClassAt(text, i);
    if (u >> 2 !== CHAR_LETTER) {
      i += u & 3;
      continue;
    }
    const start = i;
    i += u & 3;
    while (i < n) {
      u = codePointClassAt(text, i);
      const k = u >> 2;
      if (k !== CHAR_LETTER && k !== CHAR_NUMBER) break;
      i += u & 3;
    }
    if (i + 1 < n && text.charCodeAt(i) === 39) {
      u = codePointClassAt(text, i + 1);
      if (u >> 2 === CHAR_LETTER) {
        i += 1 + (u & 3);
        while (i < n && (u = codePointClassAt(text, i)) >> 2 === CHAR_LETTER) i += u & 3;
      }
    }
    each(start, i);
  }
}

/**
 * Content words of each paper's title and abstract: lower-cased, singular, Porter-stemmed ('translation',
 * 'translating', 'translations' → 'translat'), English function words and one- or two-letter tokens left out.
 * Title words count `titleWeight` times. Term ids are dense, in order of first use. Papers are added one at a time,
 * in order (a worker thread counts them as their text arrives), then `finish` gives the counts.
 */
export class WordCounter {
  private readonly termOf: number[] = []; // vocabulary id → term id + 1 (0: not yet seen), -1: not a content word
  private readonly ids = new Map<string, number>(); // stem → term id
  private readonly starts = new IntList(1 << 12);
  private readonly term = new IntList(1 << 20);
  private readonly count = new IntList(1 << 20);
  /**
   * The paper being counted: its terms in order of first use, each term's count so far, and the number of the paper
   * that last used it (a term whose mark is not this paper's is new to it; a count may stay 0 with a title weight of 0).
   */
  private readonly own = new IntList(1 << 10);
  private ownCount = new Float64Array(1 << 12);
  private ownMark = new Int32Array(1 << 12);
  /**
   * Words as written → term id (−1: not a content word), open addressing over the words' code units: a word seen
   * before, in any paper, is found straight from the text — no string, no lower-casing, no vocabulary lookup (ACL:
   * 10 M words, 0.2 M distinct). Slot → entry + 1 (0: empty).
   */
  private slots = new Int32Array(1 << 16);
  private readonly writtenHash = new IntList(1 << 12);
  private readonly writtenTerm = new IntList(1 << 12);
  private readonly written: string[] = [];
  /** The part being counted and its weight (read by `countWord`, made once). */
  private part = '';
  private weight = 0;
  private readonly countWord = (start: number, end: number): void => {
    const t = this.termOfWritten(this.part, start, end);
    if (t < 0) return;
    if (t >= this.ownCount.length) {
      const size = Math.max(t + 1, this.ownCount.length * 2);
      const count = new Float64Array(size);
      const mark = new Int32Array(size);
      count.set(this.ownCount);
      mark.set(this.ownMark);
      this.ownCount = count;
      this.ownMark = mark;
    }
    // Papers are marked by their number + 1 (the length of `starts` while they are counted): 0 is no paper.
    const paper = this.starts.length;
    if (this.ownMark[t] !== paper) {
      this.ownMark[t] = paper;
      this.ownCount[t] = 0;
      this.own.push(t);
    }
    this.ownCount[t] = this.ownCount[t]! + this.weight;
  };

  constructor(
    private readonly vocab: WordTable,
    private readonly titleWeight: number,
  ) {
    this.starts.push(0);
  }

  private termFor(word: number): number {
    let t = this.termOf[word];
    if (t === undefined) {
      const { vocab } = this;
      const singular = vocab.singularId(word);
      const form = vocab.words[singular]!;
      if (form.length < 3 || vocab.functionWord.get(word) === 1 || vocab.functionWord.get(singular) === 1) t = -1;
      else {
        const key = stemmer(form);
        let id = this.ids.get(key);
        if (id === undefined) this.ids.set(key, (id = this.ids.size));
        t = id + 1;
      }
      this.termOf[word] = t;
    }
    return t - 1;
  }

  /** Term id of `text[start, end)` as written (−1: not a content word), the first time through the vocabulary. */
  private termOfWritten(text: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let slot = (h >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const v = this.slots[slot]!;
      if (v === 0) {
        // A copy of its own, not a slice of the paper's text (kept as a key, a slice would keep the whole abstract alive).
        const written = text.slice(start, end);
        const word = written.length < 13 ? written : Buffer.from(written, 'utf16le').toString('utf16le');
        const t = this.termFor(this.vocab.id(word.toLowerCase()));
        this.slots[slot] = this.written.length + 1;
        this.written.push(word);
        this.writtenHash.push(h);
        this.writtenTerm.push(t);
        if (this.written.length * 2 > this.slots.length) this.rehash();
        return t;
      }
      if (this.writtenHash.get(v - 1) !== h) continue;
      const w = this.written[v - 1]!;
      if (w.length !== len) continue;
      let same = true;
      for (let i = 0; i < len; i++) {
        if (w.charCodeAt(i) !== text.charCodeAt(start + i)) {
          same = false;
          break;
        }
      }
      if (same) return this.writtenTerm.get(v - 1);
    }
  }

  private rehash(): void {
    this.slots = rehashSlots(this.slots.length * 2, this.writtenHash, this.written.length);
  }

  /** Counts the next paper's words. */
  add(title: string, abstract: string): void {
    const { own } = this;
    own.length = 0;
    this.part = title;
    this.weight = this.titleWeight;
    scanWords(title, this.countWord);
    this.part = abstract;
    this.weight = 1;
    scanWords(abstract, this.countWord);
    this.part = '';
    const { ownCount } = this;
    for (let k = 0; k < own.length; k++) {
      const t = own.get(k);
      this.term.push(t);
      this.count.push(Math.round(ownCount[t]!));
    }
    this.starts.push(this.term.length);
  }

  /** The counts of every paper added so far (views of the counter's own buffers: no copy of millions of entries). */
  finish(): WordCounts {
    const view = (list: IntList) => list.data.subarray(0, list.length);
    return { n: this.starts.length - 1, terms: this.ids.size, starts: view(this.starts), term: view(this.term), count: view(this.count) };
  }
}

/** `WordCounter` over papers 0 … n-1. */
export function contentWords(n: number, text: (i: number) => { title: string; abstract: string }, vocab: WordTable, titleWeight: number): WordCounts {
  const counter = new WordCounter(vocab, titleWeight);
  for (let i = 0; i < n; i++) {
    const { title, abstract } = text(i);
    counter.add(title, abstract);
  }
  return counter.finish();
}

/**
 * BM25 rows over content-word counts (Robertson–Spärck Jones idf, saturated and length-normalised term frequency):
 * the word signal a text map uses (TF-IDF/BM25 of title and abstract), sparse, unit length for cosine. A word used
 * by fewer than `wordMinPapers` papers or more than `wordMaxShare` of them is not a term.
 */
export function bm25Rows(words: WordCounts, o: WordRowOptions): SparseRows {
  const { n, starts, term, count } = words;
  const df = new Int32Array(words.terms);
  for (let q = 0; q < term.length; q++) df[term[q]!]!++;
  // idf 0: a word outside the kept range (fewer than wordMinPapers papers, or more than wordMaxShare of them)
  const idf = Float64Array.from(df, (d) => (d >= o.wordMinPapers && d <= o.wordMaxShare * n ? Math.log(1 + (n - d + 0.5) / (d + 0.5)) : 0));
  // a paper's length counts its kept words only
  const length = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let q = starts[i]!; q < starts[i + 1]!; q++) if (idf[term[q]!]! > 0) length[i] = length[i]! + count[q]!;
    total += length[i]!;
  }
  const mean = total / Math.max(1, n);
  return buildRows(n, words.terms, (i, add) => {
    const norm = o.bm25K1 * (1 - o.bm25B + (o.bm25B * length[i]!) / Math.max(1, mean));
    for (let q = starts[i]!; q < starts[i + 1]!; q++) {
      const w = idf[term[q]!]!;
      if (w > 0) add(term[q]!, (w * count[q]! * (o.bm25K1 + 1)) / (count[q]! + norm));
    }
  }, o.rowTerms);
}

/** The text neighbours of a corpus: BM25 rows of its content words with their pruned index, and each paper's nearest papers. */
export interface WordNeighbours {
  index: KnnIndex;
  lists: Neighbours[];
}

export function wordNeighbours(words: WordCounts, o: WordRowOptions, knn: KnnOptions): WordNeighbours {
  const index = knnIndex(bm25Rows(words, o), knn.maxPostings);
  return { index, lists: nearestNeighbours(index, knn) };
}
