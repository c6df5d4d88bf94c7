// Graph assembly: papers + extractions → a graphology research graph (Paper, entity, Topic, Repository and Author
// nodes).
// Pure and deterministic: node and edge insertion order follows paper order, then entity order.
import { OptionError, PapergraphError } from '../ingest/errors.ts';
import { authorNodeKey } from './authors.ts';
import { CompactGraph } from './compact.ts';
import type { EntityType, Extraction, Paper, PaperEntity, Role, SimilarityEdges, Topic, TopicExtraction } from '../ingest/types.ts';
import type {
  AuthorNodeAttributes,
  EdgeAttributes,
  EntityNodeAttributes,
  PaperNodeAttributes,
  RepositoryNodeAttributes,
  TopicNodeAttributes,
} from './types.ts';

/** Version of the graph.json attribute schema written by this module. */
export const GRAPH_SCHEMA = 1;

/** Placeholder colour of nodes before communities are detected. */
export const UNASSIGNED_COLOR = '#999999';

/** When one paper links to the same entity twice, the stronger role wins (earlier = stronger). */
const ROLE_STRENGTH: readonly Role[] = ['PROPOSES', 'INTRODUCES', 'EVALUATES_ON', 'USES', 'MENTIONS'];

export class GraphBuildError extends PapergraphError<'key-collision' | 'extraction-mismatch'> {}

/** What the topic stage (ingest/topics) hands the graph: topics per paper, the topic vocabulary, similar papers. */
export interface TopicInput {
  extractions: readonly TopicExtraction[];
  topics: readonly Topic[];
  similarity: SimilarityEdges;
}

export interface GraphBuildOptions {
  /** graph.json's `name` attribute. */
  name: string;
  /**
   * Weight of a Paper→Topic (ABOUT) link against a Paper→entity link. Communities, layout and the exported
   * `weight` read it.
   */
  aboutWeight: number;
  /**
   * How a Paper→entity, Paper→Topic or Paper→Repository link is weighted. `specific` (default): 1/√(papers linking
   * the target) — sharing a name or topic three papers use says more about two papers than sharing one thousands use
   * ('language model', 'BERT'), so common ones no longer glue research areas together (the idf argument; √ keeps a
   * broad topic's pull growing with its size, 1/n would make it as strong as a narrow one). `flat`: every link 1.
   */
  linkWeighting: 'specific' | 'flat';
  /**
   * A SIMILAR_TO link weighs `similarityWeight × cosine` (BM25 over title and abstract words). At 1.3 a paper's 15
   * nearest neighbours outweigh its entity and topic links together: named entities say which methods and data a
   * paper uses, the words say which research area it belongs to ('patient', 'statute', 'argument'), and
   * communities should be areas (`npm run bench:areas`: NMI 0.45 with 4 neighbours at 0.5, ~0.50 with 10 at 2 or 15 at 1.3).
   */
  similarityWeight: number;
  /**
   * A person becomes an Author node, linked (AUTHORED_BY, weighted like any link: `linkWeighting`) to each of their
   * papers, once they wrote at least this many papers of the corpus: a research line is people as much as words, and
   * papers sharing an author are in one line far more often than two papers sharing a word (`npm run bench:areas`).
   * An author of one paper joins nothing, so they stay a name in the paper's `authors` only. 0: no Author nodes.
   */
  authorMinPapers: number;
}

export const GRAPH_BUILD_DEFAULTS: GraphBuildOptions = { name: 'papergraph', aboutWeight: 1, linkWeighting: 'specific', similarityWeight: 1.3, authorMinPapers: 2 };

export class GraphBuildOptionsError extends OptionError<'invalid-graph-option'> {
  constructor(field: keyof GraphBuildOptions, expecting: string) {
    super('invalid-graph-option', 'graph', field, `expecting ${expecting}`);
  }
}

export function validateGraphBuildOptions(partial: Partial<GraphBuildOptions> = {}): GraphBuildOptions {
  const o: GraphBuildOptions = { ...GRAPH_BUILD_DEFAULTS, ...partial };
  if (typeof o.name !== 'string') throw new GraphBuildOptionsError('name', 'a string');
  if (o.linkWeighting !== 'specific' && o.linkWeighting !== 'flat') throw new GraphBuildOptionsError('linkWeighting', '"specific" or "flat"');
  for (const f of ['aboutWeight', 'similarityWeight'] as const) {
    if (!(typeof o[f] === 'number' && o[f] > 0 && Number.isFinite(o[f]))) throw new GraphBuildOptionsError(f, 'a positive number');
  }
  if (!(Number.isInteger(o.authorMinPapers) && o.authorMinPapers >= 0)) throw new GraphBuildOptionsError('authorMinPapers', 'an integer ≥ 0');
  return o;
}

