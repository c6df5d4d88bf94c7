// The read-only path of `query` is an allow-list, not a deny-list: a query runs only when every operator of its
// EXPLAIN plan is a graph read, every procedure it calls is on a short list, and every namespaced function it calls
// is one of Cypher's own. Anything else is refused with the reason (LOAD CSV, an administration command, a
// procedure, a write) before it runs. The query then runs in a READ transaction with a timeout.
import { namespacedCalls } from './cypher-text.ts';
import { Neo4jSinkError } from './errors.ts';

/** Plan operators that only read the graph (Neo4j 5 names, without the `(All)`/`@db` suffixes). */
export const READ_OPERATORS: ReadonlySet<string> = new Set([
  // scans and seeks
  'AllNodesScan', 'NodeByLabelScan', 'UnionNodeByLabelsScan', 'IntersectionNodeByLabelsScan', 'SubtractionNodeByLabelsScan',
  'NodeByIdSeek', 'NodeByElementIdSeek', 'NodeIndexSeek', 'NodeUniqueIndexSeek', 'NodeIndexSeekByRange', 'NodeUniqueIndexSeekByRange',
  'NodeIndexContainsScan', 'NodeIndexEndsWithScan', 'NodeIndexScan', 'MultiNodeIndexSeek', 'AssertingMultiNodeIndexSeek',
  'AssertingMultiRelationshipIndexSeek', 'DirectedRelationshipIndexSeek', 'UndirectedRelationshipIndexSeek',
  'DirectedRelationshipIndexSeekByRange', 'UndirectedRelationshipIndexSeekByRange', 'DirectedRelationshipUniqueIndexSeek',
  'UndirectedRelationshipUniqueIndexSeek', 'DirectedRelationshipUniqueIndexSeekByRange', 'UndirectedRelationshipUniqueIndexSeekByRange',
  'DirectedRelationshipIndexScan', 'UndirectedRelationshipIndexScan', 'DirectedRelationshipIndexContainsScan',
  'UndirectedRelationshipIndexContainsScan', 'DirectedRelationshipIndexEndsWithScan', 'UndirectedRelationshipIndexEndsWithScan',
  'DirectedRelationshipTypeScan', 'UndirectedRelationshipTypeScan', 'DirectedUnionRelationshipTypesScan',
  'UndirectedUnionRelationshipTypesScan', 'DirectedAllRelationshipsScan', 'UndirectedAllRelationshipsScan',
  'DirectedRelationshipByIdSeek', 'UndirectedRelationshipByIdSeek', 'DirectedRelationshipByElementIdSeek',
  'UndirectedRelationshipByElementIdSeek', 'NodeCountFromCountStore', 'RelationshipCountFromCountStore',
  // expansion and paths
  'Expand', 'OptionalExpand', 'VarLengthExpand', 'BFSPruningVarLengthExpand', 'ShortestPath', 'StatefulShortestPath',
  'Repeat', 'BidirectionalRepeat', 'PathPropagatingBFS', 'ProjectEndpoints', 'TriadicSelection', 'TriadicBuild', 'TriadicFilter',
  // relational work on rows
  'Argument', 'ArgumentTracker', 'Apply', 'SemiApply', 'AntiSemiApply', 'LetSemiApply', 'LetAntiSemiApply', 'SelectOrSemiApply',
  'SelectOrAntiSemiApply', 'LetSelectOrSemiApply', 'LetSelectOrAntiSemiApply', 'RollUpApply', 'Optional', 'Anti',
  'CartesianProduct', 'NodeHashJoin', 'ValueHashJoin', 'NodeLeftOuterHashJoin', 'NodeRightOuterHashJoin', 'Filter',
  'Projection', 'ProduceResults', 'Distinct', 'OrderedDistinct', 'EagerAggregation', 'OrderedAggregation', 'Sort',
  'PartialSort', 'Top', 'Top1WithTies', 'PartialTop', 'Limit', 'ExhaustiveLimit', 'Skip', 'Union', 'OrderedUnion', 'Unwind',
  'CacheProperties', 'Eager', 'NullifyMetadata', 'AssertSameNode', 'AssertSameRelationship', 'PreserveOrder',
  // checked by name below
  'ProcedureCall',
  // the schema of this database (not settings, transactions or users)
  'ShowIndexes', 'ShowConstraints',
]);

