// The build's compact graph against graphology: same nodes, edges, keys, attributes and iteration orders.
import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { buildGraph, GRAPH_BUILD_DEFAULTS, GraphBuildError, startGraph } from '../graph/build.ts';
import { csrFromEdges, louvainGraph, type Csr, type WeightedEdge } from '../graph/communities/csr.ts';
import { createRng } from '../graph/rng.ts';
import { CompactGraph, toGraphology } from '../graph/compact.ts';
import { forEachEdgeWithoutKey, forEachOutEdgeWithoutKey } from '../graph/edges.ts';
import { detectCommunities } from '../graph/communities/index.ts';
import { layoutGraph, layoutGraphAsync } from '../graph/layout.ts';
import { edgeJson, toGraphJSON } from '../graph/export/json.ts';
import type { EdgeAttributes, GraphView, NodeAttributes } from '../graph/types.ts';
import type { Extraction, Paper, SimilarityEdges } from '../ingest/types.ts';

const louvain = louvainModule as unknown as typeof louvainModule.default;

/** Papers whose ids include array indices ('12', '3'), which an object (graphology's adjacency) orders first. */
function mixedGraph(ids: string[], staged = false): CompactGraph {
  // Every paper by one author (spelled two ways), every other one by a second: AUTHORED_BY edges of two weights.
  const papers: Paper[] = ids.map((id, i) => ({
    id, title: `Paper ${id}`, abstract: `About ${id}.`, authors: i % 2 === 0 ? ['Ada Lovelace', 'Alan Turing'] : ['ADA LOVELACE'], sources: [{ file: 't', line: 1, format: 'json' }],
  }));
  const extractions: Extraction[] = ids.map((id, i) => ({
    paperId: id,
    // The same repository twice in one paper: one HAS_CODE edge.
    repositories: i % 3 === 0 ? ['https://github.com/org/a', 'https://github.com/org/a'] : i % 3 === 1 ? ['https://github.com/org/b'] : [],
    entities: [
      { key: `tool-${i % 2}`, name: `Tool${i % 2}`, type: 'method', role: 'USES', aliases: [`Tool${i % 2}`], evidence: [{ rule: 'r', reason: 'x', sentence: `About ${id}.`, start: 0, end: 5 }] },
      { key: 'data', name: 'Data', type: 'dataset', role: 'EVALUATES_ON', aliases: ['Data', 'DATA'], evidence: [] },
    ],
  }));
  const topicLists = ids.map((id, i) => ({ paperId: id, topics: [{ key: `topic ${i % 2}`, name: `topic ${i % 2}`, count: 1 + (i % 3), weight: 1, inTitle: false }] }));
  const topics = [0, 1].map((t) => ({ key: `topic ${t}`, name: `topic ${t}`, papers: 4, lift: 2.5 }));
  // Each paper similar to the two after it (pairs stored earlier → later).
  const source: number[] = [];
  const target: number[] = [];
  for (let i = 0; i < ids.length; i++) for (const j of [i + 1, i + 2]) if (j < ids.length) [source.push(i), target.push(j)];
  const similarity: SimilarityEdges = { source: Int32Array.from(source), target: Int32Array.from(target), score: Float64Array.from(source, (s, e) => 0.3 + 0.01 * (s + e)) };
  if (staged) return startGraph(papers, extractions, { topics: { extractions: topicLists, topics } }).finish(similarity);
  return buildGraph(papers, extractions, { topics: { extractions: topicLists, topics, similarity } });
}

/** Everything a stage can observe through `GraphView`, in iteration order. */
function observe(graph: GraphView) {
  const nodes = [...graph.nodeEntries()].map(({ node, attributes }) => ({ node, attributes, degree: graph.degree(node), in: graph.inDegree(node), out: graph.outDegree(node) }));
  const edges: unknown[] = [];
  graph.forEachEdge((edge, attributes, source, target, sa, ta) => edges.push([edge, attributes, source, target, sa.label, ta.label]));
  const outEdges = graph.nodes().map((node) => {
    const viaCallback: unknown[] = [];
    graph.forEachOutEdge(node, (edge, attributes, _s, target) => viaCallback.push([edge, attributes, target]));
    const viaEntries = [...graph.outEdgeEntries(node)].map(({ edge, attributes, target }) => [edge, attributes, target]);
    const withoutKey: unknown[] = [];
    forEachOutEdgeWithoutKey(graph, node, (attributes, _s, target, _sa, ta) => withoutKey.push([attributes, target, ta.label]));
    return { node, viaCallback, viaEntries, withoutKey };
  });
  const edgesWithoutKey: unknown[] = [];
  forEachEdgeWithoutKey(graph, (attributes, source, target, sa, ta) => edgesWithoutKey.push([attributes, source, target, sa.label, ta.label]));
  const entries = [...graph.edgeEntries()].map(({ edge, attributes, source, target, undirected }) => [edge, attributes, source, target, undirected]);
  return { order: graph.order, size: graph.size, attributes: graph.getAttributes(), nodes, edges, edgesWithoutKey, outEdges, entries };
}

