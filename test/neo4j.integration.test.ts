// Integration tests against a real Neo4j 5 (test/setup/neo4j.ts): writes, idempotence, read-back, queries,
// CLI, and failure behaviour (unreachable, wrong password, write refused, connection lost mid-build).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectedGraph } from 'graphology';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGraphJSON } from '../graph/export/index.ts';
import { openDriver, type ConnectionSettings } from '../graph/neo4j/connection.ts';
import { buildParams } from '../graph/neo4j/params.ts';
import { listQueries, runQuery, type LibraryQuery } from '../graph/neo4j/queries.ts';
import { acquireDbLock } from '../graph/neo4j/lock.ts';
import { readBuildFromNeo4j } from '../graph/neo4j/reader.ts';
import { writeBuildToNeo4j } from '../graph/neo4j/sink.ts';
import { buildWritePlan } from '../graph/neo4j/rows.ts';
import { writeGraph, writePlan } from '../graph/neo4j/writer.ts';
import { runBuild, writeOutputs } from '../graph/pipeline.ts';
import type { CommunitiesReport, EdgeAttributes, GraphAttributes, NodeAttributes, ResearchGraph } from '../graph/types.ts';
import { AUTHORS_CORPUS, loadSmallBuild, TRICKY } from './fixtures/neo4j/load.ts';
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
        ':Author': 3,
        ':Benchmark': 1,
        ':Community': 2,
        ':Dataset': 1,
        ':Entity': 5,
        ':Graph': 1,
        ':Method': 3,
        ':Paper': 3,
        ':Repository': 1,
        '-AUTHORED_BY': 6,
        '-EVALUATES_ON': 1,
        '-HAS_CODE': 1,
        '-IN_COMMUNITY': 11,
        '-MENTIONS': 1,
        '-PROPOSES': 1,
        '-USES': 2,
      });
      expect(first.counters.nodesCreated).toBe(15);
      const second = await writeGraph(driver, graph, report, { batchSize: 2 });
      expect(await counts()).toEqual(after1);
      // Only the communities are replaced: every other node and relationship is matched, not created.
      expect(second.counters.nodesCreated).toBe(2);
      expect(second.counters.relationshipsCreated).toBe(11);
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
      expect([c[':Community'], c['-IN_COMMUNITY'], c['-USES'], c['-MENTIONS']]).toEqual([1, 11, 1, 2]);
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
      // The name in any case; newest first; a paper's whole author list, one-paper co-authors ('X') included.
      ['author-papers', ['author=ADA LOVELACE'], [
        { author: 'Ada Lovelace', id: 'arxiv:2401.00001', paper: 'BERTology revisited', date: '2024-01-02', community: 'SuperBERT · GLUE', authors: ['Ada Lovelace', 'Alan Turing', 'Lluís Màrquez'] },
        { author: 'Ada Lovelace', id: 'p3', paper: 'Third', date: '2023', community: 'SuperBERT · GLUE', authors: ['Alan Turing', 'ada lovelace', 'Lluis Marquez', 'X'] },
      ]],
      // A spelling (alias) other than the name, and the node key.
      ['author-papers', ['author=lluis marquez', 'limit=1'], [
        { author: 'Lluís Màrquez', id: 'arxiv:2401.00001', paper: 'BERTology revisited', date: '2024-01-02', community: 'SuperBERT · GLUE', authors: ['Ada Lovelace', 'Alan Turing', 'Lluís Màrquez'] },
      ]],
      ['author-papers', ['author=author:alan turing'], [
        expect.objectContaining({ author: 'Alan Turing', id: 'arxiv:2401.00001' }),
        expect.objectContaining({ author: 'Alan Turing', id: 'p3' }),
      ]],
      ['author-papers', ['author=X'], []],
      ['coauthors', ['author=Lluís Màrquez'], [
        { author: 'Lluís Màrquez', coauthor: 'Ada Lovelace', sharedPapers: 2, papers: 2, lastShared: '2024-01-02', community: 'SuperBERT · GLUE' },
        { author: 'Lluís Màrquez', coauthor: 'Alan Turing', sharedPapers: 2, papers: 2, lastShared: '2024-01-02', community: 'SuperBERT · GLUE' },
      ]],
      ['coauthors', ['author=nobody'], []],
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

    it.each(listQueries().filter((q) => !readsAuthors(q)).map((q) => [q.name, q.example!] as const))('the documented example of %s returns rows on the seed build', (_name, example) => {
      expect(runExample(example, envFor).length).toBeGreaterThan(0);
    });

    // The seed pages list no authors; the corpus with authors below runs these examples and expects rows.
    it.each(listQueries().filter(readsAuthors).map((q) => [q.name, q.example!] as const))('the documented example of %s runs on the seed build, with rows only if it has authors', (_name, example) => {
      let authors = 0;
      built.graph.forEachNode((_k, a) => (authors += a.type === 'author' ? 1 : 0));
      expect(runExample(example, envFor).length > 0).toBe(authors > 0);
    });

    it('CLI: a parameter keeps its text unless typed (cypher-shell conventions)', () => {
      const r = cli(['query', 'RETURN $id AS id, $n AS n, $xs AS xs', '--param', 'id=2106.09680', '--param', 'n => 2106.09680', '--param', "xs => [1, 'a']", '--json'], envFor);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([{ id: '2106.09680', n: 2106.0968, xs: [1, 'a'] }]);
    });

    it.each([
      [['query', 'bridge-entities', '--param', 'minCommunitys=2']],
      [['query', 'RETURN $a AS a', '--param', 'a=1', '--param', 'b=2']],
      [['query', 'RETURN $a AS a']],
      [['query', 'paper-entities']],
      [['query', 'RETURN 1', '--timeout', '0']],
    ])('CLI %j: a parameter or option the query does not take exits 2 with one line', (args) => {
      const r = cli(args, envFor);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('CLI: long cells wrap within --width; nothing is cut', () => {
      const papers = [...built.graph.nodeEntries()].flatMap(({ attributes: a }) => (a.type === 'paper' ? [a] : []));
      const title = papers.find((a) => a.title.length > 70)!.title;
      const r = cli(['query', 'MATCH (p:Paper {title: $t}) RETURN p.id AS id, p.title AS title, p.abstract AS abstract', '--param', `t=${title}`, '--width', '60'], envFor);
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
      // The abstract column starts where its header does; read it back from every line.
      const at = lines[0]!.indexOf('abstract');
      const column = lines.slice(2, -1).map((line) => line.slice(at)).join('');
      const abstract = papers.find((a) => a.title === title)!.abstract;
      // The whole abstract is there, in order, once the wrapped lines are joined (long words may break mid-word).
      expect(column.replace(/\s+/g, '')).toBe(abstract.replace(/\s+/g, ''));
    });

    it('CLI: --write prints the counters as cypher-shell does', () => {
      const w = cli(['query', "CREATE (s:Scratch {v: 1, w: 'x'}) RETURN s.v AS v", '--write'], envFor);
      expect(w.status, w.stderr).toBe(0);
      expect(w.stdout).toContain('Added 1 nodes, Set 2 properties, Added 1 labels');
      const d = cli(['query', 'MATCH (s:Scratch) DELETE s', '--write', '--json'], envFor);
      expect(d.status, d.stderr).toBe(0);
      expect(d.stderr).toContain('Deleted 1 nodes');
    });

    it('CLI: query --list --json lists every library query with its parameters and example', () => {
      const r = cli(['query', '--list', '--json'], envFor);
      expect(r.status).toBe(0);
      const list = JSON.parse(r.stdout) as { name: string; purpose: string; params: unknown[]; example: string }[];
      expect(list.map((q) => q.name)).toEqual(listQueries().map((q) => q.name));
      for (const q of list) expect(q.example).toMatch(/^npx papergraph query /);
    });

    describe('read-only path: an allow-list', () => {
      let http: HttpServer;
      let hits = 0;
      let url = '';
      beforeAll(async () => {
        http = createHttpServer((_req, res) => {
          hits += 1;
          res.end('a,b\n1,2\n');
        });
        await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
        url = `http://127.0.0.1:${(http.address() as { port: number }).port}/x.csv`;
      });
      afterAll(() => new Promise<void>((done) => http.close(() => done())));

      it.each([
        ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'query-refused', /LOAD CSV/],
        ['LOAD CSV FROM $url AS line RETURN line', 'query-refused', /LOAD CSV/],
        ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", 'query-refused', /TERMINATE TRANSACTIONS/],
        ['SHOW TRANSACTIONS', 'query-refused', /SHOW TRANSACTIONS/],
        ['SHOW SETTINGS', 'query-refused', /SHOW SETTINGS/],
        ['SHOW USERS', 'query-refused', /system database/],
        ['SHOW PROCEDURES', 'query-refused', /SHOW PROCEDURES/],
        ['CALL dbms.listConfig()', 'query-refused', /dbms\.listConfig/],
        ['CALL dbms.showCurrentUser()', 'query-refused', /dbms\.showCurrentUser/],
        ['MATCH (n) CALL (n) { RETURN n.id AS id } IN TRANSACTIONS RETURN id', 'query-refused', /IN TRANSACTIONS/],
        ['MATCH (p:Paper) SET p.x = 0', 'write-refused', /writes/],
        ['CREATE INDEX x IF NOT EXISTS FOR (n:X) ON (n.y)', 'write-refused', /writes|schema/],
      ])('%s → %s, nothing read or written', async (cypher, code, reason) => {
        const before = await counts();
        await expect(runQuery(driver, cypher, { url })).rejects.toMatchObject({ code, message: expect.stringMatching(reason) });
        expect(hits).toBe(0);
        expect(await counts()).toEqual(before);
      });

      it.each(['CALL db.labels() YIELD label RETURN label', 'SHOW INDEXES YIELD name RETURN name', "CALL db.index.fulltext.queryNodes('entity_names', 'bert') YIELD node RETURN node.name"])(
        'admits %s',
        async (cypher) => {
          expect((await runQuery(driver, cypher, {})).rows.length).toBeGreaterThan(0);
        },
      );

      it.each([
        [["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line"]],
        [['SHOW TRANSACTIONS']],
        [["TERMINATE TRANSACTIONS 'neo4j-transaction-1'"]],
      ])('CLI %j: exit 1, one line naming the reason, no rows', (args) => {
        const r = cli(['query', ...args], envFor);
        expect(r.status).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/query refused: (LOAD CSV|SHOW TRANSACTIONS|TERMINATE TRANSACTIONS)/)]);
      });

      it.skipIf(!!process.env.PAPERGRAPH_TEST_NEO4J_URI)('the managed server itself refuses LOAD CSV from files and URLs, even with --write', async () => {
        await expect(runQuery(driver, "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", {}, { write: true })).rejects.toMatchObject({ code: 'query-failed' });
        await expect(runQuery(driver, 'LOAD CSV FROM $url AS line RETURN line', { url }, { write: true })).rejects.toMatchObject({ code: 'query-failed' });
        expect(hits).toBe(0);
      });

      it('a query longer than its timeout is stopped (query-timeout)', async () => {
        const started = Date.now();
        await expect(runQuery(driver, 'UNWIND range(1, 1000000000) AS x RETURN sum(x * x) AS s', {}, { timeoutSec: 1 })).rejects.toMatchObject({ code: 'query-timeout' });
        expect(Date.now() - started).toBeLessThan(30_000);
      }, 60_000);
    });
  });

  describe('corpus with authors', () => {
    let built: Awaited<ReturnType<typeof runBuild>>;

    beforeAll(async () => {
      built = await runBuild({ inputs: [AUTHORS_CORPUS] });
      await clear();
      await writeGraph(driver, built.graph, built.report);
    }, 180_000);

    it('round trip: authors and AUTHORED_BY read back as built', async () => {
      const c = await counts();
      expect([c[':Paper'], c[':Author'], c['-AUTHORED_BY']]).toEqual([12, 8, 20]);
      const back = await readBuildFromNeo4j(driver);
      expect(toGraphJSON(back.graph)).toBe(toGraphJSON(built.graph));
      expect(JSON.stringify(back.report)).toBe(JSON.stringify(built.report));
    });

    it.each(listQueries().filter(readsAuthors).map((q) => [q.name, q.example!] as const))('the documented example of %s returns rows', (_name, example) => {
      expect(runExample(example, envFor).length).toBeGreaterThan(0);
    });

    it('author-papers: newest first, the undated paper last', async () => {
      const q = listQueries().find((x) => x.name === 'author-papers')!;
      const { rows } = await runQuery(driver, q.cypher, buildParams(q, ['author=Ada Lovelace']));
      expect(rows.map((r) => [r.id, r.date])).toEqual([
        ['a1', '2024-03-01'],
        ['a2', '2023-11-15'],
        ['a3', '2023-05-02'],
        ['a4', '2022-01-20'],
        ['a5', null],
      ]);
      const community = new Map(built.report.communities.map((c) => [c.id, c.label]));
      for (const r of rows) expect(r.community).toBe(community.get(built.graph.getNodeAttribute(r.id as string, 'community')) ?? null);
    });

    it('coauthors: ranked by papers written together; one-paper co-authors are no Author nodes', async () => {
      const q = listQueries().find((x) => x.name === 'coauthors')!;
      const { rows } = await runQuery(driver, q.cypher, buildParams(q, ['author=ada lovelace']));
      expect(rows.map((r) => [r.author, r.coauthor, r.sharedPapers, r.papers, r.lastShared])).toEqual([
        ['Ada Lovelace', 'Alan Turing', 3, 3, '2024-03-01'],
        ['Ada Lovelace', 'Grace Hopper', 2, 2, '2024-03-01'],
        ['Ada Lovelace', 'Lluís Màrquez', 1, 2, '2022-01-20'],
      ]);
      const limited = await runQuery(driver, q.cypher, buildParams(q, ['author=Lluis Marquez', 'limit=1']));
      expect(limited.rows.map((r) => [r.author, r.coauthor, r.sharedPapers])).toEqual([['Lluís Màrquez', 'Ada Lovelace', 1]]);
    });
  });

  describe('consistency', () => {
    it('ids and indexed properties over the index key limit are rejected per record; the rest is written, and again', async () => {
      await clear();
      const { graph, report } = loadSmallBuild();
      const longId = `p-${'x'.repeat(9_000)}`;
      const longUrl = `https://github.com/org/${'y'.repeat(8_200)}`;
      graph.addNode(longId, { ...graph.getNodeAttributes('p3'), title: 'Long id' } as NodeAttributes);
      graph.addDirectedEdgeWithKey(`${longId}->bert`, longId, 'bert', { type: 'USES', weight: 1 });
      graph.addNode(longUrl, { ...graph.getNodeAttributes('https://github.com/org/superbert'), url: longUrl } as NodeAttributes);
      graph.addDirectedEdgeWithKey(`p3->${longUrl}`, 'p3', longUrl, { type: 'HAS_CODE', weight: 1 });
      graph.mergeNodeAttributes('t:abc123', { date: '2024-'.padEnd(8_500, '9') } as Partial<NodeAttributes>);
      for (let run = 0; run < 2; run++) {
        const lines: string[] = [];
        const load = await writeBuildToNeo4j(graph, report, { env: envFor, log: (l) => lines.push(l) });
        expect(load?.rejected.map((r) => [r.code, r.property])).toEqual([
          ['index-key-too-large', 'date'],
          ['index-key-too-large', 'id'],
          ['index-key-too-large', 'url'],
        ]);
        expect(load?.droppedEdges).toBe(3);
        expect(lines.join('\n')).toMatch(/left out 3 nodes and 3 edges before writing/);
      }
      const c = await counts();
      expect([c[':Paper'], c[':Repository']]).toEqual([2, 1]);
    });

    it('a build of another corpus leaves no paper with a community id of the first one', async () => {
      await clear();
      const first = loadSmallBuild();
      await writeGraph(driver, first.graph, first.report);
      const second = copyGraph(first.graph);
      second.clear();
      second.addNode('q1', { ...first.graph.getNodeAttributes('p3'), title: 'Other corpus', community: 0 } as NodeAttributes);
      second.addNode('gpt', { ...first.graph.getNodeAttributes('bert'), label: 'GPT', community: 0 } as NodeAttributes);
      second.addDirectedEdgeWithKey('q1->gpt', 'q1', 'gpt', { type: 'USES', weight: 1 });
      const report: CommunitiesReport = { ...first.report, communities: [{ ...first.report.communities[0]!, id: 0, label: 'Other' }] };
      const summary = await writeGraph(driver, second, report);
      expect(summary.staleNodes).toBeGreaterThan(0);
      // Every node's community property agrees with its IN_COMMUNITY edge; the first corpus's nodes have none (-1).
      const { records } = await driver.executeQuery(
        'MATCH (n) WHERE n:Paper OR n:Entity OR n:Repository OR n:Author OPTIONAL MATCH (n)-[:IN_COMMUNITY]->(c) RETURN coalesce(n.id, n.key, n.url) AS key, n.community AS community, c.id AS member',
      );
      const rows = Object.fromEntries(records.map((r) => [r.get('key') as string, [r.get('community') as number, r.get('member') as number | null] as const]));
      expect(rows).toMatchObject({ q1: [0, 0], gpt: [0, 0], p3: [-1, null], 'arxiv:2401.00001': [-1, null], superbert: [-1, null], 'author:ada lovelace': [-1, null] });
      for (const [key, [community, member]] of Object.entries(rows)) expect(community >= 0 ? member : null, key).toBe(community >= 0 ? community : member);
    });

    it('a build waits while another holds the database lock, then writes', async () => {
      await clear();
      const held = await acquireDbLock(driver, { holder: 'the test' });
      const dir = mkdtempSync(join(tmpdir(), 'papergraph-lock-'));
      const input = join(dir, 'papers.jsonl');
      writeFileSync(input, corpus(12, 'lock'));
      const child = spawn(process.execPath, ['bin/papergraph.js', 'build', input, '--out', join(dir, 'out'), '--neo4j'], {
        env: { ...process.env, ...envFor, PAPERGRAPH_NEO4J_STATE: join(tmpdir(), 'papergraph-no-managed-server') },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', done));
      await waitFor(() => /waiting for another papergraph write .*the test/.test(stderr), 60_000);
      expect((await counts())[':Paper']).toBeUndefined();
      await held.release();
      expect(await exited, stderr).toBe(0);
      // An empty NEO4J_URI database gets the batched write, and the neo4j-admin command for the build's CSVs.
      expect(stderr).toMatch(/is empty; writing with batched MERGE[^\n]*\nneo4j-admin database import full neo4j --overwrite-destination/);
      expect(stderr).toContain(`--nodes=${join(dir, 'out', 'neo4j-import', 'papers.csv')}`);
      expect((await counts())[':Paper']).toBe(12);
    }, 120_000);

    it('the database lock admits one holder at a time, also while holders release under contention', async () => {
      let inside = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 5 }, async (_, i) => {
          for (let k = 0; k < 3; k++) {
            const lock = await acquireDbLock(driver, { holder: `contender ${i}`, waitSec: 120 });
            inside += 1;
            most = Math.max(most, inside);
            await new Promise((r) => setTimeout(r, 20));
            inside -= 1;
            await lock.release();
          }
        }),
      );
      expect(most).toBe(1);
      expect((await driver.executeQuery('MATCH (l:PapergraphLock) RETURN count(l) AS n')).records[0]!.get('n')).toBe(0);
    }, 180_000);

    it('two builds with different seeds at once: both succeed, one after the other; every community property agrees with IN_COMMUNITY', async () => {
      await clear();
      const dir = mkdtempSync(join(tmpdir(), 'papergraph-concurrent-'));
      const input = join(dir, 'papers.jsonl');
      writeFileSync(input, corpus(80, 'conc'));
      const run = (seed: number) =>
        new Promise<{ code: number | null; stderr: string }>((done) => {
          const child = spawn(process.execPath, ['bin/papergraph.js', 'build', input, '--out', join(dir, `out${seed}`), '--neo4j', '--seed', String(seed), '--batch-size', '7'], {
            env: { ...process.env, ...envFor, PAPERGRAPH_NEO4J_STATE: join(tmpdir(), 'papergraph-no-managed-server') },
          });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('close', (code) => done({ code, stderr }));
        });
      const results = await Promise.all([run(1), run(2)]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const { records } = await driver.executeQuery(
        'MATCH (p:Paper) OPTIONAL MATCH (p)-[:IN_COMMUNITY]->(c) WITH p, collect(c.id) AS ids RETURN count(p) AS papers, sum(CASE WHEN (p.community >= 0 AND ids = [p.community]) OR (p.community < 0 AND ids = []) THEN 0 ELSE 1 END) AS disagree',
      );
      expect([records[0]!.get('papers'), records[0]!.get('disagree')]).toEqual([80, 0]);
      expect((await driver.executeQuery('MATCH (l:PapergraphLock) RETURN count(l) AS n')).records[0]!.get('n')).toBe(0);
    }, 240_000);

    it('a port that accepts connections but never answers is reported unreachable in under 10 s', async () => {
      const sockets: Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
      const uri = `bolt://127.0.0.1:${(silent.address() as { port: number }).port}`;
      try {
        let started = Date.now();
        await expect(openDriver({ kind: 'env', uri, username: 'neo4j', password: 'x' })).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining(uri) });
        expect(Date.now() - started).toBeLessThan(10_000);
        started = Date.now();
        const r = await cliAsync(['query', 'RETURN 1'], { NEO4J_URI: uri, NEO4J_PASSWORD: 'x' });
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(uri);
      } finally {
        for (const s of sockets) s.destroy();
        silent.close();
      }
    }, 30_000);

    // Last: it locks the user out for Neo4j's auth_lock_time (5 s), and waits that out before the next file.
    it('too many failed logins: reported as a rate limit, not as a wrong password', async () => {
      for (let i = 0; i < 4; i++) await openDriver({ ...settings, password: 'wrong' }).catch(() => {});
      await expect(openDriver(settings)).rejects.toMatchObject({ code: 'auth-rate-limit' });
      const r = await cliAsync(['query', 'RETURN 1'], envFor);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/too many failed logins/);
      await new Promise((done) => setTimeout(done, 6_000));
      await (await openDriver(settings)).close();
    }, 30_000);
  });
});

