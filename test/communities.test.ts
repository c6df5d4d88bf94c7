// Communities: exact counts and modularity on fixed graphs, determinism, small-community handling, labels, options.
import { UndirectedGraph } from 'graphology';
import modularityModule from 'graphology-metrics/graph/modularity.js';
import { describe, expect, it } from 'vitest';
import {
  COMMUNITY_DEFAULTS,
  communitiesMarkdown,
  csrModularity,
  detectCommunities,
  detectCommunitiesDetailed,
  detectCommunitiesDetailedAsync,
  logLikelihood,
  researchCsr,
  validateCommunityOptions,
  type CommunityOptions,
} from '../graph/communities/index.ts';
import { aggregate, csrFromEdges } from '../graph/communities/csr.ts';
import { improvePartition } from '../graph/communities/refine.ts';
import { areaParents, splitAreas } from '../graph/communities/partition.ts';
import { GREY, PALETTE, TAIL_TINT, colorDistance, communityColor } from '../graph/palette.ts';
import { buildGraph, topicNodeKey, type GraphBuildOptions } from '../graph/build.ts';
import { communityMap } from '../graph/communities/map.ts';
import { chained, labelable, languageLead, summariseCommunities } from '../graph/communities/summarise.ts';
import { createRng } from '../graph/rng.ts';
import type { Extraction, Paper, SimilarityEdges } from '../ingest/types.ts';
import { areaOf, nmi, parseVenueAreas, purity, VenueAreasError } from './bench/area-metrics.ts';
import type { GraphView, ResearchGraph } from '../graph/types.ts';
import { plantedGraph } from './fixtures/graph/planted.ts';
import { tinyGraph } from './fixtures/graph/tiny.ts';

const graphologyModularity = modularityModule as unknown as typeof modularityModule.default;

/** The graph as graphology-metrics sees it for an undirected modularity: same nodes, weights summed. */
function undirectedCopy(graph: GraphView): UndirectedGraph {
  const u = new UndirectedGraph();
  graph.forEachNode((key, a) => u.addNode(key, { community: a.community }));
  graph.forEachEdge((_e, a, s, t) => {
    const existing = u.edge(s, t);
    if (existing) u.updateEdgeAttribute(existing, 'weight', (w) => (w as number) + a.weight);
    else u.addEdge(s, t, { weight: a.weight });
  });
  return u;
}

const nodeState = (graph: ResearchGraph) => graph.mapNodes((key, a) => `${key}:${a.community}:${a.color}`).join('|');

describe('detectCommunities on fixed graphs', () => {
  // Values pinned from a run and cross-checked below against graphology-metrics (and igraph in export.test.ts).
  it.each([
    { name: 'tiny, minSize 1', graph: () => tinyGraph(), options: { minSize: 1, minPapers: 1 }, count: 3, modularity: 0.506531, unassigned: 1 },
    { name: 'tiny, single-paper group merged into its neighbour', graph: () => tinyGraph(), options: { minSize: 1 }, count: 2, modularity: 0.469796, unassigned: 1 },
    { name: 'tiny, default minSize', graph: () => tinyGraph(), options: {}, count: 2, modularity: 0.469796, unassigned: 1 },
    { name: 'planted 1k', graph: () => plantedGraph().graph, options: {}, count: 8, modularity: 0.673836, unassigned: 1 },
    {
      name: 'planted 6k, 30 lines',
      graph: () => plantedGraph({ papers: 4800, entities: 1200, communities: 30, seed: 11 }).graph,
      options: { restarts: 2 },
      count: 30,
      modularity: 0.769435,
      unassigned: 8, // entities the generator never linked
    },
  ])('$name', ({ graph: make, options, count, modularity, unassigned }) => {
    const graph = make();
    const report = detectCommunities(graph, options as Partial<CommunityOptions>);
    expect(report.communities).toHaveLength(count);
    expect(report.modularity).toBeCloseTo(modularity, 6);
    expect(report.unassigned ?? 0).toBe(unassigned);
    expect(graph.getAttribute('modularity')).toBe(report.modularity);
    // The reported number is the plain undirected weighted modularity of the node attributes.
    const reference = graphologyModularity(undirectedCopy(graph), { getNodeCommunity: 'community', getEdgeWeight: 'weight' });
    expect(report.modularity).toBeCloseTo(reference, 5);
  });

  it('recovers the planted lines (most nodes sit with their planted community)', () => {
    const { graph, truth } = plantedGraph();
    detectCommunities(graph);
    // Majority planted label per found community, then the share of nodes agreeing with it.
    const votes = new Map<number, Map<number, number>>();
    graph.forEachNode((key, a) => {
      const m = votes.get(a.community) ?? new Map<number, number>();
      m.set(truth.get(key)!, (m.get(truth.get(key)!) ?? 0) + 1);
      votes.set(a.community, m);
    });
    const agree = [...votes.values()].reduce((n, m) => n + Math.max(...m.values()), 0);
    expect(agree / graph.order).toBeGreaterThan(0.85);
  });
});

describe('determinism', () => {
  it('same seed → identical report and node attributes', () => {
    const a = plantedGraph().graph;
    const b = plantedGraph().graph;
    const ra = detectCommunities(a, { seed: 5 });
    const rb = detectCommunities(b, { seed: 5 });
    expect(JSON.stringify(ra)).toBe(JSON.stringify(rb));
    expect(nodeState(a)).toBe(nodeState(b));
  });

  it.each([
    ['restarts spread over threads', { seed: 5, restarts: 3 }],
    ['one restart per thread, refined', { seed: 9, restarts: 2, refine: true }],
    ['the co-occurrence projection', { seed: 4, restarts: 3, projection: 'cooccurrence' }],
  ])('%s: the same report, node attributes and restart figures on 1, 2 and 3 threads', async (_case, options) => {
    const here = plantedGraph().graph;
    const reference = detectCommunitiesDetailed(here, options as Partial<CommunityOptions>);
    for (const threads of [1, 2, 3]) {
      const graph = plantedGraph().graph;
      // No minimum size: the planted graph is far below the one a thread pays off at.
      const details = await detectCommunitiesDetailedAsync(graph, options as Partial<CommunityOptions>, threads, 0);
      expect(JSON.stringify(details.report)).toBe(JSON.stringify(reference.report));
      expect(details.stats).toEqual(reference.stats);
      expect(nodeState(graph)).toBe(nodeState(here));
    }
  });

  it('different seeds run different restarts (and still give a valid partition)', () => {
    const graph = plantedGraph().graph;
    const one = detectCommunitiesDetailed(graph, { seed: 1, refine: false });
    const two = detectCommunitiesDetailed(plantedGraph().graph, { seed: 2, refine: false });
    expect(one.stats.restarts.map((r) => r.louvain)).not.toEqual(two.stats.restarts.map((r) => r.louvain));
    expect(two.report.communities.length).toBeGreaterThan(1);
  });

  it('ids are ordered by size, then smallest member key', () => {
    const graph = plantedGraph().graph;
    const report = detectCommunities(graph);
    const sizes = report.communities.map((c) => c.size);
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
    expect(report.communities.map((c) => c.id)).toEqual(report.communities.map((_, i) => i));
  });
});

