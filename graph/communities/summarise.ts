// Community summaries without an LLM: distinctive topics and entities by log-likelihood (Dunning's G², as CiteSpace
// labels clusters), top papers by in-community centrality, date span, neighbours and the topics and entities they
// share. Pure: reads the graph (with `community` assigned) and returns Community records.
import { TERM_TYPES, type AuthorNodeAttributes, type Community, type CommunityEntityScore, type PaperNodeAttributes, type GraphView, type NodeAttributes, type NodeType, type TermType } from '../types.ts';
import { isEntityType } from '../../ingest/types.ts';
import { communityColor } from '../palette.ts';
import { languageName } from '../languages.ts';
import { edgeList } from './project.ts';
import { eventNames, lexiconNames } from '../../ingest/topics/data.ts';

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
const KINDS: readonly Kind[] = ['topic', 'entity'];
const kindOf = (type: NodeType): Kind | null => (type === 'topic' ? 'topic' : isEntityType(type) ? 'entity' : null);

/**
 * Names a label leaves out — they stay in the community's `top` lists. A shared task's edition or task says which
 * evaluation a paper entered, not what the community studies (its topics say that): the extractor keeps
 * 'SemEval-2022 Task 11' as a benchmark, and a label names the community's next most distinctive entity instead.
 * Dataset names with a year ('CoNLL-2003', 'ACE2005') stay.
 */
export const LABEL_EXCLUSIONS: readonly { match: RegExp; reason: string; examples: readonly string[] }[] = [
  { match: /\bTask\s*\d+[a-z]?\b/, reason: "a shared task's numbered task, as written (a lower-case topic such as 'task 1 classification' is not one)", examples: ['SemEval-2022 Task 11', 'WNUT-2020 Task 2'] },
  { match: /\bTasks?$/, reason: "a name ending in 'Task', as written: a shared task's own name", examples: ['FinNLP-2022 ERAI Task'] },
  { match: /\bshared\s+tasks?\b/i, reason: 'a shared task', examples: ['BEA 2025 Shared Task', 'CMCL 2021 Shared Task'] },
];

let editions: { match: RegExp; listed: Set<string> } | undefined;
/** A name without case, spaces or hyphens: 'ACE2005' is 'ACE 2005'. */
const spelling = (name: string): string => name.toLowerCase().replace(/[\s-]+/g, '');

/** A name of one to three capitalised words and a year: an event's edition ('IEST 2018', 'FinCausal 2022'). */
const NAME_WITH_YEAR = /^\p{Lu}[\p{L}\d.'’&-]*(?:\s+\p{Lu}[\p{L}\d.'’&-]*){0,2}[\s-](?:19|20)\d\d$/u;

/**
 * A shared-task series or venue with its edition ('CASE 2022', 'WMT22', 'IWSLT-2008'; the series from the extractor's
 * venues.txt and shared-tasks.txt, read as data), or any capitalised name with a year ('IEST 2018', 'FinCausal 2022':
 * the evaluation campaigns no list holds all of), names the event a paper entered — unless the name is a listed
 * dataset or benchmark of its own ('CoNLL-2003', 'ACE 2005').
 */
function isEdition(name: string): boolean {
  if (!editions) {
    const series = eventNames().map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    editions = { match: new RegExp(`^(?:${series.join('|')})[\\s-]?(?:(?:19|20)\\d\\d|\\d\\d)$`), listed: new Set(lexiconNames().map(spelling)) };
  }
  return (editions.match.test(name) || NAME_WITH_YEAR.test(name)) && !editions.listed.has(spelling(name));
}

/** A term leads a community's label only when at least this share of its papers link it (and two, from four papers). */
export const LABEL_MIN_SHARE = 0.005;

/** Whether a name may appear in a community label (`LABEL_EXCLUSIONS`, and a series' edition). */
export function labelable(name: string): boolean {
  return !LABEL_EXCLUSIONS.some((x) => x.match.test(name)) && !isEdition(name);
}

/**
 * A community whose papers are mostly (at least this share) in one language other than English says so first
 * ('French abstracts · CamemBERT · WordNet'): the topic stage reads English only, so its topics cannot name it, and
 * what its papers share is the language they are written in (a venue's French or Chinese track, a national corpus).
 */
