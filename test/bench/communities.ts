// Community benchmark: ours (graphology Louvain + refinement) vs plain graphology Louvain, igraph Louvain, igraph
// Leiden and leidenalg, all on the SAME exported graph.graphml, modularity computed the same way (undirected, weighted).
//
//   npm run bench:communities                     # seed corpus, ACL corpus, 50k planted graph
//   npm run bench:communities -- seed planted     # a subset
//   npm run bench:communities -- acl --acl-limit 20000 --seeds 3
//
// The ACL graph (58,959 abstracts) takes minutes to extract, so its built graph (entities, topics, similar papers)
// is cached in .state/bench/acl-combined-graph.json (rebuilt when ingest/ or graph/ change: build-cache.ts).
// Numbers are noisy on a shared machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { buildGraph } from '../../graph/build.ts';
import { detectCommunitiesDetailed, researchCsr, csrModularity } from '../../graph/communities/index.ts';
import { toGraphML } from '../../graph/export/index.ts';
import { createRng } from '../../graph/rng.ts';
import { toGraphology } from '../../graph/compact.ts';
import type { ResearchGraph } from '../../graph/types.ts';
import { extractPapers } from '../../ingest/extract/index.ts';
import { extractTopics } from '../../ingest/topics/index.ts';
import { readPapers } from '../../ingest/sources/index.ts';
import { plantedGraph } from '../fixtures/graph/planted.ts';
import { buildKey, cacheFresh, writeCache } from './build-cache.ts';

const louvain = louvainModule as unknown as typeof louvainModule.default;

const ROOT = resolve(import.meta.dirname, '../..');
const STATE = join(ROOT, '.state/bench');
const ACL = join(ROOT, '../shared/corpus/acl_anthology/acl_anthology_abstracts.jsonl.gz');
const PYTHON = '/usr/bin/python3';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seeds = flag('--seeds', 5);
const aclLimit = flag('--acl-limit', 0);
const wanted = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const which = wanted.length ? wanted : ['seed', 'acl', 'planted'];

const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function buildFrom(inputs: string[], limit = 0): Promise<ResearchGraph> {
  const started = performance.now();
  let { papers } = await readPapers(inputs, {});
  if (limit > 0) papers = papers.slice(0, limit);
  log(`  read ${papers.length} papers in ${seconds(performance.now() - started)}`);
  const t = performance.now();
  const { extractions } = await extractPapers(papers);
  log(`  extracted in ${seconds(performance.now() - t)}`);
  // The combined graph communities run on: entities, topics (ABOUT) and similar papers (SIMILAR_TO).
  const topics = extractTopics(papers, extractions);
  return toGraphology(buildGraph(papers, extractions, { topics }));
}

async function aclGraph(): Promise<ResearchGraph> {
  mkdirSync(STATE, { recursive: true });
  const cache = join(STATE, `acl-combined-graph${aclLimit ? `-${aclLimit}` : ''}.json`);
  const key = buildKey(ACL);
  if (cacheFresh(cache, key)) {
    log(`  using cached ${cache}`);
    return DirectedGraph.from(JSON.parse(readFileSync(cache, 'utf8'))) as unknown as ResearchGraph;
  }
  const graph = await buildFrom([ACL], aclLimit);
  writeCache(cache, key, JSON.stringify(graph.export()));
  return graph;
}

/** graphology Louvain as usually called: defaults, one run, on the undirected graph. */
function plainLouvain(graph: ResearchGraph): { modularity: number; ms: number } {
  const u = new UndirectedGraph();
  graph.forEachNode((k) => u.addNode(k));
  graph.forEachEdge((_e, a, s, t) => u.mergeEdge(s, t, { weight: a.weight }));
  const started = performance.now();
  const mapping = louvain(u, { rng: createRng(1), getEdgeWeight: 'weight' });
  const ms = performance.now() - started;
  const { csr } = researchCsr(graph);
  return { modularity: csrModularity(csr, Int32Array.from(csr.keys, (k) => mapping[k]!)), ms };
}

