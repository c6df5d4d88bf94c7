// Topic stage (ingest/topics): noun-phrase chunking, normal forms, acronyms, corpus statistics, similar papers —
// and Topic / ABOUT / SIMILAR_TO everywhere the other node and relationship types go (graph, exports, Neo4j rows).
import { describe, expect, it } from 'vitest';
import { buildGraph, GRAPH_BUILD_DEFAULTS } from '../graph/build.ts';
import { detectCommunities } from '../graph/communities/index.ts';
import { neo4jImportTables, toGraphML } from '../graph/export/index.ts';
import { buildWritePlan } from '../graph/neo4j/rows.ts';
import { mergeRelationships } from '../graph/neo4j/statements.ts';
import { RELATIONSHIP_KINDS } from '../graph/records.ts';
import { createRng } from '../graph/rng.ts';
import { entityNameKey, extractTopics, extractTopicsAsync, extractTopicsStaged, TOPIC_DEFAULTS, validateTopicOptions, type TopicOptions } from '../ingest/topics/index.ts';
import { acronymDefinitions, Chunker, longFormLength } from '../ingest/topics/phrases.ts';
import { bm25Rows, ContentWordTable, contentWords, nearestNeighbours, neighbourEdges, scanWords, sparseRows, topByScore, WORD, type WordRowOptions } from '../ingest/topics/similar.ts';
import { EventNames } from '../ingest/topics/select.ts';
import { PhraseTable, Vocabulary } from '../ingest/topics/table.ts';
import { lexiconTags, singular, wordClass } from '../ingest/topics/words.ts';
import { isForeign } from '../ingest/language.ts';
import type { Extraction, Paper } from '../ingest/types.ts';

/** Normal forms of every topic-shaped span of one text (no corpus: nothing is counted). */
function spans(text: string, acronyms: Record<string, string[]> = {}): string[] {
  const vocab = new Vocabulary();
  const table = new PhraseTable();
  const chunker = new Chunker(vocab, table);
  const own = new Map(acronymDefinitions(text, vocab));
  const bag = chunker.paper('', text, { get: (s) => own.get(s) ?? acronyms[s] });
  return [...bag.ids].map((p) => table.key(p, vocab)).sort();
}

