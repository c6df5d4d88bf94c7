// Viewer logic without a browser: URL state, search ranking, abstract highlighting, filters, community level, synthetic graphs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SerializedGraph } from 'graphology-types';
import { EDGE_TYPES, type EdgeAttributes, type GraphAttributes, type NodeAttributes, type NodeType } from '../graph/types.ts';
import { AGGREGATE_EDGE, buildCommunityGraph, communityNodeKey, communityOfKey, communityPlaces, subMap } from '../viewer/src/community.ts';
import { highlightSegments, safeUrl } from '../viewer/src/highlight.ts';
import { activeSpan, coAuthors, languageNote } from '../viewer/src/panel.ts';
import { authorNode, buildModel, computeHidden, computeSizes, countVisibleEdges, modelFromSummary, month, summarise, UNASSIGNED, UNASSIGNED_LABEL, type ViewerData } from '../viewer/src/model.ts';
import { buildSearchIndex, search, type SearchTarget } from '../viewer/src/search.ts';
import { DEFAULT_SETTINGS, PROGRAM_NAMES } from '../viewer/src/settings.ts';
import { decodeState, encodeState, initialState, navigationKey, NODE_TYPES, type ViewState } from '../viewer/src/state.ts';
import { generateGraph } from '../viewer/synth.ts';

const defaults = initialState('degree');
const xss = JSON.parse(readFileSync(new URL('./fixtures/viewer/xss/graph.json', import.meta.url), 'utf8')) as SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;

function data(graph: SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>): ViewerData {
  return { graph, communities: null, files: {} };
}

describe('URL hash state', () => {
  const full: ViewState = {
    selected: 'arxiv:2501.00001', author: 'Ada Lovelace', hiddenCommunities: [2, 5], hiddenTypes: ['repository', 'paper'], minDegree: 3,
    dateFrom: '2024-01', dateTo: '2025-06', sizeBy: 'papers', expanded: [7], camera: { x: 0.25, y: 0.75, ratio: 0.5 },
  };
  it.each([
    ['defaults', defaults, ''],
    ['selection only', { ...defaults, selected: 't:ab cd' }, 'sel=t%3Aab+cd'],
    ['author only', { ...defaults, author: 'Zoë O’Neil' }, 'au=Zo%C3%AB+O%E2%80%99Neil'],
    ['everything', full, 'sel=arxiv%3A2501.00001&au=Ada+Lovelace&hc=2.5&ht=paper.repository&md=3&df=2024-01&dt=2025-06&sz=papers&ex=7&cam=0.25%2C0.75%2C0.5'],
  ])('%s encodes and round-trips', (_name, state, hash) => {
    expect(encodeState(state, defaults)).toBe(hash);
    const back = decodeState(`#${hash}`, defaults);
    expect(back).toEqual({ ...state, hiddenTypes: [...state.hiddenTypes].sort() });
  });

  it('a fresh view hides the author type (settings.filters), and a link that hides nothing says so', () => {
    expect(defaults.hiddenTypes).toEqual(['author']);
    expect(initialState('degree', []).hiddenTypes).toEqual([]);
    expect(decodeState('', defaults).hiddenTypes).toEqual(['author']);
  });

  it.each([
    ['authors shown', [], 'ht=none'],
    ['authors shown, topics hidden', ['topic'], 'ht=topic'],
    ['authors and topics hidden', ['topic', 'author'], 'ht=author.topic'],
    ['the default set, in another order', ['author'], ''],
  ] as const)('type filter against the defaults: %s, and back', (_name, hiddenTypes, hash) => {
    const state = { ...defaults, hiddenTypes: [...hiddenTypes] };
    expect(encodeState(state, defaults)).toBe(hash);
    expect([...decodeState(hash, defaults).hiddenTypes].sort()).toEqual([...hiddenTypes].sort());
    // A view whose defaults hide nothing writes only what it hides.
    const open = initialState('degree', []);
    expect(encodeState({ ...open, hiddenTypes: [...hiddenTypes] }, open)).toBe(hiddenTypes.length > 0 ? `ht=${[...hiddenTypes].sort().join('.')}` : '');
  });

  it.each([
    ['unknown type dropped', 'ht=paper.bogus', { hiddenTypes: ['paper'] }],
    ['bad month ignored', 'df=2024-13&dt=24-01', { dateFrom: null, dateTo: null }],
    ['year-less month kept', 'df=--08', { dateFrom: '--08' }],
    ['negative degree ignored', 'md=-2', { minDegree: 0 }],
    ['non-numeric communities dropped', 'hc=1.x.-3.1', { hiddenCommunities: [1] }],
    ['the unassigned group kept', 'hc=2.-1', { hiddenCommunities: [-1, 2] }],
    ['bad camera ignored', 'cam=1,2', { camera: null }],
    ['zero ratio ignored', 'cam=0.5,0.5,0', { camera: null }],
    ['unknown size mode ignored', 'sz=betweenness', { sizeBy: 'degree' }],
    ['pagerank size mode kept', 'sz=pagerank', { sizeBy: 'pagerank' }],
    ['topic type kept', 'ht=topic', { hiddenTypes: ['topic'] }],
    ['author type kept', 'ht=author', { hiddenTypes: ['author'] }],
    ['none: every type shown', 'ht=none', { hiddenTypes: [] }],
    ['no ht: the default types hidden', 'sel=p1', { hiddenTypes: ['author'] }],
  ])('%s', (_name, hash, expected) => {
    expect(decodeState(hash, defaults)).toMatchObject(expected);
  });

  it.each([
    ['a selection', { selected: 'p1' }, true],
    ['an author', { author: 'Ada' }, true],
    ['an expansion', { expanded: [3] }, true],
    ['the camera', { camera: { x: 0.1, y: 0.2, ratio: 0.3 } }, false],
    ['a filter', { hiddenCommunities: [1], minDegree: 2 }, false],
    ['showing authors', { hiddenTypes: [] }, false],
  ])('Back undoes %s: %s', (_name, change, navigates) => {
    expect(navigationKey({ ...defaults, ...change }) !== navigationKey(defaults)).toBe(navigates);
  });
});

