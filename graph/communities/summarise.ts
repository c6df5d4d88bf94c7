// Community summaries without an LLM: distinctive topics and entities by log-likelihood (Dunning's G², as CiteSpace
// labels clusters), top papers by in-community centrality, date span, neighbours and the topics and entities they
// share. Pure: reads the graph (with `community` assigned) and returns Community records.
import { TERM_TYPES, type Community, type CommunityEntityScore, type PaperNodeAttributes, type GraphView, type TermType } from '../types.ts';
import { communityColor } from '../palette.ts';
import { edgeWeight } from './project.ts';

export interface SummaryOptions {
  topEntities: number;
  topPapers: number;
  topNeighbours: number;
  /** Names in a label. */
  labelTerms: number;
  /** Of those, at most this many topics lead; entities follow ('machine translation · WMT · Transformer'). */
  labelTopics: number;
}

/** Topics and entities are counted apart: a paper links ~8 topics and ~3 entities, so each kind is its own sample. */
type Kind = 'topic' | 'entity';
const kindOf = (type: string): Kind | null => (type === 'topic' ? 'topic' : type === 'paper' || type === 'repository' ? null : 'entity');

/** 'machine translation' and 'neural machine translation' say the same thing: a label keeps the first. */
function overlaps(a: string, b: string): boolean {
  const x = ` ${a.toLowerCase().replace(/-/g, ' ')} `;
  const y = ` ${b.toLowerCase().replace(/-/g, ' ')} `;
  return x.includes(y) || y.includes(x);
}