/** Paper ids: plain, and array-index-like ones (graphology orders those neighbours first). */
const ID_CASES: [string, string[]][] = [
  ['plain ids', ['a', 'b', 'c', 'd', 'e', 'f']],
  ['array-index ids among others', ['x', '12', 'b', '3', '007', '4294967295', 'c']],
];

describe('CompactGraph', () => {
  it.each(ID_CASES)('%s: reads exactly like its graphology copy (keys, attributes, orders, degrees)', (_name, ids) => {
    const compact = mixedGraph(ids);
    const reference = toGraphology(compact);
    const seen = observe(compact);
    expect(seen).toEqual(observe(reference));
    // Out-edges in graphology's neighbour order: on the reference, array-index neighbours come first.
    for (const { viaCallback, viaEntries, withoutKey } of seen.outEdges) {
      expect(viaEntries).toEqual(viaCallback);
      expect(withoutKey).toHaveLength(viaCallback.length);
    }
    expect(seen.edgesWithoutKey).toHaveLength(compact.size);
    expect(JSON.stringify(compact.export())).toBe(JSON.stringify(reference.export()));
    expect(toGraphJSON(compact)).toBe(toGraphJSON(reference));
  });

  it.each(ID_CASES)('%s: built in two steps (similarity links last, as the build does while the topic thread finishes), the same graph', (_name, ids) => {
    const staged = mixedGraph(ids, true);
    expect(observe(staged)).toEqual(observe(mixedGraph(ids)));
    expect(toGraphJSON(staged)).toBe(toGraphJSON(mixedGraph(ids)));
  });

  it('a two-step build refuses similarity links outside its papers, and a second finish', () => {
    const papers: Paper[] = ['a', 'b'].map((id) => ({ id, title: id, abstract: '', authors: [], sources: [] }));
    const extractions: Extraction[] = papers.map((p) => ({ paperId: p.id, repositories: [], entities: [] }));
    const outside: SimilarityEdges = { source: Int32Array.of(0), target: Int32Array.of(2), score: Float64Array.of(0.5) };
    expect(() => startGraph(papers, extractions).finish(outside)).toThrow(expect.objectContaining({ code: 'extraction-mismatch' }));
    expect(() => startGraph(papers, extractions).finish(outside)).toThrow(GraphBuildError);
    for (const [source, target] of [[-1, 0], [0, 0.5], [1, 2]]) {
      const bad: SimilarityEdges = { source: [source] as unknown as Int32Array, target: [target] as unknown as Int32Array, score: Float64Array.of(0.5) };
      expect(() => startGraph(papers, extractions).finish(bad)).toThrow(expect.objectContaining({ code: 'extraction-mismatch' }));
    }
    const similar = startGraph(papers, extractions).finish({ source: Int32Array.of(1), target: Int32Array.of(0), score: Float64Array.of(0.5) });
    expect(similar.getEdgeAttributes('b~a')).toEqual({ type: 'SIMILAR_TO', weight: expect.any(Number), score: 0.5 });
    expect(() => new CompactGraph({} as never).addSimilarAt(0, 0, 1, 1)).toThrow('no node at index 0');
    const started = startGraph(papers, extractions);
    expect(started.finish(undefined).size).toBe(0);
    expect(() => started.finish(undefined)).toThrow();
  });

  it.each(ID_CASES)('%s: communities and their summaries are the same on the compact graph and its graphology copy', (_name, ids) => {
    const compact = mixedGraph(ids);
    const reference = toGraphology(compact);
    const report = detectCommunities(compact, { seed: 3 });
    expect(report.communities.length).toBeGreaterThan(0);
    expect(report.communities[0]!.topPapers.length).toBeGreaterThan(0);
    expect(report).toEqual(detectCommunities(reference, { seed: 3 }));
    expect(compact.nodes().map((k) => compact.getNodeAttribute(k, 'community'))).toEqual(reference.nodes().map((k) => reference.getNodeAttribute(k, 'community')));
  });

  // The per-community layout reads the compact graph by index (its own out-edge arrays), any other view by key.
  it.each(ID_CASES)('%s: the per-community layout places every node where it does on the graphology copy', async (_name, ids) => {
    const compact = mixedGraph(ids);
    detectCommunities(compact, { seed: 3 });
    const reference = toGraphology(compact);
    const options = { hierarchicalFrom: 0, iterations: 0, seed: 4 };
    layoutGraph(reference, options);
    await layoutGraphAsync(compact, options, 2);
    const positions = (g: GraphView) => [...g.nodeEntries()].map(({ node, attributes: a }) => [node, a.x, a.y, a.size]);
    expect(positions(compact)).toEqual(positions(reference));
    expect(new Set(positions(compact).map(([, x, y]) => `${x},${y}`)).size).toBe(compact.order);
  });

  it('outEdgeIndex lists each node\'s out-edges in forEachOutEdge order, and a missing weight as asked; degrees as graphology counts them', () => {
    const g = mixedGraph(['a', '12', 'b', '3']);
    const keys = g.nodes();
    const { source, target } = g.edgeArrays();
    const { outStarts, outEdges, weight } = g.outEdgeIndex(7);
    for (const [i, key] of keys.entries()) {
      const expected: [string, number][] = [];
      g.forEachOutEdge(key, (_e, a, _s, t) => expected.push([t, a.weight]));
      const got = Array.from(outEdges.subarray(outStarts[i]!, outStarts[i + 1]!), (e) => {
        expect(keys[source[e]!]).toBe(key);
        return [keys[target[e]!]!, weight[e]!] as [string, number];
      });
      expect(got).toEqual(expected);
    }
    const copy = toGraphology(g);
    expect(Array.from(g.degrees())).toEqual(keys.map((k) => copy.degree(k)));
    const unweighted = new CompactGraph({} as never);
    for (const key of ['p', 'q']) unweighted.addNode(key, { type: 'paper' } as NodeAttributes);
    unweighted.addEdge('p', 'q', { type: 'MENTIONS' } as unknown as EdgeAttributes);
    expect(Array.from(unweighted.outEdgeIndex(7).weight)).toEqual([7]);
  });

  it('holds the attributes build.ts writes, one edge per pair', () => {
    const g = mixedGraph(['a', 'b', 'c', 'd']);
    expect(g.size).toBe(4 * 2 + 3 + 4 + 4 + 2 + 5); // entities, code (a, b, d), topics, authors (4 + 2), similar pairs
    // 'topic 0' and repository a each linked by two papers: 1/√2.
    expect(g.getEdgeAttributes('a->topic:topic 0')).toEqual({ type: 'ABOUT', weight: 0.7071, count: 1 });
    expect(g.getEdgeAttributes('b->topic:topic 1')).toEqual({ type: 'ABOUT', weight: 0.7071, count: 2 });
    expect(g.getEdgeAttributes('b~d')).toEqual({ type: 'SIMILAR_TO', weight: Math.round(GRAPH_BUILD_DEFAULTS.similarityWeight * 0.34 * 1e4) / 1e4, score: 0.34 });
    expect(g.getEdgeAttributes('a->https://github.com/org/a')).toEqual({ type: 'HAS_CODE', weight: 0.7071 });
    expect(g.getEdgeAttributes('b->author:ada lovelace')).toEqual({ type: 'AUTHORED_BY', weight: 0.5 });
    expect(g.getEdgeAttributes('c->author:alan turing')).toEqual({ type: 'AUTHORED_BY', weight: 0.7071 });
    expect(g.getNodeAttributes('author:ada lovelace')).toMatchObject({ type: 'author', label: 'Ada Lovelace', papers: 4, aliases: ['ADA LOVELACE', 'Ada Lovelace'] });
    expect(g.getEdgeAttributes('b->data')).toMatchObject({ type: 'EVALUATES_ON', name: 'Data', aliases: ['Data', 'DATA'] });
    expect(() => g.getEdgeAttributes('a->nowhere')).toThrow();
  });

  it('node attributes are written in place (communities, layout); the built graph takes no more nodes or edges', () => {
    const g = mixedGraph(['a', 'b', 'c']);
    g.mergeNodeAttributes('a', { community: 4, color: '#123456' });
    g.setNodeAttribute('b', 'x', 7);
    expect(g.getNodeAttributes('a')).toMatchObject({ community: 4, color: '#123456' });
    expect(g.getNodeAttribute('b', 'x')).toBe(7);
    expect(() => g.addNode('z', g.getNodeAttributes('a'))).toThrow(/sealed/);
    expect(() => g.getNodeAttributes('missing')).toThrow(/does not exist/);
  });

  it.each([
    ['plain keys', ['a', 'b', 'c', 'd']],
    ['keys JSON must escape', ['say "hi"', 'back\\slash', 'tab\tnew\nline\u0001', 'lone \ud800 surrogate', '\udc00low', 'emoji 😀', '12']],
  ])('%s: edgeJsonTexts writes every edge as edgeJson writes its entry', (_name, keys) => {
    const g = new CompactGraph({ name: 'g', seed: 1, schema: 1 } as never);
    for (const key of keys) g.addNode(key, { type: 'paper', label: key } as unknown as NodeAttributes);
    const [a, b, c] = [keys[0]!, keys[1]!, keys[2]!];
    const last = keys[keys.length - 1]!;
    g.addEdge(a, b, { type: 'USES', weight: 0.5, name: 'X "y"', aliases: ['x'] } as EdgeAttributes);
    g.addEdge(b, a, {} as EdgeAttributes); // no attributes: graphology's export leaves the field out
    g.addEdge(a, c, { weight: undefined } as unknown as EdgeAttributes); // a key without a value: `"attributes":{}` kept
    g.addAbout(b, c, 0.1 + 0.2, 3);
    g.addAbout(c, a, Number.NaN, -0);
    g.addSimilar(a, last, 1e21, 5e-7);
    g.addSimilar(c, b, Number.POSITIVE_INFINITY, 0.25);
    g.addCode(last, a, 0.7071);
    const viaEntries = [...g.edgeEntries()].map((e) => edgeJson(g, e.edge, e.source, e.target, e.attributes, e.undirected));
    expect([...g.edgeJsonTexts()]).toEqual(viaEntries);
    expect(toGraphJSON(g)).toBe(toGraphJSON(toGraphology(g)));
    for (const text of viaEntries) expect(() => JSON.parse(text)).not.toThrow();
  });

  it('edgeArrays gives node indices in nodes() order and weights in edge order', () => {
    const g = mixedGraph(['a', 'b', 'c']);
    const { source, target, weight } = g.edgeArrays();
    const keys = g.nodes();
    const edges: [string, string, number][] = [];
    g.forEachEdge((_e, a, s, t) => edges.push([s, t, a.weight]));
    expect(Array.from(source, (s, e) => [keys[s], keys[target[e]!], weight[e]])).toEqual(edges);
  });
});