describe('chunking (compromise word classes, rules as data)', () => {
  it.each([
    ['a noun phrase and its sub-spans', 'We study neural machine translation.', ['machine', 'machine translation', 'neural machine', 'neural machine translation', 'translation']],
    ['heads are singular; a verb after a plural subject ends the phrase', 'Large language models help.', ['language', 'language model', 'large language', 'large language model', 'model']],
    ['hyphens and spaces count alike', 'low-resource languages and low resource languages', ['language', 'low resource', 'low resource language', 'resource', 'resource language']],
    ['a gerund opening a run is a verb', 'Using neural networks.', ['network', 'neural network']],
    ['a gerund after a modifier heads a topic', 'Question answering matters.', ['answering', 'question', 'question answering']],
    ['rhetorical modifiers do not open a topic', 'Extensive experiments on the proposed model.', ['experiment', 'model']],
    ['nor head one', 'The model achieved state-of-the-art on parsing.', ['model', 'parsing']],
    ['web addresses are no topic words, with a mistyped scheme or none', 'Code at https;//github.com/x/y and a quiz site factquizmaster.com for parsing.', ['code', 'parsing', 'quiz', 'quiz site', 'site']],
    ["a verb's -s form after a noun is not part of it", 'This paper describes a method.', ['method', 'paper']],
    ['numbers and roman numerals end a phrase', 'Task II of 2021 is about hate speech.', ['hate', 'hate speech', 'speech', 'task']],
    ['an unknown acronym is a name, not a topic word', 'BERT encoders for tagging.', ['encoder', 'tagging']],
    ['quantifying nouns and complex prepositions are function words', 'A lot of data, on par with hundreds of parsers and a handful of taggers.', ['data', 'parser', 'tagger']],
    ['an apostrophe inside a word keeps it whole; a possessive or clitic is skipped', "Qur’an recitation: parser's errors don't matter.", ['error', 'parser', 'parser error', "qur'an", "qur'an recitation", 'recitation']],
    ['participles that work as prepositions are function words', 'Accuracy varies depending on the domain, according to annotators, regarding tagging.', ['accuracy', 'domain', 'tagging']],
    ['evaluative, quantifying and pointing modifiers do not open a topic', 'A critical challenge for all modalities in their own corpora.', ['challenge', 'corpus', 'modality']],
  ])('%s', (_name, text, expected) => {
    expect(spans(text)).toEqual(expected);
  });

  it('expands an acronym the paper defines, and one the corpus agrees on', () => {
    expect(spans('Neural machine translation (NMT) is hard. NMT systems fail.')).toContain('neural machine translation system');
    expect(spans('NMT systems fail.', { NMT: ['neural', 'machine', 'translation'] })).toContain('neural machine translation system');
    expect(spans('NMT systems fail.')).toEqual(['system']);
  });

  it('a function word inside an expanded long form glues it and never starts or heads a phrase', () => {
    expect(spans('MoE layers route tokens.', { MoE: ['mixture', 'of', 'experts'] })).toEqual(['expert', 'experts layer', 'layer', 'mixture', 'mixture of expert', 'mixture of experts layer', 'token']);
  });

  it.each([
    ['NMT', ['we', 'use', 'neural', 'machine', 'translation'], 3],
    ['LLM', ['large', 'language', 'models'], 3],
    ['ASR', ['automatic', 'speech', 'recognition'], 3],
    ['XYZ', ['neural', 'machine', 'translation'], 0],
  ])('Schwartz–Hearst long form of %s in %j: %i words', (short, words, n) => {
    expect(longFormLength(short, words)).toBe(n);
  });

  it.each([
    ['biases', 'bias'], ['analyses', 'analysis'], ['corpora', 'corpus'], ['models', 'model'], ['cases', 'case'], ['news', 'news'], ['bias', 'bias'],
    ['français', 'français'], ['países', 'países'],
    ['clauses', 'clause'], ['applauses', 'applause'], ['hypotheses', 'hypothesis'], ['syntheses', 'synthesis'], ['causes', 'cause'],
  ])('singular(%s) = %s', (word, form) => {
    expect(singular(word)).toBe(form);
  });

  it.each([
    ['the', 'stop'], ['translation', 'noun'], ['neural', 'adj'], ['using', 'gerund'], ['supervised', 'past'], ['model', 'switch'], ['iii', 'stop'],
  ])('wordClass(%s) = %s', (word, cls) => {
    expect(wordClass(word)).toBe(cls);
  });

  it.each(['constructor', '__proto__'])("'%s' is read as any unknown word, not as the lexicon object's prototype", (word) => {
    expect(wordClass(word)).toBe('noun');
    expect(lexiconTags(word)).toEqual([]);
  });
});

// A synthetic corpus with planted research lines: each line has its own task phrase and vocabulary; every paper also
// says generic things ("our approach", "the results"); a few phrases are one-offs.
const LINES = [
  { task: 'machine translation', words: ['bilingual', 'parallel', 'alignment', 'decoder', 'reordering', 'lexicon'] },
  { task: 'hate speech detection', words: ['offensive', 'toxic', 'abuse', 'slur', 'moderation', 'platform'] },
  { task: 'dependency parsing', words: ['treebank', 'arc', 'head', 'projective', 'transition', 'grammar'] },
  { task: 'dialogue state tracking', words: ['slot', 'utterance', 'turn', 'belief', 'ontology', 'user'] },
];
const GENERIC = ['approach', 'result', 'performance', 'experiment', 'baseline', 'improvement'];

function corpus(perLine = 25, seed = 3): { papers: Paper[]; extractions: Extraction[]; line: number[] } {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const papers: Paper[] = [];
  const extractions: Extraction[] = [];
  const line: number[] = [];
  LINES.forEach((l, li) => {
    for (let k = 0; k < perLine; k++) {
      const id = `p${li}-${k}`;
      const w = () => pick(l.words);
      const abstract = `In this work we study ${l.task} with the help of ${w()} ${w()} features. Our ${pick(GENERIC)} uses ${w()} cues and the ${w()} structure of the data. ` +
        `The ${pick(GENERIC)} shows that ${w()} ${w()} gains are large over the ${pick(GENERIC)}. It is a unique phrase ${id.replace('-', ' x ')}zork.`;
      papers.push({ id, title: `${l.task} with ${w()} ${w()}`, abstract, authors: [`Author ${li}`], sources: [{ file: 'c', line: k + 1, format: 'jsonl' }] });
      extractions.push({ paperId: id, repositories: [], entities: k % 3 === 0 ? [{ key: `tool${li}`, name: `Tool${li}`, type: 'method', role: 'USES', aliases: [`Tool${li}`], evidence: [] }] : [] });
      line.push(li);
    }
  });
  return { papers, extractions, line };
}

