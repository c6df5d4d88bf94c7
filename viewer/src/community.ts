// Community-level view for large graphs: one node per community on the community map (related communities near each
// other), edges weighted by inter-community links; an expanded community shows its own nodes as a sub-map laid out
// anew around its place. Builds a new display graph, never touches the data graph.
import { DirectedGraph, UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import type { Attributes } from 'graphology-types';
import { createRng } from '../../graph/rng.ts';
import type { BaseNodeAttributes, NodeAttributes } from '../../graph/types.ts';
import { legendGroup, type CommunityInfo, type Model } from './model.ts';
import type { ViewerSettings } from './settings.ts';

// A CommonJS package typed with `export default`: the default import is module.exports itself.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;
const louvain = louvainModule as unknown as typeof louvainModule.default;


export const COMMUNITY_NODE_PREFIX = 'community:';
/** Edge `type` of an aggregated link in the display graph. */
export const AGGREGATE_EDGE = 'AGGREGATE';

export function communityNodeKey(id: number): string {
  return `${COMMUNITY_NODE_PREFIX}${id}`;
}

/** The community id of a display node key, or null for a data node. */
export function communityOfKey(key: string): number | null {
  if (!key.startsWith(COMMUNITY_NODE_PREFIX)) return null;
  const id = Number(key.slice(COMMUNITY_NODE_PREFIX.length));
  return Number.isInteger(id) ? id : null;
}

/** A community drawn as one node: the shared node attributes with its own type and member count. */
export interface CommunityNodeAttributes extends Omit<BaseNodeAttributes, 'type'> {
  type: 'community';
  members: number;
}

type Point = { x: number; y: number };

/**
 * Where each community sits at community level: its place on the community map (communities.json) when the build
 * wrote one, with the unassigned group just outside the map; else the centroid of its nodes.
 */
export function communityPlaces(model: Model): { places: Map<number, Point>; radius: Map<number, number>; mapped: boolean } {
  const places = new Map<number, Point>();
  const radius = new Map<number, number>();
  const list = [...model.communities.values()];
  const mapped = list.some((c) => c.map !== undefined);
  let extent = 0;
  for (const c of list) {
    radius.set(c.id, Math.sqrt(c.size));
    if (!mapped) places.set(c.id, { x: c.x, y: c.y });
    else if (c.map) {
      places.set(c.id, c.map);
      extent = Math.max(extent, Math.hypot(c.map.x, c.map.y) + Math.sqrt(c.size));
    }
  }
  for (const c of list) {
    if (places.has(c.id)) continue;
    // Unassigned nodes (and any community without a place): below the map, clear of it.
    places.set(c.id, { x: 0, y: -(extent + 2 * Math.sqrt(c.size)) });
  }
  return { places, radius, mapped };
}

/** The frame of the community view: every community disc (sub-maps included) fits in it. */
export function communityBBox(model: Model, settings: ViewerSettings): { x: [number, number]; y: [number, number] } {
  const { places, radius, mapped } = communityPlaces(model);
  if (!mapped) return model.bbox;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [id, p] of places) {
    const r = (radius.get(id) ?? 1) * settings.community.subMapScale;
    minX = Math.min(minX, p.x - r);
    maxX = Math.max(maxX, p.x + r);
    minY = Math.min(minY, p.y - r);
    maxY = Math.max(maxY, p.y + r);
  }
  if (!Number.isFinite(minX)) return model.bbox;
  return { x: [minX, maxX], y: [minY, maxY] };
}

/** Sub-map positions, computed once per community (the layout is deterministic, the data never changes). */
export type SubMapCache = Map<number, Map<string, Point>>;

/**
 * An expanded community laid out as a readable sub-map rather than one blob: its own sub-communities (seeded
 * Louvain on its nodes and the edges among them) start in discs of their own on a golden-angle spiral, then a
 * ForceAtlas2 run (LinLog, hubs dissuaded, edges inside a sub-community pulling `subMapAttraction` times harder)
 * settles them — the same recipe as the node layout, one level down. The result is fitted into a disc of
 * `subMapScale` × the community's map radius around its place. Iterations follow the size (`subMapWork` /
 * (nodes + edges), within `subMapIterations`).
 */