/** Node key of a topic: its normal form behind a prefix, so 'parsing' the topic never meets a 'parsing' entity key. */
export const TOPIC_PREFIX = 'topic:';
export function topicNodeKey(key: string): string {
  return `${TOPIC_PREFIX}${key}`;
}

interface EntityAccumulator {
  key: string;
  typeVotes: Map<EntityType, number>;
  nameVotes: Map<string, number>;
  firstName: string;
  aliases: Set<string>;
  papers: number;
  family?: string;
  firstSeen?: string;
  evidence?: PaperNodeAttributesEvidence;
}
type PaperNodeAttributesEvidence = NonNullable<EntityNodeAttributes['evidence']>;

interface AuthorAccumulator {
  nameVotes: Map<string, number>;
  papers: number;
  firstSeen?: string;
  lastSeen?: string;
}

function vote<K>(votes: Map<K, number>, key: K): void {
  votes.set(key, (votes.get(key) ?? 0) + 1);
}

/** Most voted key; ties go to the key voted first (Map keeps insertion order). */
function winner<K>(votes: Map<K, number>): K {
  let best: K | undefined;
  let bestCount = -1;
  for (const [key, count] of votes) {
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return best as K;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Short human label of a code URL: "https://github.com/org/repo" → "org/repo". */
export function repositoryLabel(url: string): { label: string; host: string } {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/^\/+|\/+$/g, '');
    return { label: path || u.host, host: u.host };
  } catch {
    return { label: url, host: '' };
  }
}

/**
 * Merges the entities of one paper that share a key (the extractor should not emit these, but be safe). Without
 * such a pair the list is returned as it is: no copy of every entity of a big corpus while the graph is built.
 */
function mergeByKey(entities: readonly PaperEntity[]): readonly PaperEntity[] {
  let repeated = false;
  for (let a = 1; a < entities.length && !repeated; a++) for (let b = 0; b < a; b++) if (entities[a]!.key === entities[b]!.key) repeated = true;
  if (!repeated) return entities;
  const byKey = new Map<string, PaperEntity>();
  for (const e of entities) {
    const prev = byKey.get(e.key);
    if (!prev) {
      byKey.set(e.key, { ...e, aliases: [...e.aliases], evidence: [...e.evidence] });
      continue;
    }
    for (const a of e.aliases) if (!prev.aliases.includes(a)) prev.aliases.push(a);
    prev.evidence.push(...e.evidence);
    if (ROLE_STRENGTH.indexOf(e.role) < ROLE_STRENGTH.indexOf(prev.role)) prev.role = e.role;
    if (e.results?.length) prev.results = [...(prev.results ?? []), ...e.results];
  }
  return [...byKey.values()];
}

/**
 * Builds the research graph. Node keys: paper id, entity key, `topic:` + topic key, repository URL, `author:` +
 * normalised name (graph/authors.ts).
 * Positions, sizes, colours and communities are placeholders filled by communities and layout.
 * `options` may be the graph's name alone (the form older callers use). The graph is a `CompactGraph`: the
 * same nodes, edges, keys, attributes and orders as the graphology graph this used to build, in a fraction
 * of its memory.
 */
export function buildGraph(
  papers: readonly Paper[],
  extractions: readonly Extraction[],
  options: string | (Partial<GraphBuildOptions> & { topics?: TopicInput }) = {},
): CompactGraph {
  const topics = typeof options === 'string' ? undefined : options.topics;
  return startGraph(papers, extractions, options).finish(topics?.similarity);
}

/** A graph with every node and every link but the SIMILAR_TO ones (`startGraph`). */
export interface GraphInProgress {
  /**
   * Adds the Paper→Paper similarity links (indices into the papers the graph was started with) and seals the
   * graph. Called once.
   */
  finish(similarity: SimilarityEdges | undefined): CompactGraph;
}

/**
 * `buildGraph` in two steps: everything but the similarity links now — the topic stage's similarity thread may
 * still be at work — and the similarity links (added last either way) with `finish`. The same graph as
 * `buildGraph`, byte for byte. Only the paper ids are kept for `finish`, not the papers or extractions.
 */