/** Procedures a read-only query may call: schema and full-text lookups (the query library uses the latter). */
export const ALLOWED_PROCEDURES: readonly string[] = [
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.schema.visualization',
  'db.schema.nodeTypeProperties',
  'db.schema.relTypeProperties',
  'db.index.fulltext.queryNodes',
  'db.index.fulltext.queryRelationships',
];

/** Namespaces of Cypher's own functions (`date.truncate`, `point.distance` …); user-defined ones (plugins) are refused. */
export const BUILTIN_FUNCTION_NAMESPACES: readonly string[] = ['date', 'datetime', 'localdatetime', 'localtime', 'time', 'duration', 'point', 'vector.similarity'];
const BUILTIN_FUNCTIONS = new Set(['db.nameFromElementId']);

const WRITE_OPERATOR = /^(Create|Merge|LockingMerge|Delete|DetachDelete|Set\w*|Remove\w*|Foreach|EmptyResult|ConditionalApply|AntiConditionalApply|DoNothingIfExists|CreateIndex|CreateConstraint|DropIndex|DropConstraint)$/;

/** The plan as the driver returns it (summary.plan). */
export interface PlanNode {
  operatorType: string;
  arguments?: Record<string, unknown>;
  children?: PlanNode[];
}

/** Why a query may not run on the read-only path; undefined = it may. */
export interface Refusal {
  code: 'write-refused' | 'query-refused';
  reason: string;
}

const refuse = (code: Refusal['code'], reason: string): Refusal => ({ code, reason });

function operatorRefusal(node: PlanNode): Refusal | undefined {
  const [full, database] = node.operatorType.split('@');
  const operator = full!.replace(/\(.*\)$/, '');
  if (database === 'system') return refuse('query-refused', `it runs on the system database (${operator}): administration commands are not allowed`);
  if (operator === 'LoadCSV') return refuse('query-refused', 'LOAD CSV reads files and URLs, which a read-only query may not');
  if (/^(Show|Terminate)\w+$|^AdministrationCommand$/.test(operator) && !READ_OPERATORS.has(operator)) {
    const command = operator.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
    return refuse('query-refused', `${command} is an administration command (other sessions' queries, settings, users …), which a read-only query may not run`);
  }
  if (operator === 'TransactionApply' || operator === 'TransactionForeach') {
    return refuse('query-refused', 'CALL … IN TRANSACTIONS commits in batches of its own, which a read-only query may not');
  }
  if (WRITE_OPERATOR.test(operator)) return refuse('write-refused', 'this query writes to the database; re-run with --write to allow it');
  if (operator === 'ProcedureCall') {
    const details = String(node.arguments?.Details ?? node.arguments?.details ?? '');
    const name = /^([\w.]+)\s*\(/.exec(details)?.[1];
    if (!name || !ALLOWED_PROCEDURES.includes(name)) {
      return refuse('query-refused', `procedure ${name ?? '(unnamed)'} is not on the read-only allow-list (${ALLOWED_PROCEDURES.join(', ')})`);
    }
    return undefined;
  }
  if (!READ_OPERATORS.has(operator)) return refuse('query-refused', `its plan uses ${operator}, which is not on papergraph's read-only allow-list`);
  return undefined;
}

/** Checks an EXPLAIN plan (every operator) and the server's query type; the first refusal found, if any. */
export function planRefusal(plan: PlanNode | undefined | null, queryType: string): Refusal | undefined {
  if (!plan) return refuse('query-refused', 'the server gave no plan to check');
  const stack = [plan];
  while (stack.length) {
    const node = stack.pop()!;
    const refusal = operatorRefusal(node);
    if (refusal) return refusal;
    stack.push(...(node.children ?? []));
  }
  if (queryType !== 'r') return refuse('write-refused', 'this query writes to the database or changes its schema; re-run with --write to allow it');
  return undefined;
}

/** Namespaced function calls that are not Cypher's own (plugins such as APOC can read files and URLs). */
export function textRefusal(cypher: string): Refusal | undefined {
  for (const call of namespacedCalls(cypher)) {
    const namespace = call.slice(0, call.lastIndexOf('.'));
    if (BUILTIN_FUNCTION_NAMESPACES.includes(namespace) || BUILTIN_FUNCTIONS.has(call)) continue;
    return refuse('query-refused', `function ${call} is not one of Cypher's own functions; a read-only query may call only those`);
  }
  return undefined;
}

export function refusalError(refusal: Refusal): Neo4jSinkError {
  return new Neo4jSinkError(refusal.code, refusal.code === 'write-refused' ? refusal.reason : `query refused: ${refusal.reason} (use --write to run it anyway)`);
}
