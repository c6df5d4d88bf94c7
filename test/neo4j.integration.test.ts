// Integration tests against a real Neo4j 5 (test/setup/neo4j.ts): writes, idempotence, read-back, queries,
// CLI, and failure behaviour (unreachable, wrong password, write refused, connection lost mid-build).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectedGraph } from 'graphology';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGraphJSON } from '../graph/export/index.ts';
import { openDriver, type ConnectionSettings } from '../graph/neo4j/connection.ts';
import { buildParams } from '../graph/neo4j/params.ts';
import { listQueries, runQuery } from '../graph/neo4j/queries.ts';
import { readBuildFromNeo4j } from '../graph/neo4j/reader.ts';
import { buildWritePlan } from '../graph/neo4j/rows.ts';
import { writeGraph, writePlan } from '../graph/neo4j/writer.ts';
import { runBuild, writeOutputs } from '../graph/pipeline.ts';
import type { CommunitiesReport, EdgeAttributes, GraphAttributes, NodeAttributes, ResearchGraph } from '../graph/types.ts';
import { loadSmallBuild, TRICKY } from './fixtures/neo4j/load.ts';
import { lockTestDatabase, neo4jSkipReason, testNeo4j } from './setup/neo4j.ts';

const skip = neo4jSkipReason();
if (skip) console.warn(`neo4j integration tests skipped: ${skip}`);

let settings: ConnectionSettings;
let driver: Driver;

async function clear(): Promise<void> {
  // IN TRANSACTIONS needs an implicit (auto-commit) transaction: session.run, not executeWrite.
  const session = driver.session();
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  } finally {
    await session.close();
  }
}

/** Nodes per label and relationships per type: what idempotence must leave unchanged. */
async function counts(): Promise<Record<string, number>> {
  const nodes = await driver.executeQuery('MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label');
  const rels = await driver.executeQuery('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type');
  return Object.fromEntries([
    ...nodes.records.map((r) => [`:${r.get('label')}`, r.get('n') as number]),
    ...rels.records.map((r) => [`-${r.get('type')}`, r.get('n') as number]),
  ]);
}

function copyGraph(graph: ResearchGraph): ResearchGraph {
  const copy: ResearchGraph = new DirectedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>();
  copy.import(structuredClone(graph.export()));
  return copy;
}

/** TCP proxy in front of the test server that a test can cut (drop connections) or close (refuse new ones). */
function proxy(target: { host: string; port: number }): Promise<{ port: number; cut: () => void; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  const cut = () => {
    for (const s of sockets) s.destroy();
  };
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        port: (server.address() as { port: number }).port,
        cut,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            cut();
          }),
      }),
    ),
  );
}

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/papergraph.js', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env, PAPERGRAPH_NEO4J_STATE: join(tmpdir(), 'papergraph-no-managed-server') },
  });