export function startGraph(
  papers: readonly Paper[],
  extractions: readonly Extraction[],
  options: string | (Partial<GraphBuildOptions> & { topics?: Omit<TopicInput, 'similarity'> }) = {},
): GraphInProgress {
  const { topics: topicInput, ...rest } = typeof options === 'string' ? { name: options } : options;
  const o = validateGraphBuildOptions(rest);
  if (papers.length !== extractions.length) {
    throw new GraphBuildError('extraction-mismatch', `got ${papers.length} papers but ${extractions.length} extractions`);
  }
  if (topicInput && topicInput.extractions.length !== papers.length) {
    throw new GraphBuildError('extraction-mismatch', `got ${papers.length} papers but ${topicInput.extractions.length} topic extractions`);
  }
  const graph = new CompactGraph({ name: o.name, seed: 0, modularity: 0, schema: GRAPH_SCHEMA });

  const base = { x: 0, y: 0, size: 1, color: UNASSIGNED_COLOR, community: -1 };
  papers.forEach((paper, i) => {
    const attrs: PaperNodeAttributes = {
      ...base,
      type: 'paper',
      label: paper.title,
      title: paper.title,
      abstract: paper.abstract,
      authors: paper.authors,
      sources: paper.sources,
    };
    if (paper.date !== undefined) attrs.date = paper.date;
    if (paper.url !== undefined) attrs.url = paper.url;
    const language = extractions[i]!.language;
    if (language !== undefined) attrs.language = language;
    graph.addNode(paper.id, attrs);
  });

  // First pass: aggregate each entity over the papers that mention it.
  const entities = new Map<string, EntityAccumulator>();
  const perPaper: (readonly PaperEntity[])[] = [];
  papers.forEach((paper, i) => {
    const extraction = extractions[i]!;
    if (extraction.paperId !== paper.id) {
      throw new GraphBuildError('extraction-mismatch', `extraction ${i} is for ${extraction.paperId}, expected ${paper.id}`);
    }
    const merged = mergeByKey(extraction.entities);
    perPaper.push(merged);
    for (const e of merged) {
      let acc = entities.get(e.key);
      if (!acc) {
        acc = { key: e.key, typeVotes: new Map(), nameVotes: new Map(), firstName: e.name, aliases: new Set(), papers: 0 };
        entities.set(e.key, acc);
      }
      acc.papers += 1;
      vote(acc.typeVotes, e.type);
      vote(acc.nameVotes, e.name);
      for (const a of e.aliases) acc.aliases.add(a);
      acc.aliases.add(e.name);
      if (acc.family === undefined && e.family !== undefined) acc.family = e.family;
      if (paper.date !== undefined && (acc.firstSeen === undefined || paper.date < acc.firstSeen)) acc.firstSeen = paper.date;
      if (acc.evidence === undefined && e.evidence[0] !== undefined) acc.evidence = e.evidence[0];
    }
  });

  for (const acc of entities.values()) {
    if (graph.hasNode(acc.key)) {
      throw new GraphBuildError('key-collision', `entity key "${acc.key}" is also a paper id; give the paper another id`);
    }
    const attrs: EntityNodeAttributes = {
      ...base,
      type: winner(acc.typeVotes),
      label: winner(acc.nameVotes),
      aliases: [...acc.aliases].sort(compareStrings),
      papers: acc.papers,
    };
    if (acc.family !== undefined && acc.family !== acc.key) attrs.family = acc.family;
    if (acc.firstSeen !== undefined) attrs.firstSeen = acc.firstSeen;
    if (acc.evidence !== undefined) attrs.evidence = acc.evidence;
    graph.addNode(acc.key, attrs);
  }

  // Topic nodes, in the order the topic stage lists them (first use).
  const linked = new Map<string, number>();
  for (const x of topicInput?.extractions ?? []) for (const t of x.topics) linked.set(t.key, (linked.get(t.key) ?? 0) + 1);
  for (const t of topicInput?.topics ?? []) {
    const key = topicNodeKey(t.key);
    if (graph.hasNode(key)) throw new GraphBuildError('key-collision', `topic key "${key}" is also a paper id; give the paper another id`);
    const attrs: TopicNodeAttributes = {
      ...base,
      type: 'topic',
      label: t.name,
      papers: linked.get(t.key) ?? 0,
      corpusPapers: t.papers,
      lift: t.lift,
    };
    if (t.acronyms?.length) attrs.acronyms = [...t.acronyms];
    graph.addNode(key, attrs);
  }

  // Author nodes, in order of first appearance, for the people with at least `authorMinPapers` papers.
  const authors = new Map<string, AuthorAccumulator>();
  /** Each paper's authors as node keys (a name listed twice, or spelled two ways, once), in the paper's order. */
  const authorKeys: string[][] = papers.map(() => []);
  if (o.authorMinPapers > 0) {
    papers.forEach((paper, i) => {
      const keys = authorKeys[i]!;
      for (const name of paper.authors) {
        const key = authorNodeKey(name);
        if (key === undefined) continue;
        let acc = authors.get(key);
        if (!acc) authors.set(key, (acc = { nameVotes: new Map(), papers: 0 }));
        vote(acc.nameVotes, name);
        if (keys.includes(key)) continue;
        keys.push(key);
        acc.papers += 1;
        if (paper.date !== undefined && (acc.firstSeen === undefined || paper.date < acc.firstSeen)) acc.firstSeen = paper.date;
        if (paper.date !== undefined && (acc.lastSeen === undefined || paper.date > acc.lastSeen)) acc.lastSeen = paper.date;
      }
    });
    for (const [key, acc] of authors) {
      if (acc.papers < o.authorMinPapers) {
        authors.delete(key);
        continue;
      }
      if (graph.hasNode(key)) throw new GraphBuildError('key-collision', `author key "${key}" is also a paper id; give the paper another id`);
      const attrs: AuthorNodeAttributes = {
        ...base,
        type: 'author',
        label: winner(acc.nameVotes),
        papers: acc.papers,
        aliases: [...acc.nameVotes.keys()].sort(compareStrings),
      };
      if (acc.firstSeen !== undefined) attrs.firstSeen = acc.firstSeen;
      if (acc.lastSeen !== undefined) attrs.lastSeen = acc.lastSeen;
      graph.addNode(key, attrs);
    }
  }

  // Second pass: Paper→entity, Paper→Topic, Paper→Repository and Paper→Author edges.
  const repositoryPapers = new Map<string, number>();
  for (const x of extractions) for (const url of new Set(x.repositories)) repositoryPapers.set(url, (repositoryPapers.get(url) ?? 0) + 1);
  const linkWeight = (papersLinking: number): number =>
    o.linkWeighting === 'flat' ? 1 : Math.round(1e4 / Math.sqrt(Math.max(1, papersLinking))) / 1e4;
  // Edges keep the extraction's own alias list (the extraction is dropped once the graph is built) and share one
  // array per distinct rule list: a big corpus has millions of links and a few hundred rule lists.
  const ruleLists = new Map<string, string[]>();
  papers.forEach((paper, i) => {
    for (const e of perPaper[i]!) {
      const edge: EdgeAttributes = { type: e.role, weight: linkWeight(entities.get(e.key)!.papers), name: e.name, aliases: e.aliases };
      if (e.results?.length) edge.results = e.results;
      const rules = [...new Set(e.evidence.map((ev) => ev.rule))];
      if (rules.length) {
        const id = rules.join('\n');
        let shared = ruleLists.get(id);
        if (!shared) ruleLists.set(id, (shared = rules));
        edge.rules = shared;
      }
      if (e.evidence[0] !== undefined) edge.evidence = e.evidence[0];
      graph.addEdge(paper.id, e.key, edge);
    }
    for (const url of new Set(extractions[i]!.repositories)) {
      if (!graph.hasNode(url)) {
        const { label, host } = repositoryLabel(url);
        const attrs: RepositoryNodeAttributes = { ...base, type: 'repository', label, url, host };
        graph.addNode(url, attrs);
      }
      graph.addCode(paper.id, url, linkWeight(repositoryPapers.get(url)!));
    }
    for (const t of topicInput?.extractions[i]!.topics ?? []) {
      const target = topicNodeKey(t.key);
      if (!graph.hasNode(target)) throw new GraphBuildError('extraction-mismatch', `paper ${paper.id} links topic "${t.key}", which is not in the topic list`);
      graph.addAbout(paper.id, target, Math.round(o.aboutWeight * linkWeight(linked.get(t.key)!) * 1e4) / 1e4, t.count);
    }
    for (const key of authorKeys[i]!) {
      const acc = authors.get(key);
      if (acc) graph.addAuthored(paper.id, key, linkWeight(acc.papers));
    }
  });

  // Each paper's node index, found now (while the similarity thread may still be at work), not per link in `finish`.
  const paperNodes = Int32Array.from(papers, (p) => graph.nodeIndex(p.id));
  let finished = false;
  return {
    finish(sim) {
      if (finished) throw new Error('startGraph: finish() called twice');
      finished = true;
      // Paper→Paper similarity, each pair once (earlier paper → later one), in pair order.
      if (sim) {
        const n = paperNodes.length;
        for (let e = 0; e < sim.source.length; e++) {
          const a = sim.source[e]!;
          const b = sim.target[e]!;
          if (!((a | 0) === a && (b | 0) === b && a >= 0 && a < n && b >= 0 && b < n)) throw new GraphBuildError('extraction-mismatch', `similarity edge ${e} points outside the ${n} papers`);
          const score = Math.round(sim.score[e]! * 1e4) / 1e4;
          const weight = Math.round(o.similarityWeight * sim.score[e]! * 1e4) / 1e4;
          graph.addSimilarAt(paperNodes[a]!, paperNodes[b]!, weight, score);
        }
      }
      graph.seal();
      return graph;
    },
  };
}