export function subMap(model: Model, c: CommunityInfo, centre: Point, radius: number, settings: ViewerSettings): Map<string, Point> {
  const members = new Set(c.members);
  const g = new UndirectedGraph<{ x: number; y: number; group: number }, { weight: number }>();
  for (const key of c.members) g.addNode(key, { x: 0, y: 0, group: 0 });
  for (const e of model.edges) {
    if (!members.has(e.source) || !members.has(e.target) || e.source === e.target) continue;
    const w = e.attributes.weight || 1;
    if (g.hasEdge(e.source, e.target)) g.updateEdgeAttribute(e.source, e.target, 'weight', (x) => (x ?? 0) + w);
    else g.addEdge(e.source, e.target, { weight: w });
  }
  const groups = g.size > 0 ? louvain(g, { rng: createRng(c.id + 1), getEdgeWeight: 'weight' }) : {};
  // Sub-communities by size (largest in the middle), each a disc of radius ∝ √size.
  const sizes = new Map<number, number>();
  for (const key of c.members) sizes.set(groups[key] ?? -1, (sizes.get(groups[key] ?? -1) ?? 0) + 1);
  const order = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || a - b);
  const golden = Math.PI * (3 - Math.sqrt(5));
  const discs = new Map<number, { x: number; y: number; r: number }>();
  let before = 0;
  order.forEach((id, rank) => {
    const size = sizes.get(id)!;
    const d = rank === 0 ? 0 : 2 * Math.sqrt(before + size / 2);
    discs.set(id, { x: d * Math.cos(rank * golden), y: d * Math.sin(rank * golden), r: Math.sqrt(size) });
    before += size;
  });
  const rng = createRng(c.id + 7);
  g.forEachNode((key) => {
    const disc = discs.get(groups[key] ?? -1)!;
    const angle = rng() * 2 * Math.PI;
    const r = disc.r * Math.sqrt(rng());
    g.mergeNodeAttributes(key, { x: disc.x + r * Math.cos(angle), y: disc.y + r * Math.sin(angle), group: groups[key] ?? -1 });
  });
  const [lo, hi] = settings.community.subMapIterations;
  const iterations = Math.max(lo, Math.min(hi, Math.round(settings.community.subMapWork / Math.max(1, g.order + g.size))));
  if (g.size > 0) {
    const k = settings.community.subMapAttraction;
    forceAtlas2.assign(g, {
      iterations,
      settings: { ...forceAtlas2.inferSettings(g), linLogMode: true, outboundAttractionDistribution: true, barnesHutOptimize: g.order > 500 },
      getEdgeWeight: (_e, a, _s, _t, sa, ta) => a.weight * (sa.group === ta.group ? k : 1),
    });
  }
  // Fit: centre on the mean, scale so 95 % of the nodes fall inside the disc.
  let mx = 0;
  let my = 0;
  g.forEachNode((_k, a) => {
    mx += a.x;
    my += a.y;
  });
  mx /= Math.max(1, g.order);
  my /= Math.max(1, g.order);
  const dist: number[] = [];
  g.forEachNode((_k, a) => dist.push(Math.hypot(a.x - mx, a.y - my)));
  dist.sort((a, b) => a - b);
  const reach = dist[Math.floor(0.95 * (dist.length - 1))] || 1;
  const out = new Map<string, Point>();
  g.forEachNode((key, a) => {
    out.set(key, { x: centre.x + ((a.x - mx) / reach) * radius, y: centre.y + ((a.y - my) / reach) * radius });
  });
  return out;
}

