// Graph assembly: papers + extractions → a graphology research graph (Paper, entity and Repository nodes).
// Pure and deterministic: node and edge insertion order follows paper order, then entity order.
import { PapergraphError } from '../ingest/errors.ts';
import { DirectedGraph } from 'graphology';
import type { EntityType, Extraction, Paper, PaperEntity, Role } from '../ingest/types.ts';
import type {
  EdgeAttributes,
  EntityNodeAttributes,
  GraphAttributes,
  NodeAttributes,
  PaperNodeAttributes,
  RepositoryNodeAttributes,
  ResearchGraph,
} from './types.ts';

/** Version of the graph.json attribute schema written by this module. */
export const GRAPH_SCHEMA = 1;

/** Placeholder colour of nodes before communities are detected. */
export const UNASSIGNED_COLOR = '#999999';

/** When one paper links to the same entity twice, the stronger role wins (earlier = stronger). */
const ROLE_STRENGTH: readonly Role[] = ['PROPOSES', 'INTRODUCES', 'EVALUATES_ON', 'USES', 'MENTIONS'];

export class GraphBuildError extends PapergraphError<'key-collision' | 'extraction-mismatch'> {}

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

/** Merges the entities of one paper that share a key (the extractor should not emit these, but be safe). */
function mergeByKey(entities: readonly PaperEntity[]): PaperEntity[] {
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
 * Builds the research graph. Node keys: paper id, entity key, repository URL.
 * Positions, sizes, colours and communities are placeholders filled by communities and layout.
 */
export function buildGraph(papers: readonly Paper[], extractions: readonly Extraction[], name = 'papergraph'): ResearchGraph {
  if (papers.length !== extractions.length) {
    throw new GraphBuildError('extraction-mismatch', `got ${papers.length} papers but ${extractions.length} extractions`);
  }
  const graph: ResearchGraph = new DirectedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>();
  graph.replaceAttributes({ name, seed: 0, modularity: 0, schema: GRAPH_SCHEMA });

  const base = { x: 0, y: 0, size: 1, color: UNASSIGNED_COLOR, community: -1 };
  for (const paper of papers) {
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
    graph.addNode(paper.id, attrs);
  }

  // First pass: aggregate each entity over the papers that mention it.
  const entities = new Map<string, EntityAccumulator>();
  const perPaper: PaperEntity[][] = [];
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

  // Second pass: Paper→entity and Paper→Repository edges.
  papers.forEach((paper, i) => {
    for (const e of perPaper[i]!) {
      const edge: EdgeAttributes = { type: e.role, weight: 1, name: e.name, aliases: [...e.aliases] };
      if (e.results?.length) edge.results = e.results;
      const rules = [...new Set(e.evidence.map((ev) => ev.rule))];
      if (rules.length) edge.rules = rules;
      if (e.evidence[0] !== undefined) edge.evidence = e.evidence[0];
      graph.addDirectedEdgeWithKey(`${paper.id}->${e.key}`, paper.id, e.key, edge);
    }
    for (const url of extractions[i]!.repositories) {
      if (!graph.hasNode(url)) {
        const { label, host } = repositoryLabel(url);
        const attrs: RepositoryNodeAttributes = { ...base, type: 'repository', label, url, host };
        graph.addNode(url, attrs);
      }
      const key = `${paper.id}->${url}`;
      if (!graph.hasEdge(key)) graph.addDirectedEdgeWithKey(key, paper.id, url, { type: 'HAS_CODE', weight: 1 });
    }
  });

  return graph;
}
