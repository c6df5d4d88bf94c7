// Neo4j write benchmark: the ACL corpus graph through the batched UNWIND writer, and a one-query-per-row
// baseline on a 2,000-paper slice, against a managed server of its own (.state/neo4j-bench, port 7689).
//
//   npm run bench:neo4j                               # full ACL graph, batch size from WRITE_DEFAULTS
//   npm run bench:neo4j -- --batch-sizes 1000,5000,20000   # also compare batch sizes (full graph each)
//   npm run bench:neo4j -- --concurrency 1,4            # also compare transactions in flight (default: 1)
//   npm run bench:neo4j -- --limit 10000 --keep        # first 10k papers; leave the server running
//
// The ACL graph (58,959 abstracts) takes minutes to extract, so the built graph and communities are cached in
// .state/bench/neo4j-acl-build.json (delete it after changing the extractor; bench:communities' cache
// .state/bench/acl-graph.json is reused when present). Layout is skipped (positions do
// not change write cost). Numbers are noisy on a shared machine: say so when quoting them.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DirectedGraph } from 'graphology';
import type { Driver } from 'neo4j-driver';
import { buildGraph } from '../../graph/build.ts';
import { detectCommunities } from '../../graph/communities/index.ts';
import { openDriver } from '../../graph/neo4j/connection.ts';
import { buildWritePlan, type WritePlan } from '../../graph/neo4j/rows.ts';
import { REPO_ROOT } from '../../ingest/paths.ts';
import { SERVER_DEFAULTS, startServer, stopServer } from '../../graph/neo4j/manager/index.ts';
import { WRITE_DEFAULTS, applySchema, writePlan, type WriteSummary } from '../../graph/neo4j/writer.ts';
import type { CommunitiesReport, EdgeAttributes, GraphAttributes, NodeAttributes, ResearchGraph } from '../../graph/types.ts';
import { extractPapers } from '../../ingest/extract/index.ts';
import { readPapers } from '../../ingest/sources/index.ts';

const ACL = join(REPO_ROOT, '../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz');
const STATE = join(REPO_ROOT, '.state', 'bench');
const SERVER = {
  stateDir: join(REPO_ROOT, '.state', 'neo4j-bench'),
  port: Number(process.env.PAPERGRAPH_BENCH_NEO4J_PORT ?? 7689),
  heap: SERVER_DEFAULTS.heap,
  pagecache: SERVER_DEFAULTS.pagecache,
  startTimeoutSec: 600,
};

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const limit = Number(option('--limit') ?? 0);
const sliceSize = Number(option('--slice') ?? 2000);
const batchSizes = (option('--batch-sizes') ?? '').split(',').filter(Boolean).map(Number);
const concurrencies = (option('--concurrency') ?? '1').split(',').filter(Boolean).map(Number);
const keep = args.includes('--keep');
const log = (line: string) => process.stdout.write(`${line}\n`);

function newGraph(): ResearchGraph {
  return new DirectedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>();
}