describe('modifier uses of one-word phrases', () => {
  it('counts a noun as a modifier when a later head of its run follows it, never the run\'s last head', () => {
    const vocab = new Vocabulary();
    const table = new PhraseTable();
    const chunker = new Chunker(vocab, table);
    const bag = chunker.paper('', 'Neural machine translation of speech. We built a machine. We study translation memory.', { get: () => undefined });
    chunker.commit(bag);
    const of = (key: string): { modifier: number; uses: number } => {
      const p = [...bag.ids].find((q) => table.key(q, vocab) === key)!;
      return { modifier: table.modifier.get(p), uses: table.cf.get(p) };
    };
    expect(of('machine')).toEqual({ modifier: 1, uses: 2 });
    expect(of('translation')).toEqual({ modifier: 1, uses: 2 });
    expect(of('speech')).toEqual({ modifier: 0, uses: 1 });
    expect(of('memory')).toEqual({ modifier: 0, uses: 1 });
  });
});

describe('event names (venues, shared tasks, editions) are not topics', () => {
  const events = new EventNames(['DravidianLangTech', 'SemEval', 'MT Summit', 'LT-EDI', 'CASE', 'FIRE', 'EMNLP', 'n2c2'], ['annual meeting', 'shared task']);
  it.each([
    ['dravidianlangtech', true], ['semeval task', true], ['mt summit', true], ['lt edi', true], ['emnlp', true], ['n2c2 challenge', true],
    ['semeval 2018 task', true], ['acl2022', true], ['hate speech detection 2021', true], ['annual meeting', true], ['offensive language shared task', true],
    ['case study', false], ['fire detection', false], ['machine translation', false], ['shared task participant', false], ['covid 19', false],
  ])('%s → %s', (phrase, event) => {
    expect(events.matches(phrase.split(' '))).toBe(event);
  });
  it.each([
    ['DravidianLangTech', true], ['SemEval', true], ['MT Summit', true], ['EMNLP', true], ['n2c2', true], ['CASE', false], ['FIRE', false], ['WMT', false],
  ])('readable(%s) = %s', (name, readable) => {
    expect(EventNames.readable(name)).toBe(readable);
  });
});

