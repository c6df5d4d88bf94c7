// Topic stage: papers (+ the entity extractor's records) → research topics per paper, the corpus topic vocabulary,
// and paper–paper similarity. Runs after extraction on the same Paper records; reads Extraction records only
// through their public fields (entity keys, names, aliases), never the extractor's internals.
import type {
  Extraction,
  Paper,
  PaperTopic,
  SimilarityEdges,
  Topic,
  TopicExtraction,
  TopicPruned,
  TopicSkipReason,
} from '../types.ts';
import { lexiconNames } from './data.ts';
import { validateTopicOptions, type TopicOptions } from './options.ts';
import { acronymDefinitions, acronymOf, Chunker, EMPTY_BAG, type PhraseBag } from './phrases.ts';
import { ContextVectors, selectTopics, termFrequency, type Selection } from './select.ts';
import { ContentWordTable, contentWords, nearestNeighbours, neighbourEdges, wordNeighbours, type KnnIndex, type KnnOptions, type Neighbours, type WordNeighbours } from './similar.ts';
import { prestartSimilarityThread, SimilarityThread } from './thread.ts';
import { PhraseTable, Vocabulary } from './table.ts';
import { singular } from './words.ts';
import { UnionFind } from '../union-find.ts';

export { TOPIC_DEFAULTS, TopicOptionsError, validateTopicOptions } from './options.ts';
export type { TopicOptions } from './options.ts';

export interface TopicResult {
  /** `extractions[i]` belongs to `papers[i]`: its most salient topics. */
  extractions: TopicExtraction[];
  /** Every topic some paper links to, in order of first use. */
  topics: Topic[];
  /** Paper–paper similarity edges (indices into `papers`). */
  similarity: SimilarityEdges;
  /** Candidate phrases dropped, by reason. */
  pruned: TopicPruned[];
  /** Papers that gave no candidate phrase, with why (they still get neighbours from their words). */
  skipped: { paperId: string; reason: TopicSkipReason }[];
  /** Milliseconds per step (chunk, select, topics, similarity), for benchmarks. */
  timings: Record<'chunk' | 'select' | 'topics' | 'similarity', number>;
}

