// Neo4j load benchmark on the ACL corpus graph, both first-load paths in one run against a managed server of its
// own (.state/neo4j-bench, a free port): the bulk path (neo4j-admin's importer on the streamed CSVs, what a first
// `build --neo4j` does into an empty managed database) and the batched UNWIND … MERGE writer into an empty database
// (its strongest plain alternative, and what a NEO4J_URI server gets). Prints rows/s of each and their ratio.
//
//   npm run bench:neo4j                          # bulk vs batched, full ACL graph
//   npm run bench:neo4j -- --limit 10000         # first 10k papers
//   npm run bench:neo4j -- --rerun               # also an idempotent batched re-run over the loaded graph
//   npm run bench:neo4j -- --baseline            # also one query per row on a 2,000-paper slice (slow)
//   npm run bench:neo4j -- --keep                # leave the server running
//
// The ACL graph (58,959 abstracts) takes minutes to extract, so the built graph and communities are cached in
// .state/bench/neo4j-acl-build.json (rebuilt when ingest/ or graph/ change: build-cache.ts). Layout is skipped (positions do not
// change load cost). Heap and page cache follow PAPERGRAPH_NEO4J_HEAP / _PAGECACHE. Numbers are noisy on a shared
// machine: print `uptime` beside them.
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { DirectedGraph } from 'graphology';
import type { Driver } from 'neo4j-driver';
import { buildGraph } from '../../graph/build.ts';
import { detectCommunities } from '../../graph/communities/index.ts';
import { openDriver } from '../../graph/neo4j/connection.ts';
import { managedConnection, serverOptions, startServer, statePaths, stopServer } from '../../graph/neo4j/manager/index.ts';
import { buildWritePlan, type WritePlan } from '../../graph/neo4j/rows.ts';
import { neo4jSink } from '../../graph/neo4j/sink.ts';
import { WRITE_DEFAULTS, writePlan } from '../../graph/neo4j/writer.ts';
import { toGraphology } from '../../graph/compact.ts';
import type { CommunitiesReport, EdgeAttributes, GraphAttributes, NodeAttributes, ResearchGraph } from '../../graph/types.ts';
import { extractPapers } from '../../ingest/extract/index.ts';
import { extractTopics } from '../../ingest/topics/index.ts';
import { REPO_ROOT } from '../../ingest/paths.ts';
import { readPapers } from '../../ingest/sources/index.ts';
import { freePort } from '../setup/neo4j.ts';
import { buildKey, cacheFresh, writeCache } from './build-cache.ts';

const ACL = join(REPO_ROOT, '../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz');
const STATE = join(REPO_ROOT, '.state', 'bench');

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const limit = Number(option('--limit') ?? 0);
const sliceSize = Number(option('--slice') ?? 2000);
const keep = args.includes('--keep');
const log = (line: string) => process.stdout.write(`${line}\n`);

function newGraph(): ResearchGraph {
  return new DirectedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>();
}

