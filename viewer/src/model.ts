// The loaded graph plus read-only indices the UI needs (degrees, sizes, communities, months); never mutated after load.
import { DirectedGraph } from 'graphology';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import type { SerializedGraph } from 'graphology-types';
import { authorNodeKey } from '../../graph/authors.ts';
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
  /** Members in graph.json (papers + topics + entities + repositories + authors). */
  size: number;
  members: string[];
  /** Centroid of the members in the node layout. */
  x: number;
  y: number;
  /** Place on the community map (communities.json), where related communities sit near each other. */
  map?: { x: number; y: number };
}

export type RawNode = { key: string; attributes: NodeAttributes };
export type RawEdge = { key?: string; source: string; target: string; attributes: EdgeAttributes };

export interface Model {
  /** False for a model made from a summary alone: counts and communities, no nodes or edges yet. */
  complete: boolean;
  /** Total nodes and edges of the graph (also known before the full data arrives). */
  order: number;
  size: number;
  /** The graphology graph, built on first access (community-level views render without it). */
  readonly graph: ResearchGraph;
  readonly graphBuilt: boolean;
  nodes: readonly RawNode[];
  edges: readonly RawEdge[];
  attrs: Map<string, NodeAttributes>;
  degree: Map<string, number>;
  maxDegree: number;
  communities: Map<number, CommunityInfo>;
  /** Communities sorted by size, largest first (legend order). */
  communityOrder: number[];
  /** Distinct paper months `YYYY-MM`, sorted (built on first use: the filters read them after the first render). */
  readonly months: string[];
  bbox: { x: [number, number]; y: [number, number] };
  typeCounts: Map<NodeType, number>;
  /**
   * Canvas label of a node (paper titles shortened), or undefined for a node the model does not hold. Made on first
   * use and kept: a frame labels a few hundred nodes, so the first render does not shorten every title.
   */
  label(node: string): string | undefined;
  /** Inter-community link weights (pairs ordered a < b); the community view uses them before the edges arrive. */
  links: CommunityLink[];
  /** Papers of each name the papers' `authors` lists hold (first-seen order, spelled as listed), built on first use. */
  readonly authors: Map<string, string[]>;
}

/**
 * The Author node a name as a paper lists it belongs to ('Lluís Màrquez' → 'author:lluis marquez'), or undefined
 * when the graph has none for it (an author of one paper: the build makes nodes for people with two or more).
 */
export function authorNode(model: Model, name: string): string | undefined {
  const key = authorNodeKey(name);
  return key !== undefined && model.attrs.get(key)?.type === 'author' ? key : undefined;
}

/**
 * Legend group of a community id. Nodes outside the listed communities (−1 isolated, ≤ −2 minor communities
 * merged by the detector) share one grey group: a legend of dozens of tiny "communities" helps nobody.
 */
export const UNASSIGNED = -1;
export const UNASSIGNED_LABEL = 'Unassigned / minor';
export const UNASSIGNED_COLOR = '#b0b0b0';
export function legendGroup(community: number): number {
  return community < 0 ? UNASSIGNED : community;
}

/** Legend order: largest first, ties by id, the unassigned group last. */
function legendOrder(communities: Iterable<{ id: number; size: number }>): number[] {
  return [...communities]
    .sort((a, b) => Number(a.id === UNASSIGNED) - Number(b.id === UNASSIGNED) || b.size - a.size || a.id - b.id)
    .map((c) => c.id);
}

export interface CommunityLink {
  a: number;
  b: number;
  weight: number;
}

/** What a large graph's first paint needs, computed by the server so the page need not parse the whole graph first. */
export interface GraphSummary {
  order: number;
  size: number;
  maxDegree: number;
  communities: Omit<CommunityInfo, 'members'>[];
  links: CommunityLink[];
  typeCounts: [NodeType, number][];
  months: string[];
  bbox: Model['bbox'];
}

/** '2025-03-14' → '2025-03'; '2025' → '2025-01'; year-less '--08-20' (HF pages) → '--08'. */
// CommonJS default export seen through NodeNext typings.
const pagerank = pagerankModule as unknown as typeof pagerankModule.default;