/** Normal form of an entity name, as topic keys are written: 'Universal Dependencies' → 'universal dependency'. */
export function entityNameKey(name: string, singularOf: (word: string) => string = singular): string {
  const words = name.toLowerCase().split(/[\s\-‐‑]+/).filter(Boolean);
  if (words.length === 0) return '';
  words[words.length - 1] = singularOf(words[words.length - 1]!);
  return words.join(' ');
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Names that are entities, not topics, with the papers that use them as a name: the extractor's entity names and
 * aliases written as names (with a capital: 'Universal Dependencies', not a lower-case 'accuracy' it may have
 * picked up), and every name in its entity lexicons (methods, datasets, benchmarks, metrics: always names).
 * Acronym-shaped names ('BLEU', 'BERT') are never expanded into topics.
 */
function entityVocabulary(extractions: readonly Extraction[]): { names: Map<string, number>; acronyms: Set<string> } {
  const names = new Map<string, number>();
  const acronyms = new Set<string>();
  // Each distinct surface is read once: the same names recur across papers (ACL: 166k surfaces, 45k distinct; ~0.3 →
  // ~0.2 s of this thread's CPU on a loaded machine).
  // null: no capital, not a name.
  const keyOf = new Map<string, string | null>();
  // …and each distinct last word is made singular once (compromise's singulariser runs its rules on every call: the
  // 45k surfaces and the lexicons' names end in far fewer words — 'model', 'corpus', 'dataset').
  const singulars = new Map<string, string>();
  const singularOf = (word: string): string => {
    let s = singulars.get(word);
    if (s === undefined) singulars.set(word, (s = singular(word)));
    return s;
  };
  const key = (surface: string): string | null => {
    let k = keyOf.get(surface);
    if (k === undefined) {
      k = /\p{Lu}/u.test(surface) ? entityNameKey(surface, singularOf) : null;
      const a = k === null ? null : acronymOf(surface);
      if (a !== null) acronyms.add(a);
      keyOf.set(surface, k);
    }
    return k;
  };
  for (const x of extractions) {
    const seen = new Set<string>();
    for (const e of x.entities) {
      const k = key(e.name);
      if (k !== null) seen.add(k);
      for (const alias of e.aliases) {
        const ka = key(alias);
        if (ka !== null) seen.add(ka);
      }
    }
    for (const k of seen) names.set(k, (names.get(k) ?? 0) + 1);
  }
  for (const name of lexiconNames()) {
    names.set(entityNameKey(name, singularOf), Number.POSITIVE_INFINITY);
    const a = acronymOf(name);
    if (a !== null) acronyms.add(a);
  }
  names.delete('');
  return { names, acronyms };
}

/** Corpus acronym table: an acronym defined `acronymDefinitions` times, one long form with `acronymShare` of the votes. */
function corpusAcronyms(definitions: ([string, string[]][] | undefined)[], entityAcronyms: ReadonlySet<string>, o: TopicOptions): Map<string, string[]> {
  const votes = new Map<string, Map<string, number>>();
  for (const defs of definitions) {
    for (const [short, long] of defs ?? []) {
      if (entityAcronyms.has(short)) continue;
      let m = votes.get(short);
      if (!m) votes.set(short, (m = new Map()));
      const key = long.join(' ');
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  const table = new Map<string, string[]>();
  for (const [short, m] of votes) {
    let total = 0;
    let best = '';
    let bestVotes = 0;
    for (const [long, v] of m) {
      total += v;
      if (v > bestVotes || (v === bestVotes && long < best)) [best, bestVotes] = [long, v];
    }
    if (bestVotes >= o.acronymDefinitions && bestVotes >= o.acronymShare * total) table.set(short, best.split(' '));
  }
  return table;
}

/** Entity ids (dense, first seen first) and the papers of each: papers naming one entity are never cut off from each other. */
interface EntityIndex {
  keys: string[];
  papers: number[][];
}

function entityIndex(extractions: readonly Extraction[]): EntityIndex {
  const ids = new Map<string, number>();
  const index: EntityIndex = { keys: [], papers: [] };
  extractions.forEach((x, i) => {
    for (const e of x.entities) {
      let id = ids.get(e.key);
      if (id === undefined) {
        ids.set(e.key, (id = index.keys.length));
        index.keys.push(e.key);
        index.papers.push([]);
      }
      const list = index.papers[id]!;
      if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return index;
}

/** Every paper's chosen topics, flat: paper i's are entries at[i] .. at[i+1] (phrase, bag slot, weight). */
class Choices {
  readonly at: Int32Array;
  readonly p: number[] = [];
  readonly k: number[] = [];
  readonly w: number[] = [];
  constructor(papers: number) {
    this.at = new Int32Array(papers + 1);
  }
}

/**
 * Most salient topics of each paper (tf-idf × specificity lift: its own subject before generic phrases it also
 * uses); a sub-phrase never used apart from a chosen phrase ('entity recognition' inside 'named entity
 * recognition') is skipped. A paper's kept phrases are ranked through an index array over reused typed arrays (no
 * object, word list or sort array per phrase: ACL has ~5M of them); phrases are distinct within a bag, so the order
 * (weight down, then phrase) is total and any sort gives it.
 */
class TopicPicker {
  private slot = new Int32Array(64);
  private phrase = new Int32Array(64);
  private weight = new Float64Array(64);
  private order = new Int32Array(64);
  /** Weight down, then phrase; −1, 0 or 1 (a difference of weights is a fresh heap number per comparison). */
  private readonly byWeight = (a: number, b: number): number => {
    const wa = this.weight[a]!;
    const wb = this.weight[b]!;
    return wa > wb ? -1 : wa < wb ? 1 : this.phrase[a]! - this.phrase[b]!;
  };

  constructor(
    private readonly sel: Selection,
    private readonly table: PhraseTable,
    private readonly n: number,
    private readonly o: TopicOptions,
  ) {}

  /** Appends paper `i`'s topics (bag `bag`) to `out`; papers come in order. */
  pick(bag: PhraseBag, i: number, out: Choices): void {
    const { sel, table, n, o } = this;
    if (bag.ids.length > this.slot.length) this.grow(bag.ids.length);
    const { slot, phrase, weight, order } = this;
    let c = 0;
    for (let k = 0; k < bag.ids.length; k++) {
      const p = bag.ids[k]!;
      if (!sel.keep[p]) continue;
      slot[c] = k;
      phrase[c] = p;
      weight[c] = (1 + Math.log(termFrequency(bag, k, o.titleWeight))) * Math.log(n / table.df.get(p)) * sel.lift[p]!;
      order[c] = c;
      c++;
    }
    const first = out.p.length;
    for (const x of order.subarray(0, c).sort(this.byWeight)) {
      if (out.p.length - first >= o.topicsPerPaper) break;
      const p = phrase[x]!;
      let inside = false;
      for (let q = first; q < out.p.length && !inside; q++) {
        inside = table.length.get(out.p[q]!) > table.length.get(p) && bag.tf[out.k[q]!]! >= bag.tf[slot[x]!]! && containsRun(table, out.p[q]!, p);
      }
      if (inside) continue;
      out.p.push(p);
      out.k.push(slot[x]!);
      out.w.push(weight[x]!);
    }
    out.at[i + 1] = out.p.length;
  }

  private grow(size: number): void {
    this.slot = new Int32Array(size);
    this.phrase = new Int32Array(size);
    this.weight = new Float64Array(size);
    this.order = new Int32Array(size);
  }
}

/** Whether phrase `outer`'s words hold phrase `inner`'s as a contiguous run. */
function containsRun(table: PhraseTable, outer: number, inner: number): boolean {
  const pool = table.pool.data;
  const [o, outerLength] = [table.start.get(outer), table.length.get(outer)];
  const [i, innerLength] = [table.start.get(inner), table.length.get(inner)];
  for (let s = 0; s + innerLength <= outerLength; s++) {
    let same = true;
    for (let k = 0; k < innerLength; k++) if (pool[o + s + k] !== pool[i + k]) { same = false; break; }
    if (same) return true;
  }
  return false;
}

/**
 * Papers cut off from the rest of the graph (a few papers sharing only each other's words, or text in another
 * language) are tied to the most similar paper outside their group by their words: one SIMILAR_TO link per
 * group, so every paper with text can join a community. The largest group (ties: the lowest paper) is the rest.
 */
function bridges(
  n: number,
  lists: readonly Neighbours[],
  topics: readonly TopicExtraction[],
  entities: EntityIndex,
  rows: KnnIndex,
  knn: KnnOptions,
): Neighbours[] {
  const groups = new UnionFind(n);
  for (const l of lists) for (const j of l.neighbours) groups.union(l.row, j);
  const firstWith = new Map<string, number>();
  topics.forEach((x, i) => {
    for (const t of x.topics) {
      const first = firstWith.get(t.key);
      if (first === undefined) firstWith.set(t.key, i);
      else groups.union(first, i);
    }
  });
  for (const list of entities.papers) for (let k = 1; k < list.length; k++) groups.union(list[0]!, list[k]!);
  let main = 0;
  for (let i = 1; i < n; i++) if (groups.sizeOf(i) > groups.sizeOf(main)) main = i;
  const mainRoot = groups.find(main);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = groups.find(i);
    if (r === mainRoot) continue;
    let m = members.get(r);
    if (!m) members.set(r, (m = []));
    m.push(i);
  }
  if (members.size === 0) return [];
  const out: Neighbours[] = [];
  const wide = { ...knn, k: knn.k * 4, candidates: Math.max(knn.candidates, knn.k * 16) };
  const queries = [...members.values()].flat();
  const neighboursOf = new Map(nearestNeighbours(rows, wide, queries).map((x) => [x.row, x]));
  for (const [root, list] of members) {
    let best: { row: number; j: number; s: number } | undefined;
    for (const i of list) {
      const found = neighboursOf.get(i)!;
      found.neighbours.forEach((j, k) => {
        const s = found.scores[k]!;
        if (groups.find(j) === root) return;
        if (!best || s > best.s || (s === best.s && (found.row < best.row || (found.row === best.row && j < best.j)))) best = { row: found.row, j, s };
      });
    }
    if (best) out.push({ row: best.row, neighbours: Int32Array.of(best.j), scores: Float64Array.of(best.s) });
  }
  return out;
}

/** Milliseconds per step, measured lap by lap. */
function laps(): { timings: TopicResult['timings']; lap: (step: keyof TopicResult['timings']) => void } {
  const timings: TopicResult['timings'] = { chunk: 0, select: 0, topics: 0, similarity: 0 };
  let clock = performance.now();
  return {
    timings,
    lap: (step) => {
      const now = performance.now();
      timings[step] = Math.round(now - clock);
      clock = now;
    },
  };
}

/** The nearest-neighbour settings of the SIMILAR_TO links. */
function knnOptions(o: TopicOptions): KnnOptions {
  return { k: o.neighbours, minSimilarity: o.minSimilarity, probeTerms: o.probeTerms, maxPostings: o.maxPostings, candidates: Math.max(20, 5 * o.neighbours) };
}

/** What the phrase passes give: every paper's topics and what the SIMILAR_TO pass still needs. */
interface PaperTopics {
  extractions: TopicExtraction[];
  topics: Topic[];
  pruned: TopicPruned[];
  skipped: TopicResult['skipped'];
  entities: EntityIndex;
}

/**
 * Topics of every paper: acronyms, chunking, selection, each paper's most salient topics. `pump` is called every
 * few hundred papers of the long loops (a text-similarity thread is fed from there).
 */
function paperTopicsOf(papers: readonly Paper[], extractions: readonly Extraction[], o: TopicOptions, lap: (step: keyof TopicResult['timings']) => void, pump: () => void): PaperTopics {
  const n = papers.length;
  const vocab = new Vocabulary();
  const table = new PhraseTable();
  const chunker = new Chunker(vocab, table);
  const entities = entityVocabulary(extractions);

  // Pass 1: acronym definitions, per paper and voted over the corpus.
  const definitions = papers.map((p, i) => {
    if ((i & 255) === 0) pump();
    const defs = acronymDefinitions(`${p.title}. ${p.abstract}`, vocab);
    return defs.length > 0 ? defs : undefined;
  });
  const corpus = corpusAcronyms(definitions, entities.acronyms, o);

  // Pass 2: chunk, keep English text, count.
  const bags: PhraseBag[] = [];
  const skipped: TopicResult['skipped'] = [];
  papers.forEach((p, i) => {
    if ((i & 255) === 0) pump();
    const own = new Map(definitions[i]);
    // The extractor's language decision (ingest/language.ts), carried on its record: compromise's English lexicon
    // tags French 'de', 'la', 'en' as function words, so a share of them does not tell English text from French.
    if (extractions[i]?.language !== undefined) {
      skipped.push({ paperId: p.id, reason: 'not-english' });
      bags.push(EMPTY_BAG);
      return;
    }
    const bag = chunker.paper(p.title, p.abstract, { get: (s) => own.get(s) ?? corpus.get(s) });
    if (bag.ids.length === 0) skipped.push({ paperId: p.id, reason: 'no-phrase' });
    chunker.commit(bag);
    bags.push(bag);
  });

  lap('chunk');
  const context = new ContextVectors(table, bags, o);
  const sel = selectTopics(table, vocab, bags, entities.names, context, o);
  const ents = entityIndex(extractions);
  lap('select');

  // ABOUT: each paper's most salient topics; a topic only one paper links joins nothing and is left out. The choices
  // of every paper are kept flat (phrase, bag slot, weight) until the links are counted: a big corpus has millions.
  const chosen = new Choices(n);
  const picker = new TopicPicker(sel, table, n, o);
  bags.forEach((bag, i) => picker.pick(bag, i, chosen));
  const links = new Int32Array(table.size);
  for (const p of chosen.p) links[p]!++;
  const keys = new Map<number, string>();
  const keyOf = (p: number): string => {
    let k = keys.get(p);
    if (k === undefined) keys.set(p, (k = table.key(p, vocab)));
    return k;
  };
  const names = new Map<number, string>();
  const nameOf = (p: number): string => {
    let name = names.get(p);
    if (name === undefined) names.set(p, (name = table.display(p, vocab)));
    return name;
  };
  const acronymsOf = new Map<string, string[]>();
  for (const [short, long] of corpus) {
    const key = entityNameKey(long.join(' ')).replace(/-/g, ' ');
    acronymsOf.set(key, [...(acronymsOf.get(key) ?? []), short]);
  }
  const topics: Topic[] = [];
  const listed = new Uint8Array(table.size);
  const topicExtractions: TopicExtraction[] = papers.map((paper, i) => {
    const bag = bags[i]!;
    const list: PaperTopic[] = [];
    for (let q = chosen.at[i]!; q < chosen.at[i + 1]!; q++) {
      const c = { p: chosen.p[q]!, k: chosen.k[q]!, w: chosen.w[q]! };
      if (links[c.p]! < o.minLinks) continue;
      const key = keyOf(c.p);
      if (!listed[c.p]) {
        listed[c.p] = 1;
        const topic: Topic = { key, name: nameOf(c.p), papers: table.df.get(c.p), lift: round(sel.lift[c.p]!) };
        const acronyms = acronymsOf.get(key);
        if (acronyms) topic.acronyms = [...acronyms].sort();
        topics.push(topic);
      }
      list.push({ key, name: nameOf(c.p), count: bag.tf[c.k]!, weight: round(c.w), inTitle: bag.title[c.k]! > 0 });
    }
    return { paperId: paper.id, topics: list };
  });
  lap('topics');
  return { extractions: topicExtractions, topics, pruned: sel.pruned, skipped, entities: ents };
}

/**
 * SIMILAR_TO: nearest neighbours by the content words of title and abstract (BM25, `words`), and groups of papers
 * cut off from the rest tied to their nearest paper outside.
 */
function similarityEdges(n: number, part: PaperTopics, words: WordNeighbours | undefined, o: TopicOptions): SimilarityEdges {
  let lists: Neighbours[] = [];
  if (words) {
    // one list per paper: concatenated, never spread into push() (471k arguments overflow the stack at 8× ACL)
    lists = words.lists.concat(bridges(n, words.lists, part.extractions, part.entities, words.index, knnOptions(o)));
  }
  return neighbourEdges(lists, n);
}

/** The stage's result from the phrase passes and the word neighbours (computed here or on the worker). */
function topicResult(n: number, part: PaperTopics, words: WordNeighbours | undefined, o: TopicOptions, clock: ReturnType<typeof laps>): TopicResult {
  const similarity = similarityEdges(n, part, words, o);
  clock.lap('similarity');
  const { entities: _index, ...rest } = part;
  return { ...rest, similarity, timings: clock.timings };
}

/**
 * Extracts topics for every paper and links papers to their nearest neighbours by text. `extractions[i]` must
 * belong to `papers[i]` (the entity extractor's output, in the same order). Same input and options → same output.
 */
export function extractTopics(papers: readonly Paper[], extractions: readonly Extraction[], options: Partial<TopicOptions> = {}): TopicResult {
  const o = validateTopicOptions(options);
  const clock = laps();
  const part = paperTopicsOf(papers, extractions, o, clock.lap, () => {});
  const words = o.neighbours > 0 ? wordNeighbours(contentWords(papers.length, (i) => papers[i]!, new ContentWordTable(), o.titleWeight), o, knnOptions(o)) : undefined;
  return topicResult(papers.length, part, words, o, clock);
}

/** Below this many papers the similarity thread is not started (its start-up costs more than it saves). */
export const MIN_PAPERS_FOR_THREAD = 5000;

/** Whether `extractTopicsStaged` runs the text similarity on a worker thread. */
function similarityOnThread(o: TopicOptions, papers: number, threads: number, minPapersForThread: number): boolean {
  return threads >= 2 && o.neighbours > 0 && papers >= minPapersForThread;
}

/**
 * Starts the similarity worker of `extractTopicsStaged(papers, …, options, threads, minPapersForThread)` ahead of the
 * stage (`prestartFeedWorker`) when that stage will use one: its start-up (~1 s of CPU on ACL) then runs while the
 * caller finishes the stage before.
 */
export function prestartTopicThread(papers: number, options: Partial<TopicOptions> = {}, threads = 2, minPapersForThread = MIN_PAPERS_FOR_THREAD): void {
  if (similarityOnThread(validateTopicOptions(options), papers, threads, minPapersForThread)) prestartSimilarityThread();
}

/** The topic stage with its SIMILAR_TO edges still being computed (`extractTopicsStaged`). */
export interface TopicsInProgress {
  /** Every paper's topics, the topic vocabulary, the pruned and skipped lists: all but the similarity edges. */
  phrases: Omit<TopicResult, 'similarity'>;
  /**
   * The SIMILAR_TO edges, once the similarity thread has answered (its worker is closed either way). The
   * `similarity` step of `phrases.timings` is filled in then. Rejects with the thread's failure.
   */
  similarity: Promise<SimilarityEdges>;
  /** Stops the similarity thread early (when the caller fails before awaiting `similarity`). */
  cancel(): Promise<void>;
}

/**
 * `extractTopics` with the text similarity (content words, BM25, nearest neighbours: about half the stage) on a
 * worker thread while this one chunks and selects topics, answered in two steps: the phrase results as soon as
 * this thread is done with them, the similarity edges when the worker is — so the caller can go on (building the
 * graph's nodes and other links) while the worker finishes. The same result, byte for byte; `threads` < 2, a small
 * corpus or no neighbours run everything here (the edges are then ready at once).
 */
export function extractTopicsStaged(
  papers: readonly Paper[],
  extractions: readonly Extraction[],
  options: Partial<TopicOptions> = {},
  threads = 2,
  minPapersForThread = MIN_PAPERS_FOR_THREAD,
): TopicsInProgress {
  const o = validateTopicOptions(options);
  if (!similarityOnThread(o, papers.length, threads, minPapersForThread)) {
    const { similarity, ...phrases } = extractTopics(papers, extractions, o);
    return { phrases, similarity: Promise.resolve(similarity), cancel: async () => {} };
  }
  const clock = laps();
  const thread = new SimilarityThread(papers, { titleWeight: o.titleWeight, rows: o, knn: knnOptions(o) });
  let part: PaperTopics;
  try {
    part = paperTopicsOf(papers, extractions, o, clock.lap, () => thread.pump());
  } catch (err) {
    void thread.close();
    throw err;
  }
  // Whatever is left of the text goes out now (usually nothing: the chunking loops fed it all).
  thread.pump();
  const similarity = (async () => {
    try {
      const edges = similarityEdges(papers.length, part, await thread.result(), o);
      clock.lap('similarity');
      return edges;
    } finally {
      await thread.close();
    }
  })();
  // Awaited once the caller's own work is done: a failure before then must not count as unhandled.
  similarity.catch(() => undefined);
  const { entities: _index, ...phrases } = part;
  return { phrases: { ...phrases, timings: clock.timings }, similarity, cancel: () => thread.close() };
}

/** `extractTopicsStaged`, awaited whole: the stage's full result. */
export async function extractTopicsAsync(
  papers: readonly Paper[],
  extractions: readonly Extraction[],
  options: Partial<TopicOptions> = {},
  threads = 2,
  minPapersForThread = MIN_PAPERS_FOR_THREAD,
): Promise<TopicResult> {
  const staged = extractTopicsStaged(papers, extractions, options, threads, minPapersForThread);
  const similarity = await staged.similarity;
  const { timings, ...rest } = staged.phrases;
  return { ...rest, similarity, timings };
}
