// What papergraph stores in Neo4j, described once and without a driver: every node label and relationship type,
// its key and its properties with their types. The Neo4j rows (graph/neo4j/rows.ts) and the neo4j-admin CSVs
// (graph/export/neo4j-csv.ts) are both read off this description, so they cannot disagree on a property or a type.
//
// Property encoding (Neo4j properties hold scalars and arrays of scalars, never maps):
// - nested records (Paper.sources, Entity.evidence, rel.evidence, rel.results, Community.top/topPapers/neighbours/
//   dateSpan) are JSON text; Community.record and Graph.report hold the whole record as JSON, so fields added to
//   those records later survive a round trip;
// - rel.results is also spread into the parallel arrays resultTargets / resultMetrics ('' = none) / resultValues so
//   Cypher can filter on scores without parsing JSON;
// - the node attribute `label` is `name` on entities, repositories and communities (Neo4j Browser captions),
//   `label` on papers (beside `title`);
// - `seq` keeps graph insertion order, so a read-back rebuilds the graph in the same order.
//
// A new node type or relationship type is one more entry in NODE_KINDS / RELATIONSHIP_KINDS (the mapped types below
// make TypeScript ask for it when graph/types.ts grows).
import { ENTITY_TYPES, type EntityType } from '../ingest/types.ts';
import { EDGE_TYPES } from './types.ts';
import type {
  AuthorNodeAttributes,
  CommunitiesReport,
  Community,
  EdgeAttributes,
  EdgeType,
  EntityNodeAttributes,
  NodeAttributes,
  NodeType,
  PaperNodeAttributes,
  RepositoryNodeAttributes,
  GraphView,
  TopicNodeAttributes,
} from './types.ts';

/** Neo4j property types, spelled as neo4j-admin's CSV headers spell them. */
export type PropertyType = 'string' | 'long' | 'double' | 'boolean' | 'string[]' | 'long[]' | 'double[]';

export interface Property<R> {
  name: string;
  type: PropertyType;
  /** The value, or undefined when the record has none (the property is then absent, not null). */
  get: (record: R) => unknown;
  /** The value is a nested record stored as JSON text (type 'string'). */
  json?: true;
  /** A key or range-indexed property (cypher/schema.cypher): Neo4j refuses values over INDEX_KEY_LIMIT_BYTES. */
  indexed?: true;
}

/** Labels that hold a key constraint; relationships and neo4j-admin ID spaces refer to nodes by these. */
export type KeyLabel = 'Paper' | 'Entity' | 'Topic' | 'Repository' | 'Author' | 'Community' | 'Graph';

export interface NodeKind<R> {
  /** Label holding the key's uniqueness constraint (`Entity` for every entity type). */
  keyLabel: KeyLabel;
  /** Every label of the node, key label first: `['Entity', 'Method']`. */
  labels: readonly string[];
  /** The key property; always `properties[0]`. */
  key: string;
  properties: readonly Property<R>[];
  /** The neo4j-admin CSV file of this kind. */
  csvFile: string;
}

export interface RelationshipKind<R> {
  type: string;
  /** Key labels of the start and end nodes (one neo4j-admin ID space each). */
  start: KeyLabel;
  end: KeyLabel;
  properties: readonly Property<R>[];
  csvFile: string;
}

/** A node of the research graph as the description reads it: its graph key, attributes and insertion order. */
export interface NodeRecord<A extends NodeAttributes = NodeAttributes> {
  key: string;
  attrs: A;
  seq: number;
}

export interface EdgeRecord {
  key: string;
  attrs: EdgeAttributes;
  source: string;
  target: string;
  seq: number;
}

export interface GraphRecord {
  graph: GraphView;
  report: CommunitiesReport;
}

/** Key of the singleton Graph node. */
export const GRAPH_KEY = 'papergraph';

/**
 * Largest UTF-8 size of a string Neo4j 5 accepts in a RANGE index or key constraint (8,164 bytes, measured on
 * 5.26: "Property value is too large to index" at 8,165). Records over it are rejected before writing.
 */
export const INDEX_KEY_LIMIT_BYTES = 8164;

const prop = <R>(name: string, type: PropertyType, get: (r: R) => unknown, extra: Partial<Property<R>> = {}): Property<R> => ({
  name,
  type,
  get,
  ...extra,
});
const json = <R>(name: string, get: (r: R) => unknown): Property<R> => prop(name, 'string', get, { json: true });