describe('refinement', () => {
  it.each([1, 2, 3, 4])('never lowers Louvain modularity (seed %i) and beats plain Louvain on the planted graph', (seed) => {
    const graph = plantedGraph({ papers: 2000, entities: 500, communities: 12, seed }).graph;
    const { stats } = detectCommunitiesDetailed(graph, { seed, restarts: 2 });
    for (const r of stats.restarts) expect(r.refined).toBeGreaterThanOrEqual(r.louvain - 1e-12);
    expect(Math.max(...stats.restarts.map((r) => r.refined))).toBeGreaterThan(Math.max(...stats.restarts.map((r) => r.louvain)));
  });

  it.each([
    ['every node labelled', false],
    ['some nodes left out (negative labels: minor and isolated)', true],
  ])('aggregate equals the edge list collapsed by csrFromEdges (%s)', (_name, negatives) => {
    // A random weighted graph with self-loops on some nodes (an aggregate of an aggregate has them).
    const rng = createRng(5);
    const n = 60;
    const edges: { source: number; target: number; weight: number }[] = [];
    for (let e = 0; e < 400; e++) edges.push({ source: Math.floor(rng() * n), target: Math.floor(rng() * n), weight: 0.5 + rng() });
    const csr = csrFromEdges(Array.from({ length: n }, (_, i) => String(i)), edges);
    const count = 7;
    const labels = Int32Array.from({ length: n }, (_, i) => (negatives && i % 9 === 0 ? -1 - (i % 2) : i % count));
    // The reference: every undirected edge once (self-loops as loops), both ends relabelled, negatives dropped.
    const collapsed: { source: number; target: number; weight: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (labels[i]! < 0) continue;
      if (csr.loops[i]! > 0) collapsed.push({ source: labels[i]!, target: labels[i]!, weight: csr.loops[i]! });
      for (let p = csr.starts[i]!; p < csr.starts[i + 1]!; p++) {
        const j = csr.nbrs[p]!;
        if (j > i && labels[j]! >= 0) collapsed.push({ source: labels[i]!, target: labels[j]!, weight: csr.weights[p]! });
      }
    }
    const reference = csrFromEdges(Array.from({ length: count }, (_, c) => String(c)), collapsed);
    const agg = aggregate(csr, labels, count);
    expect(Array.from(agg.starts)).toEqual(Array.from(reference.starts));
    expect(Array.from(agg.nbrs)).toEqual(Array.from(reference.nbrs));
    agg.weights.forEach((w, p) => expect(w).toBeCloseTo(reference.weights[p]!, 9));
    agg.loops.forEach((w, c) => expect(w).toBeCloseTo(reference.loops[c]!, 9));
    agg.strength.forEach((w, c) => expect(w).toBeCloseTo(reference.strength[c]!, 9));
    expect(agg.total).toBeCloseTo(reference.total, 9);
  });

  it('finds the two triangles of a barbell from a bad start', () => {
    // Triangles {0,1,2} and {3,4,5} joined by edge 2–3; start from everything in one community.
    const edges = [
      [0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5], [2, 3],
    ].map(([source, target]) => ({ source: source!, target: target!, weight: 1 }));
    const csr = csrFromEdges(['a', 'b', 'c', 'd', 'e', 'f'], edges);
    const labels = new Int32Array(6);
    improvePartition(csr, labels, 1);
    expect(Array.from(labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(csrModularity(csr, labels)).toBeCloseTo(5 / 14, 10);
  });
});

describe('small communities', () => {
  it.each([
    { options: { minSize: 1, minPapers: 1 }, ap1: 2, minor: undefined },
    { options: { minSize: 1 }, ap1: 0, minor: undefined }, // one paper with a neighbour: merged, so the paper is listed
    { options: { minSize: 4 }, ap1: 0, minor: undefined }, // 3 nodes with a neighbour: merged
    { options: { minSize: 5 }, ap1: 0, minor: undefined },
  ])('$options: the appendix ends in community $ap1, the isolated paper in −1', ({ options, ap1, minor }) => {
    const graph = tinyGraph();
    const report = detectCommunities(graph, options);
    expect(graph.getNodeAttribute('ap1', 'community')).toBe(ap1);
    expect(graph.getNodeAttribute('https://github.com/org/tiny-qa', 'community')).toBe(ap1);
    expect(graph.getNodeAttribute('solo', 'community')).toBe(-1);
    expect(graph.getNodeAttribute('solo', 'color')).toBe(GREY);
    expect(report.minor).toEqual(minor);
    for (const c of report.communities) expect(c.size).toBeGreaterThanOrEqual(options.minSize);
    if (ap1 < 0) expect(graph.getNodeAttribute('ap1', 'color')).toBe(GREY);
  });

  it('a line of fewer than minPapers (5) papers is not a research line: it joins its neighbour, and is listed at minPapers 2', () => {
    // Ten papers share two methods; three others share three datasets of their own, one of them also a method of the ten.
    const paper = (id: string): Paper => ({ id, title: `Paper ${id}`, abstract: 'x', authors: [], sources: [{ file: 't', line: 1, format: 'json' }] });
    const link = (key: string, type: 'method' | 'dataset') => ({ key, name: key.toUpperCase(), type, role: 'USES' as const, aliases: [key.toUpperCase()], evidence: [] });
    const big = Array.from({ length: 10 }, (_, i) => `b${i}`);
    const small = ['s0', 's1', 's2'];
    const papers = [...big, ...small].map(paper);
    const extractions: Extraction[] = [
      ...big.map((id) => ({ paperId: id, repositories: [], entities: [link('e1', 'method'), link('e2', 'method')] })),
      ...small.map((id, i) => ({ paperId: id, repositories: [], entities: [link('z1', 'dataset'), link('z2', 'dataset'), link('z3', 'dataset'), ...(i === 0 ? [link('e1', 'method')] : [])] })),
    ];
    const lines = (options: Partial<CommunityOptions>) => {
      const graph = buildGraph(papers, extractions);
      const report = detectCommunities(graph, options);
      return { count: report.communities.length, apart: graph.getNodeAttribute('s1', 'community') !== graph.getNodeAttribute('b0', 'community') };
    };
    expect(lines({ minPapers: 2 })).toEqual({ count: 2, apart: true });
    expect(lines({})).toEqual({ count: 1, apart: false });
  });

  it('keeps separate small components distinct (minor) so modularity is not lowered', () => {
    const graph = plantedGraph().graph;
    // Three extra two-paper components: each is a minor community with its own negative id.
    for (let k = 0; k < 3; k++) {
      graph.addNode(`extra:e${k}`, { type: 'method', label: `Extra ${k}`, aliases: [], papers: 2, x: 0, y: 0, size: 1, color: '#999999', community: -1 });
      for (const p of [0, 1]) {
        graph.addNode(`extra:p${k}${p}`, { type: 'paper', label: '', title: '', abstract: '', authors: [], sources: [], x: 0, y: 0, size: 1, color: '#999999', community: -1 });
        graph.addDirectedEdge(`extra:p${k}${p}`, `extra:e${k}`, { type: 'USES', weight: 1 });
      }
    }
    const detailed = detectCommunitiesDetailed(graph);
    const ids = [0, 1, 2].map((k) => graph.getNodeAttribute(`extra:e${k}`, 'community'));
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toBeLessThanOrEqual(-2);
    expect(detailed.report.minor).toEqual({ communities: 3, nodes: 9 });
    // Lumping the three into one "other" group would cost modularity; keeping them apart does not.
    const { csr } = researchCsr(graph);
    const lumped = Int32Array.from(csr.keys, (k) => {
      const c = graph.getNodeAttribute(k, 'community');
      return ids.includes(c) ? -2 : c;
    });
    const actual = Int32Array.from(csr.keys, (k) => graph.getNodeAttribute(k, 'community'));
    expect(csrModularity(csr, lumped)).toBeLessThan(csrModularity(csr, actual));
    expect(detailed.report.modularity).toBeCloseTo(detailed.stats.best, 3);
  });

  it('a graph without edges leaves every node unassigned', () => {
    const graph = tinyGraph();
    graph.clearEdges();
    const report = detectCommunities(graph);
    expect(report.communities).toEqual([]);
    expect(report.unassigned).toBe(graph.order);
    graph.forEachNode((_k, a) => expect(a.community).toBe(-1));
    expect(report.modularity).toBe(0);
  });
});

describe('summaries', () => {
  it('labels the tiny graph by its distinctive entities', () => {
    const graph = tinyGraph();
    const report = detectCommunities(graph);
    const [qa, cv] = report.communities;
    expect(qa!.label.split(' · ')).toEqual(['SQuAD', 'Natural Questions', 'RoBERTa']);
    expect(cv!.label.split(' · ')).toEqual(['CIFAR-10', 'ImageNet', 'ResNet']);
    expect(qa!.top.dataset.map((e) => e.name)).toEqual(['SQuAD', 'Natural Questions', 'TinyQA']);
    expect(qa!.top.benchmark.map((e) => e.key)).toEqual(['benchmark:glue']);
    expect(qa!.topPapers[0]).toMatchObject({ id: 'qa1', title: 'Reading comprehension with BERT' });
    expect(qa!.dateSpan).toEqual({ from: '2019-03', to: '2022-01' });
    expect(cv!.dateSpan).toEqual({ from: '2016-01', to: '2021-06' });
    expect(qa).toMatchObject({ papers: 6, size: 13, color: PALETTE[0] });
    // The one bridge (mm1 uses BERT and ViT) is what the two lines share.
    expect(qa!.neighbours).toEqual([{ id: 1, weight: 1, shared: ['BERT'] }]);
  });

  it('a community whose papers are mostly in one language other than English leads its label with it', () => {
    const graph = tinyGraph();
    detectCommunities(graph);
    const papersOf = (c: number) => graph.filterNodes((_k, a) => a.type === 'paper' && a.community === c).sort();
    // Half the first community's papers in French; one of the second's in Chinese (a minority there). The language
    // does not change the partition, only the label.
    const first = papersOf(0);
    const setLanguage = (p: string, language: string) => graph.updateNodeAttributes(p, (a) => ({ ...a, language }));
    first.slice(0, Math.ceil(first.length / 2)).forEach((p) => setLanguage(p, 'fra'));
    setLanguage(papersOf(1)[0]!, 'cmn');
    const [qa, cv] = detectCommunities(graph).communities;
    expect(qa!.label.split(' · ')).toEqual(['French abstracts', 'SQuAD', 'Natural Questions']);
    expect(cv!.label.split(' · ')).toEqual(['CIFAR-10', 'ImageNet', 'ResNet']);
    expect([languageLead('cmn'), languageLead('deu'), languageLead('und'), languageLead('zzz')]).toEqual(['Chinese abstracts', 'German abstracts', undefined, undefined]);
  });

  it.each([
    // a, b, c, d → over-represented or not
    { a: 10, b: 0, c: 20, d: 80, positive: true },
    { a: 2, b: 8, c: 20, d: 80, positive: false }, // 10% in C vs 10% overall
    { a: 0, b: 5, c: 20, d: 80, positive: false },
  ])('log-likelihood ($a, $b, $c, $d)', ({ a, b, c, d, positive }) => {
    const g2 = logLikelihood(a, b, c, d);
    if (positive) expect(g2).toBeGreaterThan(10);
    else expect(g2).toBe(0);
  });

  it('communities.md lists every community with its entities and papers', () => {
    const graph = tinyGraph();
    const report = detectCommunities(graph);
    const md = communitiesMarkdown(report, graph);
    expect(md).toMatch(/^# Research communities\n/);
    expect(md).toContain('13 papers and 10 entities in **2 communities** (modularity 0.470, resolution 1, split inside areas of 200+ papers at 0.2, seed 42). Also 1 isolated node.');
    expect(md).not.toContain('Topics');
    expect(md).toContain('## 0. SQuAD · Natural Questions · RoBERTa');
    expect(md).toContain('- **Central papers:**\n  - Reading comprehension with BERT (`qa1`)');
    expect(md).toContain('- **Neighbours:** #1 CIFAR-10 · ImageNet · ResNet via BERT');
  });

  it('communities.md has a Dates column only when some community has dated papers', () => {
    const graph = tinyGraph();
    const report = detectCommunities(graph);
    const undated = { ...report, communities: report.communities.map(({ dateSpan: _drop, ...c }) => c) };
    const plain = communitiesMarkdown(undated, graph);
    expect(plain).toContain('| # | Community | Papers | Nodes | Methods | Datasets & benchmarks |');
    expect(plain).not.toContain('–');
    const dated = {
      ...report,
      communities: report.communities.map((c, i) => (i === 0 ? { ...c, dateSpan: { from: '2023-01-05', to: '2024-03-01' } } : c)),
    };
    const md = communitiesMarkdown(dated, graph);
    expect(md).toContain('| # | Community | Papers | Nodes | Dates | Methods | Datasets & benchmarks |');
    expect(md).toContain(' | 2023-01 → 2024-03 | ');
    expect(md).toMatch(/nodes · 2023-01 → 2024-03 · colour/);
  });
});

describe('projection and hierarchy', () => {
  it('co-occurrence projection assigns every connected node and reports bipartite modularity', () => {
    const graph = plantedGraph().graph;
    const report = detectCommunities(graph, { projection: 'cooccurrence' });
    expect(report.communities.length).toBeGreaterThanOrEqual(6);
    expect(report.modularity).toBeGreaterThan(0.55);
    const reference = graphologyModularity(undirectedCopy(graph), { getNodeCommunity: 'community', getEdgeWeight: 'weight' });
    expect(report.modularity).toBeCloseTo(reference, 5);
  });

  it('keeps a coarser level as Community.parent when it groups communities', () => {
    const graph = plantedGraph({ papers: 4800, entities: 1200, communities: 30, seed: 11, pIn: 0.6 }).graph;
    const report = detectCommunities(graph, { restarts: 1 });
    const parents = new Set(report.communities.map((c) => c.parent));
    expect(parents.has(undefined)).toBe(false);
    expect(parents.size).toBeGreaterThan(1);
    expect(parents.size).toBeLessThan(report.communities.length);
  });
});

describe('research lines inside areas (splitResolution)', () => {
  /** `cliques` K5s in a ring, each joined to the next by one edge: modularity's resolution limit merges neighbours. */
  function ringOfCliques(cliques: number) {
    const edges: { source: number; target: number; weight: number }[] = [];
    for (let k = 0; k < cliques; k++) {
      for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) edges.push({ source: 5 * k + a, target: 5 * k + b, weight: 1 });
      edges.push({ source: 5 * k + 4, target: (5 * (k + 1)) % (5 * cliques), weight: 1 });
    }
    return csrFromEdges(Array.from({ length: 5 * cliques }, (_, i) => `n${String(i).padStart(3, '0')}`), edges);
  }
  const clique = (i: number) => Math.floor(i / 5);
  const allPapers = (n: number) => new Uint8Array(n).fill(1);

  it('γ = 1 merges neighbouring cliques of a ring of 30 (the resolution limit); the split inside each area parts them again', () => {
    const csr = ringOfCliques(30);
    const merged = new Int32Array(csr.n);
    improvePartition(csr, merged, 1);
    const areasFound = new Set(merged).size;
    expect(areasFound).toBeLessThan(30);
    const labels = merged.slice();
    const areas = splitAreas(csr, labels, allPapers(csr.n), validateCommunityOptions({ minSize: 1, splitMinPapers: 0 }));
    // Every line is exactly one clique, and lies inside the area it was split from.
    const cliqueOf = new Map<number, number>();
    for (let i = 0; i < csr.n; i++) {
      expect(cliqueOf.get(labels[i]!) ?? clique(i)).toBe(clique(i));
      cliqueOf.set(labels[i]!, clique(i));
      expect(areas[labels[i]!]).toBe(merged[i]);
    }
    expect(cliqueOf.size).toBe(30);
    expect(new Set(areas).size).toBe(areasFound);
    expect(csrModularity(csr, labels)).toBeLessThan(csrModularity(csr, merged)); // lines trade a little modularity
  });

  it('leaves a cohesive area whole, and an area too small for two communities of minSize', () => {
    // Two areas: a K12 and two K5s bridged by one edge; with minSize 6 the second is too small to split.
    const edges: { source: number; target: number; weight: number }[] = [];
    for (let a = 0; a < 12; a++) for (let b = a + 1; b < 12; b++) edges.push({ source: a, target: b, weight: 1 });
    for (const base of [12, 17]) for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) edges.push({ source: base + a, target: base + b, weight: 1 });
    edges.push({ source: 16, target: 17, weight: 1 }, { source: 0, target: 12, weight: 1 });
    const csr = csrFromEdges(Array.from({ length: 22 }, (_, i) => `n${String(i).padStart(2, '0')}`), edges);
    const area = Int32Array.from({ length: 22 }, (_, i) => (i < 12 ? 0 : 1));
    const whole = area.slice();
    expect(Array.from(splitAreas(csr, whole, allPapers(22), validateCommunityOptions({ minSize: 6, splitMinPapers: 0 })))).toEqual([0, 1]);
    expect(Array.from(whole)).toEqual(Array.from(area));
    const parted = area.slice();
    expect(Array.from(splitAreas(csr, parted, allPapers(22), validateCommunityOptions({ minSize: 1, splitMinPapers: 0 })))).toEqual([0, 1, 1]);
    expect(new Set(parted.subarray(0, 12)).size).toBe(1);
    expect(new Set(parted.subarray(12, 17)).size).toBe(1);
    expect(parted[12]).not.toBe(parted[17]);
  });

  it('splits only an area of at least splitMinPapers papers (entities do not count)', () => {
    // Two K5s bridged by one edge: one area of 10 nodes, 6 of them papers.
    const edges: { source: number; target: number; weight: number }[] = [];
    for (const base of [0, 5]) for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) edges.push({ source: base + a, target: base + b, weight: 1 });
    edges.push({ source: 4, target: 5, weight: 1 });
    const csr = csrFromEdges(Array.from({ length: 10 }, (_, i) => `n${i}`), edges);
    const isPaper = Uint8Array.from({ length: 10 }, (_, i) => (i % 5 < 3 ? 1 : 0));
    const lines = (splitMinPapers: number) => {
      const labels = new Int32Array(10);
      splitAreas(csr, labels, isPaper, validateCommunityOptions({ minSize: 1, splitMinPapers }));
      return new Set(labels).size;
    };
    expect(lines(6)).toBe(2);
    expect(lines(7)).toBe(1);
    expect(lines(0)).toBe(2);
  });

  it('is deterministic, and off at 0', () => {
    const csr = ringOfCliques(24);
    const start = new Int32Array(csr.n);
    improvePartition(csr, start, 1);
    const run = (o: Partial<CommunityOptions>) => {
      const labels = start.slice();
      return { areas: Array.from(splitAreas(csr, labels, allPapers(csr.n), validateCommunityOptions({ splitMinPapers: 0, ...o }))), labels: Array.from(labels) };
    };
    expect(run({ seed: 7 })).toEqual(run({ seed: 7 }));
    const graph = plantedGraph().graph;
    const off = detectCommunitiesDetailed(graph, { splitResolution: 0 });
    const again = plantedGraph().graph;
    expect(detectCommunitiesDetailed(again, { splitResolution: 0 }).communities).toEqual(off.communities);
  });

  it("areaParents: a community's parent is the area most of its nodes came from, ranked by size; none when nothing groups", () => {
    const csr = ringOfCliques(6);
    // Final communities 0..3 over 30 nodes: cliques 0–1 → 0, 2–3 → 1, 4 → 2, 5 → 3; areas: {0, 1} and {2, 3}.
    const labels = Int32Array.from({ length: 30 }, (_, i) => [0, 0, 1, 1, 2, 3][clique(i)]!);
    const nodeArea = Int32Array.from({ length: 30 }, (_, i) => (clique(i) < 4 ? 5 : 9));
    // One node of community 3 came from the other area: the majority still decides.
    nodeArea[29] = 5;
    expect(Array.from(areaParents(csr, labels, 4, nodeArea)!)).toEqual([0, 0, 1, 1]);
    expect(areaParents(csr, labels, 4, Int32Array.from(labels))).toBeUndefined();
  });

  it('the communities of a real build carry their area as parent', () => {
    const options = { restarts: 1, seed: 3 };
    const areas = detectCommunitiesDetailed(plantedGraph({ papers: 4800, entities: 1200, communities: 30, seed: 11, pIn: 0.6 }).graph, { ...options, splitResolution: 0 });
    const lines = detectCommunitiesDetailed(plantedGraph({ papers: 4800, entities: 1200, communities: 30, seed: 11, pIn: 0.6 }).graph, { ...options, splitResolution: 0.5 });
    expect(lines.report.communities.length).toBeGreaterThan(areas.report.communities.length);
    // Each line's nodes come (mostly) from one area; lines with one parent share that area, different parents differ.
    const areaOfParent = new Map<number, number>();
    for (const c of lines.report.communities) {
      const votes = new Map<number, number>();
      for (const [key, line] of Object.entries(lines.communities)) {
        if (line === c.id) votes.set(areas.communities[key]!, (votes.get(areas.communities[key]!) ?? 0) + 1);
      }
      const [area, n] = [...votes].sort((a, b) => b[1] - a[1])[0]!;
      expect(n / c.size).toBeGreaterThan(0.5);
      expect(c.parent).toBeDefined();
      expect(areaOfParent.get(c.parent!) ?? area).toBe(area);
      areaOfParent.set(c.parent!, area);
    }
    expect(new Set(areaOfParent.values()).size).toBe(areaOfParent.size);
    expect(areaOfParent.size).toBeLessThan(lines.report.communities.length);
  });

  it('splits no area smaller than splitMinPapers: with a floor above every area the lines are the areas', () => {
    const planted = () => plantedGraph({ papers: 4800, entities: 1200, communities: 30, seed: 11, pIn: 0.6 }).graph;
    const options = { restarts: 1, seed: 3, splitResolution: 0.5 };
    const areas = detectCommunitiesDetailed(planted(), { ...options, splitResolution: 0 });
    const floored = detectCommunitiesDetailed(planted(), { ...options, splitMinPapers: 4800 });
    const split = detectCommunitiesDetailed(planted(), { ...options, splitMinPapers: 0 });
    expect(floored.communities).toEqual(areas.communities);
    expect(floored.report.splitMinPapers).toBe(4800);
    expect(split.report.communities.length).toBeGreaterThan(areas.report.communities.length);
  });
});

