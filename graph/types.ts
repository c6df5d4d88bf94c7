// Records of the graph stage: node/edge attributes of the research graph and community summaries.
// The serialised graph (graph.json), the Neo4j sink, the file exports and the viewer all read these.
import type { AbstractGraph } from 'graphology-types';
import type { EntityType, Evidence, Provenance, Result, Role } from '../ingest/types.ts';

export type NodeType = 'paper' | EntityType | 'topic' | 'repository' | 'author';

/** Attributes every node carries (positions, size and colour are precomputed for the viewer). */
export interface BaseNodeAttributes {
  type: NodeType;
  label: string;
  x: number;
  y: number;
  size: number;
  /** Hex colour `#rrggbb` of the node's community (sigma v3 does not read hsl()). */
  color: string;
  /** ≥ 0: a community listed in communities.json; −1: isolated node; ≤ −2: a minor community (grey, unlisted). */
  community: number;
}

export interface PaperNodeAttributes extends BaseNodeAttributes {
  type: 'paper';
  title: string;
  abstract: string;
  date?: string;
  authors: string[];
  url?: string;
  /** The abstract's language when it is not English (ISO 639-3: 'fra', 'cmn'; 'und' when unnamed), from extraction. */
  language?: string;
  sources: Provenance[];
}

export interface EntityNodeAttributes extends BaseNodeAttributes {
  type: EntityType;
  /** Every alias seen anywhere in the corpus, sorted. */
  aliases: string[];
  /** Number of papers linked to this entity. */
  papers: number;
  family?: string;
  /** Earliest date of a paper mentioning it, when dates exist. */
  firstSeen?: string;
  /** One evidence record (the first, in paper order) so the viewer can show why it exists. */
  evidence?: Evidence;
}

/** A research topic ('neural machine translation'): a noun phrase corpus statistics kept (ingest/topics). */
export interface TopicNodeAttributes extends BaseNodeAttributes {
  type: 'topic';
  /** Papers linked to it (ABOUT). */
  papers: number;
  /** Papers of the corpus using the phrase (document frequency; ≥ papers, since a paper links its most salient topics only). */
  corpusPapers: number;
  /** Specificity: how much more alike its papers are than random papers. */
  lift: number;
  /** Acronyms the corpus defines for it ('NMT'). */
  acronyms?: string[];
}

export interface RepositoryNodeAttributes extends BaseNodeAttributes {
  type: 'repository';
  url: string;
  host: string;
}

/**
 * A person who wrote at least two of the corpus's papers (`GraphBuildOptions.authorMinPapers`): the people of a
 * research line. Spellings that differ only in case, accents or punctuation ('Lluís Màrquez', 'Lluis Marquez') are
 * one author; two people with one name are one node too (abstracts carry no author identifiers).
 */
export interface AuthorNodeAttributes extends BaseNodeAttributes {
  type: 'author';
  /** Papers linked to this author (AUTHORED_BY). */
  papers: number;
  /** Every spelling seen, sorted (the label is the most used one). */
  aliases: string[];
  /** Earliest and latest dates of the author's papers, when dates exist. */
  firstSeen?: string;
  lastSeen?: string;
}

export type NodeAttributes = PaperNodeAttributes | EntityNodeAttributes | TopicNodeAttributes | RepositoryNodeAttributes | AuthorNodeAttributes;

/**
 * Paper→entity relationship types (Role), Paper→Repository (HAS_CODE), Paper→Topic (ABOUT), Paper→Author
 * (AUTHORED_BY) and Paper→Paper text similarity (SIMILAR_TO: stored once per pair, from the earlier paper to the
 * later one).
 */
export type EdgeType = Role | 'HAS_CODE' | 'ABOUT' | 'AUTHORED_BY' | 'SIMILAR_TO';
export const EDGE_TYPES: readonly EdgeType[] = ['PROPOSES', 'INTRODUCES', 'EVALUATES_ON', 'USES', 'MENTIONS', 'HAS_CODE', 'ABOUT', 'AUTHORED_BY', 'SIMILAR_TO'];

export interface EdgeAttributes {
  type: EdgeType;
  weight: number;
  /** Surface form this paper used for the entity (its per-paper display name). */
  name?: string;
  /** Every surface form this paper used, verbatim (what entities.jsonl lists). */
  aliases?: string[];
  results?: Result[];
  /** Rules that produced the link, e.g. ["define-propose", "cue-benchmark"]. */
  rules?: string[];
  /** First evidence in this paper (sentence + rule), for the viewer and Neo4j. */
  evidence?: Evidence;
  /** ABOUT: occurrences of the topic in the paper; SIMILAR_TO: cosine similarity of the two papers. */
  count?: number;
  score?: number;
}

