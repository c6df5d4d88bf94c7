// Community-level view for large graphs: one node per community (sized by members), edges weighted by
// inter-community links; expanded communities show their own nodes. Builds a new display graph, never touches the data graph.
import { DirectedGraph } from 'graphology';
import type { Attributes } from 'graphology-types';
import type { Model } from './model.ts';
import type { ViewerSettings } from './settings.ts';

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

export interface CommunityNodeAttributes {
  type: 'community';
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  community: number;
  members: number;
}

export function buildCommunityGraph(model: Model, expanded: ReadonlySet<number>, settings: ViewerSettings): DirectedGraph {
  const display = new DirectedGraph();
  const { minSize, maxSize } = settings.community;
  let biggest = 1;
  for (const c of model.communities.values()) biggest = Math.max(biggest, c.size);
  for (const c of model.communities.values()) {
    if (expanded.has(c.id)) {
      for (const node of c.members) display.addNode(node, { ...model.graph.getNodeAttributes(node) });
    } else {
      const attrs: CommunityNodeAttributes = {
        type: 'community', label: `${c.label} (${c.size})`, x: c.x, y: c.y,
        size: minSize + (maxSize - minSize) * Math.sqrt(c.size / biggest), color: c.color, community: c.id, members: c.size,
      };
      display.addNode(communityNodeKey(c.id), attrs);
    }
  }
  const aggregated = new Map<string, { source: string; target: string; weight: number }>();
  model.graph.forEachEdge((edge, a, source, target, sa, ta) => {
    const s = expanded.has(sa.community) ? source : communityNodeKey(sa.community);
    const t = expanded.has(ta.community) ? target : communityNodeKey(ta.community);
    if (s === t) return;
    if (s === source && t === target) {
      display.addEdgeWithKey(edge, s, t, { ...a } as Attributes);
      return;
    }
    // One undirected-in-spirit link per pair: order endpoints so A→B and B→A add up.
    const [x, y] = s < t ? [s, t] : [t, s];
    const id = `${x}\u0000${y}`;
    const agg = aggregated.get(id);
    if (agg) agg.weight += a.weight || 1;
    else aggregated.set(id, { source: x, target: y, weight: a.weight || 1 });
  });
  for (const { source, target, weight } of aggregated.values()) {
    if (!display.hasEdge(source, target)) display.addEdge(source, target, { type: AGGREGATE_EDGE, weight });
  }
  return display;
}