describe('abstract highlighting', () => {
  const seg = (text: string, terms: { text: string; node: string }[]) =>
    highlightSegments(text, terms).map((s) => (s.node ? `[${s.text}|${s.node}]` : s.text)).join('');
  it.each([
    ['plain match', 'We beat BERT on GLUE.', [{ text: 'BERT', node: 'm' }], 'We beat [BERT|m] on GLUE.'],
    ['case-insensitive', 'we use bert.', [{ text: 'BERT', node: 'm' }], 'we use [bert|m].'],
    ['word boundary', 'RoBERTa is not BERT', [{ text: 'BERT', node: 'm' }], 'RoBERTa is not [BERT|m]'],
    ['longest wins', 'Llama 3 70B and Llama 3', [{ text: 'Llama 3', node: 'a' }, { text: 'Llama 3 70B', node: 'b' }], '[Llama 3 70B|b] and [Llama 3|a]'],
    ['markup stays text', 'on <b>X</b> now', [{ text: '<b>X</b>', node: 'x' }], 'on [<b>X</b>|x] now'],
    ['one-letter terms skipped', 'a b c', [{ text: 'b', node: 'x' }], 'a b c'],
    ['no terms', 'nothing here', [], 'nothing here'],
  ])('%s', (_name, text, terms, expected) => {
    expect(seg(text, terms)).toBe(expected);
  });

  it.each([
    ['https://github.com/a/b', 'https://github.com/a/b'],
    ['http://x.org/', 'http://x.org/'],
    ['javascript:alert(1)', null],
    ['data:text/html,<b>', null],
    ['not a url', null],
    [undefined, null],
  ])('safeUrl(%s)', (url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });
});

