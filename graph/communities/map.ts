// A map of the communities themselves (VOSviewer's cluster map): one disc per community, placed so communities
// that share topics and entities sit near each other and no two discs overlap. The viewer's community-level view
// draws it; the node layout (graph/layout.ts) is for the node-level view.
import { UndirectedGraph } from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import type { Csr } from './csr.ts';

// A CommonJS package typed with `export default`: under NodeNext the default import is module.exports itself.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

export interface MapOptions {
  /** ForceAtlas2 iterations on the community graph (it has at most a few hundred nodes). */
  iterations: number;
  /**
   * Each community pulls on its this many most strongly associated communities only: on the full community graph
   * everything links to everything a little and the map collapses to a disc where nothing is near its kin.
   */
  links: number;
  /** Decimals kept in x and y. */
  decimals: number;
}

export const MAP_DEFAULTS: MapOptions = { iterations: 600, links: 2, decimals: 2 };

/**
 * From this many communities the map's ForceAtlas2 uses Barnes–Hut and overlaps are found by sweeping along x instead
 * of testing every pair: both are quadratic in the count, and a corpus of many small research lines (the 8× ACL
 * replicas of `bench:scale`: thousands) spent minutes there. Below it the exact all-pairs passes run, as before.
 */
export const MAP_LARGE_FROM = 1_000;

export interface CommunityMap {
  x: Float64Array;
  y: Float64Array;
  /** Disc radius: √(members), in the map's own units. */
  r: Float64Array;
}

/**
 * Places communities 0..count-1 (labels < 0 are ignored). Links are the edge weight between two communities over
 * what their sizes predict (association strength w_cd · 2m / (k_c · k_d), as VOSviewer normalises co-occurrence),
 * so two small communities that share a topic attract as much as two big ones sharing many. Deterministic: the
 * start is a golden-angle spiral by id and ForceAtlas2 has no randomness. With `areas` (each community's
 * `Community.parent`), the research lines of one area also pull on each other, whether or not they are among each
 * other's strongest few: they were one community before the split, and a reader looks for them side by side.
 */
export function communityMap(csr: Csr, labels: ArrayLike<number>, count: number, options: Partial<MapOptions> = {}, areas?: ArrayLike<number>): CommunityMap {
  const o = { ...MAP_DEFAULTS, ...options };
  const members = new Float64Array(count);
  const strength = new Float64Array(count);
  const between = new Map<number, number>();
  for (let i = 0; i < csr.n; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    members[c] = members[c]! + 1;
    strength[c] = strength[c]! + csr.strength[i]!;
    for (let p = csr.starts[i]!; p < csr.starts[i + 1]!; p++) {
      const j = csr.nbrs[p]!;
      const d = labels[j]!;
      if (d < 0 || d <= c) continue; // each pair of communities once, from the lower id
      const key = c * count + d;
      between.set(key, (between.get(key) ?? 0) + csr.weights[p]!);
    }
  }
  const g = new UndirectedGraph<{ x: number; y: number; size: number }, { weight: number }>();
  const golden = Math.PI * (3 - Math.sqrt(5));
  let before = 0;
  for (let c = 0; c < count; c++) {
    const r = Math.sqrt(members[c]!);
    const d = c === 0 ? 0 : 2 * Math.sqrt(before + members[c]! / 2);
    g.addNode(String(c), { x: d * Math.cos(c * golden), y: d * Math.sin(c * golden), size: r });
    before += members[c]!;
  }
  // Association strength of every linked pair, then each community's strongest few (a pair kept by either side).
  const strongest: { d: number; s: number }[][] = Array.from({ length: count }, () => []);
  const association = new Map<number, number>();
  for (const [key, w] of between) {
    const c = Math.floor(key / count);
    const d = key % count;
    const s = (w * csr.total) / (strength[c]! * strength[d]!);
    if (!(s > 0 && Number.isFinite(s))) continue;
    association.set(key, s);
    strongest[c]!.push({ d, s });
    strongest[d]!.push({ d: c, s });
  }
  const kept = new Set<number>();
  strongest.forEach((list, c) => {
    list.sort((a, b) => b.s - a.s || a.d - b.d);
    for (const { d } of list.slice(0, o.links)) kept.add(Math.min(c, d) * count + Math.max(c, d));
    if (areas) for (const { d } of list) if (areas[c] === areas[d]) kept.add(Math.min(c, d) * count + Math.max(c, d));
  });
  for (const key of [...kept].sort((a, b) => a - b)) {
    g.addEdge(String(Math.floor(key / count)), String(key % count), { weight: association.get(key)! });
  }
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const r = Float64Array.from(members, (m) => Math.sqrt(m));
  if (count > 1) {
    // Points first (discs of very different sizes would let collisions, not kinship, decide the picture), then the
    // map is scaled until most discs are clear of their nearest neighbour, and the few still touching are pushed apart.
    const settings = { ...forceAtlas2.inferSettings(g), adjustSizes: false, barnesHutOptimize: count >= MAP_LARGE_FROM, linLogMode: true, strongGravityMode: false, gravity: 1 };
    forceAtlas2.assign(g, { iterations: o.iterations, settings, getEdgeWeight: 'weight' });
    spread(g, 0.8);
    separate(g, 200);
  }
  const f = 10 ** o.decimals;
  for (let c = 0; c < count; c++) {
    const a = g.getNodeAttributes(String(c));
    x[c] = Math.round(a.x * f) / f + 0;
    y[c] = Math.round(a.y * f) / f + 0;
  }
  return { x, y, r };
}

