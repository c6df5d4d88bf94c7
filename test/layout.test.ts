// Layout: deterministic rounded positions, degree-scaled sizes, communities drawn apart, options validated.
import { describe, expect, it } from 'vitest';
import { detectCommunities } from '../graph/communities/index.ts';
import { LAYOUT_DEFAULTS, autoIterations, layoutGraph, layoutGraphAsync, localIterations, validateLayoutOptions, type LayoutOptions } from '../graph/layout.ts';
import type { ResearchGraph } from '../graph/types.ts';
import { plantedGraph } from './fixtures/graph/planted.ts';
import { tinyGraph } from './fixtures/graph/tiny.ts';

function laidOut(options: Partial<LayoutOptions> = {}, make = () => plantedGraph().graph): ResearchGraph {
  const graph = make();
  detectCommunities(graph);
  layoutGraph(graph, { iterations: 60, ...options });
  return graph;
}

const positions = (g: ResearchGraph) => g.mapNodes((k, a) => `${k}:${a.x}:${a.y}:${a.size}`).join('|');

describe('layoutGraph', () => {
  it('same seed → identical positions; another seed → different ones', () => {
    expect(positions(laidOut({ seed: 3 }))).toBe(positions(laidOut({ seed: 3 })));
    expect(positions(laidOut({ seed: 4 }))).not.toBe(positions(laidOut({ seed: 3 })));
  });

  it.each([0, 2, 4])('rounds positions to %i decimals and never writes -0', (decimals) => {
    const graph = laidOut({ decimals, iterations: 20 }, tinyGraph);
    graph.forEachNode((_k, a) => {
      for (const v of [a.x, a.y]) {
        expect(Number.isFinite(v)).toBe(true);
        expect(Math.round(v * 10 ** decimals) / 10 ** decimals).toBe(v);
        expect(Object.is(v, -0)).toBe(false);
      }
    });
  });

  it('sizes nodes by degree: papers within their range, the biggest hub entity largest', () => {
    const graph = laidOut({ iterations: 10 });
    let hub = '';
    graph.forEachNode((key, a) => {
      const [lo, hi] = a.type === 'paper' ? LAYOUT_DEFAULTS.paperSize : LAYOUT_DEFAULTS.entitySize;
      expect(a.size).toBeGreaterThanOrEqual(lo);
      expect(a.size).toBeLessThanOrEqual(hi);
      if (a.type !== 'paper' && (!hub || graph.degree(key) > graph.degree(hub))) hub = key;
    });
    expect(graph.getNodeAttribute(hub, 'size')).toBe(LAYOUT_DEFAULTS.entitySize[1]);
    const maxPaper = Math.max(...graph.filterNodes((_k, a) => a.type === 'paper').map((k) => graph.getNodeAttribute(k, 'size')));
    expect(maxPaper).toBeLessThan(graph.getNodeAttribute(hub, 'size'));
  });

  it.each([
    ['global ForceAtlas2', { iterations: 150 }, 0.8],
    ['by community (big-graph path)', { hierarchicalFrom: 0, iterations: 0 }, 0.97],
  ])('draws communities apart (%s): nodes sit nearer their own centroid than other communities’', (_name, options, share) => {
    const graph = laidOut(options);
    const centroids = new Map<number, { x: number; y: number; n: number }>();
    graph.forEachNode((_k, a) => {
      const c = centroids.get(a.community) ?? { x: 0, y: 0, n: 0 };
      centroids.set(a.community, { x: c.x + a.x, y: c.y + a.y, n: c.n + 1 });
    });
    let nearestOwn = 0;
    let counted = 0;
    graph.forEachNode((_k, a) => {
      if (a.community < 0) return;
      let best = -1;
      let bestD = Infinity;
      for (const [c, s] of centroids) {
        if (c < 0) continue;
        const d = Math.hypot(a.x - s.x / s.n, a.y - s.y / s.n);
        if (d < bestD) [best, bestD] = [c, d];
      }
      counted++;
      if (best === a.community) nearestOwn++;
    });
    // A random placement scores about 1/8 here; 20% of the planted links cross lines, so some papers
    // legitimately sit between communities.
    expect(nearestOwn / counted).toBeGreaterThan(share);
  });

  it('by community: deterministic, every position finite, isolated nodes outside every community', () => {
    const run = () => laidOut({ hierarchicalFrom: 0, iterations: 0, seed: 5 }, () => {
      const g = plantedGraph().graph;
      g.addNode('lonely', { type: 'method', label: 'lonely', aliases: [], papers: 0, x: 0, y: 0, size: 1, color: '#999999', community: -1 });
      return g;
    });
    const graph = run();
    expect(positions(graph)).toBe(positions(run()));
    let inner = 0;
    graph.forEachNode((key, a) => {
      expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true);
      if (a.community !== -1) inner = Math.max(inner, Math.hypot(a.x, a.y));
    });
    const lonely = graph.getNodeAttributes('lonely');
    expect(graph.getNodeAttribute('lonely', 'community')).toBe(-1);
    expect(Math.hypot(lonely.x, lonely.y)).toBeGreaterThan(inner);
  });

  // The per-community ForceAtlas2 runs go to worker threads as flat matrices: the numbers must not depend on
  // where they ran. The second graph takes the graphology path for one community (a self-loop, and keys an
  // object would reorder: '7', '12').
  it.each([
    ['planted graph', () => plantedGraph().graph],
    [
      'with a self-loop and array-index keys',
      () => {
        const g = plantedGraph().graph;
        const paper = g.findNode((_k, a) => a.type === 'paper')!;
        for (const key of ['12', '7']) {
          g.addNode(key, { ...g.getNodeAttributes(paper), label: key });
          g.addEdge(key, paper, { type: 'MENTIONS', weight: 1 } as never);
        }
        g.addEdge('7', '7', { type: 'MENTIONS', weight: 1 } as never);
        return g;
      },
    ],
  ])('by community on 1, 2 or 3 threads: byte-identical positions (%s)', async (_name, make) => {
    const options = { hierarchicalFrom: 0, iterations: 0, seed: 9 };
    const here = laidOut(options, make);
    for (const threads of [1, 2, 3]) {
      const graph = make();
      detectCommunities(graph);
      await layoutGraphAsync(graph, options, threads);
      expect(positions(graph)).toBe(positions(here));
    }
  });

  // A pair linked both ways is one ForceAtlas2 edge: the first one met, in member (node) order then out-edge order.
  // The planted graph lists its entities before its papers, so an entity's link back to a paper is met first.
  it('by community: a pair linked both ways weighs as the link met first', () => {
    const options = { hierarchicalFrom: 0, iterations: 0, seed: 2 };
    const once = plantedGraph().graph;
    detectCommunities(once);
    const inside = once.filterEdges((_e, _a, _s, _t, sa, ta) => sa.community === ta.community && sa.community >= 0).slice(0, 40);
    expect(inside.length).toBe(40);
    const both = once.copy();
    const reversed = once.copy();
    for (const edge of inside) {
      const back = [once.target(edge), once.source(edge), { type: 'MENTIONS', weight: 9 } as never] as const;
      both.addEdge(...back);
      reversed.dropEdge(edge);
      reversed.addEdge(...back);
    }
    const xy = (g: ResearchGraph) => g.mapNodes((k, a) => `${k}:${a.x}:${a.y}`).join('|');
    for (const g of [once, both, reversed]) layoutGraph(g, options);
    expect(xy(both)).toBe(xy(reversed));
    expect(xy(both)).not.toBe(xy(once));
  });

  it.each([
    [100, 60],
    [1_500, 15],
    [6_000, 8],
  ])('localIterations(%i) = %i', (order, iterations) => {
    expect(localIterations(order)).toBe(iterations);
  });

  it('handles a graph without edges', () => {
    const graph = tinyGraph();
    graph.clearEdges();
    detectCommunities(graph);
    layoutGraph(graph);
    graph.forEachNode((_k, a) => expect(Number.isFinite(a.x) && Number.isFinite(a.y) && a.size > 0).toBe(true));
  });

  it.each([
    [1_000, 200],
    [5_000, 120],
    [40_000, 50],
    [150_000, 15],
  ])('autoIterations(%i) = %i', (order, iterations) => {
    expect(autoIterations(order)).toBe(iterations);
  });

  it.each([
    { field: 'seed', value: -3 },
    { field: 'iterations', value: 2.5 },
    { field: 'decimals', value: 9 },
    { field: 'linLogMode', value: 1 },
    { field: 'communityAttraction', value: 0 },
    { field: 'scalingRatio', value: -1 },
    { field: 'paperSize', value: [5, 2] },
    { field: 'hierarchicalFrom', value: -1 },
  ])('rejects $field = $value', ({ field, value }) => {
    expect(() => validateLayoutOptions({ [field]: value } as Partial<LayoutOptions>)).toThrowError(
      expect.objectContaining({ code: 'invalid-layout-option', field }),
    );
  });
});
