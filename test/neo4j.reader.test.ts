// The read-back without a server: a stand-in driver answers the reader's four reads with what Neo4j holds after the
// write plan's rows are written (integers as numbers: openDriver sets disableLosslessIntegers), so readBuildFromNeo4j
// must invert buildWritePlan for every node and relationship kind — Author and AUTHORED_BY included. The real server
// round trips are in neo4j.integration.test.ts and neo4j.managed.test.ts.
import neo4j, { type Driver } from 'neo4j-driver';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGraphJSON } from '../graph/export/index.ts';
import { readBuildFromNeo4j } from '../graph/neo4j/reader.ts';
import { buildWritePlan, type Row, type WritePlan } from '../graph/neo4j/rows.ts';
import { runBuild } from '../graph/pipeline.ts';
import { EDGE_TYPES, NODE_TYPES } from '../graph/records.ts';
import type { AuthorNodeAttributes, CommunitiesReport, GraphView, NodeAttributes, PaperNodeAttributes } from '../graph/types.ts';
import { AUTHORS_CORPUS, loadSmallBuild } from './fixtures/neo4j/load.ts';

type Props = Record<string, unknown>;

const plain = (v: unknown): unknown => (neo4j.isInt(v) ? v.toNumber() : Array.isArray(v) ? v.map(plain) : v);
const stored = (row: Row): Props => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)]));
const record = (fields: Props) => ({ get: (name: string) => fields[name] });

/** The kind the reader's node query names for each key label (its CASE expression). */
const KIND: Record<string, string> = { Paper: 'paper', Entity: 'entity', Topic: 'topic', Repository: 'repository', Author: 'author' };

/** A driver whose database holds exactly what `plan` writes; it answers the reader's reads only. */
function storedDriver(plan: WritePlan): Driver {
  let graph: Props | undefined;
  const nodes: { label: string; p: Props }[] = [];
  const edges: { source: unknown; target: unknown; type: string; p: Props }[] = [];
  const communities: Props[] = [];
  for (const step of plan.steps) {
    if (step.kind === 'graph') graph = stored(step.rows[0]!);
    else if (step.kind === 'nodes') {
      const label = /MERGE \(\w:(\w+) /.exec(step.cypher)![1]!;
      for (const row of step.rows) nodes.push({ label, p: stored(row) });
    } else if (step.kind === 'relationships') {
      const type = /\[r:(\w+)\]/.exec(step.cypher)![1]!;
      for (const row of step.rows) edges.push({ source: row.source, target: row.target, type, p: stored(row.props as Row) });
    } else if (step.kind === 'communities') communities.push(...step.rows.map(stored));
  }
  const bySeq = (a: { p: Props }, b: { p: Props }) => Number(a.p.seq) - Number(b.p.seq);
  const answer = (cypher: string) => {
    if (cypher.startsWith('MATCH (g:Graph')) return graph ? [record({ g: graph })] : [];
    if (cypher.startsWith('MATCH (n)')) return [...nodes].sort(bySeq).map((n) => record({ kind: KIND[n.label], p: n.p }));
    if (cypher.startsWith('MATCH (s:Paper)')) return [...edges].sort(bySeq).map((e) => record({ source: e.source, target: e.target, type: e.type, p: e.p }));
    if (cypher.startsWith('MATCH (c:Community)')) return [...communities].sort((a, b) => Number(a.id) - Number(b.id)).map((c) => record({ c }));
    throw new Error(`the stand-in database does not answer: ${cypher}`);
  };
  const session = {
    executeRead: async <T>(work: (tx: { run: (cypher: string) => Promise<{ records: unknown[] }> }) => Promise<T>) => work({ run: async (cypher) => ({ records: answer(cypher) }) }),
    close: async () => {},
  };
  return { session: () => session } as unknown as Driver;
}

async function roundTrip(graph: GraphView, report: CommunitiesReport) {
  return readBuildFromNeo4j(storedDriver(buildWritePlan(graph, report)));
}

describe('readBuildFromNeo4j inverts buildWritePlan', () => {
  it('the fixture graph (papers, entities, a repository, authors, an empty author list, a language) and its report', async () => {
    const { graph, report } = loadSmallBuild();
    const back = await roundTrip(graph, report);
    expect(toGraphJSON(back.graph)).toBe(toGraphJSON(graph));
    expect(JSON.stringify(back.report)).toBe(JSON.stringify(report));
    expect(back.graph.getNodeAttributes('author:lluis marquez')).toEqual(graph.getNodeAttributes('author:lluis marquez'));
    expect(back.graph.getEdgeAttributes('p3->author:ada lovelace')).toEqual({ type: 'AUTHORED_BY', weight: 0.7071 });
    expect((back.graph.getNodeAttributes('p3') as PaperNodeAttributes).language).toBe('fra');
  });

  it('an author without dates or spellings: no firstSeen or lastSeen, and aliases []', async () => {
    const { graph, report } = loadSmallBuild();
    graph.updateNodeAttributes('author:alan turing', (a) => {
      const { firstSeen: _f, lastSeen: _l, ...rest } = a as AuthorNodeAttributes;
      return { ...rest, aliases: [] } as NodeAttributes;
    });
    const back = await roundTrip(graph, report);
    expect(toGraphJSON(back.graph)).toBe(toGraphJSON(graph));
    expect(Object.keys(back.graph.getNodeAttributes('author:alan turing'))).toEqual(['x', 'y', 'size', 'color', 'community', 'type', 'label', 'papers', 'aliases']);
  });

  describe('a build of a corpus with authors', () => {
    let built: Awaited<ReturnType<typeof runBuild>>;
    beforeAll(async () => {
      built = await runBuild({ inputs: [AUTHORS_CORPUS], workers: 1 });
    }, 120_000);

    it('holds every node and edge type', () => {
      const types = new Set<string>();
      built.graph.forEachNode((_k, a) => types.add(a.type));
      built.graph.forEachEdge((_k, a) => types.add(a.type));
      expect([...types].sort()).toEqual([...NODE_TYPES, ...EDGE_TYPES].sort());
    });

    it('reads back graph.json and the report byte for byte', async () => {
      const back = await roundTrip(built.graph, built.report);
      expect(toGraphJSON(back.graph)).toBe(toGraphJSON(built.graph));
      expect(JSON.stringify(back.report)).toBe(JSON.stringify(built.report));
    });
  });
});
