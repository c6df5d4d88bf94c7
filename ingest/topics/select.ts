// Corpus statistics that decide which phrases are topics (co-word analysis as VOSviewer and CiteSpace do it):
// document frequency, nesting, verbs, entity names, and specificity — how much more alike the papers using a
// phrase are than random papers. Pure: counts in, a keep mask, lifts and the pruned summary out.
import type { TopicPruned, TopicPruneReason } from '../types.ts';
import { eventHeads, eventNames } from './data.ts';
import type { TopicOptions } from './options.ts';
import type { PhraseBag } from './phrases.ts';
import type { PhraseTable, Vocabulary } from './table.ts';

export interface Selection {
  /** 1 where the phrase is a topic. */
  keep: Uint8Array;
  /** Specificity lift per phrase (0 where not measured). */
  lift: Float32Array;
  pruned: TopicPruned[];
}

/** Effective term frequency: title occurrences count `titleWeight` times. */
export function termFrequency(bag: PhraseBag, k: number, titleWeight: number): number {
  return bag.tf[k]! + (titleWeight - 1) * bag.title[k]!;
}

const EXAMPLES = 8;

/**
 * Paper vectors of single words (each paper's `contextWords` highest tf-idf one-word phrases, unit length) and the
 * specificity of any set of papers: their mean pairwise cosine over the corpus mean ("lift"). The set's own words
 * are left out of every vector, which is then rescaled to unit length — papers are not alike because they share
 * the phrase that selected them; what counts is whether they share anything else — and `liftPrior` pseudo-pairs
 * at the corpus mean shrink the estimate for small sets.
 */
export class ContextVectors {
  private readonly starts: Int32Array;
  private readonly dim: Int32Array;
  private readonly weight: Float64Array;
  private readonly dense: Float64Array;
  /**
   * The dimensions `lift` has added to, in order (once each, unless a weight is 0: a word in every paper): a typed
   * array, grown when full. An array emptied with `length = 0` gives its store back and grows it again for the next
   * phrase (ACL: ~0.4 GB of garbage over the lifts of every candidate).
   */
  private touched: Int32Array;
  /** The dimension of each word that has one (its single-word phrase), else −1. */
  private readonly dimOfWord: Int32Array;
  /** 1 for the dimensions of the words of the set being measured (set and cleared around each call). */
  private readonly own: Uint8Array;
  /** Mean pairwise cosine of two random papers (with a vector). */
  readonly base: number;