/** A JSONL corpus of `n` small papers that share a few method names (so communities form). */
function corpus(n: number, prefix: string): string {
  const methods = ['BERT', 'GPT-2', 'ResNet', 'LSTM', 'CLIP'];
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `${prefix}-${i}`,
      title: `${prefix} paper ${i}: ${methods[i % 5]} for task ${i % 7}`,
      abstract: `We propose ${prefix.toUpperCase()}Net${i}. We fine-tune ${methods[i % 5]} and compare with ${methods[(i + 1) % 5]} on SQuAD and ImageNet.`,
      date: `2024-0${1 + (i % 9)}-1${i % 10}`,
    }),
  ).join('\n');
}

/** A library query over Author nodes (the seed corpus has none). */
function readsAuthors(q: LibraryQuery): boolean {
  return /\(\w*:Author\b/.test(q.cypher);
}

/** Runs a documented example (`npx papergraph query …`) through the CLI with --json; its rows. */
function runExample(example: string, env: Record<string, string>): unknown[] {
  const words = shellWords(example);
  expect(words.slice(0, 3)).toEqual(['npx', 'papergraph', 'query']);
  const r = cli([...words.slice(2), '--json'], env);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown[];
}

/** Splits an example command line as a shell would (single and double quotes). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let started = false;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started || word) words.push(word);
      word = '';
      started = false;
    } else word += c;
  }
  if (started || word) words.push(word);
  return words;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function cliAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/papergraph.js', ...args], {
      env: { ...process.env, ...env, PAPERGRAPH_NEO4J_STATE: join(tmpdir(), 'papergraph-no-managed-server') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