const round = (x: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** x·ln(x/e), 0 when x = 0: one cell of the G² statistic. */
function cell(observed: number, expected: number): number {
  return observed > 0 && expected > 0 ? observed * Math.log(observed / expected) : 0;
}

/**
 * Dunning's log-likelihood G² of "entity e is over-represented among the links of community C":
 * a = links from C's papers to e, c = all links from C's papers, b = links to e from elsewhere,
 * d = all other links. Returns 0 when e is not over-represented (so it never labels C).
 */
export function logLikelihood(a: number, b: number, c: number, d: number): number {
  const n = c + d;
  if (a === 0 || c === 0 || n === 0 || a / c <= (a + b) / n) return 0;
  const e1 = (c * (a + b)) / n;
  const e2 = (d * (a + b)) / n;
  const e3 = (c * (n - a - b)) / n;
  const e4 = (d * (n - a - b)) / n;
  return 2 * (cell(a, e1) + cell(b, e2) + cell(c - a, e3) + cell(d - b, e4));
}

const isYear = /^\d{4}/;

/** Builds the Community record of every id in 0..count-1 (node `community` attributes already set). */
export function summariseCommunities(
  graph: GraphView,
  count: number,
  parents: Int32Array | undefined,
  o: SummaryOptions,
): Community[] {
  const size = new Array<number>(count).fill(0);
  const papers: string[][] = Array.from({ length: count }, () => []);
  graph.forEachNode((key, attrs) => {
    if (attrs.community < 0) return;
    size[attrs.community]!++;
    if (attrs.type === 'paper') papers[attrs.community]!.push(key);
  });

  // Link counts, per kind (topics, entities): per term overall, per (community, term), per community.
  const linksTo = new Map<string, number>();
  const linksFrom: Record<Kind, number[]> = { topic: new Array<number>(count).fill(0), entity: new Array<number>(count).fill(0) };
  const allLinks: Record<Kind, number> = { topic: 0, entity: 0 };
  const local: Map<string, number>[] = Array.from({ length: count }, () => new Map());
  graph.forEachEdge((_e, edge, source, target, sAttrs, tAttrs) => {
    const kind = kindOf(tAttrs.type);
    if (edge.type === 'HAS_CODE' || sAttrs.type !== 'paper' || kind === null) return;
    allLinks[kind]++;
    linksTo.set(target, (linksTo.get(target) ?? 0) + 1);
    const c = sAttrs.community;
    if (c < 0) return;
    linksFrom[kind][c]!++;
    local[c]!.set(target, (local[c]!.get(target) ?? 0) + 1);
  });

  // Cross-community weight and which entities carry it.
  const cross: Map<number, { weight: number; via: Map<string, number> }>[] = Array.from({ length: count }, () => new Map());
  const internal = new Map<string, number>();
  graph.forEachEdge((_e, edge, source, target, sAttrs, tAttrs) => {
    const w = edgeWeight(edge);
    const a = sAttrs.community;
    const b = tAttrs.community;
    if (a < 0 || b < 0) return;
    if (a === b) {
      internal.set(source, (internal.get(source) ?? 0) + w);
      internal.set(target, (internal.get(target) ?? 0) + w);
      return;
    }
    // The topic or entity end of the edge is what the two communities share (two similar papers share neither).
    const via = tAttrs.type === 'paper' ? (sAttrs.type === 'paper' ? null : source) : target;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      let entry = cross[from]!.get(to);
      if (!entry) cross[from]!.set(to, (entry = { weight: 0, via: new Map() }));
      entry.weight += w;
      if (via !== null) entry.via.set(via, (entry.via.get(via) ?? 0) + w);
    }
  });

  const communities: Community[] = [];
  for (let c = 0; c < count; c++) {
    const top = Object.fromEntries(TERM_TYPES.map((t) => [t, [] as CommunityEntityScore[]])) as Record<TermType, CommunityEntityScore[]>;
    const scored: (CommunityEntityScore & { type: TermType; own: boolean })[] = [];
    for (const [key, a] of local[c]!) {
      const attrs = graph.getNodeAttributes(key);
      const kind = kindOf(attrs.type);
      if (attrs.type === 'paper' || attrs.type === 'repository' || kind === null) continue;
      const total = linksTo.get(key) ?? 0;
      const score = logLikelihood(a, total - a, linksFrom[kind][c]!, allLinks[kind] - linksFrom[kind][c]!);
      if (score <= 0) continue;
      scored.push({ key, name: attrs.label, score: round(score), papers: a, type: attrs.type, own: attrs.community === c });
    }
    // A community with no papers (entities only) is described by its members' degree.
    if (papers[c]!.length === 0) {
      graph.forEachNode((key, attrs) => {
        if (attrs.community !== c || attrs.type === 'paper' || attrs.type === 'repository') return;
        scored.push({ key, name: attrs.label, score: graph.degree(key), papers: graph.inDegree(key), type: attrs.type, own: true });
      });
    }
    // Recurring entities first: in a community of several papers an entity linked by one paper only is
    // often extraction noise or a one-off name, however distinctive.
    const support = papers[c]!.length >= 4 ? 2 : 1;
    const weak = (s: { papers: number }) => (s.papers < support ? 1 : 0);
    scored.sort((x, y) => weak(x) - weak(y) || y.score - x.score || byKey(x.key, y.key));
    for (const s of scored) {
      const list = top[s.type];
      if (list.length < o.topEntities) list.push({ key: s.key, name: s.name, score: s.score, papers: s.papers });
    }
    // Label: its most distinctive topics lead, then its most distinctive entities; terms that belong to this
    // community before ones it merely uses; no term that repeats another ('translation' after 'machine translation').
    const names: string[] = [];
    const take = (kind: Kind, max: number): void => {
      for (const pass of [true, false]) {
        for (const s of scored) {
          if (names.length >= max) return;
          if (s.own === pass && kindOf(s.type) === kind && !names.some((n) => overlaps(n, s.name))) names.push(s.name);
        }
      }
    };
    take('topic', Math.min(o.labelTopics, o.labelTerms));
    take('entity', o.labelTerms);
    take('topic', o.labelTerms);
    // Centrality: Σ over in-community links of weight × the neighbour's in-community degree (a one-step
    // PageRank): a paper citing the community's core entities outranks one citing its own new dataset.
    const centrality = (id: string): number => {
      let score = 0;
      graph.forEachOutEdge(id, (_e, edge, _s, target, _sa, ta) => {
        if (ta.community === c) score += edgeWeight(edge) * (internal.get(target) ?? 0);
      });
      return round(score);
    };
    const topPapers = papers[c]!
      .map((id) => ({ id, title: (graph.getNodeAttributes(id) as PaperNodeAttributes).title, score: centrality(id) }))
      .sort((x, y) => y.score - x.score || byKey(x.id, y.id))
      .slice(0, o.topPapers);
    const dates = papers[c]!
      .map((id) => (graph.getNodeAttributes(id) as PaperNodeAttributes).date)
      .filter((d): d is string => d !== undefined && isYear.test(d))
      .sort(byKey);
    const neighbours = [...cross[c]!.entries()]
      .map(([id, { weight, via }]) => ({
        id,
        weight: round(weight),
        shared: [...via.entries()]
          .sort((x, y) => y[1] - x[1] || byKey(x[0], y[0]))
          .slice(0, 3)
          .map(([key]) => graph.getNodeAttribute(key, 'label')),
      }))
      .sort((x, y) => y.weight - x.weight || x.id - y.id)
      .slice(0, o.topNeighbours);
    const community: Community = {
      id: c,
      label: names.length ? names.join(' · ') : `Community ${c}`,
      size: size[c]!,
      color: communityColor(c),
      papers: papers[c]!.length,
      top,
      topPapers,
      neighbours,
    };
    if (dates.length) community.dateSpan = { from: dates[0]!, to: dates[dates.length - 1]! };
    if (parents) community.parent = parents[c]!;
    communities.push(community);
  }
  return communities;
}