/** Layout and order: every graph node carries them. */
function layoutProperties<A extends NodeAttributes>(): Property<NodeRecord<A>>[] {
  return [
    prop('seq', 'long', (r) => r.seq),
    prop('x', 'double', (r) => r.attrs.x),
    prop('y', 'double', (r) => r.attrs.y),
    prop('size', 'double', (r) => r.attrs.size),
    prop('color', 'string', (r) => r.attrs.color),
    prop('community', 'long', (r) => r.attrs.community),
  ];
}

const PAPER: NodeKind<NodeRecord<PaperNodeAttributes>> = {
  keyLabel: 'Paper',
  labels: ['Paper'],
  key: 'id',
  csvFile: 'papers.csv',
  properties: [
    prop('id', 'string', (r) => r.key, { indexed: true }),
    prop('label', 'string', (r) => r.attrs.label),
    prop('title', 'string', (r) => r.attrs.title),
    prop('abstract', 'string', (r) => r.attrs.abstract),
    prop('authors', 'string[]', (r) => r.attrs.authors),
    json('sources', (r) => r.attrs.sources),
    prop('date', 'string', (r) => r.attrs.date, { indexed: true }),
    // Not indexed: a paper's URL can be as long as its source made it.
    prop('url', 'string', (r) => r.attrs.url),
    prop('language', 'string', (r) => r.attrs.language),
    ...layoutProperties<PaperNodeAttributes>(),
  ],
};

const ENTITY_LABEL: Record<EntityType, string> = { method: 'Method', dataset: 'Dataset', benchmark: 'Benchmark' };

function entityKind(type: EntityType): NodeKind<NodeRecord<EntityNodeAttributes>> {
  return {
    keyLabel: 'Entity',
    labels: ['Entity', ENTITY_LABEL[type]],
    key: 'key',
    csvFile: `${type}s.csv`,
    properties: [
      prop('key', 'string', (r) => r.key, { indexed: true }),
      prop('type', 'string', (r) => r.attrs.type),
      prop('name', 'string', (r) => r.attrs.label, { indexed: true }),
      prop('aliases', 'string[]', (r) => r.attrs.aliases),
      prop('papers', 'long', (r) => r.attrs.papers),
      prop('family', 'string', (r) => r.attrs.family),
      prop('firstSeen', 'string', (r) => r.attrs.firstSeen, { indexed: true }),
      json('evidence', (r) => r.attrs.evidence),
      ...layoutProperties<EntityNodeAttributes>(),
    ],
  };
}

const TOPIC: NodeKind<NodeRecord<TopicNodeAttributes>> = {
  keyLabel: 'Topic',
  labels: ['Topic'],
  key: 'key',
  csvFile: 'topics.csv',
  properties: [
    prop('key', 'string', (r) => r.key, { indexed: true }),
    prop('name', 'string', (r) => r.attrs.label, { indexed: true }),
    prop('papers', 'long', (r) => r.attrs.papers),
    prop('corpusPapers', 'long', (r) => r.attrs.corpusPapers),
    prop('lift', 'double', (r) => r.attrs.lift),
    prop('acronyms', 'string[]', (r) => r.attrs.acronyms),
    ...layoutProperties<TopicNodeAttributes>(),
  ],
};

const REPOSITORY: NodeKind<NodeRecord<RepositoryNodeAttributes>> = {
  keyLabel: 'Repository',
  labels: ['Repository'],
  key: 'url',
  csvFile: 'repositories.csv',
  properties: [
    prop('url', 'string', (r) => r.key, { indexed: true }),
    prop('name', 'string', (r) => r.attrs.label),
    prop('host', 'string', (r) => r.attrs.host),
    ...layoutProperties<RepositoryNodeAttributes>(),
  ],
};

const AUTHOR: NodeKind<NodeRecord<AuthorNodeAttributes>> = {
  keyLabel: 'Author',
  labels: ['Author'],
  key: 'key',
  csvFile: 'authors.csv',
  properties: [
    prop('key', 'string', (r) => r.key, { indexed: true }),
    prop('name', 'string', (r) => r.attrs.label, { indexed: true }),
    prop('aliases', 'string[]', (r) => r.attrs.aliases),
    prop('papers', 'long', (r) => r.attrs.papers),
    prop('firstSeen', 'string', (r) => r.attrs.firstSeen),
    prop('lastSeen', 'string', (r) => r.attrs.lastSeen),
    ...layoutProperties<AuthorNodeAttributes>(),
  ],
};