export function month(date: string | undefined): string | null {
  if (!date) return null;
  const m = /^(\d{4}|-)-?(\d{2})?/.exec(date);
  if (!m) return null;
  if (m[1] === '-') return m[2] ? `--${m[2]}` : null;
  return `${m[1]}-${m[2] ?? '01'}`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Indices from the serialised arrays with plain loops (fast even at 50k nodes); the graphology graph waits until needed. */
export function buildModel(data: ViewerData, settings: ViewerSettings): Model {
  const nodes = (data.graph.nodes ?? []) as RawNode[];
  const edges = (data.graph.edges ?? []) as RawEdge[];
  const attrs = new Map<string, NodeAttributes>();
  const degree = new Map<string, number>();
  const communities = new Map<number, CommunityInfo>();
  const typeCounts = new Map<NodeType, number>();
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  const report = new Map((data.communities?.communities ?? []).map((c) => [c.id, c]));

  for (const { key, attributes: a } of nodes) {
    attrs.set(key, a);
    degree.set(key, 0);
    typeCounts.set(a.type, (typeCounts.get(a.type) ?? 0) + 1);
    if (a.x < minX) minX = a.x;
    if (a.x > maxX) maxX = a.x;
    if (a.y < minY) minY = a.y;
    if (a.y > maxY) maxY = a.y;
    const group = legendGroup(a.community);
    let c = communities.get(group);
    if (!c) {
      const r = report.get(group);
      c = group === UNASSIGNED
        ? { id: group, label: UNASSIGNED_LABEL, color: UNASSIGNED_COLOR, size: 0, members: [], x: 0, y: 0 }
        : { id: group, label: r?.label || `Community ${group}`, color: r?.color ?? a.color, size: 0, members: [], x: 0, y: 0 };
      if (r?.x !== undefined && r.y !== undefined) c.map = { x: r.x, y: r.y };
      communities.set(group, c);
    }
    c.size++;
    c.members.push(key);
    c.x += a.x;
    c.y += a.y;
  }
  let maxDegree = 1;
  for (const e of edges) {
    const s = (degree.get(e.source) ?? 0) + 1;
    const t = (degree.get(e.target) ?? 0) + 1;
    degree.set(e.source, s);
    degree.set(e.target, t);
    if (s > maxDegree) maxDegree = s;
    if (t > maxDegree) maxDegree = t;
  }
  for (const c of communities.values()) {
    c.x /= c.size;
    c.y /= c.size;
  }
  const communityOrder = legendOrder(communities.values());
  if (!Number.isFinite(minX)) { minX = 0; maxX = 1; minY = 0; maxY = 1; }
  if (minX === maxX) { minX -= 1; maxX += 1; }
  if (minY === maxY) { minY -= 1; maxY += 1; }
  let graph: ResearchGraph | null = null;
  let links: CommunityLink[] | null = null;
  let authors: Map<string, string[]> | null = null;
  let months: string[] | null = null;
  const labels = new Map<string, string>();
  const computeMonths = (): string[] => {
    const seen = new Set<string>();
    for (const { attributes: a } of nodes) {
      if (a.type !== 'paper') continue;
      const m = month(a.date);
      if (m) seen.add(m);
    }
    return [...seen].sort();
  };
  const computeAuthors = (): Map<string, string[]> => {
    const map = new Map<string, string[]>();
    for (const { key, attributes: a } of nodes) {
      if (a.type !== 'paper') continue;
      for (const name of new Set(a.authors ?? [])) {
        const list = map.get(name);
        if (list) list.push(key);
        else map.set(name, [key]);
      }
    }
    return map;
  };
  // Only summaries read the links: computed on first access, off the first render's path.
  const computeLinks = (): CommunityLink[] => {
    const pairs = new Map<string, CommunityLink>();
    for (const e of edges) {
      const ca = legendGroup((attrs.get(e.source) as NodeAttributes).community);
      const cb = legendGroup((attrs.get(e.target) as NodeAttributes).community);
      if (ca === cb) continue;
      const [a, b] = ca < cb ? [ca, cb] : [cb, ca];
      const id = `${a}:${b}`;
      const link = pairs.get(id);
      if (link) link.weight += e.attributes.weight || 1;
      else pairs.set(id, { a, b, weight: e.attributes.weight || 1 });
    }
    return [...pairs.values()].sort((x, y) => x.a - y.a || x.b - y.b);
  };
  return {
    complete: true,
    order: nodes.length,
    size: edges.length,
    get links(): CommunityLink[] {
      links ??= computeLinks();
      return links;
    },
    get authors(): Map<string, string[]> {
      authors ??= computeAuthors();
      return authors;
    },
    get graph(): ResearchGraph {
      graph ??= DirectedGraph.from(data.graph) as unknown as ResearchGraph;
      return graph;
    },
    get graphBuilt(): boolean { return graph !== null; },
    get months(): string[] {
      months ??= computeMonths();
      return months;
    },
    label(node: string): string | undefined {
      let text = labels.get(node);
      if (text === undefined) {
        const a = attrs.get(node);
        if (!a) return undefined;
        text = a.type === 'paper' ? shorten(a.label || a.title, settings.style.paperLabelMaxChars) : a.label;
        labels.set(node, text);
      }
      return text;
    },
    nodes, edges, attrs, degree, maxDegree, communities, communityOrder,
    bbox: { x: [minX, maxX], y: [minY, maxY] }, typeCounts,
  };
}

export function summarise(model: Model): GraphSummary {
  return {
    order: model.order, size: model.size, maxDegree: model.maxDegree,
    communities: model.communityOrder.map((id) => {
      const { members: _members, ...rest } = model.communities.get(id) as CommunityInfo;
      return rest;
    }),
    links: model.links, typeCounts: [...model.typeCounts], months: model.months, bbox: model.bbox,
  };
}

/** A partial model from a summary: enough for the legend, filters and the community-level view. */
export function modelFromSummary(summary: GraphSummary): Model {
  const communities = new Map(summary.communities.map((c) => [c.id, { ...c, members: [] as string[] }]));
  const empty = new DirectedGraph() as unknown as ResearchGraph;
  return {
    complete: false, order: summary.order, size: summary.size, graph: empty, graphBuilt: false,
    nodes: [], edges: [], attrs: new Map(), degree: new Map(), maxDegree: summary.maxDegree, communities,
    communityOrder: legendOrder(communities.values()),
    months: summary.months, bbox: summary.bbox, typeCounts: new Map(summary.typeCounts), label: () => undefined, links: summary.links,
    authors: new Map(),
  };
}

/** Node sizes for one mode: √-scaled into [min, max] so hubs stand out without swallowing the view. */
export function computeSizes(model: Model, by: SizeMode, settings: ViewerSettings): Map<string, number> {
  const { min, max } = settings.size;
  const sizes = new Map<string, number>();
  if (by === 'stored') {
    for (const [node, a] of model.attrs) sizes.set(node, a.size);
    return sizes;
  }
  if (by === 'degree') {
    const scale = (max - min) / Math.sqrt(model.maxDegree);
    for (const [node, d] of model.degree) sizes.set(node, min + scale * Math.sqrt(d));
    return sizes;
  }
  if (by === 'pagerank') {
    // Pure variant: returns a mapping, leaves the graph untouched.
    const rank = pagerank(model.graph, { getEdgeWeight: 'weight' });
    let best = 0;
    for (const v of Object.values(rank)) best = Math.max(best, v);
    for (const node of model.attrs.keys()) sizes.set(node, min + (max - min) * Math.sqrt((rank[node] ?? 0) / (best || 1)));
    return sizes;
  }
  let top = 1;
  // Entities, topics and authors count their papers; a paper or a repository has none of its own.
  const papers = (a: NodeAttributes): number => (a.type === 'paper' || a.type === 'repository' ? 0 : a.papers);
  for (const a of model.attrs.values()) top = Math.max(top, papers(a));
  for (const [node, a] of model.attrs) sizes.set(node, min + (max - min) * Math.sqrt(papers(a) / top));
  return sizes;
}

/**
 * Edges drawn under the current filters: both ends visible (status line). `display` is the graph on screen;
 * `isHidden` says whether one of its nodes is hidden.
 */
export function countVisibleEdges(display: { forEachEdge(cb: (edge: string, attrs: unknown, source: string, target: string) => void): void }, isHidden: (node: string) => boolean): number {
  let n = 0;
  display.forEachEdge((_e, _a, source, target) => {
    if (!isHidden(source) && !isHidden(target)) n++;
  });
  return n;
}

export function filtersActive(state: ViewState): boolean {
  return state.hiddenCommunities.length > 0 || state.hiddenTypes.length > 0 || state.minDegree > 0 ||
    state.dateFrom !== null || state.dateTo !== null;
}

/**
 * Nodes the filters hide. Dates apply to papers (undated papers stay); with a date bound set, an entity, topic,
 * repository or author is hidden when none of the papers linking to it is visible.
 */
export function computeHidden(model: Model, state: ViewState): Set<string> {
  const hidden = new Set<string>();
  if (!filtersActive(state)) return hidden;
  const types = new Set(state.hiddenTypes);
  const comms = new Set(state.hiddenCommunities);
  const { dateFrom, dateTo } = state;
  for (const [node, a] of model.attrs) {
    if (types.has(a.type) || comms.has(legendGroup(a.community)) || (model.degree.get(node) ?? 0) < state.minDegree) {
      hidden.add(node);
      continue;
    }
    if (a.type === 'paper' && (dateFrom || dateTo)) {
      const m = month(a.date);
      if (m && ((dateFrom && m < dateFrom) || (dateTo && m > dateTo))) hidden.add(node);
    }
  }
  if (dateFrom || dateTo) {
    // Entities linked from papers, and those with at least one visible paper.
    const linked = new Set<string>();
    const seen = new Set<string>();
    for (const e of model.edges) {
      if (model.attrs.get(e.source)?.type !== 'paper') continue;
      linked.add(e.target);
      if (!hidden.has(e.source)) seen.add(e.target);
    }
    for (const node of linked) {
      if (!seen.has(node) && model.attrs.get(node)?.type !== 'paper') hidden.add(node);
    }
  }
  return hidden;
}