  constructor(
    table: PhraseTable,
    bags: readonly PhraseBag[],
    private readonly o: Pick<TopicOptions, 'contextWords' | 'liftPrior' | 'titleWeight' | 'minPapers'>,
  ) {
    const n = bags.length;
    this.starts = new Int32Array(n + 1);
    // A paper's candidate entries (phrase, weight) in reused typed arrays, ordered through an index array: no object
    // per entry (ACL: ~4M entries, ~0.3 GB of garbage as objects). Phrases are distinct within a bag, so the order
    // (weight down, then phrase) is total and the kept entries are those of any sort.
    let longest = 0;
    let bound = 0;
    for (const bag of bags) {
      longest = Math.max(longest, bag.ids.length);
      bound += Math.min(bag.ids.length, o.contextWords);
    }
    const rowD = new Int32Array(longest);
    const rowW = new Float64Array(longest);
    const order = new Int32Array(longest);
    // −1, 0 or 1: a difference of weights is a fresh heap number per comparison.
    const byWeight = (a: number, b: number): number => (rowW[a]! > rowW[b]! ? -1 : rowW[a]! < rowW[b]! ? 1 : rowD[a]! - rowD[b]!);
    const dims = new Int32Array(bound);
    const weights = new Float64Array(bound);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const bag = bags[i]!;
      let c = 0;
      for (let k = 0; k < bag.ids.length; k++) {
        const p = bag.ids[k]!;
        const df = table.df.get(p);
        if (table.length.get(p) !== 1 || df < o.minPapers) continue;
        rowD[c] = p;
        rowW[c] = (1 + Math.log(termFrequency(bag, k, o.titleWeight))) * Math.log(n / df);
        order[c] = c;
        c++;
      }
      const row = order.subarray(0, c).sort(byWeight).subarray(0, Math.min(c, o.contextWords));
      let norm = 0;
      for (const x of row) norm += rowW[x]! * rowW[x]!;
      norm = Math.sqrt(norm) || 1;
      for (const x of row) {
        dims[at] = rowD[x]!;
        weights[at++] = rowW[x]! / norm;
      }
      this.starts[i + 1] = at;
    }
    this.weight = weights.slice(0, at);
    // Dimensions renumbered densely in order of first use: the accumulator spans the single words that are in some
    // vector, not every phrase (ACL: 728k phrases), so more of the scattered adds of `lift` hit the cache. A set's own
    // words are marked by dimension (a single-word phrase is its word's only one), so a vector entry is a dimension and
    // a weight. The same sums in the same order as over phrase ids (ACL, the lifts of every candidate, loaded machine:
    // 3.7 → 3.0 s wall with the renumbering, then ~1.6 → ~1.2 s of CPU without a word per entry).
    const compact = new Int32Array(table.size).fill(-1);
    let used = 0;
    let maxWord = 0;
    const wordOfDim: number[] = [];
    this.dim = new Int32Array(at);
    for (let q = 0; q < at; q++) {
      const p = dims[q]!;
      if (compact[p]! < 0) {
        const w = table.pool.get(table.start.get(p));
        wordOfDim.push(w);
        if (w > maxWord) maxWord = w;
        compact[p] = used++;
      }
      this.dim[q] = compact[p]!;
    }
    this.dense = new Float64Array(used);
    this.own = new Uint8Array(used);
    this.touched = new Int32Array(used);
    this.dimOfWord = new Int32Array(maxWord + 1).fill(-1);
    wordOfDim.forEach((w, d) => (this.dimOfWord[w] = d));
    // Corpus mean pairwise cosine: (‖Σv‖² − Σ‖v‖²) / (m(m−1)) over the m papers with a vector.
    let m = 0;
    for (let i = 0; i < n; i++) if (this.starts[i + 1]! > this.starts[i]!) m++;
    for (let q = 0; q < this.dim.length; q++) this.dense[this.dim[q]!] = this.dense[this.dim[q]!]! + this.weight[q]!;
    let total = 0;
    for (let q = 0; q < this.dim.length; q++) {
      const d = this.dim[q]!;
      total += this.dense[d]! * this.dense[d]!;
      this.dense[d] = 0;
    }
    this.base = m > 1 ? (total - m) / (m * (m - 1)) : 0;
  }

  private growTouched(): Int32Array {
    const next = new Int32Array(this.touched.length * 2 + 16);
    next.set(this.touched);
    return (this.touched = next);
  }

  /** Lift of the papers `docs` (indices), their words `own` (word ids) left out; 1 when it cannot be measured. */
  lift(docs: ArrayLike<number>, ownWords: readonly number[]): number {
    if (!(this.base > 0)) return 1;
    const { starts, dim, weight, dense, own, dimOfWord } = this;
    let { touched } = this;
    for (const w of ownWords) if (w < dimOfWord.length && dimOfWord[w]! >= 0) own[dimOfWord[w]!] = 1;
    let papers = 0;
    let reached = 0;
    for (let c = 0; c < docs.length; c++) {
      const i = docs[c]!;
      if (starts[i + 1] === starts[i]) continue;
      let rest = 1;
      for (let q = starts[i]!; q < starts[i + 1]!; q++) if (own[dim[q]!]) rest -= weight[q]! * weight[q]!;
      if (rest <= 1e-9) continue;
      const scale = 1 / Math.sqrt(rest);
      papers++;
      for (let q = starts[i]!; q < starts[i + 1]!; q++) {
        const d = dim[q]!;
        if (own[d]) continue;
        if (dense[d] === 0) {
          if (reached === touched.length) touched = this.growTouched();
          touched[reached++] = d;
        }
        dense[d] = dense[d]! + weight[q]! * scale;
      }
    }
    let sum = 0;
    for (let k = 0; k < reached; k++) {
      const d = touched[k]!;
      sum += dense[d]! * dense[d]!;
      dense[d] = 0;
    }
    for (const w of ownWords) if (w < dimOfWord.length && dimOfWord[w]! >= 0) own[dimOfWord[w]!] = 0;
    const pairs = (papers * (papers - 1)) / 2;
    const mean = pairs > 0 ? (sum - papers) / 2 / pairs : this.base;
    return (mean * pairs + this.o.liftPrior * this.base) / (pairs + this.o.liftPrior) / this.base;
  }
}

/** A word that is or ends in a year names an edition of an event ('semeval-2018 task', 'acl2022'), never a topic. */
const YEAR = /(?:^|\P{N})(?:19|20)\d\d$/u;