describe('search', () => {
  const model = buildModel(data(xss), DEFAULT_SETTINGS);
  const index = buildSearchIndex(model);
  it.each([
    ['exact name first, then titles containing it', 'mmlu', ['benchmark:mmlu', 't:ok']],
    ['alias hit', 'svg onload', ['method:evilnet']],
    ['title substring', 'hostile', ['t:xss']],
    ['diacritics and case folded', 'MMLÜ', ['benchmark:mmlu', 't:ok']],
    ['empty query', '  ', []],
    ['no hit', 'zzzz', []],
  ])('%s', (_name, query, nodes) => {
    expect(search(index, query, 10).map((h) => h.target)).toEqual(nodes.map((node) => ({ node })));
  });

  it('reports the alias a hit came through', () => {
    expect(search(index, 'svg', 5)[0]?.via).toBe('<svg onload=alert(5)>');
  });

  it.each([
    ['an Author node by its name, with its paper count', '<i>mallory', { node: 'author:i mallory i' }, '2 papers'],
    ['an Author node by another spelling', '<I>MALLORY</I>', { node: 'author:i mallory i' }, '2 papers'],
    ['a name-only author (one paper) by name', 'alice', { author: 'Alice' }, '1 paper'],
  ] as const)('finds %s', (_name, query, target, via) => {
    const hits = search(index, query, 10);
    expect(hits.map((h) => h.target)).toEqual([target]);
    expect(hits[0]).toMatchObject({ type: 'author', via });
  });

  describe('topics, authors and ids', () => {
    const base = { x: 0, y: 0, size: 1, color: '#4e79a7', community: 0 };
    const paper = (key: string, title: string, authors: string[]) => ({ key, attributes: { ...base, type: 'paper', label: title, title, abstract: '', authors, sources: [] } });
    const graph = {
      attributes: { name: 't', seed: 1, modularity: 0, schema: 1 },
      options: { type: 'directed', multi: false, allowSelfLoops: false },
      nodes: [
        paper('2020.acl-main.1', 'Attention for translation', ['Ada Lovelace', 'Alan Turing']),
        paper('arxiv:2401.00001', 'Parsing with grammars', ['Ada Lovelace']),
        { key: 'topic:neural machine translation', attributes: { ...base, type: 'topic', label: 'neural machine translation', papers: 1, corpusPapers: 3, lift: 2.5, acronyms: ['NMT'] } },
      ],
      edges: [{ key: 'e1', source: '2020.acl-main.1', target: 'topic:neural machine translation', attributes: { type: 'ABOUT', weight: 1 } }],
    } as unknown as SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;
    const idx = buildSearchIndex(buildModel(data(graph), DEFAULT_SETTINGS));
    it.each([
      ['an author, with her paper count', 'ada love', [{ author: 'Ada Lovelace' }], 'author', '2 papers'],
      ['an author by last name', 'turing', [{ author: 'Alan Turing' }], 'author', '1 paper'],
      ['a paper by its Anthology id', '2020.acl-main', [{ node: '2020.acl-main.1' }], 'paper', '2020.acl-main.1'],
      ['a paper by its arXiv id', '2401.00001', [{ node: 'arxiv:2401.00001' }], 'paper', 'arxiv:2401.00001'],
      ['a topic by name', 'machine transl', [{ node: 'topic:neural machine translation' }], 'topic', null],
      ['a topic by its acronym', 'nmt', [{ node: 'topic:neural machine translation' }], 'topic', 'NMT'],
    ] as [string, string, SearchTarget[], string, string | null][])('finds %s', (_name, query, targets, type, via) => {
      const hits = search(idx, query, 10);
      expect(hits.map((h) => h.target)).toEqual(targets);
      expect(hits[0]).toMatchObject({ type, via });
    });

    // The same papers once the build made an Author node of Ada (two papers, two spellings); Alan (one paper) has none.
    const withNode = structuredClone(graph);
    (withNode.nodes[1]!.attributes as { authors: string[] }).authors = ['ADA LOVELACE'];
    withNode.nodes.push({ key: 'author:ada lovelace', attributes: { ...base, type: 'author', label: 'Ada Lovelace', papers: 2, aliases: ['ADA LOVELACE', 'Ada Lovelace'], firstSeen: '2020-07-01', lastSeen: '2024-01-02' } });
    withNode.edges.push(
      { key: 'e2', source: '2020.acl-main.1', target: 'author:ada lovelace', attributes: { type: 'AUTHORED_BY', weight: 1 } },
      { key: 'e3', source: 'arxiv:2401.00001', target: 'author:ada lovelace', attributes: { type: 'AUTHORED_BY', weight: 1 } },
    );
    const nodeModel = buildModel(data(withNode), DEFAULT_SETTINGS);
    const nodeIdx = buildSearchIndex(nodeModel);
    it.each([
      ['her name leads to her Author node, never to a name-only entry', 'ada love', [{ node: 'author:ada lovelace' }], '2 papers'],
      ['so does another spelling', 'ADA LOVELACE', [{ node: 'author:ada lovelace' }], '2 papers'],
      ['an author with no node stays a name', 'alan', [{ author: 'Alan Turing' }], '1 paper'],
    ] as [string, string, SearchTarget[], string][])('with an Author node: %s', (_name, query, targets, via) => {
      const hits = search(nodeIdx, query, 10);
      expect(hits.map((h) => h.target)).toEqual(targets);
      expect(hits[0]).toMatchObject({ type: 'author', via });
    });

    it.each([
      ['Ada Lovelace', 'author:ada lovelace'], ['ADA LOVELACE', 'author:ada lovelace'], ['Adá  Lovelace', 'author:ada lovelace'],
      ['Alan Turing', undefined], ['', undefined],
    ])('authorNode(%j) is %j', (name, key) => {
      expect(authorNode(nodeModel, name)).toBe(key);
    });

    it('an author panel\'s co-authors: an Author node once whatever the spelling, never the author themself', () => {
      expect(coAuthors(nodeModel, 'alan turing', ['2020.acl-main.1'], 10)).toEqual([{ name: 'Ada Lovelace', node: 'author:ada lovelace', count: 1 }]);
      expect(coAuthors(nodeModel, 'ada lovelace', ['2020.acl-main.1', 'arxiv:2401.00001'], 10)).toEqual([{ name: 'Alan Turing', count: 1 }]);
      const both = structuredClone(withNode);
      (both.nodes[0]!.attributes as { authors: string[] }).authors = ['Alan Turing', 'Ada Lovelace'];
      (both.nodes[1]!.attributes as { authors: string[] }).authors = ['Alan Turing', 'ADA LOVELACE', 'Ada Lovelace'];
      expect(coAuthors(buildModel(data(both), DEFAULT_SETTINGS), 'alan turing', ['2020.acl-main.1', 'arxiv:2401.00001'], 10))
        .toEqual([{ name: 'Ada Lovelace', node: 'author:ada lovelace', count: 2 }]);
    });
  });
});

