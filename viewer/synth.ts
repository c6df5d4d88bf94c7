// Synthetic research graphs shaped exactly like the build's graph.json + communities.json (for the benchmark and e2e fixtures).
import type { SerializedGraph } from 'graphology-types';
import { authorNodeKey } from '../graph/authors.ts';
import { communityColor } from '../graph/palette.ts';
import { createRng, type Rng } from '../graph/rng.ts';
import type {
  CommunitiesReport,
  Community,
  EdgeAttributes,
  EdgeType,
  GraphAttributes,
  NodeAttributes,
  NodeType,
} from '../graph/types.ts';
import type { EntityType } from '../ingest/types.ts';

export interface SynthOptions {
  /** Total nodes (papers + entities + topics + repositories + authors). */
  nodes: number;
  /**
   * Target number of edges: Paper→Repository, Paper→Author (at most half of them), then Paper→entity and Paper→Topic
   * up to the target (duplicates are re-drawn, so the count is exact unless impossible).
   */
  edges: number;
  /** Number of communities; default grows with √nodes. */
  communities?: number;
  seed?: number;
  /** Share of edges whose entity lies in the paper's own community. */
  locality?: number;
}

export const SYNTH_DEFAULTS = { seed: 7, locality: 0.85 } as const;

export interface SynthGraph {
  graph: SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;
  communities: CommunitiesReport;
}


