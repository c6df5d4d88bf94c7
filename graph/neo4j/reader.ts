// Read-back: rebuilds the research graph and communities report from Neo4j, inverse of rows.ts.
import { DirectedGraph } from 'graphology';
import neo4j, { type Driver, type Session } from 'neo4j-driver';
import type { EntityType, Evidence, Provenance, Result } from '../../ingest/types.ts';
import type {
  AuthorNodeAttributes,
  CommunitiesReport,
  Community,
  EdgeAttributes,
  EdgeType,
  EntityNodeAttributes,
  GraphAttributes,
  NodeAttributes,
  PaperNodeAttributes,
  RepositoryNodeAttributes,
  ResearchGraph,
  TopicNodeAttributes,
} from '../types.ts';
import { Neo4jSinkError } from './errors.ts';
import { GRAPH_KEY } from './rows.ts';

type Props = Record<string, unknown>;

const READ_GRAPH = `MATCH (g:Graph {key: $key}) RETURN properties(g) AS g`;
const READ_NODES = `MATCH (n) WHERE n:Paper OR n:Entity OR n:Topic OR n:Repository OR n:Author
RETURN CASE WHEN n:Paper THEN 'paper' WHEN n:Repository THEN 'repository' WHEN n:Topic THEN 'topic' WHEN n:Author THEN 'author' ELSE 'entity' END AS kind,
  properties(n) AS p
ORDER BY n.seq`;
const READ_EDGES = `MATCH (s:Paper)-[r]->(t) WHERE NOT r:IN_COMMUNITY
RETURN s.id AS source, coalesce(t.key, t.url, t.id) AS target, type(r) AS type, properties(r) AS p
ORDER BY r.seq`;
const READ_COMMUNITIES = `MATCH (c:Community) RETURN properties(c) AS c ORDER BY c.id`;

const str = (v: unknown): string => String(v);
const num = (v: unknown): number => Number(v);
const json = <T>(v: unknown): T => JSON.parse(String(v)) as T;
/** A string-list property, [] when absent. */
const strs = (v: unknown): string[] => ((v as unknown[] | undefined) ?? []).map(str);

function layout(p: Props) {
  return { x: num(p.x), y: num(p.y), size: num(p.size), color: str(p.color), community: num(p.community) };
}

/** Attribute order follows graph/build.ts, so graph.json of the read-back equals the in-memory build's. */
function paperAttributes(p: Props): PaperNodeAttributes {
  const a: PaperNodeAttributes = {
    ...layout(p),
    type: 'paper',
    label: str(p.label),
    title: str(p.title),
    abstract: str(p.abstract),
    authors: strs(p.authors),
    sources: json<Provenance[]>(p.sources),
  };
  if (p.date != null) a.date = str(p.date);
  if (p.url != null) a.url = str(p.url);
  if (p.language != null) a.language = str(p.language);
  return a;
}

function entityAttributes(p: Props): EntityNodeAttributes {
  const a: EntityNodeAttributes = {
    ...layout(p),
    type: str(p.type) as EntityType,
    label: str(p.name),
    aliases: strs(p.aliases),
    papers: num(p.papers),
  };
  if (p.family != null) a.family = str(p.family);
  if (p.firstSeen != null) a.firstSeen = str(p.firstSeen);
  if (p.evidence != null) a.evidence = json<Evidence>(p.evidence);
  return a;
}

function topicAttributes(p: Props): TopicNodeAttributes {
  const a: TopicNodeAttributes = {
    ...layout(p),
    type: 'topic',
    label: str(p.name),
    papers: num(p.papers),
    corpusPapers: num(p.corpusPapers),
    lift: num(p.lift),
  };
  if (p.acronyms != null) a.acronyms = (p.acronyms as unknown[]).map(str);
  return a;
}

function repositoryAttributes(p: Props): RepositoryNodeAttributes {
  return { ...layout(p), type: 'repository', label: str(p.name), url: str(p.url), host: str(p.host) };
}