describe('options', () => {
  it.each([
    { field: 'seed', value: -1 },
    { field: 'seed', value: 1.5 },
    { field: 'resolution', value: 0 },
    { field: 'resolution', value: Number.NaN },
    { field: 'minSize', value: 0 },
    { field: 'minPapers', value: -1 },
    { field: 'restarts', value: -1 },
    { field: 'projection', value: 'clique' },
    { field: 'refine', value: 'yes' },
    { field: 'topPapers', value: -2 },
    { field: 'splitResolution', value: -0.1 },
    { field: 'splitResolution', value: Number.POSITIVE_INFINITY },
    { field: 'splitMinPapers', value: -1 },
    { field: 'splitMinPapers', value: 2.5 },
  ])('rejects $field = $value', ({ field, value }) => {
    expect(() => validateCommunityOptions({ [field]: value } as Partial<CommunityOptions>)).toThrowError(
      expect.objectContaining({ code: 'invalid-community-option', field }),
    );
  });

  it('defaults validate', () => {
    expect(validateCommunityOptions()).toEqual(COMMUNITY_DEFAULTS);
  });
});

describe('palette', () => {
  it('gives hex colours, distinct for the first palette-length ids, grey for −1', () => {
    const colours = PALETTE.map((_, i) => communityColor(i));
    expect(new Set(colours).size).toBe(PALETTE.length);
    for (const c of [...colours, communityColor(PALETTE.length), communityColor(3 * PALETTE.length + 1)]) {
      expect(c).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(communityColor(PALETTE.length)).not.toBe(communityColor(0));
    expect(communityColor(-1)).toBe(GREY);
  });

  it('no two of the 20 largest communities look alike (ΔE*ab ≥ 25 for every pair), none like the unassigned grey', () => {
    for (let i = 0; i < 20; i++) {
      for (let j = i + 1; j < 20; j++) expect(colorDistance(communityColor(i), communityColor(j)), `${i} vs ${j}`).toBeGreaterThanOrEqual(25);
      expect(colorDistance(communityColor(i), GREY)).toBeGreaterThanOrEqual(20);
    }
  });

  it.each([
    ['#000000', '#ffffff', 100],
    ['#ff0000', '#ff0000', 0],
    ['#4e79a7', '#4e79a8', 0.3],
  ])('colorDistance(%s, %s) ≈ %d (CIE 1976 ΔE*ab)', (a, b, d) => {
    expect(colorDistance(a, b)).toBeCloseTo(d, 0);
  });

  it('communities past the palette get its colours tinted pale, a group of their own', () => {
    const tail = communityColor(PALETTE.length);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(tail.slice(i, i + 2), 16));
    const [r0, g0, b0] = [1, 3, 5].map((i) => parseInt(PALETTE[0]!.slice(i, i + 2), 16));
    expect([r, g, b]).toEqual([r0, g0, b0].map((v) => Math.round(v! + (255 - v!) * TAIL_TINT)));
  });

  it('csr modularity equals graphology-metrics on the same undirected graph', () => {
    const graph = plantedGraph().graph;
    detectCommunities(graph);
    const { csr } = researchCsr(graph);
    const labels = Int32Array.from(csr.keys.map((k) => graph.getNodeAttribute(k, 'community')));
    const reference = graphologyModularity(undirectedCopy(graph), { getNodeCommunity: 'community', getEdgeWeight: 'weight' });
    expect(csrModularity(csr, labels)).toBeCloseTo(reference, 10);
  });
});

