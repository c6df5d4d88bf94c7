// Community-level view for large graphs: one node per community (sized by members), edges weighted by
// inter-community links; expanded communities show their own nodes. Builds a new display graph, never touches the data graph.
import { DirectedGraph } from 'graphology';
import type { Attributes } from 'graphology-types';
import type { BaseNodeAttributes, NodeAttributes } from '../../graph/types.ts';
import { legendGroup, type Model } from './model.ts';
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

/** A community drawn as one node: the shared node attributes with its own type and member count. */
export interface CommunityNodeAttributes extends Omit<BaseNodeAttributes, 'type'> {
  type: 'community';
  members: number;
}

export function buildCommunityGraph(model: Model, expanded: ReadonlySet<number>, settings: ViewerSettings): DirectedGraph {
  const display = new DirectedGraph();
  const { minSize, maxSize } = settings.community;
  let biggest = 1;
  for (const c of model.communities.values()) biggest = Math.max(biggest, c.size);
  for (const c of model.communities.values()) {
    if (expanded.has(c.id)) {
      for (const node of c.members) display.addNode(node, { ...model.attrs.get(node) });
    } else {
      const attrs: CommunityNodeAttributes = {
        type: 'community', label: `${c.label} (${c.size})`, x: c.x, y: c.y,
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
      if (key !== undefined) display.addEdgeWithKey(key, s, t, { ...a } as Attributes);
      else display.addEdge(s, t, { ...a } as Attributes);
      continue;
    }
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
  for (const { source, target, weight } of aggregated.values()) {
    if (!display.hasEdge(source, target)) display.addEdge(source, target, { type: AGGREGATE_EDGE, weight });
  }
  return display;
}