describe('topic selection (corpus statistics)', () => {
  const { papers, extractions, line } = corpus();
  const result = extractTopics(papers, extractions);
  const keys = new Set(result.topics.map((t) => t.key));

  it('keeps each line\'s task as a topic and links its papers to it', () => {
    for (const l of LINES) expect(keys).toContain(l.task);
    result.extractions.forEach((x, i) => {
      expect(x.paperId).toBe(papers[i]!.id);
      expect(x.topics.length).toBeLessThanOrEqual(TOPIC_DEFAULTS.topicsPerPaper);
      for (const t of x.topics) expect(t.weight).toBeGreaterThan(0);
    });
    // Most papers are ABOUT a topic of their own line (its task or one of its words).
    let own = 0;
    result.extractions.forEach((x, i) => {
      const l = LINES[line[i]!]!;
      if (x.topics.some((t) => t.key === l.task || l.words.some((w) => t.key.includes(w)))) own++;
    });
    expect(own / papers.length).toBeGreaterThan(0.9);
  });

  it('drops phrases every paper uses, one-offs and entity names, each with its reason', () => {
    const byReason = new Map(result.pruned.map((p) => [p.reason, p]));
    for (const g of GENERIC) expect(keys).not.toContain(g);
    expect([...keys].some((k) => k.includes('zork'))).toBe(false);
    expect(byReason.get('too-rare')!.phrases).toBeGreaterThan(0);
    for (const e of byReason.get('too-common')!.examples) expect(e.papers).toBeGreaterThan(TOPIC_DEFAULTS.maxShare * papers.length);
    expect(byReason.get('too-common')!.examples.map((e) => e.key)).toContain('data');
    // Sub-phrases only ever used inside the task names ('hate speech' in 'hate speech detection') are nested.
    expect(byReason.get('nested')!.examples.map((e) => e.key)).toContain('hate speech');
    for (const p of result.pruned) expect(p.examples.length).toBeLessThanOrEqual(8);
  });

  it('drops a one-word fragment used mostly as the modifier of a following noun (\'zeta\' of \'zeta treebank\', \'zeta parser\') as modifier', () => {
    // In every paper of one line, 'zeta' modifies one of three nouns (no single longer phrase holds it: not nested);
    // once it is a head of its own. Its papers are all alike, so only the modifier rule keeps it from being a topic.
    const heads = ['treebanks', 'parsers', 'arcs'];
    const withZeta = papers.map((p, i) => (line[i] !== 2 ? p : { ...p, title: `${p.title} for zeta ${heads[i % 3]}`, abstract: `${p.abstract} We use zeta ${heads[(i + 1) % 3]}.${i % 25 === 0 ? ' We thank the zeta.' : ''}` }));
    const r = extractTopics(withZeta, extractions);
    expect(r.topics.map((t) => t.key)).not.toContain('zeta');
    expect(r.pruned.find((p) => p.reason === 'modifier')!.phrases).toBeGreaterThan(0);
    for (const l of LINES) expect(r.topics.map((t) => t.key)).toContain(l.task);
    // Used as a modifier in 50 of its 51 uses: a threshold above that share keeps it.
    const kept = extractTopics(withZeta, extractions, { modifierShare: 1 });
    expect(kept.topics.map((t) => t.key)).toContain('zeta');
  });

  it('drops event names — venues, shared-task series, editions, meetings — as event-name, keeping the task', () => {
    const events = 'We entered the DravidianLangTech shared task, SemEval-2022 Task 5 and the MT Summit track of the annual meeting.';
    // In every fifth paper: used often enough to be counted, not so often that it is 'too-common' first.
    const withEvents = papers.map((p, i) => (i % 5 ? p : { ...p, abstract: `${p.abstract} ${events}` }));
    const r = extractTopics(withEvents, extractions);
    const kept = r.topics.map((t) => t.key);
    for (const l of LINES) expect(kept).toContain(l.task);
    expect(kept.filter((k) => /dravidianlangtech|semeval|summit|shared task|annual meeting|2022/.test(k))).toEqual([]);
    const pruned = r.pruned.find((p) => p.reason === 'event-name')!.examples.map((e) => e.key);
    expect(pruned).toEqual(expect.arrayContaining(['dravidianlangtech', 'shared task', 'annual meeting']));
  });

  it('links every paper to similar papers, nearly always of its own line, each pair once', () => {
    const { source, target, score } = result.similarity;
    const degree = new Int32Array(papers.length);
    const pairs = new Set<string>();
    let same = 0;
    for (let e = 0; e < source.length; e++) {
      expect(source[e]!).toBeLessThan(target[e]!);
      expect(score[e]!).toBeGreaterThan(0);
      expect(score[e]!).toBeLessThanOrEqual(1 + 1e-9);
      pairs.add(`${source[e]}-${target[e]}`);
      degree[source[e]!]!++;
      degree[target[e]!]!++;
      if (line[source[e]!] === line[target[e]!]) same++;
    }
    expect(pairs.size).toBe(source.length);
    for (const d of degree) expect(d).toBeGreaterThan(0);
    expect(same / source.length).toBeGreaterThan(0.9);
  });

  it('is deterministic', () => {
    const again = extractTopics(papers, extractions);
    expect(JSON.stringify({ ...again, timings: null, similarity: [...again.similarity.source, ...again.similarity.target] }))
      .toBe(JSON.stringify({ ...result, timings: null, similarity: [...result.similarity.source, ...result.similarity.target] }));
  });

  it('gives the same result, byte for byte, with the text similarity on a worker thread (fed in batches of 1000 papers)', async () => {
    // More batches than the window of batches in flight (4), so the feed waits on the worker at least once.
    const big = corpus(1300);
    expect(big.papers.length).toBeGreaterThan(5000);
    const serialise = (r: typeof result) => JSON.stringify({ ...r, timings: null, similarity: [...r.similarity.source, ...r.similarity.target, ...r.similarity.score] });
    const threaded = await extractTopicsAsync(big.papers, big.extractions, {}, 2, 1);
    const whole = extractTopics(big.papers, big.extractions);
    expect(serialise(threaded)).toBe(serialise(whole));
    expect(threaded.similarity.source.length).toBeGreaterThan(big.papers.length);
    // In two steps (the build goes on with the phrase results while the thread finishes): the same parts.
    const staged = extractTopicsStaged(big.papers, big.extractions, {}, 2, 1);
    const { similarity: _s, timings: _t, ...phrases } = whole;
    expect(JSON.stringify({ ...staged.phrases, timings: null })).toBe(JSON.stringify({ ...phrases, timings: null }));
    const similarity = await staged.similarity;
    expect([...similarity.source, ...similarity.target, ...similarity.score]).toEqual([...whole.similarity.source, ...whole.similarity.target, ...whole.similarity.score]);
    expect(staged.phrases.timings.similarity).toBeGreaterThan(0);
  }, 60_000);

  it('a staged run cancelled before its similarity is awaited ends its thread: the similarity settles (answered first, or worker-failed)', async () => {
    const big = corpus(1300);
    const staged = extractTopicsStaged(big.papers, big.extractions, {}, 2, 1);
    await staged.cancel();
    const settled = await staged.similarity.then(() => 'answered', (err: { code?: string }) => err.code);
    expect(['answered', 'worker-failed']).toContain(settled);
  }, 60_000);

  it('a staged run without a thread (one thread, or a small corpus) has its similarity ready, the same as extractTopics', async () => {
    const staged = extractTopicsStaged(papers, extractions, {}, 1);
    const similarity = await staged.similarity;
    expect([...similarity.source, ...similarity.target]).toEqual([...result.similarity.source, ...result.similarity.target]);
    expect(JSON.stringify({ ...staged.phrases, timings: null })).toBe(JSON.stringify({ ...result, similarity: undefined, timings: null }));
  });

  it('text in another language is skipped (counted, with its reason) and still gets neighbours from its words', () => {
    const french: Paper[] = [0, 1, 2].map((k) => ({
      id: `fr${k}`, title: `Analyse syntaxique du français ${k}`,
      // 'de', 'la', 'en', 'a', 'on' are function words to compromise's English lexicon: a share of them did let French
      // abstracts through, and 'sur', 'modèle', 'dans un' became topics of a French community
      abstract: k === 0
        ? 'Nous présentons une analyse syntaxique automatique du français écrit, avec un corpus arboré et des règles de grammaire.'
        : 'On a évalué la méthode sur un corpus de la presse en français : le modèle de traduction a de bons résultats sur la tâche de traduction de la parole en temps réel.',
      authors: [], sources: [{ file: 'fr', line: k + 1, format: 'jsonl' }],
    }));
    const all = [...papers, ...french];
    // the extractor marks them (ingest/language.ts); the topics stage reads its mark
    const r = extractTopics(all, [...extractions, ...french.map((p) => ({ paperId: p.id, entities: [], repositories: [], ...(isForeign(p.abstract) ? { language: 'fra' } : {}) }))]);
    expect(r.skipped.filter((s) => s.reason === 'not-english').map((s) => s.paperId)).toEqual(['fr0', 'fr1', 'fr2']);
    const touched = new Set([...r.similarity.source, ...r.similarity.target]);
    for (let i = papers.length; i < all.length; i++) expect(touched.has(i)).toBe(true);
  });

  it.each([
    { field: 'minPapers', value: 0 },
    { field: 'maxShare', value: 0 },
    { field: 'minLift', value: -1 },
    { field: 'specificShare', value: 1.5 },
    { field: 'neighbours', value: -1 },
    { field: 'topicsPerPaper', value: 2.5 },
    { field: 'wordMinPapers', value: 0 },
    { field: 'wordMaxShare', value: 0 },
    { field: 'bm25K1', value: -1 },
    { field: 'bm25B', value: 2 },
  ])('rejects $field = $value', ({ field, value }) => {
    expect(() => validateTopicOptions({ [field]: value } as Partial<TopicOptions>)).toThrowError(expect.objectContaining({ code: 'invalid-topic-option', field }));
  });

  it('entity names are compared in the same normal form', () => {
    expect(entityNameKey('Universal Dependencies')).toBe('universal dependency');
    expect(entityNameKey('Low-Resource Languages')).toBe('low resource language');
  });
});