/** A corpus of `lines` research lines: each paper links its line's topics and entities (plus a little noise). */
function topicalGraph(lines: number, perLine: number, seed = 3, o: { hub?: boolean; sharedTask?: boolean; strayTopics?: boolean; build?: Partial<GraphBuildOptions> } = {}) {
  const rng = createRng(seed);
  const papers: Paper[] = [];
  const extractions: Extraction[] = [];
  const topicLists: { paperId: string; topics: { key: string; name: string; count: number; weight: number; inTitle: boolean }[] }[] = [];
  for (let l = 0; l < lines; l++) {
    for (let k = 0; k < perLine; k++) {
      const id = `p${l}-${k}`;
      papers.push({ id, title: `Paper ${id}`, abstract: `About line ${l}.`, authors: [], sources: [{ file: 't', line: 1, format: 'json' }] });
      const line = rng() < 0.9 ? l : Math.floor(rng() * lines);
      const entities: Extraction['entities'] = [{ key: `tool-${line}`, name: `Tool${line}`, type: 'method', role: 'USES', aliases: [`Tool${line}`], evidence: [] }];
      // A name every paper uses ('BERT' in an NLP corpus), when asked for.
      if (o.hub) entities.push({ key: 'hub', name: 'Hub', type: 'method', role: 'USES', aliases: ['Hub'], evidence: [] });
      // The line's shared task, as distinctive as its tool (and first by key), when asked for.
      if (o.sharedTask) {
        const name = line % 2 ? `SemEval-2022 Task ${line}` : `BEA ${2020 + line} Shared Task`;
        entities.push({ key: `a-task-${line}`, name, type: 'benchmark', role: 'EVALUATES_ON', aliases: [name], evidence: [] });
      }
      extractions.push({ paperId: id, repositories: [], entities });
      // With `strayTopics` a line has no topics of its own but two of its papers' 'stray' one (the words of two bilingual
      // abstracts in a community of papers the topics stage skipped as not English).
      const own = [0, 1].map((t) => ({ key: `task ${line} ${t}`, name: `task ${line} ${t}`, count: 1, weight: 1, inTitle: false }));
      const stray = k < 2 ? [{ key: `stray ${l}`, name: `stray ${l}`, count: 1, weight: 1, inTitle: false }] : [];
      topicLists.push({ paperId: id, topics: o.strayTopics ? stray : own });
    }
  }
  const topics = [...new Set(topicLists.flatMap((x) => x.topics.map((t) => t.key)))].map((key) => ({ key, name: key, papers: perLine, lift: 3 }));
  // Each paper's nearest neighbour: the next paper of its line (a ring per line).
  const source: number[] = [];
  const target: number[] = [];
  for (let i = 0; i < papers.length; i++) {
    const j = i % perLine === perLine - 1 ? i - perLine + 1 : i + 1;
    source.push(Math.min(i, j));
    target.push(Math.max(i, j));
  }
  const similarity: SimilarityEdges = { source: Int32Array.from(source), target: Int32Array.from(target), score: new Float64Array(source.length).fill(0.5) };
  return buildGraph(papers, extractions, { topics: { extractions: topicLists, topics, similarity }, ...o.build });
}