/** What partition.ts built before `louvainGraph`: a graphology graph, nodes in `order`, each pair once from its lower end. */
function graphologyOf(csr: Csr, order: Int32Array): UndirectedGraph {
  const g = new UndirectedGraph();
  for (const i of order) g.addNode(String(i));
  for (const i of order) {
    for (let p = csr.starts[i]!; p < csr.starts[i + 1]!; p++) {
      const j = csr.nbrs[p]!;
      if (j > i) g.addUndirectedEdge(String(i), String(j), { weight: csr.weights[p]! });
    }
  }
  return g;
}

describe('louvainGraph', () => {
  it.each([
    [1, { fastLocalMoves: true, randomWalk: true }],
    [2, { fastLocalMoves: false, randomWalk: true }],
    [3, { fastLocalMoves: true, randomWalk: false }],
  ])('seed %i %j: Louvain gives the same partition on the CSR view as on a graphology copy', (seed, switches) => {
    // Four weakly planted groups of 40 nodes (many partitions score alike, so any change in the node, edge or
    // neighbour order Louvain sees shows), random weights; a self-loop the view leaves out.
    const rng = createRng(seed);
    const n = 160;
    const edges: WeightedEdge[] = [{ source: 5, target: 5, weight: 2 }];
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const inside = Math.floor(a / 40) === Math.floor(b / 40);
        if (rng() < (inside ? 0.06 : 0.03)) edges.push({ source: rng() < 0.5 ? a : b, target: rng() < 0.5 ? b : a, weight: 0.1 + rng() });
      }
    }
    const csr = csrFromEdges(Array.from({ length: n }, (_, i) => String(i)), edges);
    const order = Int32Array.from({ length: n }, (_, i) => (i * 37) % n);
    const options = { rng: createRng(seed * 7), getEdgeWeight: 'weight', ...switches };
    const viaView = louvain(louvainGraph(csr, order) as unknown as UndirectedGraph, { ...options, rng: createRng(seed * 7) });
    const viaGraphology = louvain(graphologyOf(csr, order), options);
    expect(viaView).toEqual(viaGraphology);
    expect(new Set(Object.values(viaView)).size).toBeGreaterThan(1);
  });
});