/**
 * Phrases that name an event rather than a research topic: one holding a year, the words of a venue or shared-task
 * series (data.ts `eventNames`: 'dravidianlangtech', 'semeval task', 'mt summit'), or one ending in an event's head
 * noun (data/event-heads.txt: 'annual meeting', 'shared task'). Phrases are lower case, so a name is looked for only
 * when its written shape cannot be an ordinary word (`readable`); 'CASE', 'FIRE' or 'PAN' read lower case are words.
 */
export class EventNames {
  /** Word sequences of the names, by first word. */
  private readonly byFirst = new Map<string, string[][]>();
  /** Event head nouns as word sequences. */
  private readonly heads: string[][];

  /**
   * A name is recognisable in lower case when it has several words ('MT Summit', 'LT-EDI'), mixed case or a digit
   * inside a word ('SemEval', 'DravidianLangTech', 'n2c2'), or more than four capitals ('EMNLP', 'SIGMORPHON').
   */
  static readable(name: string): boolean {
    const words = name.split(/[\s\-‐‑]+/).filter(Boolean);
    if (words.length > 1) return true;
    const w = words[0] ?? '';
    return /\p{Ll}\p{Lu}|\p{L}\p{N}/u.test(w) || (w.length > 4 && w === w.toUpperCase() && /\p{Lu}/u.test(w));
  }

