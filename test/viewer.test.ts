// Viewer logic without a browser: URL state, search ranking, abstract highlighting, filters, community level, synthetic graphs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SerializedGraph } from 'graphology-types';
import type { EdgeAttributes, GraphAttributes, NodeAttributes, NodeType } from '../graph/types.ts';
import { AGGREGATE_EDGE, buildCommunityGraph, communityNodeKey, communityOfKey } from '../viewer/src/community.ts';
import { highlightSegments, safeUrl } from '../viewer/src/highlight.ts';
import { buildModel, computeHidden, computeSizes, modelFromSummary, month, summarise, UNASSIGNED, UNASSIGNED_LABEL, type ViewerData } from '../viewer/src/model.ts';
import { buildSearchIndex, search } from '../viewer/src/search.ts';
import { DEFAULT_SETTINGS } from '../viewer/src/settings.ts';
import { decodeState, encodeState, initialState, NODE_TYPES, type ViewState } from '../viewer/src/state.ts';
import { generateGraph } from '../viewer/synth.ts';

const defaults = initialState('degree');
const xss = JSON.parse(readFileSync(new URL('./fixtures/viewer/xss/graph.json', import.meta.url), 'utf8')) as SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;

function data(graph: SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>): ViewerData {
  return { graph, communities: null, files: {} };
}

describe('URL hash state', () => {
  const full: ViewState = {
    selected: 'arxiv:2501.00001', hiddenCommunities: [2, 5], hiddenTypes: ['repository', 'paper'], minDegree: 3,
    dateFrom: '2024-01', dateTo: '2025-06', sizeBy: 'papers', expanded: [7], camera: { x: 0.25, y: 0.75, ratio: 0.5 },
  };
  it.each([
    ['defaults', defaults, ''],
    ['selection only', { ...defaults, selected: 't:ab cd' }, 'sel=t%3Aab+cd'],
    ['everything', full, 'sel=arxiv%3A2501.00001&hc=2.5&ht=paper.repository&md=3&df=2024-01&dt=2025-06&sz=papers&ex=7&cam=0.25%2C0.75%2C0.5'],
  ])('%s encodes and round-trips', (_name, state, hash) => {
    expect(encodeState(state, defaults)).toBe(hash);
    const back = decodeState(`#${hash}`, defaults);
    expect(back).toEqual({ ...state, hiddenTypes: [...state.hiddenTypes].sort() });
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
  ])('%s', (_name, hash, expected) => {
    expect(decodeState(hash, defaults)).toMatchObject(expected);
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
    expect(search(index, query, 10).map((h) => h.node)).toEqual(nodes);
  });

  it('reports the alias a hit came through', () => {
    expect(search(index, 'svg', 5)[0]?.via).toBe('<svg onload=alert(5)>');
  });
});

describe('model and filters', () => {
  const synth = generateGraph({ nodes: 400, edges: 1200, communities: 5, seed: 3 });
  const model = buildModel(data(synth.graph), DEFAULT_SETTINGS);
  const nodes = synth.graph.nodes.map((n) => ({ key: n.key, a: n.attributes as NodeAttributes }));
  const state = (patch: Partial<ViewState>): ViewState => ({ ...defaults, ...patch });
  const expectHidden = (patch: Partial<ViewState>, predicate: (a: NodeAttributes, key: string) => boolean) => {
    const hidden = computeHidden(model, state(patch));
    expect([...hidden].sort()).toEqual(nodes.filter((n) => predicate(n.a, n.key)).map((n) => n.key).sort());
  };

  it('indexes every node and edge', () => {
    expect(model.nodes.length).toBe(400);
    expect(model.edges.length).toBe(1200);
    expect(model.graph.order).toBe(400);
    expect([...model.communities.values()].reduce((s, c) => s + c.size, 0)).toBe(400);
    expect(model.communityOrder.map((id) => model.communities.get(id)?.size)).toEqual(
      [...model.communities.values()].map((c) => c.size).sort((a, b) => b - a));
  });

  it('no filter hides nothing', () => expectHidden({}, () => false));
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

  it('collapsed: one node per community, sized by members, links weighted by crossings', () => {
    const g = buildCommunityGraph(model, new Set(), DEFAULT_SETTINGS);
    expect(g.order).toBe(6);
    expect(g.nodes().map(communityOfKey).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const c of model.communities.values()) expect(g.getNodeAttribute(communityNodeKey(c.id), 'members')).toBe(c.size);
    let weight = 0;
    g.forEachEdge((_e, a) => { expect(a.type).toBe(AGGREGATE_EDGE); weight += a.weight as number; });
    expect(weight).toBe(crossing);
  });

  it('expanding a community shows its members and keeps every edge accounted for', () => {
    const id = model.communityOrder[0] as number;
    const g = buildCommunityGraph(model, new Set([id]), DEFAULT_SETTINGS);
    const members = model.communities.get(id)?.size as number;
    expect(g.order).toBe(5 + members);
    const inside = synth.graph.edges.filter((e) => communityOf.get(e.source) === id && communityOf.get(e.target) === id).length;
    let weight = 0;
    let own = 0;
    g.forEachEdge((_e, a) => { if (a.type === AGGREGATE_EDGE) weight += a.weight as number; else own++; });
    expect(own).toBe(inside);
    expect(weight).toBe(crossing);
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
});

describe('settings', () => {
  it('every node type maps to a registered sigma program, never to a domain type', () => {
    for (const t of NODE_TYPES) expect(['circle', 'bordered', 'square']).toContain(DEFAULT_SETTINGS.style.types[t].program);
  });
  it('colours are hex (sigma v3 reads no hsl())', () => {
    const s = DEFAULT_SETTINGS.style;
    for (const c of [s.edgeColor, s.dimmedNodeColor, s.dimmedEdgeColor, ...Object.values(s.edgeTypeColors), ...NODE_TYPES.map((t) => s.types[t].border)]) {
      expect(c).toMatch(/^#[0-9a-f]{6}$/);
    }
  });
});
