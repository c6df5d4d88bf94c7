// Pure row building: research graph + communities report → the ordered list of parameterised write steps.
// No driver here: every step is { name, cypher, rows }, so tests check the exact Cypher and parameters.
import neo4j, { type Integer } from 'neo4j-driver';
import { ENTITY_TYPES, type EntityType } from '../../ingest/types.ts';
import type {
  CommunitiesReport,
  EdgeAttributes,
  EdgeType,
  EntityNodeAttributes,
  PaperNodeAttributes,
  RepositoryNodeAttributes,
  ResearchGraph,
  TopicNodeAttributes,
} from '../types.ts';
import { EDGE_TYPES } from '../types.ts';
import {
  CREATE_COMMUNITIES,
  createMemberships,
  MERGE_GRAPH,
  MERGE_PAPERS,
  MERGE_REPOSITORIES,
  MERGE_TOPICS,
  mergeEntities,
  mergeRelationships,
  PRUNE_PAPER_EDGES,
} from './statements.ts';

/**
 * Property encoding (Neo4j properties hold scalars and arrays of scalars, never maps):
 * - nested records — Paper.sources, Entity.evidence, rel.evidence, rel.results, Community.top/topPapers/
 *   neighbours/dateSpan — are JSON strings (read back verbatim); Community.record and Graph.report hold the
 *   whole community / report-without-communities as JSON, so fields added to those records survive a round trip;
 * - rel.results is also spread into parallel arrays resultTargets / resultMetrics ('' = none) / resultValues
 *   so Cypher can filter on scores without parsing JSON;
 * - the node attribute `label` is `name` on entities, repositories and communities (Neo4j Browser captions),
 *   `label` on papers (beside `title`);
 * - integers (community, papers, seq, ids, sizes of communities) are sent as Neo4j integers, floats
 *   (x, y, size, weight, modularity) as floats; `seq` keeps graph insertion order for an exact read-back.
 */
export type Row = Record<string, unknown>;

/** Kinds of writes, in the order they run. */
export type StepKind = 'graph' | 'nodes' | 'prune' | 'relationships' | 'communities' | 'memberships';

export interface WriteStep {
  /** Stable name, e.g. "papers", "entities:method", "rel:USES", "members:Paper". */
  name: string;
  kind: StepKind;
  cypher: string;
  rows: Row[];
  /** The statement returns `id` of papers that existed before it ran (the papers step). */
  collectExisting?: true;
  /** Only rows whose `id` a `collectExisting` step returned are sent (prune: new papers have nothing stale). */
  onlyExisting?: true;
}

export interface WritePlan {
  steps: WriteStep[];
  /** Total nodes and relationships the plan writes (memberships included). */
  nodes: number;
  relationships: number;
}

/** Key of the singleton Graph node. */
export const GRAPH_KEY = 'papergraph';

const int = (n: number): Integer => neo4j.int(n);

function layout(attrs: { x: number; y: number; size: number; color: string; community: number }, seq: number): Row {
  return { seq: int(seq), x: attrs.x, y: attrs.y, size: attrs.size, color: attrs.color, community: int(attrs.community) };
}

export function paperRow(id: string, a: PaperNodeAttributes, seq: number): Row {
  const row: Row = { id, label: a.label, title: a.title, abstract: a.abstract, authors: [...a.authors], sources: JSON.stringify(a.sources) };
  if (a.date !== undefined) row.date = a.date;
  if (a.url !== undefined) row.url = a.url;
  return { ...row, ...layout(a, seq) };
}

export function entityRow(key: string, a: EntityNodeAttributes, seq: number): Row {
  const row: Row = { key, type: a.type, name: a.label, aliases: [...a.aliases], papers: int(a.papers) };
  if (a.family !== undefined) row.family = a.family;
  if (a.firstSeen !== undefined) row.firstSeen = a.firstSeen;
  if (a.evidence !== undefined) row.evidence = JSON.stringify(a.evidence);
  return { ...row, ...layout(a, seq) };
}

export function topicRow(key: string, a: TopicNodeAttributes, seq: number): Row {
  const row: Row = { key, name: a.label, papers: int(a.papers), corpusPapers: int(a.corpusPapers), lift: a.lift };
  if (a.acronyms !== undefined) row.acronyms = [...a.acronyms];
  return { ...row, ...layout(a, seq) };
}

export function repositoryRow(url: string, a: RepositoryNodeAttributes, seq: number): Row {
  return { url, name: a.label, host: a.host, ...layout(a, seq) };
}

/** Relationship properties; the edge key is kept so the read-back restores graphology's edge keys. */
export function edgeProps(key: string, a: EdgeAttributes, seq: number): Row {
  const props: Row = { key, seq: int(seq), weight: a.weight };
  if (a.name !== undefined) props.name = a.name;
  if (a.aliases !== undefined) props.aliases = [...a.aliases];
  if (a.results !== undefined) {
    props.results = JSON.stringify(a.results);
    props.resultTargets = a.results.map((r) => r.target);
    props.resultMetrics = a.results.map((r) => r.metric ?? '');
    props.resultValues = a.results.map((r) => r.value);
  }
  if (a.rules !== undefined) props.rules = [...a.rules];
  if (a.evidence !== undefined) props.evidence = JSON.stringify(a.evidence);
  if (a.count !== undefined) props.count = int(a.count);
  if (a.score !== undefined) props.score = a.score;
  return props;
}