describe('nearest neighbours (pruned inverted index)', () => {
  const rng = createRng(9);
  const rows = Array.from({ length: 300 }, () => {
    const term: number[] = [];
    const weight: number[] = [];
    const topic = Math.floor(rng() * 10);
    for (let k = 0; k < 12; k++) {
      const t = rng() < 0.7 ? topic * 20 + Math.floor(rng() * 20) : 200 + Math.floor(rng() * 100);
      if (term.includes(t)) continue;
      term.push(t);
      weight.push(rng() + 0.1);
    }
    return { term, weight };
  });
  const matrix = sparseRows(rows, 300);
  const cosine = (i: number, j: number): number => {
    let s = 0;
    for (let q = matrix.starts[i]!; q < matrix.starts[i + 1]!; q++) {
      for (let r = matrix.starts[j]!; r < matrix.starts[j + 1]!; r++) if (matrix.term[q] === matrix.term[r]) s += matrix.weight[q]! * matrix.weight[r]!;
    }
    return s;
  };

  it('probing every term finds exactly the brute-force neighbours', () => {
    const exact = nearestNeighbours(matrix, { k: 5, minSimilarity: 0, probeTerms: 50, maxPostings: 10_000, candidates: 300 });
    for (const { row, neighbours, scores } of exact.slice(0, 40)) {
      const brute = [...Array(300).keys()].filter((j) => j !== row).map((j) => ({ j, s: cosine(row, j) }))
        .filter((x) => x.s > 0).sort((a, b) => b.s - a.s || a.j - b.j).slice(0, 5);
      expect([...neighbours]).toEqual(brute.map((x) => x.j));
      brute.forEach((x, k) => expect(scores[k]).toBeCloseTo(x.s, 10));
    }
  });

  it('with the default pruning it still finds most of them', () => {
    const o = TOPIC_DEFAULTS;
    const approx = nearestNeighbours(matrix, { k: 5, minSimilarity: 0, probeTerms: o.probeTerms, maxPostings: 20, candidates: 25 });
    const exact = nearestNeighbours(matrix, { k: 5, minSimilarity: 0, probeTerms: 50, maxPostings: 10_000, candidates: 300 });
    let hit = 0;
    let total = 0;
    approx.forEach((a, i) => {
      const e = new Set(exact[i]!.neighbours);
      total += e.size;
      for (const j of a.neighbours) if (e.has(j)) hit++;
    });
    expect(hit / total).toBeGreaterThan(0.8);
    const edges = neighbourEdges(approx, 300);
    for (let e = 1; e < edges.source.length; e++) {
      expect(edges.source[e - 1]! * 300 + edges.target[e - 1]!).toBeLessThan(edges.source[e]! * 300 + edges.target[e]!);
    }
  });

  it('lists a row once when its partial products underflow to 0 (reached through two probe terms)', () => {
    // Rows 0 and 1 share two terms too light for their products to be anything but 0 in floating point.
    const tiny = 1e-170;
    const rows = sparseRows([{ term: [0, 1, 2], weight: [1, tiny, tiny] }, { term: [1, 2, 3], weight: [tiny, tiny, 1] }, { term: [3], weight: [1] }], 4);
    const [first, second] = nearestNeighbours(rows, { k: 5, minSimilarity: 0, probeTerms: 3, maxPostings: 10, candidates: 10 });
    expect([...first!.neighbours]).toEqual([1]);
    expect([...second!.neighbours]).toEqual([2, 0]);
  });
});