describe('communities over the combined graph (topics, entities, similar papers)', () => {
  it('every paper is in a listed community, one per research line; labels lead with topics, then entities', () => {
    const graph = topicalGraph(4, 12);
    const report = detectCommunities(graph);
    expect(report.communities).toHaveLength(4);
    graph.forEachNode((_k, a) => { if (a.type === 'paper') expect(a.community).toBeGreaterThanOrEqual(0); });
    for (const c of report.communities) {
      const parts = c.label.split(' · ');
      expect(parts).toHaveLength(3);
      expect(parts[0]).toMatch(/^task \d \d$/);
      expect(parts[2]).toMatch(/^Tool\d$/);
      // 'task 0 0' and 'task 0 1' name one line: both lead, the line's tool follows.
      expect(parts[0]!.slice(0, 6)).toBe(parts[1]!.slice(0, 6));
      expect(c.top.topic.length).toBeGreaterThan(0);
    }
    expect(graph.getNodeAttribute(topicNodeKey('task 0 0'), 'type')).toBe('topic');
  });

  it.each([
    { linkWeighting: 'specific' as const, weight: (papers: number) => 1 / Math.sqrt(papers) },
    { linkWeighting: 'flat' as const, weight: () => 1 },
  ])('$linkWeighting link weights: a name every paper shares ties each of them less than its own line\'s names', ({ linkWeighting, weight }) => {
    const graph = topicalGraph(4, 12, 3, { hub: true, build: { linkWeighting } });
    let hub = 0;
    graph.forEachEdge((_e, a, _s, t) => {
      if (a.type === 'SIMILAR_TO') return;
      expect(a.weight, t).toBeCloseTo(weight(graph.inDegree(t)), 4);
      if (t === 'hub') hub++;
    });
    expect(hub).toBe(48);
    // The hub sits in one community; the lines stay apart.
    expect(detectCommunities(graph).communities).toHaveLength(4);
  });

  it('a topic only two papers of a big community use does not lead its label (LABEL_MIN_SHARE); it still comes after', () => {
    // Two planted communities of 500 papers, no topics of their own (the topics stage skipped their text), two papers
    // of each link a 'stray' topic: 2 < 0.5 % of 500, so the community's tool leads and the stray topic follows.
    const graph = topicalGraph(2, 500, 3, { strayTopics: true });
    graph.forEachNode((key, a) => {
      const line = a.type === 'paper' ? Number(key.slice(1, key.indexOf('-'))) : /(\d+)$/.exec(key) ? Number(/(\d+)$/.exec(key)![1]) : 0;
      graph.setNodeAttribute(key, 'community', line % 2);
    });
    const summaries = summariseCommunities(graph, 2, undefined, { topEntities: 5, topPapers: 5, topNeighbours: 5, labelTerms: 3, labelTopics: 2 });
    for (const [c, summary] of summaries.entries()) expect(summary.label).toBe(`Tool${c} · stray ${c}`);
  });

  it('two halves of one topic label a community as the whole topic when the graph has it ("hate speech" + "speech detection")', () => {
    // Community 0: every paper links 'hate speech' and 'speech detection' (the chunker cut 'hate' off as a verb in
    // "… and hate speech detection"), two link the whole 'hate speech detection'; 'dialogue state' + 'state tracking'
    // have no whole topic in the graph and stay two terms. Community 1 is the rest of the corpus.
    const papers: Paper[] = [];
    const topicLists: { paperId: string; topics: { key: string; name: string; count: number; weight: number; inTitle: boolean }[] }[] = [];
    const t = (name: string) => ({ key: name, name, count: 1, weight: 1, inTitle: false });
    for (let c = 0; c < 2; c++) {
      for (let k = 0; k < 10; k++) {
        const id = `p${c}-${k}`;
        papers.push({ id, title: `Paper ${id}`, abstract: 'x', authors: [], sources: [{ file: 't', line: 1, format: 'json' }] });
        const list = c === 0 ? [t('hate speech'), t('speech detection'), ...(k < 2 ? [t('hate speech detection')] : [])] : [t('dialogue state'), t('state tracking'), t('parsing')];
        topicLists.push({ paperId: id, topics: list });
      }
    }
    const names = [...new Set(topicLists.flatMap((x) => x.topics.map((y) => y.name)))];
    const topics = names.map((key) => ({ key, name: key, papers: 2, lift: 3 }));
    const similarity: SimilarityEdges = { source: new Int32Array(0), target: new Int32Array(0), score: new Float64Array(0) };
    const graph = buildGraph(papers, papers.map((p) => ({ paperId: p.id, repositories: [], entities: [] })), { topics: { extractions: topicLists, topics, similarity } });
    graph.forEachNode((key, a) => graph.setNodeAttribute(key, 'community', a.type === 'paper' ? Number(key[1]) : /hate|speech/.test(String(a.label)) ? 0 : 1));
    const [hate, dialogue] = summariseCommunities(graph, 2, undefined, { topEntities: 5, topPapers: 5, topNeighbours: 5, labelTerms: 3, labelTopics: 2 });
    expect(hate!.label).toBe('hate speech detection');
    expect(dialogue!.label.split(' · ').sort()).toEqual(['dialogue state', 'parsing', 'state tracking']);
  });

  it("lists a community's people by their papers in it, then by the share of their work that is; never in a label or a shared list", () => {
    // Community 0: Ada wrote 4 of its papers (all her work), Bob 2 (of his 3; his third is in community 1), Cy 2 (all
    // his). Community 1: Bob's third paper and Dee's two. Both communities share the topic 'parsing'.
    const authorsOf = (c: number, k: number): string[] =>
      c === 0 ? [...(k < 4 ? ['Ada Lovelace'] : []), ...(k === 4 || k === 5 ? ['Bob Kahn'] : []), ...(k === 6 || k === 7 ? ['Cy Young'] : [])] : k === 0 ? ['Bob Kahn', 'Dee Dee'] : k === 1 ? ['Dee Dee'] : [];
    const papers: Paper[] = [];
    const topicLists: { paperId: string; topics: { key: string; name: string; count: number; weight: number; inTitle: boolean }[] }[] = [];
    for (let c = 0; c < 2; c++) {
      for (let k = 0; k < 8; k++) {
        const id = `p${c}-${k}`;
        papers.push({ id, title: `Paper ${id}`, abstract: 'x', authors: authorsOf(c, k), sources: [{ file: 't', line: 1, format: 'json' }] });
        topicLists.push({ paperId: id, topics: [{ key: 'parsing', name: 'parsing', count: 1, weight: 1, inTitle: false }] });
      }
    }
    const topics = [{ key: 'parsing', name: 'parsing', papers: 16, lift: 3 }];
    const similarity: SimilarityEdges = { source: new Int32Array(0), target: new Int32Array(0), score: new Float64Array(0) };
    const graph = buildGraph(papers, papers.map((p) => ({ paperId: p.id, repositories: [], entities: [] })), { topics: { extractions: topicLists, topics, similarity } });
    graph.forEachNode((key, a) => graph.setNodeAttribute(key, 'community', a.type === 'paper' ? Number(key[1]) : key === 'author:dee dee' || key === 'topic:parsing' ? 1 : 0));
    const [first, second] = summariseCommunities(graph, 2, undefined, { topEntities: 5, topPapers: 5, topNeighbours: 5, labelTerms: 3, labelTopics: 2 });
    expect(first!.people).toEqual([
      { key: 'author:ada lovelace', name: 'Ada Lovelace', papers: 4, share: 1 },
      { key: 'author:cy young', name: 'Cy Young', papers: 2, share: 1 },
      { key: 'author:bob kahn', name: 'Bob Kahn', papers: 2, share: 0.667 },
    ]);
    expect(second!.people).toEqual([
      { key: 'author:dee dee', name: 'Dee Dee', papers: 2, share: 1 },
      { key: 'author:bob kahn', name: 'Bob Kahn', papers: 1, share: 0.333 },
    ]);
    for (const c of [first!, second!]) {
      expect(c.label).not.toMatch(/Ada|Bob|Cy|Dee/);
      for (const n of c.neighbours) expect(n.shared).toEqual(['parsing']);
    }
    const md = communitiesMarkdown({ seed: 42, resolution: 1, splitResolution: 0, modularity: 0, communities: [first!, second!] }, graph);
    expect(md).toContain('- **People:** Ada Lovelace (4), Cy Young (2), Bob Kahn (2)\n');
    expect(md).toContain('- **People:** Dee Dee (2), Bob Kahn (1)\n');
    // A graph without Author nodes has no `people` at all (outputs of such a corpus are unchanged).
    const bare = buildGraph(papers, papers.map((p) => ({ paperId: p.id, repositories: [], entities: [] })), { topics: { extractions: topicLists, topics, similarity }, authorMinPapers: 0 });
    bare.forEachNode((key, a) => bare.setNodeAttribute(key, 'community', a.type === 'paper' ? Number(key[1]) : 1));
    expect(summariseCommunities(bare, 2, undefined, { topEntities: 5, topPapers: 5, topNeighbours: 5, labelTerms: 3, labelTopics: 2 })[0]).not.toHaveProperty('people');
  });

  it.each([
    ['hate speech', 'speech detection', 'hate speech detection'],
    ['speech detection', 'hate speech', 'hate speech detection'],
    ['dialogue state', 'State-Tracking', 'dialogue state tracking'],
    ['speech', 'speech detection', undefined],
    ['machine translation', 'speech detection', undefined],
  ])('chained(%s, %s) = %s', (a, b, want) => {
    expect(chained(a, b)).toBe(want);
  });

  it('a shared task stays among the community\'s benchmarks but never names it (LABEL_EXCLUSIONS)', () => {
    const report = detectCommunities(topicalGraph(4, 12, 3, { sharedTask: true }));
    expect(report.communities).toHaveLength(4);
    for (const c of report.communities) {
      expect(c.label.split(' · ')[2]).toMatch(/^Tool\d$/);
      expect(c.top.benchmark[0]!.name).toMatch(/Task/);
    }
  });

  it.each([
    ['SemEval-2022 Task 11', false], ['WNUT-2020 Task 2', false], ['BEA 2025 Shared Task', false], ['CMCL 2021 shared tasks', false], ['FinNLP-2022 ERAI Task', false],
    ['CASE 2022', false], ['WMT22', false], ['IWSLT-2008', false], ['SemEval 2023', false], ['IEST 2018', false], ['FinCausal 2022', false], ["Qur'an QA 2022", false],
    ['CoNLL-2003', true], ['ACE2005', true], ['ACE 2005', true], ['CASE', true], ['Llama 2', true], ['WikiText-103', true], ['covid 2020 vaccine tweets', true], ['task 1 classification', true], ['Task-oriented Parsing', true], ['MultiWOZ', true], ['task-oriented dialogue', true], ['multitask learning', true],
  ])('labelable(%s) = %s', (name, ok) => {
    expect(labelable(name)).toBe(ok);
  });

  it('rejects an unknown link weighting, naming the field', () => {
    expect(() => buildGraph([], [], { linkWeighting: 'idf' as never })).toThrow(expect.objectContaining({ code: 'invalid-graph-option', field: 'linkWeighting' }));
  });

  it('the reported modularity is that of the combined graph, as igraph would compute it on the export', () => {
    const graph = topicalGraph(3, 10);
    const report = detectCommunities(graph);
    const reference = graphologyModularity(undirectedCopy(graph), { getNodeCommunity: 'community', getEdgeWeight: 'weight' });
    expect(report.modularity).toBeCloseTo(reference, 5);
    let similar = 0;
    graph.forEachEdge((_e, a) => { if (a.type === 'SIMILAR_TO') similar++; });
    expect(similar).toBe(30);
  });
});