export const LANGUAGE_LABEL_SHARE = 0.5;

/** 'French abstracts' for 'fra' (`languageName`); undefined when the language has no name. */
export function languageLead(code: string): string | undefined {
  const name = languageName(code);
  return name === undefined ? undefined : `${name} abstracts`;
}

/**
 * A community's people: its authors by papers in it, then by the share of their papers that is (someone whose work
 * is all here before a prolific author passing through), then key; at most `max`.
 */
function people(
  authored: ReadonlyMap<number, number>,
  keys: readonly string[],
  attrsOf: readonly NodeAttributes[],
  max: number,
): NonNullable<Community['people']> {
  const rows = [...authored].map(([i, papers]) => ({ key: keys[i]!, name: attrsOf[i]!.label, papers, share: round(papers / (attrsOf[i] as AuthorNodeAttributes).papers) }));
  rows.sort((x, y) => y.papers - x.papers || y.share - x.share || byKey(x.key, y.key));
  return rows.slice(0, max);
}

/** The label lead of a community's papers' languages (`LANGUAGE_LABEL_SHARE`), or undefined. */
function communityLanguage(members: readonly number[], attrsOf: readonly NodeAttributes[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of members) {
    const language = (attrsOf[p] as PaperNodeAttributes).language;
    if (language !== undefined) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  return best && best[1] >= LANGUAGE_LABEL_SHARE * members.length ? languageLead(best[0]) : undefined;
}

/** 'machine translation' and 'neural machine translation' say the same thing: a label keeps the first. */
function overlaps(a: string, b: string): boolean {
  const x = ` ${a.toLowerCase().replace(/-/g, ' ')} `;
  const y = ` ${b.toLowerCase().replace(/-/g, ' ')} `;
  return x.includes(y) || y.includes(x);
}

/** A phrase's words, lower-case, hyphens read as spaces. */
const phraseWords = (s: string): string[] => s.toLowerCase().replace(/-/g, ' ').split(/\s+/).filter(Boolean);

/**
 * The phrase two overlapping halves make (as `phraseWords` joined by spaces), when the last word of one is the first of the other:
 * 'hate speech' + 'speech detection' → 'hate speech detection'; undefined otherwise.
 */
export function chained(a: string, b: string): string | undefined {
  const x = phraseWords(a);
  const y = phraseWords(b);
  if (x.length < 2 || y.length < 2) return undefined;
  if (x[x.length - 1] === y[0]) return [...x, ...y.slice(1)].join(' ');
  if (y[y.length - 1] === x[0]) return [...y, ...x.slice(1)].join(' ');
  return undefined;
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
  // Node-level arrays over the edge list (indices in `nodes()` order): one pass per question, no key string or
  // attribute object per edge — on ACL's million edges the graph's own iterators cost seconds.
  const { keys, source, target, weight } = edgeList(graph);
  const n = keys.length;
  const community = new Int32Array(n);
  /** Each node's attributes, by index (no lookup by key). */
  const attrsOf = new Array<NodeAttributes>(n);
  const nodeKind = new Int8Array(n); // −1 paper, −2 repository, −3 author, 0 topic, 1 entity
  const size = new Array<number>(count).fill(0);
  /** Each community's papers, as node indices. */
  const papers: number[][] = Array.from({ length: count }, () => []);
  let i = 0; // forEachNode visits the nodes in `nodes()` order: no lookup by key
  graph.forEachNode((_key, attrs) => {
    const at = i++;
    attrsOf[at] = attrs;
    community[at] = attrs.community;
    const k = kindOf(attrs.type);
    nodeKind[at] = k === null ? (attrs.type === 'paper' ? -1 : attrs.type === 'author' ? -3 : -2) : KINDS.indexOf(k);
    if (attrs.community < 0) return;
    size[attrs.community]!++;
    if (attrs.type === 'paper') papers[attrs.community]!.push(at);
  });
  const m = source.length;

  // Link counts, per kind (topics, entities): per term overall, per (community, term), per community.
  const linksTo = new Int32Array(n);
  const linksFrom: Record<Kind, number[]> = { topic: new Array<number>(count).fill(0), entity: new Array<number>(count).fill(0) };
  const allLinks: Record<Kind, number> = { topic: 0, entity: 0 };
  const local: Map<number, number>[] = Array.from({ length: count }, () => new Map());
  /** Per community, its authors' papers in it (AUTHORED_BY links from its papers); undefined: no Author nodes. */
  let authored: Map<number, number>[] | undefined;
  for (let e = 0; e < m; e++) {
    const s = source[e]!;
    const t = target[e]!;
    if (nodeKind[s] === -1 && nodeKind[t] === -3) {
      authored ??= Array.from({ length: count }, () => new Map());
      const c = community[s]!;
      if (c >= 0) authored[c]!.set(t, (authored[c]!.get(t) ?? 0) + 1);
      continue;
    }
    if (nodeKind[s] !== -1 || nodeKind[t]! < 0) continue;
    const k = KINDS[nodeKind[t]!]!;
    allLinks[k]++;
    linksTo[t]!++;
    const c = community[s]!;
    if (c < 0) continue;
    linksFrom[k][c]!++;
    local[c]!.set(t, (local[c]!.get(t) ?? 0) + 1);
  }

  // Cross-community weight and which entities carry it; each node's weight inside its community.
  const cross: Map<number, { weight: number; via: Map<number, number> }>[] = Array.from({ length: count }, () => new Map());
  const internal = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    const s = source[e]!;
    const t = target[e]!;
    const w = weight[e]!;
    const a = community[s]!;
    const b = community[t]!;
    if (a < 0 || b < 0) continue;
    if (a === b) {
      internal[s] = internal[s]! + w;
      internal[t] = internal[t]! + w;
      continue;
    }
    // The topic, entity or code end of the edge is what the two communities share (two similar papers share none;
    // a shared author is a person, not a shared subject: communities' people are listed apart).
    const end = nodeKind[t] === -1 ? s : t;
    const via = nodeKind[end] === -1 || nodeKind[end] === -3 ? -1 : end;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      let entry = cross[from]!.get(to);
      if (!entry) cross[from]!.set(to, (entry = { weight: 0, via: new Map() }));
      entry.weight += w;
      if (via >= 0) entry.via.set(via, (entry.via.get(via) ?? 0) + w);
    }
  }
  // Centrality: Σ over a paper's in-community links (the ones it makes) of weight × the neighbour's in-community
  // weight (a one-step PageRank): a paper citing the community's core entities outranks one citing its own new dataset.
  const centrality = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    const s = source[e]!;
    const t = target[e]!;
    if (community[s]! >= 0 && community[s] === community[t]) centrality[s] = centrality[s]! + weight[e]! * internal[t]!;
  }

  // Topic names by their spelling (read once, when a label first needs one).
  let topics: Map<string, string> | undefined;
  const topicNames = (): Map<string, string> => {
    if (!topics) {
      topics = new Map();
      for (let k = 0; k < n; k++) if (nodeKind[k] === KINDS.indexOf('topic')) {
        const label = attrsOf[k]!.label;
        topics.set(phraseWords(label).join(' '), label);
      }
    }
    return topics;
  };

  const communities: Community[] = [];
  for (let c = 0; c < count; c++) {
    const top = Object.fromEntries(TERM_TYPES.map((t) => [t, [] as CommunityEntityScore[]])) as Record<TermType, CommunityEntityScore[]>;
    const scored: (CommunityEntityScore & { type: TermType; own: boolean })[] = [];
    for (const [i, a] of local[c]!) {
      const key = keys[i]!;
      const attrs = attrsOf[i]!;
      const kind = KINDS[nodeKind[i]!]!;
      const score = logLikelihood(a, linksTo[i]! - a, linksFrom[kind][c]!, allLinks[kind] - linksFrom[kind][c]!);
      if (score <= 0) continue;
      scored.push({ key, name: attrs.label, score: round(score), papers: a, type: attrs.type as TermType, own: attrs.community === c });
    }
    // A community with no papers (entities only) is described by its members' degree.
    if (papers[c]!.length === 0) {
      graph.forEachNode((key, attrs) => {
        if (attrs.community !== c || kindOf(attrs.type) === null) return;
        scored.push({ key, name: attrs.label, score: graph.degree(key), papers: graph.inDegree(key), type: attrs.type as TermType, own: true });
      });
    }
    // Recurring terms first: in a community of several papers a term linked by one paper only is often extraction
    // noise or a one-off name, however distinctive; in a big one, a term only a handful of its papers use says little
    // about it (the French words of a few bilingual abstracts in a community of 2,000 mostly French papers).
    const support = Math.max(papers[c]!.length >= 4 ? 2 : 1, Math.ceil(LABEL_MIN_SHARE * papers[c]!.length));
    const weak = (s: { papers: number }) => (s.papers < support ? 1 : 0);
    scored.sort((x, y) => weak(x) - weak(y) || y.score - x.score || byKey(x.key, y.key));
    for (const s of scored) {
      const list = top[s.type];
      if (list.length < o.topEntities) list.push({ key: s.key, name: s.name, score: s.score, papers: s.papers });
    }
    // Label: its most distinctive topics lead, then its most distinctive entities; terms that belong to this
    // community before ones it merely uses; no term that repeats another ('translation' after 'machine translation').
    const lead = communityLanguage(papers[c]!, attrsOf);
    const names: string[] = lead ? [lead] : [];
    const take = (kind: Kind, max: number, weakToo: boolean): void => {
      for (const pass of [true, false]) {
        for (const s of scored) {
          if (names.length >= max) return;
          if (!((weakToo || !weak(s)) && s.own === pass && kindOf(s.type) === kind && labelable(s.name) && !names.some((n) => overlaps(n, s.name)))) continue;
          // Two halves of one topic ('hate speech' and 'speech detection'): the whole topic, where the graph has it.
          const joined = kind === 'topic' ? names.map((n, at) => ({ at, name: topicNames().get(chained(n, s.name) ?? '') })).find((x) => x.name !== undefined) : undefined;
          if (joined && !names.some((n, at) => at !== joined.at && overlaps(n, joined.name!))) names[joined.at] = joined.name!;
          else names.push(s.name);
        }
      }
    };
    // Weakly supported terms label a community only when it has nothing better.
    for (const weakToo of [false, true]) {
      take('topic', Math.min(o.labelTopics, o.labelTerms), weakToo);
      take('entity', o.labelTerms, weakToo);
      take('topic', o.labelTerms, weakToo);
    }
    // The `topPapers` best by rounded centrality, then id (kept sorted as the papers go by: no object per paper),
    // and the first and last date that starts with a year.
    const best: number[] = [];
    const before = (p: number, q: number): boolean => {
      const d = round(centrality[q]!) - round(centrality[p]!);
      return d < 0 || (d === 0 && keys[p]! < keys[q]!);
    };
    let from: string | undefined;
    let to: string | undefined;
    for (const p of papers[c]!) {
      if (best.length < o.topPapers || (o.topPapers > 0 && before(p, best[best.length - 1]!))) {
        let at = best.length;
        while (at > 0 && before(p, best[at - 1]!)) at--;
        best.splice(at, 0, p);
        if (best.length > o.topPapers) best.length = o.topPapers;
      }
      const date = (attrsOf[p] as PaperNodeAttributes).date;
      if (date === undefined || !isYear.test(date)) continue;
      if (from === undefined || date < from) from = date;
      if (to === undefined || date > to) to = date;
    }
    const topPapers = best.map((p) => ({ id: keys[p]!, title: (attrsOf[p] as PaperNodeAttributes).title, score: round(centrality[p]!) }));
    const neighbours = [...cross[c]!.entries()]
      .map(([id, { weight, via }]) => ({
        id,
        weight: round(weight),
        shared: [...via.entries()]
          .sort((x, y) => y[1] - x[1] || byKey(keys[x[0]]!, keys[y[0]]!))
          .slice(0, 3)
          .map(([i]) => attrsOf[i]!.label),
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
    if (authored) community.people = people(authored[c]!, keys, attrsOf, o.topEntities);
    if (from !== undefined && to !== undefined) community.dateSpan = { from, to };
    if (parents) community.parent = parents[c]!;
    communities.push(community);
  }
  return communities;
}