const SYLLABLES = ['ka', 'ro', 'mi', 'zen', 'tor', 'lux', 'vi', 'na', 'qua', 'dex', 'po', 'lin', 'sar', 'gem', 'tri', 'ox'];
const WORDS = ['scaling', 'reasoning', 'vision', 'language', 'agents', 'retrieval', 'alignment', 'diffusion', 'tokens',
  'multimodal', 'benchmarks', 'efficient', 'training', 'inference', 'robust', 'sparse', 'memory', 'planning'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function gaussian(rng: Rng): number {
  // Box–Muller; 1 - rng() keeps log away from 0.
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function entityName(rng: Rng, type: EntityType, i: number): string {
  const stem = pick(rng, SYLLABLES) + pick(rng, SYLLABLES);
  const cap = stem.charAt(0).toUpperCase() + stem.slice(1);
  if (type === 'method') return `${cap}-${1 + (i % 70)}B`;
  if (type === 'benchmark') return `${cap.toUpperCase()}-Bench${i % 10 || ''}`;
  return `${cap}Set-${i}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Generate a graph of exactly `nodes` nodes and (up to) `edges` edges, deterministic for a seed. */
export function generateGraph(options: SynthOptions): SynthGraph {
  const seed = options.seed ?? SYNTH_DEFAULTS.seed;
  const locality = options.locality ?? SYNTH_DEFAULTS.locality;
  if (!Number.isInteger(options.nodes) || options.nodes < 10) throw new Error('synth: invalid `nodes`, expecting an integer ≥ 10');
  if (!Number.isInteger(options.edges) || options.edges < 1) throw new Error('synth: invalid `edges`, expecting a positive integer');
  const k = options.communities ?? Math.max(3, Math.round(Math.sqrt(options.nodes) / 3));
  const rng = createRng(seed);

  const nPapers = Math.max(2, Math.round(options.nodes * 0.4));
  const nRepos = Math.round(options.nodes * 0.04);
  // Authors of two or more papers, as the build makes them (ACL: one node in five; here fewer, so entities still lead).
  const nAuthors = Math.max(1, Math.round(options.nodes * 0.12));
  const nEntities = options.nodes - nPapers - nRepos - nAuthors;
  const types: (EntityType | 'topic')[] = [];
  for (let i = 0; i < nEntities; i++) {
    const r = rng();
    types.push(r < 0.35 ? 'method' : r < 0.55 ? 'benchmark' : r < 0.7 ? 'dataset' : 'topic');
  }

  // Community centres on a sunflower spiral, so every blob has room.
  const centres = Array.from({ length: k }, (_, c) => {
    const r = 100 * Math.sqrt(c + 0.5);
    const a = c * 2.399963;
    return { x: r * Math.cos(a), y: r * Math.sin(a) };
  });
  const members: string[][] = Array.from({ length: k }, () => []);

  type Draft = { key: string; attributes: Record<string, unknown> };
  const nodes: Draft[] = [];
  const communityOf = new Map<string, number>();
  const addNode = (key: string, type: NodeType, label: string, extra: Record<string, unknown>): void => {
    // Skewed community sizes: low ids are bigger.
    const c = Math.min(k - 1, Math.floor(k * rng() ** 1.6));
    communityOf.set(key, c);
    (members[c] as string[]).push(key);
    nodes.push({ key, attributes: { type, label, x: 0, y: 0, size: 1, color: communityColor(c), community: c, ...extra } });
  };

  const entityKeys: string[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < nEntities; i++) {
    const type = types[i]!;
    let name = type === 'topic' ? `${pick(rng, WORDS)} ${pick(rng, WORDS)}` : entityName(rng, type, i);
    if (usedNames.has(name)) name = `${name}-${i}`;
    usedNames.add(name);
    const key = `${type}:${name.toLowerCase()}`;
    entityKeys.push(key);
    if (type === 'topic') addNode(key, type, name, { papers: 0, corpusPapers: 0, lift: 2 });
    else addNode(key, type, name, { aliases: [name, name.toLowerCase()].sort(), papers: 0 });
  }
  const paperKeys: string[] = [];
  for (let i = 0; i < nPapers; i++) {
    const key = `arxiv:25${pad(1 + (i % 12))}.${String(i).padStart(5, '0')}`;
    paperKeys.push(key);
    const title = `${pick(rng, WORDS)} ${pick(rng, WORDS)} for ${pick(rng, WORDS)} ${pick(rng, WORDS)} (${i})`;
    const date = `${2023 + Math.floor(rng() * 3)}-${pad(1 + Math.floor(rng() * 12))}-${pad(1 + Math.floor(rng() * 28))}`;
    addNode(key, 'paper', title, {
      title, abstract: '', date, authors: [],
      url: `https://arxiv.org/abs/${key.slice(6)}`, sources: [{ file: 'synthetic', line: i + 1, format: 'jsonl' }],
    });
  }
  const repoKeys: string[] = [];
  for (let i = 0; i < nRepos; i++) {
    const url = `https://github.com/lab${i % 50}/project-${i}`;
    const key = `repo:${url}`;
    repoKeys.push(key);
    addNode(key, 'repository', `lab${i % 50}/project-${i}`, { url, host: 'github.com' });
  }
  // Authors: 'Karo Roluxe'; every fourth also spelled 'Karo ROLUXE' on some papers (one person: graph/authors.ts).
  const authorKeys: string[] = [];
  const spellings = new Map<string, string[]>();
  for (let i = 0; i < nAuthors; i++) {
    const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
    const first = cap(pick(rng, SYLLABLES) + pick(rng, SYLLABLES));
    const last = cap(pick(rng, SYLLABLES) + pick(rng, SYLLABLES) + pick(rng, SYLLABLES));
    let name = `${first} ${last}`;
    if (spellings.has(authorNodeKey(name)!)) name = `${name} ${i}`;
    const key = authorNodeKey(name)!;
    authorKeys.push(key);
    spellings.set(key, i % 4 === 0 ? [name, name.replace(last, last.toUpperCase())] : [name]);
    addNode(key, 'author', name, { papers: 0, aliases: [] });
  }

  const entitiesByCommunity: string[][] = Array.from({ length: k }, () => []);
  for (const key of entityKeys) (entitiesByCommunity[communityOf.get(key) as number] as string[]).push(key);
  const nodeIndex = new Map(nodes.map((n, i) => [n.key, i]));
  const attrs = (key: string) => (nodes[nodeIndex.get(key) as number] as Draft).attributes;

  const edgeSet = new Set<string>();
  const edges: { key: string; source: string; target: string; attributes: Record<string, unknown> }[] = [];
  const degree = new Map<string, number>();
  const bump = (key: string) => degree.set(key, (degree.get(key) ?? 0) + 1);
  const addEdge = (source: string, target: string): boolean => {
    const id = `${source}\u0000${target}`;
    if (edgeSet.has(id)) return false;
    edgeSet.add(id);
    const t = attrs(target);
    const ttype = t.type as NodeType;
    let type: EdgeType;
    if (ttype === 'repository') type = 'HAS_CODE';
    else if (ttype === 'author') type = 'AUTHORED_BY';
    else if (ttype === 'topic') type = 'ABOUT';
    else if (ttype === 'benchmark') type = rng() < 0.1 ? 'INTRODUCES' : 'EVALUATES_ON';
    else if (ttype === 'dataset') type = rng() < 0.1 ? 'INTRODUCES' : 'USES';
    else type = rng() < 0.15 ? 'PROPOSES' : rng() < 0.8 ? 'USES' : 'MENTIONS';
    const name = String(t.label);
    const a: Record<string, unknown> = { type, weight: 1 };
    if (ttype !== 'repository' && ttype !== 'topic' && ttype !== 'author') {
      a.name = name;
      a.aliases = [name];
      if (ttype === 'benchmark' && rng() < 0.5) {
        const value = Math.round(rng() * 1000) / 10;
        a.results = [{ target: target, metric: 'accuracy', value, text: `${value} accuracy on ${name}` }];
      }
    }
    edges.push({ key: `e${edges.length}`, source, target, attributes: a });
    bump(source);
    bump(target);
    return true;
  };

  // Each repository belongs to one paper of its community (or any paper).
  for (const repo of repoKeys) {
    const c = communityOf.get(repo) as number;
    const pool = (members[c] as string[]).filter((m) => m.startsWith('arxiv:'));
    addEdge(pool.length > 0 ? pick(rng, pool) : pick(rng, paperKeys), repo);
  }
  // Each paper by one to three authors, mostly of its own community (rng()² again: a few prolific people), and
  // every author on two papers at least; a paper also lists a guest of that paper only, who gets no node.
  const authorsByCommunity: string[][] = Array.from({ length: k }, () => []);
  for (const key of authorKeys) (authorsByCommunity[communityOf.get(key) as number] as string[]).push(key);
  const papersByCommunity: string[][] = Array.from({ length: k }, () => []);
  for (const key of paperKeys) (papersByCommunity[communityOf.get(key) as number] as string[]).push(key);
  const written = new Map<string, string[]>();
  const authorBudget = edges.length + Math.floor((options.edges - edges.length) / 2);
  const write = (paper: string, author: string): void => {
    if (!addEdge(paper, author)) return;
    written.set(author, [...(written.get(author) ?? []), paper]);
  };
  for (const paper of paperKeys) {
    const count = 1 + Number(rng() < 0.4) + Number(rng() < 0.15);
    for (let j = 0; j < count && edges.length < authorBudget; j++) {
      const local = authorsByCommunity[communityOf.get(paper) as number] as string[];
      const pool = local.length > 0 && rng() < locality ? local : authorKeys;
      write(paper, pool[Math.floor(pool.length * rng() ** 2)] as string);
    }
  }
  for (const author of authorKeys) {
    const local = papersByCommunity[communityOf.get(author) as number] as string[];
    const pool = local.length >= 2 ? local : paperKeys;
    for (let tries = 0; (written.get(author)?.length ?? 0) < 2 && tries < 50; tries++) write(pick(rng, pool), author);
  }
  for (const [author, papers] of written) {
    const names = spellings.get(author) as string[];
    const uses = new Map<string, number>();
    for (const paper of papers) {
      const name = names.length > 1 && rng() < 0.3 ? names[1]! : names[0]!;
      uses.set(name, (uses.get(name) ?? 0) + 1);
      (attrs(paper).authors as string[]).push(name);
    }
    const a = attrs(author);
    // The most used spelling names the node (the first on a tie), as the build's vote does.
    a.label = [...uses].sort((x, y) => y[1] - x[1] || names.indexOf(x[0]) - names.indexOf(y[0]))[0]![0];
    a.aliases = [...uses.keys()].sort();
    a.papers = papers.length;
    const dates = papers.map((p) => String(attrs(p).date)).sort();
    a.firstSeen = dates[0];
    a.lastSeen = dates[dates.length - 1];
  }
  paperKeys.forEach((paper, i) => (attrs(paper).authors as string[]).push(`Guest ${i}`));

  const target = Math.max(options.edges, edges.length);
  let attempts = 0;
  while (edges.length < target && attempts < target * 20) {
    attempts++;
    const paper = pick(rng, paperKeys);
    const local = entitiesByCommunity[communityOf.get(paper) as number] as string[];
    const pool = local.length > 0 && rng() < locality ? local : entityKeys;
    // rng()² skews picks towards the first entities of the pool: a few hubs, many leaves.
    const entity = pool[Math.floor(pool.length * rng() ** 2)] as string;
    addEdge(paper, entity);
  }

  // Abstracts mention the paper's entities by name, so the viewer has something to highlight.
  const outgoing = new Map<string, string[]>();
  for (const e of edges) {
    if (e.attributes.type === 'AUTHORED_BY') continue;
    const list = outgoing.get(e.source) ?? [];
    list.push(String(attrs(e.target).label));
    outgoing.set(e.source, list);
  }
  for (const key of paperKeys) {
    const names = (outgoing.get(key) ?? []).slice(0, 6);
    const a = attrs(key);
    a.abstract = `We study ${pick(rng, WORDS)} ${pick(rng, WORDS)}. ` +
      (names.length > 0 ? `Our approach builds on ${names.join(', ')}. ` : '') +
      `Experiments show consistent gains in ${pick(rng, WORDS)}.`;
  }

  for (const n of nodes) {
    const c = n.attributes.community as number;
    const centre = centres[c] as { x: number; y: number };
    const spread = 6 * Math.sqrt((members[c] as string[]).length);
    n.attributes.x = Math.round((centre.x + gaussian(rng) * spread) * 1000) / 1000;
    n.attributes.y = Math.round((centre.y + gaussian(rng) * spread) * 1000) / 1000;
    const d = degree.get(n.key) ?? 0;
    n.attributes.size = Math.round((2 + 1.5 * Math.sqrt(d)) * 100) / 100;
    if (n.attributes.type === 'topic') {
      n.attributes.papers = d;
      n.attributes.corpusPapers = d;
    } else if (n.attributes.type !== 'paper' && n.attributes.type !== 'repository' && n.attributes.type !== 'author') {
      n.attributes.papers = d;
      n.attributes.evidence = { rule: 'synthetic', reason: 'generated name', sentence: `Our approach builds on ${n.attributes.label}.`, start: 0, end: 0 };
    }
  }

  const graph = {
    attributes: { name: `synthetic-${options.nodes}`, seed, modularity: 0, schema: 1 },
    options: { type: 'directed', multi: false, allowSelfLoops: false },
    nodes,
    edges,
  } as unknown as SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;
  return { graph, communities: summarise(nodes, edges, k, communityOf, seed) };
}