describe.skipIf(skip !== undefined)('neo4j (real server)', () => {
  let envFor: Record<string, string>;
  let unlock: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    unlock = await lockTestDatabase();
    settings = await testNeo4j();
    driver = await openDriver(settings);
    envFor = { NEO4J_URI: settings.uri, NEO4J_USERNAME: settings.username, NEO4J_PASSWORD: settings.password };
    await clear();
  }, 900_000); // a fresh machine first fetches Neo4j with Maven, and may wait for another run's lock

  afterAll(async () => {
    await driver?.close();
    await unlock?.();
  });

  describe('fixture graph', () => {
    const { graph, report } = loadSmallBuild();

    it('writes, and a second identical write leaves every count unchanged', async () => {
      await clear();
      const first = await writeGraph(driver, graph, report, { batchSize: 2 });
      const after1 = await counts();
      expect(after1).toEqual({
        ':Benchmark': 1,
        ':Community': 2,
        ':Dataset': 1,
        ':Entity': 5,
        ':Graph': 1,
        ':Method': 3,
        ':Paper': 3,
        ':Repository': 1,
        '-EVALUATES_ON': 1,
        '-HAS_CODE': 1,
        '-IN_COMMUNITY': 8,
        '-MENTIONS': 1,
        '-PROPOSES': 1,
        '-USES': 2,
      });
      expect(first.counters.nodesCreated).toBe(12);
      const second = await writeGraph(driver, graph, report, { batchSize: 2 });
      expect(await counts()).toEqual(after1);
      // Only the communities are replaced: every other node and relationship is matched, not created.
      expect(second.counters.nodesCreated).toBe(2);
      expect(second.counters.relationshipsCreated).toBe(8);
    });

    it.each([1, 4])('concurrency %i, one row per batch: the same database as one write of everything', async (concurrency) => {
      await clear();
      const batches: string[] = [];
      const summary = await writeGraph(driver, graph, report, { batchSize: 1, concurrency, onBatch: (_n, _total, step) => batches.push(step) });
      // Steps never overlap: every batch of a step is reported before the next step's first one.
      expect(batches.filter((s, i) => s !== batches[i - 1])).toEqual([...new Set(batches)]);
      expect(summary.batches).toBe(batches.length);
      expect(toGraphJSON((await readBuildFromNeo4j(driver)).graph)).toBe(toGraphJSON(graph));
      // A re-run prunes through every existing paper and still changes nothing.
      await writeGraph(driver, graph, report, { batchSize: 1, concurrency });
      expect(toGraphJSON((await readBuildFromNeo4j(driver)).graph)).toBe(toGraphJSON(graph));
    });

    it('reads back exactly the graph and report that were written', async () => {
      const back = await readBuildFromNeo4j(driver);
      expect(toGraphJSON(back.graph)).toBe(toGraphJSON(graph));
      expect(JSON.stringify(back.report)).toBe(JSON.stringify(report));
    });

    it('stores quotes, backslashes, newlines, unicode and Cypher-looking text verbatim', async () => {
      const { records } = await driver.executeQuery(
        'MATCH (p:Paper {id: $id}) MATCH (d:Entity {key: $key}) MATCH (c:Community {id: 1}) RETURN p.title AS title, d.name AS name, d.aliases AS aliases, c.name AS community',
        { id: 't:abc123', key: 'squad' },
      );
      expect(records[0]!.toObject()).toEqual({ title: TRICKY, name: TRICKY, aliases: [TRICKY, 'SQuAD'], community: TRICKY });
      expect((await counts())[':Paper']).toBe(3);
    });

    it('a larger build adds only what is new; a smaller then full build keeps existing nodes', async () => {
      await clear();
      const small = copyGraph(graph);
      small.dropNode('p3');
      small.dropNode('bert');
      await writeGraph(driver, small, report);
      const before = await driver.executeQuery('MATCH (n:Paper|Entity) RETURN coalesce(n.id, n.key) AS key, elementId(n) AS element');
      const full = await writeGraph(driver, graph, report);
      expect(full.counters.nodesCreated).toBe(2 + report.communities.length); // p3, bert, and the replaced communities
      const after = await driver.executeQuery('MATCH (n:Paper|Entity) RETURN coalesce(n.id, n.key) AS key, elementId(n) AS element');
      const elements = new Map(after.records.map((r) => [r.get('key'), r.get('element')]));
      for (const r of before.records) expect(elements.get(r.get('key'))).toBe(r.get('element'));
      expect(toGraphJSON((await readBuildFromNeo4j(driver)).graph)).toBe(toGraphJSON(graph));
    });

    it('re-run communities replace the previous ones; a changed role replaces the old relationship', async () => {
      const changed = copyGraph(graph);
      changed.setEdgeAttribute('p3->superbert', 'type', 'MENTIONS');
      changed.forEachNode((node, attrs) => changed.setNodeAttribute(node, 'community', attrs.community >= 0 ? 7 : -1));
      const newReport: CommunitiesReport = {
        ...report,
        communities: [{ ...report.communities[0]!, id: 7, label: 'Everything', size: 8 }],
      };
      await writeGraph(driver, changed, newReport);
      const c = await counts();
      expect([c[':Community'], c['-IN_COMMUNITY'], c['-USES'], c['-MENTIONS']]).toEqual([1, 8, 1, 2]);
      const back = await readBuildFromNeo4j(driver);
      expect(toGraphJSON(back.graph)).toBe(toGraphJSON(changed));
      expect(back.report).toEqual(newReport);
    });
  });

  describe('queries', () => {
    beforeAll(async () => {
      await clear();
      const { graph, report } = loadSmallBuild();
      await writeGraph(driver, graph, report);
    });

    it.each(listQueries().map((q) => [q.name, q] as const))('library query %s runs with its defaults', async (_name, q) => {
      const assignments = q.params.filter((p) => p.default === undefined).map((p) => `${p.name}=BERT`);
      const result = await runQuery(driver, q.cypher, buildParams(q, assignments));
      expect(result.queryType).toBe('r');
    });

    it.each([
      ['benchmark-scores', ['benchmark=glue'], [
        { benchmark: 'GLUE', method: 'SuperBERT', metric: 'accuracy', value: 91.25, paper: 'BERTology revisited', date: '2024-01-02' },
        { benchmark: 'GLUE', method: 'SuperBERT', metric: '', value: 80, paper: 'BERTology revisited', date: '2024-01-02' },
      ]],
      ['papers-proposing-method-using-dataset', ['dataset=GLUE'], [
        { id: 'arxiv:2401.00001', paper: 'BERTology revisited', date: '2024-01-02', proposes: ['SuperBERT'], dataset: 'GLUE' },
      ]],
      ['co-occurring-entities', ['entity=Super-BERT'], [
        { entity: 'SuperBERT', coOccurring: 'BERT', type: 'method', sharedPapers: 1 },
        { entity: 'SuperBERT', coOccurring: 'GLUE', type: 'benchmark', sharedPapers: 1 },
      ]],
      ['shortest-path-between-methods', ['from=bert', 'to=SuperBERT'], [
        { hops: 2, chain: ['method: BERT', 'paper: Third', 'method: SuperBERT'] },
      ]],
      ['papers-with-code-for-method', ['method=superbert'], [
        { method: 'SuperBERT', role: 'PROPOSES', paper: 'BERTology revisited', date: '2024-01-02', code: ['https://github.com/org/superbert'] },
      ]],
      ['entities-by-first-seen', ['from=2024', 'type=any'], [
        { firstSeen: '2024-01-02', entity: 'GLUE', type: 'benchmark', papers: 1 },
        { firstSeen: '2024-01-02', entity: 'SuperBERT', type: 'method', papers: 1 },
      ]],
      ['bridge-entities', ['minCommunities=1', 'limit=1'], [
        { entity: 'BERT', type: 'method', homeCommunity: 0, communities: 1, papers: 1, spread: 1 },
      ]],
    ])('%s %j returns the expected rows', async (name, assignments, expected) => {
      const q = listQueries().find((x) => x.name === name)!;
      expect((await runQuery(driver, q.cypher, buildParams(q, assignments))).rows).toEqual(expected);
    });

    it('refuses a write without --write, and leaves the data unchanged', async () => {
      const before = await counts();
      await expect(runQuery(driver, 'CREATE (:Paper {id: $id})', { id: 'x' })).rejects.toMatchObject({ code: 'write-refused' });
      await expect(runQuery(driver, 'MATCH (n) DETACH DELETE n', {})).rejects.toMatchObject({ code: 'write-refused' });
      expect(await counts()).toEqual(before);
    });

    it('runs a write with write: true', async () => {
      await runQuery(driver, 'CREATE (:Scratch {v: $v})', { v: 1 }, { write: true });
      await runQuery(driver, 'MATCH (s:Scratch) DELETE s', {}, { write: true });
    });

    it('reports a syntax error as query-failed', async () => {
      await expect(runQuery(driver, 'MATCH (n RETURN n', {})).rejects.toMatchObject({ code: 'query-failed' });
    });
  });

  describe('failures', () => {
    it('unreachable server: one error naming the URI', async () => {
      const uri = 'bolt://127.0.0.1:1';
      await expect(openDriver({ kind: 'env', uri, username: 'neo4j', password: 'x' })).rejects.toMatchObject({
        code: 'unreachable',
        message: expect.stringContaining(uri),
      });
    }, 10_000);

    it('wrong password: auth', async () => {
      await expect(openDriver({ ...settings, password: 'definitely-wrong' })).rejects.toMatchObject({ code: 'auth' });
    });

    it('connection cut mid-build: the driver retries and the write completes', async () => {
      await clear();
      const { graph, report } = loadSmallBuild();
      const [host, port] = new URL(settings.uri.replace(/^\w+:/, 'http:')).host.split(':');
      const p = await proxy({ host: host!, port: Number(port ?? 7687) });
      const proxied = await openDriver({ ...settings, uri: `bolt://127.0.0.1:${p.port}` }, { maxTransactionRetryTimeMs: 15_000 });
      let cuts = 0;
      try {
        await writeGraph(proxied, graph, report, {
          batchSize: 1,
          onBatch: (n) => {
            if (n === 3 || n === 9) {
              cuts += 1;
              p.cut();
            }
          },
        });
      } finally {
        await proxied.close();
        await p.close();
      }
      expect(cuts).toBe(2);
      expect(toGraphJSON((await readBuildFromNeo4j(driver)).graph)).toBe(toGraphJSON(graph));
    });

    it('server gone mid-build: fails saying how far it got, batches whole; re-running completes', async () => {
      await clear();
      const { graph, report } = loadSmallBuild();
      const plan = buildWritePlan(graph, report);
      const [host, port] = new URL(settings.uri.replace(/^\w+:/, 'http:')).host.split(':');
      const p = await proxy({ host: host!, port: Number(port ?? 7687) });
      const proxied = await openDriver({ ...settings, uri: `bolt://127.0.0.1:${p.port}` }, { maxTransactionRetryTimeMs: 1_000 });
      try {
        await expect(
          writePlan(proxied, plan, {
            batchSize: 2,
            concurrency: 1, // one batch in flight: exactly the batches before the cut are committed
            onBatch: (n) => {
              if (n === 2) void p.close();
            },
          }),
        ).rejects.toMatchObject({ code: 'write-failed', message: expect.stringMatching(/after 2 of \d+ batches committed/) });
      } finally {
        await proxied.close().catch(() => {});
      }
      // Batches 1 (graph node) and 2 (papers 1–2) are committed whole; nothing of batch 3.
      const c = await counts();
      expect([c[':Graph'], c[':Paper'], c[':Entity']]).toEqual([1, 2, undefined]);
      await writePlan(driver, plan, { batchSize: 2 });
      expect(toGraphJSON((await readBuildFromNeo4j(driver)).graph)).toBe(toGraphJSON(graph));
    });
  });

  describe('seed corpus', () => {
    let built: Awaited<ReturnType<typeof runBuild>>;

    beforeAll(async () => {
      built = await runBuild({});
      await clear();
    }, 180_000);

    it('round trip: write → read back → graph.json and communities equal the in-memory build', async () => {
      await writeGraph(driver, built.graph, built.report);
      const once = await counts();
      await writeGraph(driver, built.graph, built.report);
      expect(await counts()).toEqual(once);
      expect(once[':Paper']).toBe(546);
      const back = await readBuildFromNeo4j(driver);
      expect(toGraphJSON(back.graph)).toBe(toGraphJSON(built.graph));
      expect(JSON.stringify(back.report)).toBe(JSON.stringify(built.report));
    }, 120_000);

    it('CLI: query prints the paper count as JSON; export --from-neo4j writes the files build writes', async () => {
      const q = cli(['query', 'MATCH (p:Paper) RETURN count(p) AS n', '--json'], envFor);
      expect(q.status).toBe(0);
      expect(JSON.parse(q.stdout)).toEqual([{ n: 546 }]);

      const fromDb = mkdtempSync(join(tmpdir(), 'papergraph-export-'));
      const inMemory = mkdtempSync(join(tmpdir(), 'papergraph-build-'));
      const e = cli(['export', '--from-neo4j', '--out', fromDb], envFor);
      expect(e.status, e.stderr).toBe(0);
      const written = await writeOutputs(inMemory, built.graph, built.report);
      for (const path of written) {
        const name = path.slice(inMemory.length + 1);
        expect(readFileSync(join(fromDb, name), 'utf8'), name).toBe(readFileSync(path, 'utf8'));
      }
    }, 120_000);

    it.each([
      [['query', 'CREATE (n:X) RETURN n'], 'write-refused'],
      [['query', 'no-such-query'], 'unknown-query'],
    ])('CLI %j fails with one line', (args, _code) => {
      const r = cli(args, envFor);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('CLI: unreachable server → exit 1, one line naming the URI, quickly', () => {
      const uri = 'bolt://127.0.0.1:1';
      const r = cli(['query', 'RETURN 1'], { NEO4J_URI: uri, NEO4J_PASSWORD: 'x' });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(uri)]);
    }, 10_000);

    it('CLI: wrong password → exit 1 with an authentication message', () => {
      const r = cli(['query', 'RETURN 1'], { ...envFor, NEO4J_PASSWORD: 'wrong' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/authentication failed/);
    });
  });
});