/** Attributes of each node type of the research graph. */
type AttributesOf<T extends NodeType> = Extract<NodeAttributes, { type: T }>;

/** The node kind of every node type of the research graph, in CSV file order. */
export const NODE_KINDS: { readonly [T in NodeType]: NodeKind<NodeRecord<AttributesOf<T>>> } = {
  paper: PAPER,
  method: entityKind('method'),
  dataset: entityKind('dataset'),
  benchmark: entityKind('benchmark'),
  topic: TOPIC,
  repository: REPOSITORY,
  author: AUTHOR,
};

/** Node types in the order their nodes are written (papers, entities by type, topics, repositories, then authors). */
export const NODE_TYPES: readonly NodeType[] = ['paper', ...ENTITY_TYPES, 'topic', 'repository', 'author'];

/** Kind of a graph node from its attributes. */
export function nodeKind(attrs: NodeAttributes): NodeKind<NodeRecord> {
  return NODE_KINDS[attrs.type] as unknown as NodeKind<NodeRecord>;
}

export const COMMUNITY_KIND: NodeKind<Community> = {
  keyLabel: 'Community',
  labels: ['Community'],
  key: 'id',
  csvFile: 'communities.csv',
  properties: [
    prop('id', 'long', (c) => c.id, { indexed: true }),
    prop('name', 'string', (c) => c.label),
    prop('size', 'long', (c) => c.size),
    prop('color', 'string', (c) => c.color),
    prop('papers', 'long', (c) => c.papers),
    json('top', (c) => c.top),
    json('topPapers', (c) => c.topPapers),
    json('neighbours', (c) => c.neighbours),
    json('people', (c) => c.people),
    json('dateSpan', (c) => c.dateSpan),
    prop('parent', 'long', (c) => c.parent),
    // The whole record too: the read-back returns it verbatim, fields added later included.
    json('record', (c) => c),
  ],
};

export const GRAPH_NODE_KIND: NodeKind<GraphRecord> = {
  keyLabel: 'Graph',
  labels: ['Graph'],
  key: 'key',
  csvFile: 'graph.csv',
  properties: [
    prop('key', 'string', () => GRAPH_KEY, { indexed: true }),
    prop('name', 'string', ({ graph }) => graph.getAttribute('name')),
    prop('seed', 'long', ({ graph }) => graph.getAttribute('seed')),
    prop('modularity', 'double', ({ graph }) => graph.getAttribute('modularity')),
    prop('schema', 'long', ({ graph }) => graph.getAttribute('schema')),
    prop('reportSeed', 'long', ({ report }) => report.seed),
    prop('resolution', 'double', ({ report }) => report.resolution),
    prop('reportModularity', 'double', ({ report }) => report.modularity),
    prop('unassigned', 'long', ({ report }) => report.unassigned),
    // The report's own fields (communities are nodes), key order kept, for a verbatim read-back.
    json('report', ({ report }) => ({ ...report, communities: null })),
  ],
};

/** Relationship properties; the edge key is kept so the read-back restores graphology's edge keys. */
const EDGE_PROPERTIES: readonly Property<EdgeRecord>[] = [
  prop('key', 'string', (e) => e.key),
  prop('seq', 'long', (e) => e.seq),
  prop('weight', 'double', (e) => e.attrs.weight),
  prop('name', 'string', (e) => e.attrs.name),
  prop('aliases', 'string[]', (e) => e.attrs.aliases),
  json('results', (e) => e.attrs.results),
  prop('resultTargets', 'string[]', (e) => e.attrs.results?.map((r) => r.target)),
  prop('resultMetrics', 'string[]', (e) => e.attrs.results?.map((r) => r.metric ?? '')),
  prop('resultValues', 'double[]', (e) => e.attrs.results?.map((r) => r.value)),
  prop('rules', 'string[]', (e) => e.attrs.rules),
  json('evidence', (e) => e.attrs.evidence),
  // ABOUT: occurrences of the topic in the paper; SIMILAR_TO: cosine similarity of the two papers
  prop('count', 'long', (e) => e.attrs.count),
  prop('score', 'double', (e) => e.attrs.score),
];

const edgeKind = (type: EdgeType, end: KeyLabel): RelationshipKind<EdgeRecord> => ({
  type,
  start: 'Paper',
  end,
  properties: EDGE_PROPERTIES,
  csvFile: `rel_${type}.csv`,
});