function summarise(
  nodes: { key: string; attributes: Record<string, unknown> }[],
  edges: { source: string; target: string; attributes: Record<string, unknown> }[],
  k: number,
  communityOf: Map<string, number>,
  seed: number,
): CommunitiesReport {
  const communities: Community[] = [];
  const byId = new Map<number, typeof nodes>();
  for (const n of nodes) {
    const c = n.attributes.community as number;
    const list = byId.get(c) ?? [];
    list.push(n);
    byId.set(c, list);
  }
  const links = new Map<string, number>();
  /** Per community, its authors' papers in it (AUTHORED_BY from its papers). */
  const authored = new Map<number, Map<string, number>>();
  const attrsOf = new Map(nodes.map((n) => [n.key, n.attributes]));
  for (const e of edges) {
    if (e.attributes.type === 'AUTHORED_BY') {
      const c = communityOf.get(e.source) as number;
      const m = authored.get(c) ?? new Map<string, number>();
      m.set(e.target, (m.get(e.target) ?? 0) + 1);
      authored.set(c, m);
    }
    const a = communityOf.get(e.source) as number;
    const b = communityOf.get(e.target) as number;
    if (a === b) continue;
    const id = a < b ? `${a}:${b}` : `${b}:${a}`;
    links.set(id, (links.get(id) ?? 0) + 1);
  }
  for (let c = 0; c < k; c++) {
    const list = byId.get(c) ?? [];
    if (list.length === 0) continue;
    const top = { topic: [], method: [], dataset: [], benchmark: [] } as Community['top'];
    for (const n of list) {
      const t = n.attributes.type as string;
      if (t === 'topic' || t === 'method' || t === 'dataset' || t === 'benchmark') {
        top[t].push({ key: n.key, name: String(n.attributes.label), score: n.attributes.papers as number, papers: n.attributes.papers as number });
      }
    }
    for (const t of ['topic', 'method', 'dataset', 'benchmark'] as const) top[t] = top[t].sort((a, b) => b.score - a.score).slice(0, 5);
    const papers = list.filter((n) => n.attributes.type === 'paper');
    const dates = papers.map((p) => String(p.attributes.date)).sort();
    const neighbours = [...links].flatMap(([id, weight]) => {
      const [a, b] = id.split(':').map(Number) as [number, number];
      return a === c ? [{ id: b, weight, shared: [] }] : b === c ? [{ id: a, weight, shared: [] }] : [];
    }).sort((x, y) => y.weight - x.weight).slice(0, 5);
    const golden = Math.PI * (3 - Math.sqrt(5));
    communities.push({
      // A place on the community map: a golden-angle spiral (the build computes a real map).
      x: Math.round(60 * Math.sqrt(c + 0.5) * Math.cos(c * golden) * 100) / 100,
      y: Math.round(60 * Math.sqrt(c + 0.5) * Math.sin(c * golden) * 100) / 100,
      id: c,
      label: [top.topic[0]?.name, top.method[0]?.name, top.benchmark[0]?.name].filter(Boolean).join(' · ') || `Community ${c}`,
      size: list.length,
      color: communityColor(c),
      papers: papers.length,
      top,
      topPapers: papers.slice(0, 3).map((p) => ({ id: p.key, title: String(p.attributes.title), score: 1 })),
      ...(dates.length > 0 ? { dateSpan: { from: dates[0] as string, to: dates[dates.length - 1] as string } } : {}),
      neighbours,
      // Areas as the build's split makes them: here planted groups of three communities.
      parent: Math.floor(c / 3),
      // Its people, as the build ranks them: most papers here, then the larger share of their papers, then key.
      people: [...(authored.get(c) ?? [])].map(([key, count]) => {
        const a = attrsOf.get(key) as Record<string, unknown>;
        return { key, name: String(a.label), papers: count, share: Math.round((count / (a.papers as number)) * 1e4) / 1e4 };
      }).sort((x, y) => y.papers - x.papers || y.share - x.share || (x.key < y.key ? -1 : 1)).slice(0, 5),
    });
  }
  return { seed, resolution: 1, splitResolution: 0.1, modularity: 0, communities };
}

/** Write graph.json + communities.json for a synthetic graph into `dir` (benchmarks, e2e fixtures). */
export async function writeSynthDir(dir: string, options: SynthOptions): Promise<SynthGraph> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const synth = generateGraph(options);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'graph.json'), JSON.stringify(synth.graph));
  await writeFile(join(dir, 'communities.json'), JSON.stringify(synth.communities, null, 2));
  return synth;
}
