// Pure row building: research graph + communities report → the ordered list of parameterised write steps.
// Rows are read off the driver-free record description (graph/records.ts), the same one the neo4j-admin CSVs use;
// here integers become Neo4j Integers. No session here: every step is { name, cypher, rows }, so tests check the
// exact Cypher and parameters.
import neo4j from 'neo4j-driver';
import {
  COMMUNITY_KIND,
  EDGE_TYPES,
  GRAPH_NODE_KIND,
  MEMBER_LABELS,
  NODE_KINDS,
  NODE_TYPES,
  nodeKind,
  propertyValue,
  RELATIONSHIP_KINDS,
  screenRecords,
  type MemberLabel,
  type NodeKind,
  type Property,
  type RecordRejection,
} from '../records.ts';
import type { CommunitiesReport, EdgeType, NodeType, GraphView } from '../types.ts';
import { CREATE_COMMUNITIES, createMemberships, MERGE_GRAPH, mergeNodes, mergeRelationships, PRUNE_PAPER_EDGES } from './statements.ts';

export { GRAPH_KEY } from '../records.ts';

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
  /** Graph nodes left out before writing (a key or indexed property over Neo4j's index key limit), with reasons. */
  rejected: RecordRejection[];
  /** Edges left out with them. */
  droppedEdges: number;
}

/** A described value as a Neo4j parameter: `long` values become Neo4j Integers. */
function neo4jValue(type: Property<unknown>['type'], value: unknown): unknown {
  if (type === 'long') return neo4j.int(value as number);
  if (type === 'long[]') return (value as number[]).map((n) => neo4j.int(n));
  if (Array.isArray(value)) return [...value];
  return value;
}

/**
 * One row of a described record: every present property, in description order. An empty list is no property, as
 * after a bulk import (neo4j-admin cannot write an empty array), so both paths give the same database; the
 * read-back turns a missing list into [].
 */
export function describedRow<R>(properties: readonly Property<R>[], record: R): Row {
  const row: Row = {};
  for (const p of properties) {
    const value = propertyValue(p, record);
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) row[p.name] = neo4jValue(p.type, value);
  }
  return row;
}

const STEP_NAME: Record<NodeType, string> = {
  paper: 'papers',
  method: 'entities:method',
  dataset: 'entities:dataset',
  benchmark: 'entities:benchmark',
  topic: 'topics',
  repository: 'repositories',
  author: 'authors',
};

/** Builds every write step for a graph; steps with no rows are kept out. Pure and deterministic. */
export function buildWritePlan(graph: GraphView, report: CommunitiesReport): WritePlan {
  const screened = screenRecords(graph);
  const nodeRows = Object.fromEntries(NODE_TYPES.map((t) => [t, [] as Row[]])) as Record<NodeType, Row[]>;
  const members = Object.fromEntries(MEMBER_LABELS.map((l) => [l, [] as Row[]])) as Record<MemberLabel, Row[]>;
  let seq = 0;
  graph.forEachNode((key, attrs) => {
    const record = { key, attrs, seq: seq++ };
    if (screened.rejected.has(key)) return;
    const kind = nodeKind(attrs);
    nodeRows[attrs.type].push(describedRow(kind.properties, record));
    if (attrs.community >= 0) members[kind.keyLabel as MemberLabel].push({ key, community: neo4j.int(attrs.community) });
  });

  const relationships = Object.fromEntries(EDGE_TYPES.map((t) => [t, [] as Row[]])) as Record<EdgeType, Row[]>;
  const keep = new Map<string, string[]>();
  seq = 0;
  graph.forEachEdge((key, attrs, source, target) => {
    const record = { key, attrs, source, target, seq: seq++ };
    if (screened.rejected.has(source) || screened.rejected.has(target)) return;
    relationships[attrs.type].push({ source, target, props: describedRow(RELATIONSHIP_KINDS[attrs.type].properties, record) });
    let list = keep.get(source);
    if (!list) keep.set(source, (list = []));
    list.push(`${attrs.type}|${key}`);
  });
  const prune: Row[] = nodeRows.paper.map((p) => ({ id: p.id, keep: keep.get(p.id as string) ?? [] }));

  const all: WriteStep[] = [
    { name: 'graph', kind: 'graph', cypher: MERGE_GRAPH, rows: [describedRow(GRAPH_NODE_KIND.properties, { graph, report })] },
    ...NODE_TYPES.map((t): WriteStep => {
      const step: WriteStep = { name: STEP_NAME[t], kind: 'nodes', cypher: mergeNodes(NODE_KINDS[t] as NodeKind<unknown>), rows: nodeRows[t] };
      if (t === 'paper') step.collectExisting = true;
      return step;
    }),
    { name: 'prune', kind: 'prune', cypher: PRUNE_PAPER_EDGES, rows: prune, onlyExisting: true },
    ...EDGE_TYPES.map((t): WriteStep => ({ name: `rel:${t}`, kind: 'relationships', cypher: mergeRelationships(RELATIONSHIP_KINDS[t]), rows: relationships[t] })),
    { name: 'communities', kind: 'communities', cypher: CREATE_COMMUNITIES, rows: report.communities.map((c) => describedRow(COMMUNITY_KIND.properties, c)) },
    ...MEMBER_LABELS.map((l): WriteStep => ({ name: `members:${l}`, kind: 'memberships', cypher: createMemberships(l), rows: members[l] })),
  ];
  const steps = all.filter((s) => s.rows.length > 0);

  const count = (kinds: StepKind[]) => steps.filter((s) => kinds.includes(s.kind)).reduce((n, s) => n + s.rows.length, 0);
  return {
    steps,
    nodes: count(['graph', 'nodes', 'communities']),
    relationships: count(['relationships', 'memberships']),
    rejected: screened.rejections,
    droppedEdges: screened.droppedEdges,
  };
}