/** Every relationship type of the research graph, in CSV file order. */
export const RELATIONSHIP_KINDS: { readonly [T in EdgeType]: RelationshipKind<EdgeRecord> } = {
  PROPOSES: edgeKind('PROPOSES', 'Entity'),
  INTRODUCES: edgeKind('INTRODUCES', 'Entity'),
  EVALUATES_ON: edgeKind('EVALUATES_ON', 'Entity'),
  USES: edgeKind('USES', 'Entity'),
  MENTIONS: edgeKind('MENTIONS', 'Entity'),
  HAS_CODE: edgeKind('HAS_CODE', 'Repository'),
  ABOUT: edgeKind('ABOUT', 'Topic'),
  AUTHORED_BY: edgeKind('AUTHORED_BY', 'Author'),
  // stored once per pair, from the earlier paper to the later one
  SIMILAR_TO: edgeKind('SIMILAR_TO', 'Paper'),
};

export { EDGE_TYPES };

/** Community membership: from every kind of graph node to its Community (no properties), one CSV per start label. */
export const MEMBERSHIP_TYPE = 'IN_COMMUNITY';
export const MEMBER_LABELS = ['Paper', 'Entity', 'Topic', 'Repository', 'Author'] as const satisfies readonly KeyLabel[];
export type MemberLabel = (typeof MEMBER_LABELS)[number];
export const MEMBERSHIP_CSV: Record<MemberLabel, string> = {
  Paper: 'in_community_papers.csv',
  Entity: 'in_community_entities.csv',
  Topic: 'in_community_topics.csv',
  Repository: 'in_community_repositories.csv',
  Author: 'in_community_authors.csv',
};

/** Key property of each key label (relationships match their end nodes on it). */
export const KEY_PROPERTY: Record<KeyLabel, string> = {
  Paper: PAPER.key,
  Entity: 'key',
  Topic: TOPIC.key,
  Repository: REPOSITORY.key,
  Author: AUTHOR.key,
  Community: COMMUNITY_KIND.key,
  Graph: GRAPH_NODE_KIND.key,
};

/** A property value after JSON encoding (undefined = absent). */
export function propertyValue<R>(p: Property<R>, record: R): unknown {
  const value = p.get(record);
  return value === undefined || value === null ? undefined : p.json ? JSON.stringify(value) : value;
}

/** A graph node whose key or indexed property Neo4j would refuse; it is left out of Neo4j and the import CSVs. */
export interface RecordRejection {
  /** Node type and graph key (cut to 80 characters for messages). */
  type: NodeType;
  key: string;
  property: string;
  bytes: number;
  code: 'index-key-too-large';
  reason: string;
}

export interface Screened {
  /** Graph keys of rejected nodes. */
  rejected: Set<string>;
  rejections: RecordRejection[];
  /** Edges left out because an end node was rejected. */
  droppedEdges: number;
}

/**
 * Screens every graph node's key and indexed properties against Neo4j's index key limit, before anything is
 * written: a rejected node takes its edges with it (counted), and the rest of the graph is written whole.
 */
export function screenRecords(graph: GraphView): Screened {
  const rejected = new Set<string>();
  const rejections: RecordRejection[] = [];
  let seq = 0;
  graph.forEachNode((key, attrs) => {
    const record = { key, attrs, seq: seq++ };
    for (const p of nodeKind(attrs).properties) {
      if (!p.indexed || p.type !== 'string') continue;
      const value = p.get(record);
      if (typeof value !== 'string' || value.length * 3 <= INDEX_KEY_LIMIT_BYTES) continue;
      const bytes = Buffer.byteLength(value, 'utf8');
      if (bytes <= INDEX_KEY_LIMIT_BYTES) continue;
      rejected.add(key);
      const shown = key.length > 80 ? `${key.slice(0, 77)}…` : key;
      rejections.push({
        type: attrs.type,
        key: shown,
        property: p.name,
        bytes,
        code: 'index-key-too-large',
        reason: `${attrs.type} "${shown}": ${p.name} is ${bytes.toLocaleString('en-US')} bytes, over Neo4j's index key limit of ${INDEX_KEY_LIMIT_BYTES.toLocaleString('en-US')} bytes`,
      });
      break;
    }
  });
  let droppedEdges = 0;
  if (rejected.size > 0) {
    graph.forEachEdge((_key, _attrs, source, target) => {
      if (rejected.has(source) || rejected.has(target)) droppedEdges += 1;
    });
  }
  return { rejected, rejections, droppedEdges };
}
