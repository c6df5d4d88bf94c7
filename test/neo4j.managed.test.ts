// The managed server on a state folder and port of its own (never the developer's, never the shared test server):
// the first load goes through neo4j-admin's bulk importer and gives the same database as the batched write;
// --neo4j-fresh replaces; an unfinished import is redone; the password is set before Bolt opens, also after the
// data folder is wiped; `db stop` signals only papergraph's own Java; a lockout is reported as such.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGraphJSON } from '../graph/export/index.ts';
import { openDriver, type ConnectionSettings } from '../graph/neo4j/connection.ts';
import { managedConnection, processIdentity, readInfo, serverOptions, startServer, statePaths, stopServer, type ServerOptions } from '../graph/neo4j/manager/index.ts';
import { readBuildFromNeo4j } from '../graph/neo4j/reader.ts';
import { neo4jSink } from '../graph/neo4j/sink.ts';
import { writeGraph } from '../graph/neo4j/writer.ts';
import type { NodeAttributes } from '../graph/types.ts';
import { loadSmallBuild } from './fixtures/neo4j/load.ts';
import { freePort, neo4jSkipReason } from './setup/neo4j.ts';

const skip = neo4jSkipReason();

/** Every node and relationship with its labels/type and properties (the write stamp `build` aside), sorted. */
async function dump(driver: Driver): Promise<string[]> {
  const nodes = await driver.executeQuery('MATCH (n) WHERE NOT n:PapergraphLock RETURN labels(n) AS labels, properties(n) AS p');
  const rels = await driver.executeQuery(
    'MATCH (s)-[r]->(t) RETURN type(r) AS type, properties(r) AS p, coalesce(s.id, s.key, s.url) AS s, coalesce(t.id, t.key, t.url) AS t',
  );
  const clean = (p: Record<string, unknown>) => {
    const { build: _build, ...rest } = p;
    return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  return [
    ...nodes.records.map((r) => JSON.stringify([[...(r.get('labels') as string[])].sort(), clean(r.get('p') as Record<string, unknown>)])),
    ...rels.records.map((r) => JSON.stringify([r.get('type'), r.get('s'), r.get('t'), clean(r.get('p') as Record<string, unknown>)])),
  ].sort();
}

describe.skipIf(skip !== undefined)('managed server (own state folder and port)', () => {
  const root = mkdtempSync(join(tmpdir(), 'papergraph-managed-'));
  let server: ServerOptions;
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, PAPERGRAPH_NEO4J_STATE: server.stateDir, PAPERGRAPH_NEO4J_PORT: String(server.port) };
    for (const k of ['NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) delete e[k];
    return e;
  };
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/papergraph.js', ...args], { encoding: 'utf8', timeout: 300_000, env: env() });
  const sink = (extra: Parameters<typeof neo4jSink>[0] = {}) => {
    const lines: string[] = [];
    return { lines, sink: neo4jSink({ server, env: env(), log: (l) => lines.push(l), ...extra }) };
  };
  const { graph, report } = loadSmallBuild();

  beforeAll(async () => {
    server = serverOptions({ stateDir: join(root, 'state'), port: await freePort(), heap: '512m', pagecache: '64m', startTimeoutSec: 600 }, {});
  });

  afterAll(async () => {
    await stopServer(server, 60, {});
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('first load into an empty database: bulk import, the same database as the batched write', async () => {
    // List values holding ';' and '|' make the import use a control character as its array delimiter.
    graph.mergeNodeAttributes('bert', { aliases: ['BERT', 'BERT;base', 'BERT|large'] } as Partial<NodeAttributes>);
    const { lines, sink: bulk } = sink();
    const result = await bulk.write(graph, report);
    expect(result.load?.path).toBe('bulk');
    expect(lines.join('\n')).toMatch(/first load into an empty managed database: bulk import/);
    const settings = await managedConnection(server);
    const driver = await openDriver(settings);
    try {
      const back = await readBuildFromNeo4j(driver);
      expect(toGraphJSON(back.graph)).toBe(toGraphJSON(graph));
      expect(JSON.stringify(back.report)).toBe(JSON.stringify(report));
      const bulkDump = await dump(driver);
      // The schema is in place after a bulk load (constraints, indexes, full-text).
      const names = (await driver.executeQuery('SHOW INDEXES YIELD name RETURN name')).records.map((r) => r.get('name'));
      expect(names).toEqual(expect.arrayContaining(['paper_id', 'entity_key', 'entity_names', 'paper_date', 'papergraph_lock_key', 'author_key', 'author_name']));

      // Now the database holds a graph: the next write is the batched MERGE, and changes nothing.
      const { sink: again } = sink();
      expect((await again.write(graph, report)).load?.path).toBe('batched');
      expect(await dump(driver)).toEqual(bulkDump);

      const session = driver.session();
      await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS').finally(() => session.close());
      await writeGraph(driver, graph, report);
      expect(await dump(driver)).toEqual(bulkDump);
    } finally {
      await driver.close();
    }
  }, 900_000);

  it('an import that did not finish is done again by the next build', async () => {
    mkdirSync(join(statePaths(server.stateDir).importMarker, '..'), { recursive: true });
    writeFileSync(statePaths(server.stateDir).importMarker, 'killed\n');
    const status = JSON.parse(cli(['db', 'status', '--json']).stdout) as { importIncomplete?: boolean };
    expect(status.importIncomplete).toBe(true);
    const { lines, sink: next } = sink();
    expect((await next.write(graph, report)).load?.path).toBe('bulk');
    expect(lines[0]).toMatch(/did not finish; importing again/);
    expect(existsSync(statePaths(server.stateDir).importMarker)).toBe(false);
  }, 600_000);

  it('CLI build --neo4j-fresh bulk-imports into the managed server; with NEO4J_URI set it is refused', async () => {
    const out = join(root, 'out');
    const input = join(root, 'papers.jsonl');
    writeFileSync(
      input,
      Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `m-${i}`, title: `Paper ${i} on BERT`, abstract: `We propose Net${i}. We fine-tune BERT on SQuAD.` })).join('\n'),
    );
    // A relative --out (as `npm start` writes to 'out'): the importer, run in the CSV folder, still finds the files.
    const r = cli(['build', input, '--out', relative(process.cwd(), out), '--neo4j-fresh']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--neo4j-fresh: replacing the managed database in .* \(its \d+ nodes\) with this build: bulk import/);
    expect(r.stderr).toMatch(/bulk-imported \d+ nodes/);
    const driver = await openDriver(await managedConnection(server));
    try {
      // Replaced, not added to: only this build's papers are left.
      expect((await driver.executeQuery('MATCH (p:Paper) RETURN collect(p.id) AS ids')).records[0]!.get('ids')).toHaveLength(30);
    } finally {
      await driver.close();
    }
    // With NEO4J_URI set, --neo4j-fresh would wipe a server papergraph does not manage: refused.
    const e = spawnSync(process.execPath, ['bin/papergraph.js', 'build', input, '--out', out, '--neo4j-fresh'], {
      encoding: 'utf8',
      env: { ...env(), NEO4J_URI: 'bolt://127.0.0.1:1' },
    });
    expect(e.status).not.toBe(0);
    expect(e.stderr).toMatch(/--neo4j-fresh replaces papergraph's managed database/);
  }, 600_000);

  it('`db stop` signals only papergraph\'s own Java: a reused pid or a changed start time is left alone', async () => {
    const info = (await readInfo(server.stateDir))!;
    expect(processIdentity(info.pid)?.command).toContain('papergraph.Server');
    // Same pid, another start time (the pid was reused): refused, and the server keeps running.
    writeFileSync(statePaths(server.stateDir).info, JSON.stringify({ ...info, processStart: '1' }));
    const refused = cli(['db', 'stop']);
    expect(refused.stdout).toMatch(/not papergraph's server .*not signalled/);
    expect(processIdentity(info.pid)).toBeDefined();
    writeFileSync(statePaths(server.stateDir).info, JSON.stringify(info));

    // Another program under a recorded pid.
    const sleeper: ChildProcess = spawn('sleep', ['300']);
    try {
      const own = (await readInfo(server.stateDir))!;
      writeFileSync(statePaths(server.stateDir).info, JSON.stringify({ ...own, pid: sleeper.pid }));
      const r = cli(['db', 'stop']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/not papergraph's server/);
      expect(sleeper.exitCode).toBeNull();
      expect(processIdentity(sleeper.pid!)).toBeDefined();
      const status = JSON.parse(cli(['db', 'status', '--json']).stdout) as { running: boolean };
      expect(status.running).toBe(false);
      writeFileSync(statePaths(server.stateDir).info, JSON.stringify(own));
    } finally {
      sleeper.kill();
    }
    const stopped = cli(['db', 'stop']);
    expect(stopped.stdout).toMatch(/Neo4j stopped \(pid \d+\)/);
    expect(processIdentity(info.pid)).toBeUndefined();
  }, 120_000);

  it('a wiped data folder (password marker left behind) comes back with the password, never neo4j/neo4j, and Bolt opens only after it is set', async () => {
    const paths = statePaths(server.stateDir);
    rmSync(join(paths.home, 'data'), { recursive: true, force: true });
    writeFileSync(join(paths.home, 'password.applied'), 'stale digest\n');
    // Probe with the default credentials while the server starts: no attempt may ever log in.
    let probing = true;
    let loggedIn = false;
    let probes = 0;
    const probe = (async () => {
      while (probing) {
        probes += 1;
        const d = await openDriver({ kind: 'env', uri: `bolt://127.0.0.1:${server.port}`, username: 'neo4j', password: 'neo4j' }, { connectionTimeoutMs: 1_000 }).catch(() => undefined);
        if (d) {
          loggedIn = true;
          await d.close();
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const started = await startServer(server, () => {}, {});
    probing = false;
    await probe;
    expect(started.alreadyRunning).toBe(false);
    expect(probes).toBeGreaterThan(3);
    expect(loggedIn).toBe(false);
    // The probe's refused logins may have locked the user for a few seconds.
    await new Promise((r) => setTimeout(r, 6_000));
    const settings: ConnectionSettings = started.settings;
    await (await openDriver(settings)).close();
  }, 600_000);

  it('too many failed logins: `db status` says the user is locked out, not that the password is wrong', async () => {
    const settings = await managedConnection(server);
    // The probe above may have used up some attempts already: wait out any lock first.
    await new Promise((r) => setTimeout(r, 6_000));
    for (let i = 0; i < 4; i++) await openDriver({ ...settings, password: 'wrong' }).catch(() => {});
    const r = cli(['db', 'status', '--json']);
    const status = JSON.parse(r.stdout) as { running: boolean; errorCode?: string };
    expect(status).toMatchObject({ running: true, errorCode: 'auth-rate-limit' });
    expect(r.status).toBe(1);
    await new Promise((done) => setTimeout(done, 6_000));
  }, 60_000);
});