export interface GraphAttributes {
  name: string;
  seed: number;
  modularity: number;
  /** Version of the graph.json schema, for readers. */
  schema: number;
}

/** The research graph as a graphology graph (the viewer, the Neo4j reader and tests build these). */
export type ResearchGraph = AbstractGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;

/** What `forEachEdge` / `forEachOutEdge` call with (graphology's edge callback). */
export type EdgeVisitor = (
  edge: string,
  attributes: EdgeAttributes,
  source: string,
  target: string,
  sourceAttributes: NodeAttributes,
  targetAttributes: NodeAttributes,
  undirected: boolean,
) => void;
/** What `edgeEntries` / `outEdgeEntries` yield (graphology's edge entry). */
export interface EdgeEntryView {
  edge: string;
  attributes: EdgeAttributes;
  source: string;
  target: string;
  sourceAttributes: NodeAttributes;
  targetAttributes: NodeAttributes;
  undirected: boolean;
}

/**
 * What the stages after the build and every sink read and write: the part of graphology's API they use. A
 * graphology `ResearchGraph` is one; so is the build's compact graph (graph/compact.ts), which holds a big corpus's
 * millions of edges in typed arrays.
 */
export interface GraphView {
  readonly type: 'directed' | 'undirected' | 'mixed';
  readonly multi: boolean;
  readonly allowSelfLoops: boolean;
  readonly order: number;
  readonly size: number;
  getAttributes(): GraphAttributes;
  getAttribute<K extends keyof GraphAttributes>(name: K): GraphAttributes[K];
  setAttribute<K extends keyof GraphAttributes>(name: K, value: GraphAttributes[K]): unknown;
  hasNode(key: string): boolean;
  nodes(): string[];
  getNodeAttributes(key: string): NodeAttributes;
  getNodeAttribute<K extends keyof NodeAttributes>(key: string, name: K): NodeAttributes[K];
  setNodeAttribute<K extends keyof NodeAttributes>(key: string, name: K, value: NodeAttributes[K]): unknown;
  mergeNodeAttributes(key: string, attributes: Partial<NodeAttributes>): unknown;
  forEachNode(callback: (key: string, attributes: NodeAttributes) => void): void;
  nodeEntries(): IterableIterator<{ node: string; attributes: NodeAttributes }>;
  degree(key: string): number;
  inDegree(key: string): number;
  outDegree(key: string): number;
  forEachEdge(callback: EdgeVisitor): void;
  edgeEntries(): IterableIterator<EdgeEntryView>;
  forEachOutEdge(node: string, callback: EdgeVisitor): void;
  outEdgeEntries(node: string): IterableIterator<EdgeEntryView>;
}

/** What a community label is made of: topics, then entities by type. */
export type TermType = 'topic' | EntityType;
export const TERM_TYPES: readonly TermType[] = ['topic', 'method', 'dataset', 'benchmark'];

export interface CommunityEntityScore {
  key: string;
  name: string;
  score: number;
  papers: number;
}

/** A community as written to communities.json and Neo4j. */
export interface Community {
  id: number;
  label: string;
  size: number;
  color: string;
  papers: number;
  /** Distinctive topics and entities by type, most distinctive first. */
  top: Record<TermType, CommunityEntityScore[]>;
  topPapers: { id: string; title: string; score: number }[];
  /**
   * Its people: the Author nodes with the most papers in it (`papers`), and the share of all their papers that is
   * (`share`); absent when the graph has no Author nodes.
   */
  people?: { key: string; name: string; papers: number; share: number }[];
  dateSpan?: { from: string; to: string };
  neighbours: { id: number; weight: number; shared: string[] }[];
  /**
   * Id of the research area this community belongs to, when the hierarchy is kept: the community of the `resolution`
   * partition it was split from (`splitResolution`), or the next Louvain level up when nothing was split.
   */
  parent?: number;
  /** Position on the community map (graph/communities/map.ts): related communities sit near each other. */
  x?: number;
  y?: number;
}

export interface CommunitiesReport {
  seed: number;
  resolution: number;
  /** Resolution of the split inside each area (0: none). */
  splitResolution: number;
  /** Only areas of at least this many papers were split (set when `splitResolution` > 0). */
  splitMinPapers?: number;
  modularity: number;
  communities: Community[];
  /** Nodes in no listed community: minor communities (ids ≤ −2) plus isolated nodes (−1). */
  unassigned?: number;
  /** Communities too small to list (negative ids ≤ −2 on their nodes, grey) and how many nodes they hold. */
  minor?: { communities: number; nodes: number };
}