describe('model and filters', () => {
  const synth = generateGraph({ nodes: 400, edges: 1200, communities: 5, seed: 3 });
  const model = buildModel(data(synth.graph), DEFAULT_SETTINGS);
  const nodes = synth.graph.nodes.map((n) => ({ key: n.key, a: n.attributes as NodeAttributes }));
  /** Every type shown unless the patch says otherwise (a fresh view hides authors: tested on its own below). */
  const state = (patch: Partial<ViewState>): ViewState => ({ ...defaults, hiddenTypes: [], ...patch });
  const expectHidden = (patch: Partial<ViewState>, predicate: (a: NodeAttributes, key: string) => boolean) => {
    const hidden = computeHidden(model, state(patch));
    expect([...hidden].sort()).toEqual(nodes.filter((n) => predicate(n.a, n.key)).map((n) => n.key).sort());
  };

  it('counts the edges the filters leave visible (both ends shown)', () => {
    const g = model.graph;
    const hidden = computeHidden(model, state({ hiddenTypes: ['benchmark'] }));
    const expected = synth.graph.edges.filter((e) => !hidden.has(e.source) && !hidden.has(e.target)).length;
    expect(countVisibleEdges(g, (n) => hidden.has(n))).toBe(expected);
    expect(expected).toBeLessThan(synth.graph.edges.length);
    expect(countVisibleEdges(g, () => false)).toBe(synth.graph.edges.length);
  });

  it('indexes every node and edge', () => {
    expect(model.nodes.length).toBe(400);
    expect(model.edges.length).toBe(1200);
    expect(model.graph.order).toBe(400);
    expect([...model.communities.values()].reduce((s, c) => s + c.size, 0)).toBe(400);
    expect(model.communityOrder.map((id) => model.communities.get(id)?.size)).toEqual(
      [...model.communities.values()].map((c) => c.size).sort((a, b) => b - a));
  });

  it('no filter hides nothing', () => expectHidden({}, () => false));
  it('a fresh view hides exactly the Author nodes', () => {
    expect(nodes.filter((n) => n.a.type === 'author').length).toBeGreaterThan(10);
    const hidden = computeHidden(model, defaults);
    expect([...hidden].sort()).toEqual(nodes.filter((n) => n.a.type === 'author').map((n) => n.key).sort());
  });
  it.each([0, 2, 4])('hiding community %i hides exactly its nodes', (c) => expectHidden({ hiddenCommunities: [c] }, (a) => a.community === c));
  it.each(NODE_TYPES.map((t) => [t]))('hiding type %s hides exactly those nodes', (t) => expectHidden({ hiddenTypes: [t as NodeType] }, (a) => a.type === t));
  it.each([1, 3, 8])('min degree %i', (d) => expectHidden({ minDegree: d }, (_a, key) => (model.degree.get(key) ?? 0) < d));

  it('isolated nodes (−1) and minor communities (≤ −2) form one grey legend group, listed last', () => {
    const graph = structuredClone(synth.graph);
    const outside = new Set<string>();
    graph.nodes.forEach((n, i) => {
      if (i % 7 === 0) {
        (n.attributes as NodeAttributes).community = -1 - (i % 3); // −1, −2, −3
        outside.add(n.key);
      }
    });
    const m = buildModel(data(graph), DEFAULT_SETTINGS);
    expect([...m.communities.keys()].filter((id) => id < 0)).toEqual([UNASSIGNED]);
    const group = m.communities.get(UNASSIGNED)!;
    expect([group.label, group.size, m.communityOrder.at(-1)]).toEqual([UNASSIGNED_LABEL, outside.size, UNASSIGNED]);
    expect([...computeHidden(m, state({ hiddenCommunities: [UNASSIGNED] }))].sort()).toEqual([...outside].sort());
    const collapsed = buildCommunityGraph(m, new Set(), DEFAULT_SETTINGS);
    expect(collapsed.filterNodes((_k, a) => (a.community as number) < 0)).toEqual([communityNodeKey(UNASSIGNED)]);
  });

  it('date range hides papers outside it and entities left without a visible paper', () => {
    const hidden = computeHidden(model, state({ dateFrom: '2024-01', dateTo: '2024-06' }));
    for (const { key, a } of nodes) {
      if (a.type === 'paper') {
        const m = month(a.date) as string;
        expect(hidden.has(key)).toBe(m < '2024-01' || m > '2024-06');
      } else {
        const papers = synth.graph.edges.filter((e) => e.target === key).map((e) => e.source);
        const anyVisible = papers.some((p) => !hidden.has(p));
        expect(hidden.has(key)).toBe(papers.length > 0 && !anyVisible);
      }
    }
  });

  it('sized by paper count, an author grows with their papers; papers and repositories have none of their own', () => {
    const sizes = computeSizes(model, 'papers', DEFAULT_SETTINGS);
    const authors = nodes.filter((n) => n.a.type === 'author').sort((x, y) => (x.a as { papers: number }).papers - (y.a as { papers: number }).papers);
    const [few, many] = [authors[0]!, authors.at(-1)!];
    expect((many.a as { papers: number }).papers).toBeGreaterThan((few.a as { papers: number }).papers);
    expect(sizes.get(many.key)).toBeGreaterThan(sizes.get(few.key)!);
    for (const n of nodes) if (n.a.type === 'paper' || n.a.type === 'repository') expect(sizes.get(n.key)).toBe(DEFAULT_SETTINGS.size.min);
  });

  it.each(['degree', 'papers', 'pagerank', 'stored'] as const)('sizes by %s stay within bounds', (by) => {
    const sizes = computeSizes(model, by, DEFAULT_SETTINGS);
    expect(sizes.size).toBe(400);
    if (by !== 'stored') {
      for (const s of sizes.values()) {
        expect(s).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.size.min);
        expect(s).toBeLessThanOrEqual(DEFAULT_SETTINGS.size.max + 1e-9);
      }
    }
  });

  it.each([
    ['2025-03-14', '2025-03'], ['2025', '2025-01'], ['--08-20', '--08'], ['soon', null], [undefined, null],
  ])('month(%s)', (date, expected) => expect(month(date)).toBe(expected));
});