function authorAttributes(p: Props): AuthorNodeAttributes {
  const a: AuthorNodeAttributes = {
    ...layout(p),
    type: 'author',
    label: str(p.name),
    papers: num(p.papers),
    aliases: strs(p.aliases),
  };
  if (p.firstSeen != null) a.firstSeen = str(p.firstSeen);
  if (p.lastSeen != null) a.lastSeen = str(p.lastSeen);
  return a;
}

function edgeAttributes(type: string, p: Props): EdgeAttributes {
  const a: EdgeAttributes = { type: type as EdgeType, weight: num(p.weight) };
  if (p.name != null) a.name = str(p.name);
  if (p.aliases != null) a.aliases = (p.aliases as unknown[]).map(str);
  if (p.results != null) a.results = json<Result[]>(p.results);
  if (p.rules != null) a.rules = (p.rules as unknown[]).map(str);
  if (p.evidence != null) a.evidence = json<Evidence>(p.evidence);
  if (p.count != null) a.count = num(p.count);
  if (p.score != null) a.score = num(p.score);
  return a;
}

function communityRecord(p: Props): Community {
  if (p.record != null) return json<Community>(p.record);
  // Key order as in graph/types.ts Community (communities.json compares as text).
  const c = {
    id: num(p.id),
    label: str(p.name),
    size: num(p.size),
    color: str(p.color),
    papers: num(p.papers),
    top: json<Community['top']>(p.top),
    topPapers: json<Community['topPapers']>(p.topPapers),
  } as Community;
  if (p.dateSpan != null) c.dateSpan = json<NonNullable<Community['dateSpan']>>(p.dateSpan);
  c.neighbours = json<Community['neighbours']>(p.neighbours);
  if (p.parent != null) c.parent = num(p.parent);
  return c;
}

async function rows(session: Session, cypher: string, params: Props = {}) {
  return (await session.executeRead((tx) => tx.run(cypher, params))).records;
}

/**
 * Reads the graph written by `writeBuildToNeo4j` back into memory: every node and edge attribute
 * (x, y, size, color, community …), the graph attributes and the communities report.
 * Throws `empty-database` when no papergraph graph is stored.
 */
export async function readBuildFromNeo4j(driver: Driver, options: { database?: string } = {}): Promise<{ graph: ResearchGraph; report: CommunitiesReport }> {
  const session = driver.session({ database: options.database, defaultAccessMode: neo4j.session.READ });
  try {
    const [g] = await rows(session, READ_GRAPH, { key: GRAPH_KEY });
    if (!g) throw new Neo4jSinkError('empty-database', 'the database holds no papergraph graph (run `papergraph build --neo4j` first)');
    const gp = g.get('g') as Props;
    const graph: ResearchGraph = new DirectedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>();
    graph.replaceAttributes({ name: str(gp.name), seed: num(gp.seed), modularity: num(gp.modularity), schema: num(gp.schema) });

    for (const record of await rows(session, READ_NODES)) {
      const p = record.get('p') as Props;
      const kind = record.get('kind') as string;
      if (kind === 'paper') graph.addNode(str(p.id), paperAttributes(p));
      else if (kind === 'repository') graph.addNode(str(p.url), repositoryAttributes(p));
      else if (kind === 'topic') graph.addNode(str(p.key), topicAttributes(p));
      else if (kind === 'author') graph.addNode(str(p.key), authorAttributes(p));
      else graph.addNode(str(p.key), entityAttributes(p));
    }
    for (const record of await rows(session, READ_EDGES)) {
      const p = record.get('p') as Props;
      graph.addDirectedEdgeWithKey(str(p.key), str(record.get('source')), str(record.get('target')), edgeAttributes(record.get('type') as string, p));
    }
    const communities = (await rows(session, READ_COMMUNITIES)).map((r) => communityRecord(r.get('c') as Props));
    let report: CommunitiesReport;
    if (gp.report != null) {
      report = json<CommunitiesReport>(gp.report);
      report.communities = communities;
    } else {
      report = { seed: num(gp.reportSeed), resolution: num(gp.resolution), splitResolution: 0, modularity: num(gp.reportModularity), communities };
      if (gp.unassigned != null) report.unassigned = num(gp.unassigned);
    }
    return { graph, report };
  } finally {
    await session.close();
  }
}