describe('community map', () => {
  it('places each community next to the one it is most associated with, discs apart, deterministically', () => {
    const { graph } = plantedGraph({ papers: 3000, entities: 600, communities: 12, seed: 5, pIn: 0.75 });
    detectCommunities(graph, { restarts: 1 });
    const { csr } = researchCsr(graph);
    const labels = Int32Array.from(csr.keys, (k) => graph.getNodeAttribute(k, 'community'));
    const count = Math.max(...labels) + 1;
    const a = communityMap(csr, labels, count);
    const b = communityMap(csr, labels, count);
    expect([...a.x, ...a.y]).toEqual([...b.x, ...b.y]);
    // Association strength of every pair, each community's strongest partner, its rank by distance.
    const strength = new Float64Array(count);
    const between = new Map<number, number>();
    for (let i = 0; i < csr.n; i++) {
      const c = labels[i]!;
      if (c < 0) continue;
      strength[c] = strength[c]! + csr.strength[i]!;
      for (let p = csr.starts[i]!; p < csr.starts[i + 1]!; p++) {
        const d = labels[csr.nbrs[p]!]!;
        if (d >= 0 && d !== c) between.set(c * count + d, (between.get(c * count + d) ?? 0) + csr.weights[p]!);
      }
    }
    const ranks: number[] = [];
    for (let c = 0; c < count; c++) {
      let best = -1;
      let bestS = 0;
      for (let d = 0; d < count; d++) {
        const s = (between.get(c * count + d) ?? 0) / (strength[c]! * strength[d]!);
        if (s > bestS) [best, bestS] = [d, s];
      }
      if (best < 0) continue;
      const byDistance = [...Array(count).keys()].filter((d) => d !== c).sort((x, y) => Math.hypot(a.x[x]! - a.x[c]!, a.y[x]! - a.y[c]!) - Math.hypot(a.x[y]! - a.x[c]!, a.y[y]! - a.y[c]!));
      ranks.push(byDistance.indexOf(best));
      for (let d = 0; d < count; d++) if (d !== c) expect(Math.hypot(a.x[d]! - a.x[c]!, a.y[d]! - a.y[c]!)).toBeGreaterThanOrEqual(a.r[c]! + a.r[d]! - 1e-6);
    }
    ranks.sort((x, y) => x - y);
    // Random placement would put the strongest partner at median rank ~5 of 11.
    expect(ranks[Math.floor(ranks.length / 2)]).toBeLessThanOrEqual(2);
  });

  it('puts the research lines of one area side by side (areas pull their lines together)', () => {
    const graph = plantedGraph({ papers: 4800, entities: 1200, communities: 30, seed: 11, pIn: 0.6 }).graph;
    const { report, communities } = detectCommunitiesDetailed(graph, { restarts: 1, seed: 3, splitResolution: 0.5 });
    const { csr } = researchCsr(graph);
    const labels = Int32Array.from(csr.keys, (k) => communities[k]!);
    const count = report.communities.length;
    const areas = Int32Array.from(report.communities, (c) => c.parent!);
    // Mean rank (by distance, among all other communities) of each line's nearest line of the same area.
    const siblingRank = (m: { x: Float64Array; y: Float64Array }): number => {
      const ranks: number[] = [];
      for (let c = 0; c < count; c++) {
        const byDistance = [...Array(count).keys()].filter((d) => d !== c).sort((x, y) => Math.hypot(m.x[x]! - m.x[c]!, m.y[x]! - m.y[c]!) - Math.hypot(m.x[y]! - m.x[c]!, m.y[y]! - m.y[c]!));
        const r = byDistance.findIndex((d) => areas[d] === areas[c]);
        if (r >= 0) ranks.push(r);
      }
      expect(ranks.length).toBeGreaterThan(0);
      return ranks.reduce((x, y) => x + y, 0) / ranks.length;
    };
    const withAreas = communityMap(csr, labels, count, {}, areas);
    expect(Array.from(withAreas.x)).toEqual(report.communities.map((c) => c.x));
    expect(siblingRank(withAreas)).toBeLessThan(siblingRank(communityMap(csr, labels, count)));
    // Random places would give about count / (lines per area): tens of ranks here.
    expect(siblingRank(withAreas)).toBeLessThan(count / 10);
  });

  it('places 1,200 communities (Barnes–Hut, overlaps swept along x): deterministic, no two discs overlapping', () => {
    // 1,200 triangles in a chain, each its own community.
    const count = 1_200;
    const edges: { source: number; target: number; weight: number }[] = [];
    for (let t = 0; t < count; t++) {
      edges.push({ source: 3 * t, target: 3 * t + 1, weight: 1 }, { source: 3 * t + 1, target: 3 * t + 2, weight: 1 }, { source: 3 * t, target: 3 * t + 2, weight: 1 });
      if (t > 0) edges.push({ source: 3 * t - 1, target: 3 * t, weight: 0.2 });
    }
    const csr = csrFromEdges(Array.from({ length: 3 * count }, (_, i) => `n${i}`), edges);
    const labels = Int32Array.from({ length: 3 * count }, (_, i) => Math.floor(i / 3));
    const a = communityMap(csr, labels, count);
    const b = communityMap(csr, labels, count);
    expect([...a.x, ...a.y]).toEqual([...b.x, ...b.y]);
    let overlapping = 0;
    for (let c = 0; c < count; c++) {
      for (let d = c + 1; d < count; d++) if (Math.hypot(a.x[d]! - a.x[c]!, a.y[d]! - a.y[c]!) < a.r[c]! + a.r[d]! - 1e-6) overlapping++;
    }
    expect(overlapping).toBe(0);
  });

  it('communities.json carries each community\'s place', () => {
    const report = detectCommunities(plantedGraph().graph);
    for (const c of report.communities) expect([typeof c.x, typeof c.y]).toEqual(['number', 'number']);
  });
});