async function aclBuild(): Promise<{ graph: ResearchGraph; report: CommunitiesReport }> {
  mkdirSync(STATE, { recursive: true });
  const cache = join(STATE, `neo4j-acl-build${limit ? `-${limit}` : ''}.json`);
  if (existsSync(cache) && statSync(cache).mtimeMs > statSync(ACL).mtimeMs) {
    log(`using cached ${cache}`);
    const data = JSON.parse(readFileSync(cache, 'utf8')) as { graph: Parameters<ResearchGraph['import']>[0]; report: CommunitiesReport };
    const graph = newGraph();
    graph.import(data.graph);
    return { graph, report: data.report };
  }
  const shared = join(STATE, 'acl-graph.json'); // bench:communities' cache of the same graph, before communities
  if (!limit && existsSync(shared) && statSync(shared).mtimeMs > statSync(ACL).mtimeMs) {
    log(`using ${shared} (built by bench:communities), detecting communities`);
    const graph = newGraph();
    graph.import(JSON.parse(readFileSync(shared, 'utf8')) as Parameters<ResearchGraph['import']>[0]);
    const report = detectCommunities(graph, { seed: 42 });
    writeFileSync(cache, JSON.stringify({ graph: graph.export(), report }));
    return { graph, report };
  }
  let t = performance.now();
  const { papers: all } = await readPapers([ACL]);
  const papers = limit ? all.slice(0, limit) : all;
  log(`read ${papers.length} papers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const { extractions } = await extractPapers(papers);
  log(`extracted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const graph = buildGraph(papers, extractions, 'acl');
  const report = detectCommunities(graph, { seed: 42 });
  writeFileSync(cache, JSON.stringify({ graph: graph.export(), report }));
  return { graph, report };
}

/** The first `n` papers with every node they link to, and the communities those nodes belong to. */
function slice(graph: ResearchGraph, report: CommunitiesReport, n: number): { graph: ResearchGraph; report: CommunitiesReport } {
  const sub = newGraph();
  sub.replaceAttributes(graph.getAttributes());
  const papers = graph.filterNodes((_k, a) => a.type === 'paper').slice(0, n);
  for (const p of papers) sub.addNode(p, graph.getNodeAttributes(p));
  for (const p of papers) {
    graph.forEachOutEdge(p, (edge, attrs, source, target) => {
      if (!sub.hasNode(target)) sub.addNode(target, graph.getNodeAttributes(target));
      sub.addDirectedEdgeWithKey(edge, source, target, attrs);
    });
  }
  const used = new Set<number>();
  sub.forEachNode((_k, a) => used.add(a.community));
  return { graph: sub, report: { ...report, communities: report.communities.filter((c) => used.has(c.id)) } };
}

async function clear(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

/** CPU milliseconds the managed server's JVM has used (Linux /proc); the bench compares client and server cost. */
function serverCpuMs(): number {
  const pid = Number(readFileSync(join(SERVER.stateDir, 'server.pid'), 'utf8'));
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100); // utime + stime, in clock ticks of 10 ms
}

/** Runs a write, measuring this process's CPU (the driver packing rows) and the server's CPU. */
async function measured(run: () => Promise<WriteSummary>): Promise<{ summary: WriteSummary; clientCpuMs: number; serverCpuMs: number }> {
  const client = process.cpuUsage();
  const server = serverCpuMs();
  const summary = await run();
  const used = process.cpuUsage(client);
  return { summary, clientCpuMs: (used.user + used.system) / 1000, serverCpuMs: serverCpuMs() - server };
}

interface Rate {
  label: string;
  /** CPU seconds spent by the driver (this process) and by the server during the write. */
  clientCpu: number;
  serverCpu: number;
  rows: number;
  relationships: number;
  seconds: number;
  rowsPerSec: number;
  relsPerSec: number;
}

/** rows = nodes + relationships written (prune rows excluded); relationships/s over relationship + membership steps. */
function rate(label: string, plan: WritePlan, { summary, clientCpuMs, serverCpuMs }: Awaited<ReturnType<typeof measured>>): Rate {
  const ms = Object.entries(summary.timings)
    .filter(([name]) => name !== 'schema')
    .reduce((n, [, v]) => n + v, 0);
  const relMs = Object.entries(summary.timings)
    .filter(([name]) => name.startsWith('rel:') || name.startsWith('members:'))
    .reduce((n, [, v]) => n + v, 0);
  const rows = plan.nodes + plan.relationships;
  return {
    label,
    clientCpu: clientCpuMs / 1000,
    serverCpu: serverCpuMs / 1000,
    rows,
    relationships: plan.relationships,
    seconds: ms / 1000,
    rowsPerSec: Math.round(rows / (ms / 1000)),
    relsPerSec: Math.round(plan.relationships / (relMs / 1000)),
  };
}

function printRates(rates: Rate[]): void {
  log('');
  log(
    `${'run'.padEnd(44)} ${'rows'.padStart(7)} ${'rels'.padStart(7)} ${'seconds'.padStart(7)} ${'rows/s'.padStart(7)} ${'rels/s'.padStart(7)}` +
      ` ${'driver CPU s'.padStart(12)} ${'server CPU s'.padStart(12)} ${'rows/server CPU-s'.padStart(17)}`,
  );
  for (const r of rates) {
    log(
      `${r.label.padEnd(44)} ${String(r.rows).padStart(7)} ${String(r.relationships).padStart(7)} ${r.seconds.toFixed(1).padStart(7)} ${String(r.rowsPerSec).padStart(7)} ${String(r.relsPerSec).padStart(7)}` +
        ` ${r.clientCpu.toFixed(1).padStart(12)} ${r.serverCpu.toFixed(1).padStart(12)} ${String(Math.round(r.rows / r.serverCpu)).padStart(17)}`,
    );
  }
}

const { graph, report } = await aclBuild();
log(`graph: ${graph.order} nodes, ${graph.size} edges, ${report.communities.length} communities`);
const started = await startServer(SERVER, log);
log(`server: ${started.settings.uri} (heap ${SERVER.heap}, page cache ${SERVER.pagecache})`);
const driver = await openDriver(started.settings, { maxTransactionRetryTimeMs: 120_000 });
const rates: Rate[] = [];
try {
  await clear(driver);
  await applySchema(driver);
  const plan = buildWritePlan(graph, report);
  const { batchSize, concurrency } = WRITE_DEFAULTS;
  const part = slice(graph, report, sliceSize);
  const slicePlan = buildWritePlan(part.graph, part.report);

  // A JVM just started interprets and JIT-compiles as it goes (on 2 cores the compiler threads take a large share
  // of the first write): that first write is reported apart, then the full graph is written again to an empty
  // database on the warmed server, which is the steady-state figure.
  rates.push(rate(`batched, full graph, empty db, fresh JVM`, plan, await measured(() => writePlan(driver, plan, { schema: false }))));
  const again = await measured(() => writePlan(driver, plan, { schema: false }));
  rates.push(rate(`batched, full graph, re-run`, plan, again));
  log(`re-run created ${again.summary.counters.nodesCreated} nodes (communities are replaced), ${again.summary.counters.relationshipsCreated} relationships`);
  await clear(driver);
  const warm = rate(`batched, full graph, empty db, warmed JVM`, plan, await measured(() => writePlan(driver, plan, { schema: false })));
  rates.push(warm);

  for (const c of concurrencies) {
    await clear(driver);
    rates.push(rate(`batched, full graph, empty db, concurrency ${c}`, plan, await measured(() => writePlan(driver, plan, { concurrency: c, schema: false }))));
  }
  for (const size of batchSizes) {
    await clear(driver);
    rates.push(rate(`batched, full graph, empty db, batch ${size}`, plan, await measured(() => writePlan(driver, plan, { batchSize: size, schema: false }))));
  }

  await clear(driver);
  const batchedSlice = rate(`batched, ${sliceSize}-paper slice, empty db`, slicePlan, await measured(() => writePlan(driver, slicePlan, { schema: false })));
  await clear(driver);
  const baseline = rate(`one query per row, ${sliceSize}-paper slice`, slicePlan, await measured(() => writePlan(driver, slicePlan, { batchSize: 1, concurrency: 1, schema: false })));
  rates.push(batchedSlice, baseline);
  log('');
  log(`batched = batch ${batchSize}, concurrency ${concurrency} (WRITE_DEFAULTS); rows = nodes + relationships`);
  printRates(rates);
  log('');
  const full = warm;
  log(
    `full graph, empty db, warmed JVM: the server needs ${full.serverCpu.toFixed(1)} CPU-s and the driver ${full.clientCpu.toFixed(1)} CPU-s on this machine's ` +
      `${availableParallelism()} cores; the server alone would allow at most ${Math.round((full.rows / full.serverCpu) * availableParallelism())} rows/s here`,
  );
  log(`speed-up over one query per row: ${(warm.rowsPerSec / baseline.rowsPerSec).toFixed(1)}× (full graph, warmed JVM), ${(batchedSlice.rowsPerSec / baseline.rowsPerSec).toFixed(1)}× (same slice)`);
} finally {
  await driver.close();
  if (!keep) await stopServer(SERVER);
}