async function aclBuild(): Promise<{ graph: ResearchGraph; report: CommunitiesReport }> {
  mkdirSync(STATE, { recursive: true });
  const cache = join(STATE, `neo4j-acl-build${limit ? `-${limit}` : ''}.json`);
  const key = buildKey(ACL);
  if (cacheFresh(cache, key)) {
    log(`using cached ${cache}`);
    const data = JSON.parse(readFileSync(cache, 'utf8')) as { graph: Parameters<ResearchGraph['import']>[0]; report: CommunitiesReport };
    const graph = newGraph();
    graph.import(data.graph);
    return { graph, report: data.report };
  }
  let t = performance.now();
  const { papers: all } = await readPapers([ACL]);
  const papers = limit ? all.slice(0, limit) : all;
  log(`read ${papers.length} papers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const { extractions } = await extractPapers(papers);
  log(`extracted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  // The graph a build writes: entities, topics (ABOUT) and similar papers (SIMILAR_TO).
  const topics = extractTopics(papers, extractions);
  const graph = toGraphology(buildGraph(papers, extractions, { name: 'acl', topics }));
  const report = detectCommunities(graph, { seed: 42 });
  writeCache(cache, key, JSON.stringify({ graph: graph.export(), report }));
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

interface Rate {
  label: string;
  rows: number;
  seconds: number;
  note?: string;
}

const rowsPerSec = (r: Rate) => Math.round(r.rows / r.seconds);

function printRates(rates: Rate[]): void {
  log('');
  log(`${'path'.padEnd(58)} ${'rows'.padStart(8)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(8)}  note`);
  for (const r of rates) {
    log(`${r.label.padEnd(58)} ${String(r.rows).padStart(8)} ${r.seconds.toFixed(1).padStart(8)} ${String(rowsPerSec(r)).padStart(8)}  ${r.note ?? ''}`);
  }
}

const { graph, report } = await aclBuild();
const plan: WritePlan = buildWritePlan(graph, report);
const rows = plan.nodes + plan.relationships;
log(`graph: ${graph.order} nodes, ${graph.size} edges, ${report.communities.length} communities; ${plan.nodes} nodes + ${plan.relationships} relationships = ${rows} rows to load`);
const server = serverOptions({ stateDir: join(REPO_ROOT, '.state', 'neo4j-bench'), port: Number(process.env.PAPERGRAPH_BENCH_NEO4J_PORT ?? (await freePort())), startTimeoutSec: 600 });
log(`server: bolt://127.0.0.1:${server.port}, heap ${server.heap}, page cache ${server.pagecache}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const rates: Rate[] = [];
try {
  // Bulk: what `build --neo4j-fresh` (or a first build into an empty managed database) does, end to end.
  const lines: string[] = [];
  const bulk = await neo4jSink({ server, fresh: true, log: (l) => lines.push(l) }).write(graph, report);
  const load = bulk.load!;
  for (const l of lines) log(`  ${l}`);
  rates.push(
    { label: 'bulk: neo4j-admin importer alone (its JVM included)', rows, seconds: load.importMs! / 1000, note: load.importerReportedMs ? `the importer's own "IMPORT DONE" count: ${(load.importerReportedMs / 1000).toFixed(1)} s = ${Math.round(rows / (load.importerReportedMs / 1000))} rows/s` : '' },
    {
      label: 'bulk: CSVs + stop + import + start + schema/indexes',
      rows,
      seconds: load.ms / 1000,
      note: `CSVs ${(load.csvMs! / 1000).toFixed(1)} s, stop ${(load.stopMs! / 1000).toFixed(1)} s, start ${(load.startMs! / 1000).toFixed(1)} s, schema and index population ${(load.schemaMs! / 1000).toFixed(1)} s`,
    },
  );

  const driver = await openDriver(await managedConnection(server), { maxTransactionRetryTimeMs: 120_000 });
  try {
    // Batched into an empty database on the same (now warmed) server: the strongest plain alternative.
    await clear(driver);
    const batched = await writePlan(driver, plan, { schema: false });
    rates.push({ label: `batched UNWIND … MERGE, empty db (batch ${WRITE_DEFAULTS.batchSize}, ${WRITE_DEFAULTS.concurrency} in flight)`, rows, seconds: batched.ms / 1000 });
    if (args.includes('--rerun')) {
      const again = await writePlan(driver, plan, { schema: false });
      rates.push({ label: 'batched re-run over the loaded graph (idempotent)', rows, seconds: again.ms / 1000, note: `created ${again.counters.nodesCreated} nodes (communities replaced)` });
    }
    if (args.includes('--baseline')) {
      const part = slice(graph, report, sliceSize);
      const slicePlan = buildWritePlan(part.graph, part.report);
      await clear(driver);
      const one = await writePlan(driver, slicePlan, { batchSize: 1, concurrency: 1, schema: false });
      rates.push({ label: `one query per row, ${sliceSize}-paper slice`, rows: slicePlan.nodes + slicePlan.relationships, seconds: one.ms / 1000 });
    }
  } finally {
    await driver.close();
  }
  printRates(rates);
  const [importer, bulkTotal, batchedRate] = rates;
  log('');
  log(
    `bulk first load: ${rowsPerSec(bulkTotal!)} rows/s end to end (${(rowsPerSec(bulkTotal!) / rowsPerSec(batchedRate!)).toFixed(2)}× the batched writer's ${rowsPerSec(batchedRate!)} rows/s); ` +
      `the importer alone ${rowsPerSec(importer!)} rows/s (${(rowsPerSec(importer!) / rowsPerSec(batchedRate!)).toFixed(2)}×)`,
  );
  log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; state in ${statePaths(server.stateDir).home}`);
} finally {
  if (!keep) await stopServer(server);
  else await startServer(server);
}