/** Scales positions about the centre so that `share` of the discs are clear of their nearest neighbour. */
function spread(g: UndirectedGraph<{ x: number; y: number; size: number }>, share: number): void {
  const nodes = g.nodes().map((k) => g.getNodeAttributes(k));
  const need: number[] = [];
  for (const a of nodes) {
    let worst = 0;
    for (const b of nodes) {
      if (a === b) continue;
      const dist = Math.hypot(a.x - b.x, a.y - b.y) || 1e-9;
      worst = Math.max(worst, ((a.size + b.size) * 1.1) / dist);
    }
    need.push(worst);
  }
  need.sort((x, y) => x - y);
  const scale = need[Math.min(need.length - 1, Math.floor(share * need.length))] ?? 1;
  if (!(scale > 0 && Number.isFinite(scale))) return;
  for (const a of nodes) {
    a.x *= scale;
    a.y *= scale;
  }
}

/**
 * Pushes overlapping discs apart along the line between their centres (a few deterministic sweeps). Every pair in
 * index order; from MAP_LARGE_FROM discs only the pairs closer in x than the largest overlap could reach, in x order.
 */
function separate(g: UndirectedGraph<{ x: number; y: number; size: number }>, sweeps: number): void {
  const nodes = g.nodes().map((k) => g.getNodeAttributes(k));
  const gap = 1.1;
  const large = nodes.length >= MAP_LARGE_FROM;
  const maxSize = nodes.reduce((m, a) => Math.max(m, a.size), 0);
  const order = nodes.map((_, i) => i);
  for (let s = 0; s < sweeps; s++) {
    let moved = false;
    if (large) order.sort((p, q) => nodes[p]!.x - nodes[q]!.x || p - q);
    for (let oi = 0; oi < order.length; oi++) {
      for (let oj = oi + 1; oj < order.length; oj++) {
        const a = nodes[order[oi]!]!;
        const b = nodes[order[oj]!]!;
        if (large && b.x - a.x > (a.size + maxSize) * gap) break;
        const need = (a.size + b.size) * gap;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let dist = Math.hypot(dx, dy);
        if (dist >= need) continue;
        if (dist === 0) {
          dx = 1;
          dy = 0;
          dist = 1;
        }
        const push = (need - dist) / 2;
        a.x -= (dx / dist) * push;
        a.y -= (dy / dist) * push;
        b.x += (dx / dist) * push;
        b.y += (dy / dist) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
}