describe('community level', () => {
  const synth = generateGraph({ nodes: 600, edges: 1800, communities: 6, seed: 11 });
  const model = buildModel(data(synth.graph), DEFAULT_SETTINGS);
  const before = JSON.stringify(synth.graph);
  const communityOf = new Map(synth.graph.nodes.map((n) => [n.key, (n.attributes as NodeAttributes).community]));
  const crossing = synth.graph.edges.filter((e) => communityOf.get(e.source) !== communityOf.get(e.target)).length;

  /** Crossing edges between two communities, by unordered pair. */
  const pairWeight = new Map<string, number>();
  for (const e of synth.graph.edges) {
    const a = communityOf.get(e.source) as number;
    const b = communityOf.get(e.target) as number;
    if (a === b) continue;
    const key = [communityNodeKey(a), communityNodeKey(b)].sort().join('|');
    pairWeight.set(key, (pairWeight.get(key) ?? 0) + 1);
  }

  it('collapsed: one node per community, sized by members; each community keeps its strongest links, weights summed', () => {
    const g = buildCommunityGraph(model, new Set(), DEFAULT_SETTINGS);
    expect(g.order).toBe(6);
    expect(g.nodes().map(communityOfKey).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const c of model.communities.values()) expect(g.getNodeAttribute(communityNodeKey(c.id), 'members')).toBe(c.size);
    let weight = 0;
    g.forEachEdge((_e, a, s, t) => {
      expect(a.type).toBe(AGGREGATE_EDGE);
      expect(a.weight).toBe(pairWeight.get([s, t].sort().join('|')));
      weight += a.weight as number;
    });
    expect(weight).toBeLessThanOrEqual(crossing);
    expect(g.size).toBeLessThanOrEqual(DEFAULT_SETTINGS.community.links * 6);
    // Every community's most associated neighbour (weight over the sizes' product) is linked.
    for (const c of model.communities.values()) {
      const own = communityNodeKey(c.id);
      const best = [...pairWeight].filter(([k]) => k.split('|').includes(own))
        .map(([k, w]) => ({ other: k.split('|').find((x) => x !== own) as string, s: w / (c.size * (model.communities.get(communityOfKey(k.split('|').find((x) => x !== own) as string) as number)?.size as number)) }))
        .sort((x, y) => y.s - x.s)[0];
      if (best) expect(g.hasEdge(own, best.other) || g.hasEdge(best.other, own)).toBe(true);
    }
  });

  it('expanding a community shows its members and their own edges; links to collapsed ones are left out', () => {
    const id = model.communityOrder[0] as number;
    const g = buildCommunityGraph(model, new Set([id]), DEFAULT_SETTINGS);
    const members = model.communities.get(id)?.size as number;
    expect(g.order).toBe(5 + members);
    const inside = synth.graph.edges.filter((e) => communityOf.get(e.source) === id && communityOf.get(e.target) === id).length;
    let own = 0;
    g.forEachEdge((_e, a, s, t) => {
      if (a.type === AGGREGATE_EDGE) expect([communityOfKey(s), communityOfKey(t)]).not.toContain(null);
      else own++;
    });
    expect(own).toBe(inside);
  });

  it('with a community map, an expanded community is a sub-map around its place: spread, in its disc, the same every time', () => {
    const report = { ...synth.communities, communities: synth.communities.communities.map((c, i) => ({ ...c, x: 1000 * Math.cos(i), y: 1000 * Math.sin(i) })) };
    const mapped = buildModel({ graph: synth.graph, communities: report, files: {} }, DEFAULT_SETTINGS);
    const id = mapped.communityOrder[0] as number;
    const c = mapped.communities.get(id)!;
    const { places } = communityPlaces(mapped);
    expect(places.get(id)).toEqual(c.map);
    const radius = Math.sqrt(c.size) * DEFAULT_SETTINGS.community.subMapScale;
    const a = subMap(mapped, c, c.map!, radius, DEFAULT_SETTINGS);
    const b = subMap(mapped, c, c.map!, radius, DEFAULT_SETTINGS);
    expect([...a]).toEqual([...b]);
    const dist = [...a.values()].map((p) => Math.hypot(p.x - c.map!.x, p.y - c.map!.y)).sort((x, y) => x - y);
    expect(dist[Math.floor(0.95 * (dist.length - 1))]).toBeCloseTo(radius, 6);
    // Not one blob: the median distance from the centre is a good part of the radius.
    expect(dist[Math.floor(dist.length / 2)]).toBeGreaterThan(0.3 * radius);
    const g = buildCommunityGraph(mapped, new Set([id]), DEFAULT_SETTINGS, new Map());
    for (const m of c.members) expect({ x: g.getNodeAttribute(m, 'x'), y: g.getNodeAttribute(m, 'y') }).toEqual(a.get(m));
  });

  it('a summary alone gives the same collapsed view as the full data', () => {
    const partial = modelFromSummary(JSON.parse(JSON.stringify(summarise(model))));
    expect(partial.complete).toBe(false);
    const weights = (g: ReturnType<typeof buildCommunityGraph>) => {
      const out: Record<string, number> = {};
      g.forEachEdge((_e, a, s, t) => { out[[s, t].sort().join('|')] = a.weight as number; });
      return out;
    };
    const full = buildCommunityGraph(model, new Set(), DEFAULT_SETTINGS);
    const fromSummary = buildCommunityGraph(partial, new Set(), DEFAULT_SETTINGS);
    expect(fromSummary.nodes().sort()).toEqual(full.nodes().sort());
    for (const n of full.nodes()) expect(fromSummary.getNodeAttributes(n)).toEqual(full.getNodeAttributes(n));
    expect(weights(fromSummary)).toEqual(weights(full));
  });

  it('never mutates the data', () => {
    buildCommunityGraph(model, new Set([0, 1]), DEFAULT_SETTINGS);
    computeHidden(model, { ...defaults, hiddenCommunities: [1], dateFrom: '2024-01' });
    expect(JSON.stringify(synth.graph)).toBe(before);
  });
});