export function communityRow(c: CommunitiesReport['communities'][number]): Row {
  const row: Row = {
    id: int(c.id),
    name: c.label,
    size: int(c.size),
    color: c.color,
    papers: int(c.papers),
    top: JSON.stringify(c.top),
    topPapers: JSON.stringify(c.topPapers),
    neighbours: JSON.stringify(c.neighbours),
  };
  if (c.dateSpan !== undefined) row.dateSpan = JSON.stringify(c.dateSpan);
  if (c.parent !== undefined) row.parent = int(c.parent);
  // The whole record too: the read-back returns it verbatim, fields added later included.
  row.record = JSON.stringify(c);
  return row;
}

export function graphRow(graph: ResearchGraph, report: CommunitiesReport): Row {
  const g = graph.getAttributes();
  return {
    key: GRAPH_KEY,
    name: g.name,
    seed: int(g.seed),
    modularity: g.modularity,
    schema: int(g.schema),
    reportSeed: int(report.seed),
    resolution: report.resolution,
    reportModularity: report.modularity,
    ...(report.unassigned !== undefined ? { unassigned: int(report.unassigned) } : {}),
    // The report's own fields (communities are nodes), key order kept, for a verbatim read-back.
    report: JSON.stringify({ ...report, communities: null }),
  };
}


/** Builds every write step for a graph; steps with no rows are kept out. Pure and deterministic. */
export function buildWritePlan(graph: ResearchGraph, report: CommunitiesReport): WritePlan {
  const papers: Row[] = [];
  const entities: Record<EntityType, Row[]> = { method: [], dataset: [], benchmark: [] };
  const repositories: Row[] = [];
  const topics: Row[] = [];
  const members: Record<'Paper' | 'Entity' | 'Topic' | 'Repository', Row[]> = { Paper: [], Entity: [], Topic: [], Repository: [] };
  let seq = 0;
  graph.forEachNode((key, a) => {
    let kind: keyof typeof members;
    if (a.type === 'paper') {
      papers.push(paperRow(key, a, seq));
      kind = 'Paper';
    } else if (a.type === 'repository') {
      repositories.push(repositoryRow(key, a, seq));
      kind = 'Repository';
    } else if (a.type === 'topic') {
      topics.push(topicRow(key, a, seq));
      kind = 'Topic';
    } else {
      entities[a.type].push(entityRow(key, a, seq));
      kind = 'Entity';
    }
    if (a.community >= 0) members[kind].push({ key, community: int(a.community) });
    seq += 1;
  });

  const relationships: Record<string, Row[]> = Object.fromEntries(EDGE_TYPES.map((t) => [t, []]));
  const keep = new Map<string, string[]>();
  seq = 0;
  graph.forEachEdge((key, a, source, target) => {
    relationships[a.type]!.push({ source, target, props: edgeProps(key, a, seq) });
    let list = keep.get(source);
    if (!list) keep.set(source, (list = []));
    list.push(`${a.type}|${key}`);
    seq += 1;
  });
  const prune: Row[] = papers.map((p) => ({ id: p.id, keep: keep.get(p.id as string) ?? [] }));

  const all: WriteStep[] = [
    { name: 'graph', kind: 'graph', cypher: MERGE_GRAPH, rows: [graphRow(graph, report)] },
    { name: 'papers', kind: 'nodes', cypher: MERGE_PAPERS, rows: papers, collectExisting: true },
    ...ENTITY_TYPES.map((t): WriteStep => ({ name: `entities:${t}`, kind: 'nodes', cypher: mergeEntities(t), rows: entities[t] })),
    { name: 'topics', kind: 'nodes', cypher: MERGE_TOPICS, rows: topics },
    { name: 'repositories', kind: 'nodes', cypher: MERGE_REPOSITORIES, rows: repositories },
    { name: 'prune', kind: 'prune', cypher: PRUNE_PAPER_EDGES, rows: prune, onlyExisting: true },
    ...EDGE_TYPES.map((t): WriteStep => ({ name: `rel:${t}`, kind: 'relationships', cypher: mergeRelationships(t), rows: relationships[t]! })),
    { name: 'communities', kind: 'communities', cypher: CREATE_COMMUNITIES, rows: report.communities.map(communityRow) },
    ...(['Paper', 'Entity', 'Topic', 'Repository'] as const).map(
      (k): WriteStep => ({ name: `members:${k}`, kind: 'memberships', cypher: createMemberships(k), rows: members[k] }),
    ),
  ];
  const steps = all.filter((s) => s.rows.length > 0);

  const count = (kinds: StepKind[]) => steps.filter((s) => kinds.includes(s.kind)).reduce((n, s) => n + s.rows.length, 0);
  return { steps, nodes: count(['graph', 'nodes', 'communities']), relationships: count(['relationships', 'memberships']) };
}
