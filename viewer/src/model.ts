// The loaded graph plus read-only indices the UI needs (degrees, sizes, communities, months); never mutated after load.
import { DirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import type {
  CommunitiesReport,
  EdgeAttributes,
  GraphAttributes,
  NodeAttributes,
  NodeType,
  ResearchGraph,
} from '../../graph/types.ts';
import type { SizeMode, ViewerSettings } from './settings.ts';
import type { ViewState } from './state.ts';

/** What a page gets: the graph, the communities report when present, and which export files exist. */
export interface ViewerData {
  graph: SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;
  communities: CommunitiesReport | null;
  files: { graphml?: string; gexf?: string; json?: string };
}

export interface CommunityInfo {
  id: number;
  label: string;
  color: string;
  /** Members in graph.json (papers + entities + repositories). */
  size: number;
  members: string[];
  x: number;
  y: number;
}

export interface Model {
  graph: ResearchGraph;
  degree: Map<string, number>;
  maxDegree: number;
  communities: Map<number, CommunityInfo>;
  /** Communities sorted by size, largest first (legend order). */
  communityOrder: number[];
  /** Distinct paper months `YYYY-MM`, sorted. */
  months: string[];
  bbox: { x: [number, number]; y: [number, number] };
  typeCounts: Map<NodeType, number>;
  /** Canvas label per node (paper titles shortened). */
  labels: Map<string, string>;
}

export function month(date: string | undefined): string | null {
  if (!date) return null;
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(date);
  return m ? `${m[1]}-${m[2] ?? '01'}` : null;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function buildModel(data: ViewerData, settings: ViewerSettings): Model {
  const graph = DirectedGraph.from(data.graph) as unknown as ResearchGraph;
  const degree = new Map<string, number>();
  let maxDegree = 1;
  const communities = new Map<number, CommunityInfo>();
  const months = new Set<string>();
  const typeCounts = new Map<NodeType, number>();
  const labels = new Map<string, string>();
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  const report = new Map((data.communities?.communities ?? []).map((c) => [c.id, c]));

  graph.forEachNode((node, a) => {
    const d = graph.degree(node);
    degree.set(node, d);
    if (d > maxDegree) maxDegree = d;
    typeCounts.set(a.type, (typeCounts.get(a.type) ?? 0) + 1);
    labels.set(node, a.type === 'paper' ? shorten(a.label || a.title, settings.style.paperLabelMaxChars) : a.label);
    if (a.type === 'paper') {
      const m = month(a.date);
      if (m) months.add(m);
    }
    minX = Math.min(minX, a.x); maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y); maxY = Math.max(maxY, a.y);
    let c = communities.get(a.community);
    if (!c) {
      const r = report.get(a.community);
      c = { id: a.community, label: r?.label || `Community ${a.community}`, color: r?.color ?? a.color, size: 0, members: [], x: 0, y: 0 };
      communities.set(a.community, c);
    }
    c.size++;
    c.members.push(node);
    c.x += a.x;
    c.y += a.y;
  });
  for (const c of communities.values()) {
    c.x /= c.size;
    c.y /= c.size;
  }
  const communityOrder = [...communities.values()].sort((a, b) => b.size - a.size || a.id - b.id).map((c) => c.id);
  if (!Number.isFinite(minX)) { minX = 0; maxX = 1; minY = 0; maxY = 1; }
  if (minX === maxX) { minX -= 1; maxX += 1; }
  if (minY === maxY) { minY -= 1; maxY += 1; }
  return {
    graph, degree, maxDegree, communities, communityOrder, months: [...months].sort(),
    bbox: { x: [minX, maxX], y: [minY, maxY] }, typeCounts, labels,
  };
}

/** Node sizes for one mode: √-scaled into [min, max] so hubs stand out without swallowing the view. */
export function computeSizes(model: Model, by: SizeMode, settings: ViewerSettings): Map<string, number> {
  const { min, max } = settings.size;
  const sizes = new Map<string, number>();
  if (by === 'stored') {
    model.graph.forEachNode((node, a) => sizes.set(node, a.size));
    return sizes;
  }
  let top = 1;
  const value = (node: string, a: NodeAttributes): number =>
    by === 'papers' ? (a.type === 'paper' || a.type === 'repository' ? 0 : a.papers) : (model.degree.get(node) ?? 0);
  model.graph.forEachNode((node, a) => { top = Math.max(top, value(node, a)); });
  model.graph.forEachNode((node, a) => sizes.set(node, min + (max - min) * Math.sqrt(value(node, a) / top)));
  return sizes;
}

export function filtersActive(state: ViewState): boolean {
  return state.hiddenCommunities.length > 0 || state.hiddenTypes.length > 0 || state.minDegree > 0 ||
    state.dateFrom !== null || state.dateTo !== null;
}

/**
 * Nodes the filters hide. Dates apply to papers (undated papers stay); with a date bound set, an entity
 * is hidden when none of the papers linking to it is visible.
 */
export function computeHidden(model: Model, state: ViewState): Set<string> {
  const hidden = new Set<string>();
  if (!filtersActive(state)) return hidden;
  const types = new Set(state.hiddenTypes);
  const comms = new Set(state.hiddenCommunities);
  const { dateFrom, dateTo } = state;
  const g = model.graph;
  g.forEachNode((node, a) => {
    if (types.has(a.type) || comms.has(a.community) || (model.degree.get(node) ?? 0) < state.minDegree) {
      hidden.add(node);
      return;
    }
    if (a.type === 'paper' && (dateFrom || dateTo)) {
      const m = month(a.date);
      if (m && ((dateFrom && m < dateFrom) || (dateTo && m > dateTo))) hidden.add(node);
    }
  });
  if (dateFrom || dateTo) {
    g.forEachNode((node, a) => {
      if (a.type === 'paper' || hidden.has(node)) return;
      let anyPaper = false;
      let anyVisible = false;
      g.forEachInNeighbor(node, (n, na) => {
        if (na.type !== 'paper') return;
        anyPaper = true;
        if (!hidden.has(n)) anyVisible = true;
      });
      if (anyPaper && !anyVisible) hidden.add(node);
    });
  }
  return hidden;
}