  constructor(names: readonly string[], heads: Iterable<string> = []) {
    this.heads = [...heads].map((h) => h.split(/\s+/));
    for (const name of names) {
      if (!EventNames.readable(name)) continue;
      const words = name.toLowerCase().split(/[\s\-‐‑]+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
      if (words.length === 0) continue;
      let list = this.byFirst.get(words[0]!);
      if (!list) this.byFirst.set(words[0]!, (list = []));
      list.push(words);
    }
  }

  /** Whether a phrase, as its normal-form words, names an event. */
  matches(words: readonly string[]): boolean {
    for (const head of this.heads) {
      const at = words.length - head.length;
      if (at >= 0 && head.every((w, k) => words[at + k] === w)) return true;
    }
    for (let i = 0; i < words.length; i++) {
      if (YEAR.test(words[i]!)) return true;
      for (const name of this.byFirst.get(words[i]!) ?? []) {
        if (name.length <= words.length - i && name.every((w, k) => words[i + k] === w)) return true;
      }
    }
    return false;
  }
}

let events: EventNames | undefined;

/** Papers of each phrase (an inverted index over the phrases `which` marks). */
export function phrasePostings(size: number, bags: readonly PhraseBag[], which: Uint8Array): { starts: Int32Array; docs: Int32Array } {
  // Indexed loops over the bags' columns: a for-of over a typed array walks its iterator (ACL: ~4M entries twice).
  const starts = new Int32Array(size + 1);
  for (const bag of bags) {
    const ids = bag.ids;
    for (let k = 0; k < ids.length; k++) if (which[ids[k]!]) starts[ids[k]! + 1]!++;
  }
  for (let p = 0; p < size; p++) starts[p + 1] = starts[p + 1]! + starts[p]!;
  const docs = new Int32Array(starts[size]!);
  const cursor = starts.slice(0, size);
  for (let i = 0; i < bags.length; i++) {
    const ids = bags[i]!.ids;
    for (let k = 0; k < ids.length; k++) if (which[ids[k]!]) docs[cursor[ids[k]!]!++] = i;
  }
  return { starts, docs };
}

/**
 * Decides the topics. In order, a phrase is dropped when it is used by fewer than `minPapers` papers
 * (`too-rare`), by more than `maxShare` of them (`too-common`), holds a verb (`verb-phrase`: an '-ing' word that
 * usually takes an object, 'hate speech using'), is an entity's name (`entity-name`: at least `entityShare` of its
 * papers name it as an entity, already a node), names an event (`event-name`: a venue, a shared-task series or a
 * year, `EventNames`), nearly always appears inside one longer phrase (`nested`), is one word used mostly as the
 * modifier of a following noun (`modifier`: 'machine' of 'machine translation', 'downstream', 'penn'), or its
 * papers are not alike enough (`unspecific`: below `minLift`, or outside the `specificShare` most specific of the
 * phrases with about as many papers — a broad phrase's papers are never as alike as a narrow one's, so each
 * phrase is compared with its peers; VOSviewer likewise keeps the most relevant 60 % of its terms).
 */
export function selectTopics(
  table: PhraseTable,
  vocab: Vocabulary,
  bags: readonly PhraseBag[],
  entityNames: ReadonlyMap<string, number>,
  context: ContextVectors,
  o: TopicOptions,
): Selection {
  const size = table.size;
  const n = bags.length;
  const REASONS: TopicPruneReason[] = ['too-rare', 'too-common', 'verb-phrase', 'entity-name', 'event-name', 'nested', 'unspecific', 'modifier'];
  events ??= new EventNames(eventNames(), eventHeads());
  const reason = new Int8Array(size).fill(-1);
  const maxPapers = Math.max(o.minPapers, Math.floor(o.maxShare * n));
  const verbal = (w: number): boolean => {
    const seen = vocab.gerundSeen.get(w);
    return seen >= o.verbUses && vocab.gerundObject.get(w) >= o.verbShare * seen;
  };
  const hasVerb = (p: number): boolean => {
    const s = table.start.get(p);
    for (let k = 0; k < table.length.get(p); k++) if (verbal(table.pool.get(s + k))) return true;
    return false;
  };
  // The most papers of a one-word-longer phrase containing p ('named entity recognition' for 'entity recognition').
  const parentPapers = new Int32Array(size);
  for (let q = 0; q < size; q++) {
    const len = table.length.get(q);
    const df = table.df.get(q);
    if (len < 2 || df < o.minPapers) continue;
    const s = table.start.get(q);
    const words = table.pool.data.subarray(s, s + len);
    for (const p of [table.find(words, 1, len), table.find(words, 0, len - 1)]) if (p >= 0 && df > parentPapers[p]!) parentPapers[p] = df;
  }
  const candidates = new Uint8Array(size);
  for (let p = 0; p < size; p++) {
    const df = table.df.get(p);
    if (df < o.minPapers) reason[p] = 0;
    else if (df > maxPapers) reason[p] = 1;
    else if (hasVerb(p)) reason[p] = 2;
    else {
      const key = table.key(p, vocab);
      if ((entityNames.get(key) ?? 0) >= o.entityShare * df) reason[p] = 3;
      else if (events.matches(key.split(/[\s-]+/))) reason[p] = 4;
      else if (parentPapers[p]! >= o.nestedShare * df) reason[p] = 5;
      else if (table.length.get(p) === 1 && table.modifier.get(p) >= o.modifierShare * table.cf.get(p)) reason[p] = 7;
      else candidates[p] = 1;
    }
  }
  const lift = new Float32Array(size);
  const { starts, docs } = phrasePostings(size, bags, candidates);
  const bands = new Map<number, number[]>();
  for (let p = 0; p < size; p++) {
    if (!candidates[p]) continue;
    lift[p] = context.lift(docs.subarray(starts[p]!, starts[p + 1]!), table.words(p));
    const band = Math.floor(Math.log2(table.df.get(p)));
    let list = bands.get(band);
    if (!list) bands.set(band, (list = []));
    list.push(p);
  }
  const keep = new Uint8Array(size);
  for (const list of bands.values()) {
    list.sort((a, b) => lift[b]! - lift[a]! || a - b);
    const quota = Math.ceil(o.specificShare * list.length);
    list.forEach((p, rank) => {
      if (lift[p]! >= o.minLift && (rank < quota || lift[p]! >= o.sureLift)) keep[p] = 1;
      else reason[p] = 6;
    });
  }
  const pruned: TopicPruned[] = REASONS.map((r) => ({ reason: r, phrases: 0, examples: [] }));
  const best: number[][] = REASONS.map(() => []);
  for (let p = 0; p < size; p++) {
    const r = reason[p]!;
    if (r < 0) continue;
    pruned[r]!.phrases++;
    // The most used few are the examples (ties: first seen).
    const list = best[r]!;
    const df = table.df.get(p);
    if (list.length < EXAMPLES || df > table.df.get(list[list.length - 1]!)) {
      list.push(p);
      list.sort((a, b) => table.df.get(b) - table.df.get(a) || a - b);
      if (list.length > EXAMPLES) list.length = EXAMPLES;
    }
  }
  best.forEach((list, r) => {
    pruned[r]!.examples = list.map((p) => ({ key: table.key(p, vocab), papers: table.df.get(p) }));
  });
  return { keep, lift, pruned: pruned.filter((x) => x.phrases > 0) };
}