describe('topByScore (bounded heap)', () => {
  // Scores drawn from a few values, so ties (broken by the lower index) are common.
  const rng = createRng(11);
  const score = Float64Array.from({ length: 400 }, () => Math.floor(rng() * 12) / 4);
  const brute = (items: readonly number[], c: number) => [...items].sort((a, b) => score[b]! - score[a]! || a - b).slice(0, c);
  const shuffled = [...Array(400).keys()].sort(() => rng() - 0.5);
  it.each([
    ['fewer items than kept', 5, 10],
    ['as many items as kept', 10, 10],
    ['many items, few kept', 400, 25],
    ['one kept', 400, 1],
    ['none kept', 400, 0],
  ])('%s: the best by score, ties to the lower index, best first', (_case, n, c) => {
    const items = Int32Array.from(shuffled.slice(0, n));
    expect(topByScore(items, score, c)).toEqual(brute(shuffled.slice(0, n), c));
    // Only the first `count` items of a longer buffer (the neighbour search reuses one).
    const buffer = Int32Array.from([...shuffled.slice(0, n), ...shuffled.slice(n)]);
    expect(topByScore(buffer, score, c, new Int32Array(c), n)).toEqual(brute(shuffled.slice(0, n), c));
  });
});

describe('content-word rows (stemmed, BM25)', () => {
  const texts = [
    { title: 'Translating Legal Texts', abstract: 'We translate the translations of contracts and statutes.' },
    { title: 'Statutes in translation', abstract: 'A corpus of statutes and court rulings, with their translations.' },
    { title: 'Dialogue state tracking', abstract: 'We track the state of a dialogue across turns of a conversation.' },
    { title: 'Dialogue policies', abstract: 'Conversation policies for task-oriented dialogue: turns, states and rewards.' },
  ];
  const vocab = new Vocabulary();
  const words = contentWords(texts.length, (i) => texts[i]!, vocab, 2);
  const termsOf = (i: number): Map<number, number> => {
    const m = new Map<number, number>();
    for (let q = words.starts[i]!; q < words.starts[i + 1]!; q++) m.set(words.term[q]!, words.count[q]!);
    return m;
  };
  const o: WordRowOptions = { wordMinPapers: 2, wordMaxShare: 0.5, bm25K1: 1.2, bm25B: 0.75, rowTerms: 40 };

  it('stems and singularises (translating, translate, translations → one term), leaves function words out, counts title words twice', () => {
    const first = termsOf(0);
    // 'translating' (title, ×2) + 'translate' + 'translations' = 4; 'legal' ×2; 'texts', 'contracts', 'statutes' …
    expect([...first.values()].sort((a, b) => b - a)).toEqual([4, 2, 2, 1, 1]);
    expect(words.terms).toBeLessThan(vocab.size);
    // 'we', 'the', 'of', 'and' are no terms: the first paper has 5 (translat, legal, text, contract, statut).
    expect(first.size).toBe(5);
  });

  it('the lean content-word table counts exactly as the topic vocabulary does', () => {
    const more = [
      ...texts,
      { title: 'Biases and analyses of corpora', abstract: 'These biases, our analyses: which corpora were theirs? Los países y los datos.' },
      { title: "Models' children and mice", abstract: 'The children of mice; an analysis of news, bus and status of the classes we had.' },
    ];
    const lean = new ContentWordTable();
    expect(contentWords(more.length, (i) => more[i]!, lean, 2)).toEqual(contentWords(more.length, (i) => more[i]!, new Vocabulary(), 2));
    expect(lean.size).toBeGreaterThan(0);
  });

  // scanWords reads words by WORD's rule without running it: it must find exactly what `text.match(WORD)` finds.
  const scanned = (text: string): string[] => {
    const out: string[] = [];
    scanWords(text, (start, end) => out.push(text.slice(start, end)));
    return out;
  };
  it.each([
    ['plain words and hyphens', 'Low-resource NMT, 2nd try: BERT4Rec v2.0 beats x86!'],
    ['inner apostrophes', "rock'n'roll don't5 abc'de9 '' x'y' 'quoted' o'Brien's"],
    ['accents, combining marks, other scripts', 'naïve café x\u0301y ŉ İstanbul ΣΑΣ 中文字 ١٢٣ ℌello ǅungla Ⅻ'],
    ['letters and digits beyond U+FFFF', '𝐀𝐁𝐂 test 𝟏𝟐 𝔘nicode 𐐀𐐨 a\'𐐨b 𐐨\'x'],
    ['lone surrogates', 'ab\ud835cd \udc00xy z\ud835'],
    ['empty and no words', ''],
    ['only separators', ' -- 42 ... '],
  ])('scanWords finds what text.match(WORD) finds: %s', (_name, text) => {
    expect(scanned(text)).toEqual(text.match(WORD) ?? []);
  });
  it('scanWords agrees with text.match(WORD) on random text over letters, digits, marks, apostrophes and surrogates', () => {
    const alphabet = ['a', 'Z', 'é', 'ß', '中', '1', '٣', 'Ⅻ', "'", "'", ' ', '-', '.', '\u0301', '𝐀', '𝟏', '\ud835', '\udc00', 'ǅ'];
    const rng = createRng(7);
    for (let k = 0; k < 2_000; k++) {
      let text = '';
      const n = Math.floor(rng() * 24);
      for (let i = 0; i < n; i++) text += alphabet[Math.floor(rng() * alphabet.length)]!;
      expect(scanned(text), JSON.stringify(text)).toEqual(text.match(WORD) ?? []);
    }
  });

  it('a title weight of 0 keeps title-only words once, with count 0, in the order of first use', () => {
    const papers = [
      { title: 'Statutes and statutes', abstract: 'Contracts, statutes and contracts.' },
      { title: 'Dialogue turns', abstract: 'Nothing about the title here.' },
    ];
    const zero = contentWords(papers.length, (i) => papers[i]!, new ContentWordTable(), 0);
    const two = contentWords(papers.length, (i) => papers[i]!, new ContentWordTable(), 2);
    expect([...zero.starts]).toEqual([...two.starts]);
    expect([...zero.term]).toEqual([...two.term]);
    // paper 0: statut (title 2 × 2, abstract 1), contract (abstract 2); paper 1: dialogu, turn (title only), then
    // three abstract words once each
    expect([...two.count]).toEqual([2 * 2 + 1, 2, 2, 2, 1, 1, 1]);
    expect([...zero.count]).toEqual([1, 2, 0, 0, 1, 1, 1]);
  });

  it('BM25 rows: unit length, only words 2..50 % of the papers use, saturating term frequency', () => {
    const rows = bm25Rows(words, o);
    for (let i = 0; i < rows.n; i++) {
      let norm = 0;
      for (let q = rows.starts[i]!; q < rows.starts[i + 1]!; q++) norm += rows.weight[q]! ** 2;
      expect(norm).toBeCloseTo(1, 10);
    }
    // Paper 0 keeps 'translat' and 'statut' (2 papers each); 'legal', 'text', 'contract' are its alone.
    expect(rows.starts[1]! - rows.starts[0]!).toBe(2);
    const w = new Map<number, number>();
    for (let q = rows.starts[0]!; q < rows.starts[1]!; q++) w.set(rows.term[q]!, rows.weight[q]!);
    const [translat, statut] = [...termsOf(0)].filter(([t]) => w.has(t)).sort((a, b) => b[1] - a[1]).map(([t]) => w.get(t)!);
    // Four uses against one: heavier, but far less than four times (same idf: both words in two papers).
    expect(translat! / statut!).toBeGreaterThan(1);
    expect(translat! / statut!).toBeLessThan(2.5);
    // With at most 25 % (one of four papers) no word is both shared (≥ 2 papers) and rare enough: no terms at all.
    expect(bm25Rows(words, { ...o, wordMaxShare: 0.25 }).term.length).toBe(0);
  });

  it('neighbours follow the shared vocabulary', () => {
    const lists = nearestNeighbours(bm25Rows(words, o), { k: 1, minSimilarity: 0, probeTerms: 8, maxPostings: 100, candidates: 10 });
    expect(lists.map((l) => [...l.neighbours])).toEqual([[1], [0], [3], [2]]);
  });
});

