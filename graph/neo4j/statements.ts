// Every Cypher statement the batched writer sends, by name, built from the record description (graph/records.ts).
// Values always travel as parameters ($rows, $build, $limit), never in the text; labels and property names come
// from the description, never from data.
import {
  KEY_PROPERTY,
  MEMBERSHIP_TYPE,
  NODE_KINDS,
  type KeyLabel,
  type MemberLabel,
  type NodeKind,
  type RelationshipKind,
} from '../records.ts';

/** Variable name of a key label in statements: Paper → p, Entity → e. */
const variable = (label: KeyLabel): string => label[0]!.toLowerCase();

/** The singleton node holding the graph attributes and the communities report's parameters. */
export const MERGE_GRAPH = `UNWIND $rows AS row
MERGE (g:Graph {key: row.key})
SET g = row`;

/**
 * Nodes of one kind, keyed by their key property. `SET n = row` replaces every property, so removed optional
 * fields disappear; `build` stamps the node with this write (see STALE_COMMUNITIES). Kinds that share a key label
 * (entity types) take their own label and lose the others, so an entity whose majority type changed is relabelled.
 * Papers return the ids of papers that existed before (a node just created holds only its key): only those can
 * have relationships a previous build wrote, so only they go through PRUNE_PAPER_EDGES.
 */
export function mergeNodes(kind: Pick<NodeKind<unknown>, 'keyLabel' | 'labels' | 'key'>): string {
  const v = variable(kind.keyLabel);
  const [keyLabel, ...own] = kind.labels;
  const siblings = Object.values(NODE_KINDS)
    .filter((k) => k.keyLabel === kind.keyLabel)
    .flatMap((k) => k.labels.slice(1))
    .filter((l) => !own.includes(l));
  const merge = `UNWIND $rows AS row\nMERGE (${v}:${keyLabel} {${kind.key}: row.${kind.key}})`;
  const set = `SET ${v} = row, ${v}.build = $build${own.map((l) => `, ${v}:${l}`).join('')}`;
  if (kind.keyLabel === 'Paper') {
    return `${merge}\nWITH ${v}, row, keys(${v}) <> ['${kind.key}'] AS existed\n${set}\nWITH row WHERE existed\nRETURN row.${kind.key} AS id`;
  }
  return [merge, set, ...(siblings.length ? [`REMOVE ${v}:${siblings.join(':')}`] : [])].join('\n');
}

/**
 * Drops a paper's outgoing relationships that the current build no longer has (an entity dropped, or its role
 * changed: PROPOSES → USES is a different relationship type). `row.keep` lists "TYPE|edgeKey" of the current build.
 */
export const PRUNE_PAPER_EDGES = `UNWIND $rows AS row
MATCH (p:Paper {id: row.id})-[r]->()
WHERE type(r) <> '${MEMBERSHIP_TYPE}' AND NOT (type(r) + '|' + coalesce(r.key, '')) IN row.keep
DELETE r`;

/** Relationships of one type between the key labels the description names. */
export function mergeRelationships(kind: Pick<RelationshipKind<unknown>, 'type' | 'start' | 'end'>): string {
  return `UNWIND $rows AS row
MATCH (s:${kind.start} {${KEY_PROPERTY[kind.start]}: row.source})
MATCH (t:${kind.end} {${KEY_PROPERTY[kind.end]}: row.target})
MERGE (s)-[r:${kind.type}]->(t)
SET r = row.props`;
}

/** Communities of the previous build are removed in batches before the new ones are written. */
export const DELETE_MEMBERSHIPS_BATCH = `MATCH ()-[r:${MEMBERSHIP_TYPE}]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted`;

export const DELETE_COMMUNITIES_BATCH = `MATCH (c:Community)
WITH c LIMIT $limit
DETACH DELETE c
RETURN count(*) AS deleted`;

/** MERGE, not CREATE: a batch retried after its commit's answer was lost must not add a second copy. */
export const CREATE_COMMUNITIES = `UNWIND $rows AS row
MERGE (c:Community {id: row.id})
SET c = row`;

/** Membership of nodes of one key label in their community (`row.key` is the node's key). */
export function createMemberships(label: MemberLabel): string {
  return `UNWIND $rows AS row
MATCH (c:Community {id: row.community})
MATCH (n:${label} {${KEY_PROPERTY[label]}: row.key})
MERGE (n)-[:${MEMBERSHIP_TYPE}]->(c)`;
}

/**
 * Nodes this write did not stamp (another corpus written earlier, or records rejected this time) lose the
 * community id of that other build: -1, like an isolated node. Their IN_COMMUNITY edges went with the old
 * communities. Run in batches per label until nothing is left.
 */
export function staleCommunities(label: MemberLabel): string {
  return `MATCH (n:${label})
WHERE coalesce(n.build, '') <> $build AND coalesce(n.community, 0) <> -1
WITH n LIMIT $limit
SET n.community = -1
RETURN count(*) AS updated`;
}