describe('synthetic graphs', () => {
  it.each([[200, 500], [1000, 3000]])('%i nodes / %i edges exactly, same bytes for the same seed', (n, e) => {
    const a = generateGraph({ nodes: n, edges: e, seed: 5 });
    const b = generateGraph({ nodes: n, edges: e, seed: 5 });
    expect(a.graph.nodes.length).toBe(n);
    expect(a.graph.edges.length).toBe(e);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(generateGraph({ nodes: n, edges: e, seed: 6 }))).not.toBe(JSON.stringify(a));
    for (const node of a.graph.nodes) expect(node.attributes?.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('has Author nodes as the build makes them: two papers or more, AUTHORED_BY from each, a name in each paper\'s authors', () => {
    const { graph, communities } = generateGraph({ nodes: 1000, edges: 3000, seed: 5 });
    const attrs = new Map(graph.nodes.map((n) => [n.key, n.attributes as NodeAttributes]));
    const authors = graph.nodes.filter((n) => n.attributes?.type === 'author');
    expect(authors.length).toBe(120);
    const authored = graph.edges.filter((e) => e.attributes?.type === 'AUTHORED_BY');
    expect(authored.length).toBeGreaterThan(400);
    let spelled = 0;
    for (const { key, attributes } of authors) {
      const a = attributes as Extract<NodeAttributes, { type: 'author' }>;
      const papers = authored.filter((e) => e.target === key).map((e) => e.source);
      expect(papers.length).toBe(a.papers);
      expect(a.papers).toBeGreaterThanOrEqual(2);
      expect(papers.every((p) => attrs.get(p)?.type === 'paper')).toBe(true);
      // Every paper lists the author under one of the node's spellings, and every spelling names this node.
      for (const p of papers) expect((attrs.get(p) as { authors: string[] }).authors.some((name) => a.aliases.includes(name))).toBe(true);
      for (const name of a.aliases) expect(authorNode(buildModel(data({ ...graph, nodes: [{ key, attributes: a }], edges: [] }), DEFAULT_SETTINGS), name)).toBe(key);
      if (a.aliases.length > 1) spelled++;
      const dates = papers.map((p) => (attrs.get(p) as { date: string }).date).sort();
      expect([a.firstSeen, a.lastSeen]).toEqual([dates[0], dates.at(-1)]);
    }
    expect(spelled).toBeGreaterThan(0);
    expect(communities.communities.some((c) => (c.people ?? []).length > 0)).toBe(true);
  });
});

describe('settings', () => {
  it('every node type maps to a registered sigma program, never to a domain type', () => {
    for (const t of NODE_TYPES) expect(PROGRAM_NAMES).toContain(DEFAULT_SETTINGS.style.types[t].program);
    expect(PROGRAM_NAMES).toContain(DEFAULT_SETTINGS.style.communityType.program);
  });
  it('colours are hex (sigma v3 reads no hsl())', () => {
    const s = DEFAULT_SETTINGS.style;
    for (const c of [s.edgeColor, s.dimmedNodeColor, s.dimmedEdgeColor, ...Object.values(s.edgeTypeColors), ...NODE_TYPES.map((t) => s.types[t].border)]) {
      expect(c).toMatch(/^#[0-9a-f]{6}$/);
    }
  });
  it('every node type of the graph has a style and a filter row; every edge type a colour', () => {
    expect([...NODE_TYPES].sort()).toEqual(Object.keys(DEFAULT_SETTINGS.style.types).sort());
    expect(Object.keys(DEFAULT_SETTINGS.style.edgeTypeColors).sort()).toEqual([...EDGE_TYPES].sort());
  });
  it('authors have a shape of their own: no other type is drawn as a bullseye', () => {
    const { types } = DEFAULT_SETTINGS.style;
    expect(types.author.program).toBe('bullseye');
    expect(NODE_TYPES.filter((t) => types[t].program === types.author.program)).toEqual(['author']);
  });
});

describe('paper panel', () => {
  it.each([
    ['fra', 'in French'], ['cmn', 'in Chinese'], ['und', 'not in English'], ['zzz', 'not in English'], [undefined, ''],
  ] as const)('the language note of %s is %j', (code, note) => {
    expect(languageNote(code)).toBe(note);
  });
});

describe('author panel', () => {
  it.each([
    ['2019-05-02', '2023-01-10', '2019–2023'],
    ['2021-03', '2021-11-30', '2021'],
    ['2020', undefined, '2020'],
    [undefined, '2024-06-01', '2024'],
    ['--04-28', '--08-20', 'Apr 28 – Aug 20'],
    ['--04-28', '--04-28', 'Apr 28'],
    [undefined, undefined, ''],
  ] as const)('years active from %s to %s: %j', (first, last, span) => {
    expect(activeSpan(first, last)).toBe(span);
  });
});