describe('Topic, ABOUT and SIMILAR_TO everywhere the other types go', () => {
  const { papers, extractions } = corpus(8);
  const topics = extractTopics(papers, extractions);
  const graph = buildGraph(papers, extractions, { topics });
  const report = detectCommunities(graph);

  it('graph: Topic nodes with their paper counts, ABOUT and SIMILAR_TO edges with their weights', () => {
    let about = 0;
    let similar = 0;
    graph.forEachEdge((_e, a, s, t, sa, ta) => {
      if (a.type === 'ABOUT') {
        about++;
        expect([sa.type, ta.type]).toEqual(['paper', 'topic']);
        // Specific links weigh more: 1/√(papers linking the topic).
        expect(a.weight).toBeCloseTo(1 / Math.sqrt(graph.inDegree(t)), 4);
      } else if (a.type === 'SIMILAR_TO') {
        similar++;
        expect([sa.type, ta.type]).toEqual(['paper', 'paper']);
        expect(a.weight).toBeCloseTo(GRAPH_BUILD_DEFAULTS.similarityWeight * a.score!, 3);
        expect(a.score!).toBeLessThanOrEqual(1 + 1e-9);
        expect(a.weight).toBeLessThanOrEqual(GRAPH_BUILD_DEFAULTS.similarityWeight + 1e-9);
      }
    });
    expect(about).toBe(topics.extractions.reduce((n, x) => n + x.topics.length, 0));
    expect(similar).toBe(topics.similarity.source.length);
    graph.forEachNode((k, a) => {
      if (a.type === 'topic') expect(a.papers).toBe(graph.inDegree(k));
    });
  });

  it('GraphML, neo4j-admin CSVs and the Neo4j write plan carry them', () => {
    const xml = toGraphML(graph, { pretty: false });
    expect(xml).toContain('>topic<');
    expect(xml).toContain('>SIMILAR_TO<');
    const tables = neo4jImportTables(graph, report);
    const names = tables.map((t) => t.file);
    expect(names).toEqual(expect.arrayContaining(['topics.csv', 'rel_ABOUT.csv', 'rel_SIMILAR_TO.csv', 'in_community_topics.csv']));
    expect(tables.find((t) => t.file === 'rel_ABOUT.csv')!.header).toEqual(expect.arrayContaining([':START_ID(Paper)', ':END_ID(Topic)']));
    expect(tables.find((t) => t.file === 'rel_SIMILAR_TO.csv')!.header).toEqual(expect.arrayContaining([':START_ID(Paper)', ':END_ID(Paper)', 'score:double']));
    const plan = buildWritePlan(graph, report);
    expect(plan.steps.map((s) => s.name)).toEqual(expect.arrayContaining(['topics', 'rel:ABOUT', 'rel:SIMILAR_TO', 'members:Topic']));
    expect(mergeRelationships(RELATIONSHIP_KINDS.ABOUT)).toContain('MATCH (t:Topic {key: row.target})');
    expect(mergeRelationships(RELATIONSHIP_KINDS.SIMILAR_TO)).toContain('MATCH (t:Paper {id: row.target})');
  });
});