interface Row {
  graph: string;
  nodes: number;
  edges: number;
  ours: number;
  oursMs: number;
  listed: number;
  plain: number;
  plainMs: number;
  py: {
    oursByIgraph: number;
    igraphLouvain: { modularity: number; seconds: number };
    igraphLeiden: { modularity: number; seconds: number };
    leidenalg?: { modularity: number; seconds: number };
  };
}

async function measure(name: string, graph: ResearchGraph): Promise<Row> {
  log(`${name}: ${graph.order} nodes, ${graph.size} edges`);
  const started = performance.now();
  const detailed = detectCommunitiesDetailed(graph, { seed: 42 });
  const oursMs = performance.now() - started;
  log(`  ours ${detailed.report.modularity} in ${seconds(oursMs)} (restarts: ${detailed.stats.restarts.map((r) => `${r.louvain.toFixed(4)}→${r.refined.toFixed(4)}`).join(', ')})`);
  const plain = plainLouvain(graph);
  mkdirSync(STATE, { recursive: true });
  const path = join(STATE, `${name}.graphml`);
  writeFileSync(path, toGraphML(graph, { pretty: false }));
  const py = JSON.parse(
    execFileSync(PYTHON, [join(ROOT, 'test/py/leiden_bench.py'), path, String(seeds)], { encoding: 'utf8', maxBuffer: 1 << 26 }),
  ) as Row['py'];
  return {
    graph: name,
    nodes: graph.order,
    edges: graph.size,
    ours: detailed.report.modularity,
    oursMs,
    listed: detailed.report.communities.length,
    plain: plain.modularity,
    plainMs: plain.ms,
    py,
  };
}

const rows: Row[] = [];
for (const name of which) {
  if (name === 'seed') rows.push(await measure('seed', await buildFrom([])));
  else if (name === 'acl') rows.push(await measure(aclLimit ? `acl-${aclLimit}` : 'acl', await aclGraph()));
  else if (name === 'planted') {
    rows.push(await measure('planted-50k', plantedGraph({ papers: 40_000, entities: 10_000, communities: 60, pIn: 0.6, minLinks: 2, maxLinks: 8, seed: 3 }).graph));
  } else throw new Error(`unknown graph "${name}" (expected seed, acl or planted)`);
}

const f4 = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(4));
console.log(`\nmodularity on the same undirected weighted graph (igraph/leidenalg: best of ${seeds} seeds)\n`);
console.log(
  ['graph', 'nodes', 'edges', 'ours', 'time', 'listed', 'igraph(ours)', 'graphology', 'time', 'ig-louvain', 'ig-leiden', 'leidenalg', 'ours/ig-leiden', 'ours/best-leiden']
    .map((h) => h.padStart(12))
    .join(''),
);
for (const r of rows) {
  const bestLeiden = Math.max(r.py.igraphLeiden.modularity, r.py.leidenalg?.modularity ?? -Infinity);
  console.log(
    [
      r.graph,
      String(r.nodes),
      String(r.edges),
      f4(r.ours),
      seconds(r.oursMs),
      String(r.listed),
      f4(r.py.oursByIgraph),
      f4(r.plain),
      seconds(r.plainMs),
      f4(r.py.igraphLouvain.modularity),
      f4(r.py.igraphLeiden.modularity),
      f4(r.py.leidenalg?.modularity),
      (r.ours / r.py.igraphLeiden.modularity).toFixed(4),
      (r.ours / bestLeiden).toFixed(4),
    ]
      .map((c) => c.padStart(12))
      .join(''),
  );
}
console.log(
  '\nours = graphology Louvain from seeded node orders (4 restarts ≤ 20k nodes, 2 ≤ 200k) + refinement (graph/communities), partition as exported;' +
    '\nigraph(ours) = igraph recomputing the modularity of our exported `community` attribute (must equal ours);' +
    '\ngraphology = graphology-communities-louvain with default options, one run.',
);