export function buildCommunityGraph(model: Model, expanded: ReadonlySet<number>, settings: ViewerSettings, cache: SubMapCache = new Map()): DirectedGraph {
  const display = new DirectedGraph();
  const { minSize, maxSize, subMapScale } = settings.community;
  const { places, radius, mapped } = communityPlaces(model);
  let biggest = 1;
  for (const c of model.communities.values()) biggest = Math.max(biggest, c.size);
  for (const c of model.communities.values()) {
    const place = places.get(c.id) as Point;
    if (expanded.has(c.id)) {
      let positions: Map<string, Point> | undefined;
      if (mapped) {
        positions = cache.get(c.id);
        if (!positions) cache.set(c.id, (positions = subMap(model, c, place, (radius.get(c.id) ?? 1) * subMapScale, settings)));
      }
      for (const node of c.members) {
        const p = positions?.get(node);
        display.addNode(node, p ? { ...model.attrs.get(node), x: p.x, y: p.y } : { ...model.attrs.get(node) });
      }
    } else {
      const attrs: CommunityNodeAttributes = {
        type: 'community', label: `${c.label} (${c.size})`, x: place.x, y: place.y,
        size: minSize + (maxSize - minSize) * Math.sqrt(c.size / biggest), color: c.color, community: c.id, members: c.size,
      };
      display.addNode(communityNodeKey(c.id), attrs);
    }
  }
  const aggregated = new Map<string, { source: string; target: string; weight: number }>();
  const communityKeys = new Map<number, string>();
  for (const id of model.communities.keys()) communityKeys.set(id, communityNodeKey(id));
  for (const { key, source, target, attributes: a } of model.edges) {
    const cs = legendGroup((model.attrs.get(source) as NodeAttributes).community);
    const ct = legendGroup((model.attrs.get(target) as NodeAttributes).community);
    const s = expanded.has(cs) ? source : (communityKeys.get(cs) as string);
    const t = expanded.has(ct) ? target : (communityKeys.get(ct) as string);
    if (s === t) continue;
    if (s === source && t === target) {
      // Two expanded communities: their own edges, each within its sub-map or from one to the other.
      if (key !== undefined) display.addEdgeWithKey(key, s, t, { ...a } as Attributes);
      else display.addEdge(s, t, { ...a } as Attributes);
      continue;
    }
    // A node of an expanded community and a collapsed community: not drawn (thousands of strands would hide the
    // map); hovering the node still lists its links in the panel.
    if (s === source || t === target) continue;
    // One undirected-in-spirit link per pair: order endpoints so A→B and B→A add up.
    const [x, y] = s < t ? [s, t] : [t, s];
    const id = `${x}\u0000${y}`;
    const agg = aggregated.get(id);
    if (agg) agg.weight += a.weight || 1;
    else aggregated.set(id, { source: x, target: y, weight: a.weight || 1 });
  }
  if (!model.complete) {
    // Summary only: every community is collapsed and the links come precomputed.
    for (const { a, b, weight } of model.links) aggregated.set(`${a}:${b}`, { source: communityNodeKey(a), target: communityNodeKey(b), weight });
  }
  // Between two collapsed communities only the strongest links are drawn: each community keeps its
  // `links` most associated neighbours (weight over the sizes' product, as the community map weighs them); a web of
  // every faint link hides the map's structure.
  const sizeOf = (key: string): number => display.getNodeAttribute(key, 'members') as number;
  const best = new Map<string, { id: string; s: number }[]>();
  for (const [id, e] of aggregated) {
    const s = e.weight / (sizeOf(e.source) * sizeOf(e.target));
    for (const end of [e.source, e.target]) {
      const list = best.get(end);
      if (list) list.push({ id, s });
      else best.set(end, [{ id, s }]);
    }
  }
  const keep = new Set<string>();
  for (const list of best.values()) {
    list.sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
    for (const { id } of list.slice(0, settings.community.links)) keep.add(id);
  }
  for (const [id, { source, target, weight }] of aggregated) {
    if (!keep.has(id)) continue;
    if (!display.hasEdge(source, target)) display.addEdge(source, target, { type: AGGREGATE_EDGE, weight });
  }
  return display;
}