describe('area agreement (bench:areas)', () => {
  it.each([
    // Cross-checked with scikit-learn's normalized_mutual_info_score (arithmetic).
    [['a', 'a', 'b', 'b', 'c'], [1, 1, 1, 2, 2], 0.458065],
    [['x', 'y', 'x', 'y', 'z', 'z'], [0, 0, 1, 1, 2, 2], 0.57938],
    [[1, 1, 2, 2], [3, 3, 3, 3], 0],
    [['a', 'b'], [0, 1], 1],
  ])('nmi(%j, %j) = %d', (truth, found, value) => {
    expect(nmi(truth, found)).toBeCloseTo(value, 5);
  });

  it('purity: the largest area of each community, over everything counted', () => {
    expect(purity(['a', 'a', 'b', 'b', 'c'], [1, 1, 1, 2, 2])).toBeCloseTo(3 / 5, 10);
  });

  it('reads the venue table; a paper has an area only when its venues name exactly one', () => {
    const areas = parseVenueAreas('# comment\ntranslation: wmt iwslt | MT venues\ndialogue: sigdial | SIGDIAL\n');
    expect(areaOf(['wmt', 'ws'], areas)).toBe('translation');
    expect(areaOf(['wmt', 'iwslt'], areas)).toBe('translation');
    expect(areaOf(['wmt', 'sigdial'], areas)).toBeNull();
    expect(areaOf(['acl'], areas)).toBeNull();
  });

  it.each([
    ['translation wmt iwslt', 1],
    ['translation: wmt\ndialogue: wmt | again', 1],
  ])('rejects a malformed table (%j) naming the line', (text, line) => {
    const fixed = text.includes('|') ? text.replace('translation: wmt\n', 'translation: wmt | MT\n') : text;
    expect(() => parseVenueAreas(fixed, 'areas.txt')).toThrowError(VenueAreasError);
    expect(() => parseVenueAreas(fixed, 'areas.txt')).toThrowError(new RegExp(`areas.txt:${fixed.includes('dialogue') ? 2 : line}`));
  });
});
