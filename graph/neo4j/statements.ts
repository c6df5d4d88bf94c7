// Every Cypher statement the sink sends, by name. Values always travel as parameters ($rows, $limit), never in the text.
import type { EntityType } from '../../ingest/types.ts';
import type { EdgeType } from '../types.ts';

/** Neo4j label of each entity type; every entity also carries the shared `Entity` label (key constraint on it). */
export const ENTITY_LABELS: Record<EntityType, string> = { method: 'Method', dataset: 'Dataset', benchmark: 'Benchmark' };

/** The singleton node holding the graph attributes and the communities report's parameters. */
export const MERGE_GRAPH = `UNWIND $rows AS row
MERGE (g:Graph {key: row.key})
SET g = row`;

/**
 * Papers, keyed by `id` (the graph node key). `SET p = row` replaces every property, so removed optional fields
 * disappear. Returns the ids of papers that existed before (a node just created holds only its key): only those
 * can have relationships a previous build wrote, so only they go through PRUNE_PAPER_EDGES.
 */
export const MERGE_PAPERS = `UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
WITH p, row, keys(p) <> ['id'] AS existed
SET p = row
WITH row WHERE existed
RETURN row.id AS id`;

/**
 * Entities of one type, keyed by `key` on the shared Entity label. The type label is static text per statement;
 * the other type labels are removed so an entity whose majority type changed between builds is relabelled.
 */
export function mergeEntities(type: EntityType): string {
  const label = ENTITY_LABELS[type];
  const others = Object.values(ENTITY_LABELS).filter((l) => l !== label);
  return `UNWIND $rows AS row
MERGE (e:Entity {key: row.key})
SET e = row, e:${label}
REMOVE e:${others.join(':')}`;
}

export const MERGE_REPOSITORIES = `UNWIND $rows AS row
MERGE (r:Repository {url: row.url})
SET r = row`;

/** Research topics (ingest/topics), keyed by `key` ('topic:machine translation'). */
export const MERGE_TOPICS = `UNWIND $rows AS row
MERGE (t:Topic {key: row.key})
SET t = row`;

/**
 * Drops a paper's outgoing relationships that the current build no longer has (an entity dropped, or its role
 * changed: PROPOSES → USES is a different relationship type). `row.keep` lists "TYPE|edgeKey" of the current build.
 */
export const PRUNE_PAPER_EDGES = `UNWIND $rows AS row
MATCH (p:Paper {id: row.id})-[r]->()
WHERE type(r) <> 'IN_COMMUNITY' AND NOT (type(r) + '|' + coalesce(r.key, '')) IN row.keep
DELETE r`;

/** Paper→entity (roles), Paper→Repository (HAS_CODE), Paper→Topic (ABOUT) or Paper→Paper (SIMILAR_TO) relationships of one type. */
export function mergeRelationships(type: EdgeType): string {
  const target =
    type === 'HAS_CODE' ? '(t:Repository {url: row.target})'
    : type === 'ABOUT' ? '(t:Topic {key: row.target})'
    : type === 'SIMILAR_TO' ? '(t:Paper {id: row.target})'
    : '(t:Entity {key: row.target})';
  return `UNWIND $rows AS row
MATCH (p:Paper {id: row.source})
MATCH ${target}
MERGE (p)-[r:${type}]->(t)
SET r = row.props`;
}

/** Communities of the previous build are removed in batches before the new ones are written. */
export const DELETE_MEMBERSHIPS_BATCH = `MATCH ()-[r:IN_COMMUNITY]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted`;

export const DELETE_COMMUNITIES_BATCH = `MATCH (c:Community)
WITH c LIMIT $limit
DETACH DELETE c
RETURN count(*) AS deleted`;

export const CREATE_COMMUNITIES = `UNWIND $rows AS row
CREATE (c:Community)
SET c = row`;

/** Membership of nodes of one kind in their community (`row.key` is the node's key property). */
export function createMemberships(kind: 'Paper' | 'Entity' | 'Topic' | 'Repository'): string {
  const keyProperty = kind === 'Paper' ? 'id' : kind === 'Repository' ? 'url' : 'key';
  return `UNWIND $rows AS row
MATCH (c:Community {id: row.community})
MATCH (n:${kind} {${keyProperty}: row.key})
CREATE (n)-[:IN_COMMUNITY]->(c)`;
}
