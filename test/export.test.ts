// Exports: GraphML valid against the official XSD and read back by networkx and igraph, GEXF by networkx,
// graph.json round-trips through graphology, neo4j-admin CSVs have typed headers and parse back.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DirectedGraph } from 'graphology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCommunities } from '../graph/communities/index.ts';
import {
  communitiesJsonChunks,
  csvField,
  gexfChunks,
  graphJsonChunks,
  graphmlChunks,
  graphmlId,
  LEAN_OMIT,
  neo4jImportTables,
  toGEXF,
  toGraphJSON,
  toGraphML,
  writeNeo4jImportCsv,
} from '../graph/export/index.ts';
import { layoutGraph } from '../graph/layout.ts';
import type { CommunitiesReport, ResearchGraph } from '../graph/types.ts';
import { plantedGraph } from './fixtures/graph/planted.ts';
import { tinyGraph } from './fixtures/graph/tiny.ts';
import { gexfForXsd, gexfXsd, graphmlXsd } from './fixtures/graph/xsd.ts';

const PYTHON = '/usr/bin/python3';
const CHECK = join(import.meta.dirname, 'py/graph_check.py');

/** The tiny graph with hostile text: markup, quotes, a control character, astral chars, an odd key. */
function hostileGraph(): { graph: ResearchGraph; report: CommunitiesReport } {
  const graph = tinyGraph();
  graph.mergeNodeAttributes('qa1', { title: 'BERT <b>&</b> "QA", \'quotes\'\u0001 — 🤖\nsecond line', label: 'BERT <b>' });
  graph.addNode('method:bert large (uncased)/v2', {
    type: 'method',
    label: 'BERT-large; "uncased"',
    aliases: ['BERT-large', 'bert_large;x'],
    papers: 1,
    x: 0,
    y: 0,
    size: 1,
    color: '#999999',
    community: -1,
  });
  graph.addDirectedEdgeWithKey('qa2->method:bert large (uncased)/v2', 'qa2', 'method:bert large (uncased)/v2', {
    type: 'USES',
    weight: 1,
    name: 'BERT-large',
    aliases: ['BERT-large'],
    results: [{ target: 'dataset:squad', metric: 'F1', value: 93.2, text: '93.2 F1 on SQuAD' }],
    rules: ['cue-use'],
  });
  const report = detectCommunities(graph);
  layoutGraph(graph, { iterations: 50 });
  return { graph, report };
}

/**
 * A Python whose networkx reads GEXF 1.3 as it is (networkx ≥ 3.0; Debian bookworm's python3-networkx 2.8
 * knows GEXF up to 1.2draft only, so no unpatched 2.8 reads any 1.3 file): `python3` on PATH first.
 */
function gexfPython(): string {
  for (const candidate of ['python3', PYTHON]) {
    const r = spawnSync(candidate, ['-c', 'from networkx.readwrite.gexf import GEXF; print("1.3" in GEXF.versions)'], { encoding: 'utf8' });
    if (r.stdout?.trim() === 'True') return candidate;
  }
  throw new Error('no Python with networkx >= 3.0 (GEXF 1.3) found: install networkx 3 for python3');
}

function python(kind: 'graphml' | 'gexf', path: string): Record<string, any> {
  const out = execFileSync(kind === 'gexf' ? gexfPython() : PYTHON, [CHECK, kind, path], { encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out) as Record<string, any>;
}

const dir = mkdtempSync(join(tmpdir(), 'papergraph-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cases = [
  { name: 'hostile tiny graph', make: hostileGraph },
  {
    name: 'planted 1k graph',
    make: () => {
      const { graph } = plantedGraph();
      const report = detectCommunities(graph);
      layoutGraph(graph, { iterations: 30 });
      return { graph, report };
    },
  },
];

describe.each(cases)('GraphML — $name', ({ name, make }) => {
  let graph: ResearchGraph;
  let report: CommunitiesReport;
  let path: string;
  let xml: string;
  beforeAll(() => {
    ({ graph, report } = make());
    xml = toGraphML(graph);
    path = join(dir, `${name.replace(/\W+/g, '-')}.graphml`);
    writeFileSync(path, xml);
  });

  it('is valid against the GraphML XSD', () => {
    const result = spawnSync('xmllint', ['--noout', '--schema', graphmlXsd(), path], { encoding: 'utf8' });
    expect(result.stderr).toMatch(/validates$/m);
    expect(result.status).toBe(0);
  });

  it('types every key, never uses for="all" or an attribute named id', () => {
    const keys = xml.match(/<key [^>]*>/g) ?? [];
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) expect(key).toMatch(/ attr\.type="(boolean|int|long|double|string)"/);
    expect(xml).not.toContain('for="all"');
    expect(xml).not.toContain('attr.name="id"');
    for (const attr of ['type', 'label', 'community', 'color', 'x', 'y', 'size', 'aliases']) {
      expect(xml).toContain(`for="node" attr.name="${attr}"`);
    }
    expect(xml).toContain('<key id="n_community" for="node" attr.name="community" attr.type="int"/>');
  });

  it('loads in networkx and igraph with the same counts, the community attribute and our modularity', () => {
    const seen = python('graphml', path);
    for (const reader of [seen.networkx, seen.igraph]) {
      expect(reader.nodes).toBe(graph.order);
      expect(reader.edges).toBe(graph.size);
    }
    expect(seen.networkx.communityTypes).toEqual({ int: graph.order });
    const ours = [...new Set(graph.mapNodes((_k, a) => a.community))].sort((a, b) => a - b);
    expect(seen.networkx.communities).toEqual(ours);
    expect(seen.networkx.graph.modularity).toBe(report.modularity);
    expect(seen.igraph.vertexAttributes).toEqual(expect.arrayContaining(['community', 'type', 'label', 'color', 'x', 'y', 'size', 'key']));
    expect(seen.igraph.edgeAttributes).toEqual(expect.arrayContaining(['type', 'weight', 'key']));
    // igraph's modularity of the exported partition is the number we report.
    expect(seen.igraph.modularity).toBeCloseTo(report.modularity, 5);
  });

  it('is byte-identical for an identical build', () => {
    expect(toGraphML(make().graph)).toBe(xml);
  });
});

describe('GraphML details', () => {
  it('keeps roles and results as JSON strings, escapes text, keys ids as NMTOKENs', () => {
    const { graph } = hostileGraph();
    const path = join(dir, 'details.graphml');
    writeFileSync(path, toGraphML(graph));
    const xml = readFileSync(path, 'utf8');
    expect(xml).toContain('&lt;b&gt;&amp;&lt;/b&gt; &quot;QA&quot;');
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain(`<node id="${graphmlId('method:bert large (uncased)/v2')}">`);
    expect(xml).toContain('<data key="e_results">[{&quot;target&quot;:&quot;dataset:squad&quot;');
    expect(xml).toContain('<data key="e_type">USES</data>');
    const first = python('graphml', path).networkx;
    expect(first.firstNode.key).toBe('qa1');
    expect(first.firstNode.title).toBe('BERT <b>&</b> "QA", \'quotes\' — 🤖\nsecond line');
  });

  it.each([
    ['t:ab12', 't:ab12'],
    ['2020.acl-main.1', '2020.acl-main.1'],
    ['https://github.com/a_b/c', 'https:_2f__2f_github.com_2f_a_5f_b_2f_c'],
    ['method:é', 'method:_c3__a9_'],
  ])('graphmlId(%s) = %s', (key, id) => {
    expect(graphmlId(key)).toBe(id);
  });
});

describe('streamed writers', () => {
  // The chunked writers are what the build uses; one string is the same bytes, and graph.json is exactly graphology's export.
  it.each(cases)('$name: graph.json is JSON.stringify(graph.export()), compact and pretty', ({ make }) => {
    const { graph } = make();
    expect([...graphJsonChunks(graph, { pretty: false })].join('')).toBe(`${JSON.stringify(graph.export())}\n`);
    const data = graph.export();
    const pretty = [
      '{',
      `"attributes": ${JSON.stringify(data.attributes)},`,
      `"options": ${JSON.stringify(data.options)},`,
      '"nodes": [',
      data.nodes.map((n) => `  ${JSON.stringify(n)}`).join(',\n'),
      '],',
      '"edges": [',
      data.edges.map((e) => `  ${JSON.stringify(e)}`).join(',\n'),
      ']',
      '}',
    ];
    expect(toGraphJSON(graph, { pretty: true })).toBe(`${pretty.filter((l) => l !== '').join('\n')}\n`);
  });

  it('graph.json of an empty graph keeps the pretty layout', () => {
    const graph = new DirectedGraph() as unknown as ResearchGraph;
    expect(toGraphJSON(graph, { pretty: true })).toBe('{\n"attributes": {},\n"options": {"type":"directed","multi":false,"allowSelfLoops":true},\n"nodes": [\n],\n"edges": [\n]\n}\n');
  });

  it.each(cases)('$name: communities.json is JSON.stringify(report, null, 2)', ({ make }) => {
    const { report } = make();
    expect([...communitiesJsonChunks(report)].join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    const empty = { ...report, communities: [] };
    expect([...communitiesJsonChunks(empty)].join('')).toBe(`${JSON.stringify(empty, null, 2)}\n`);
  });

  it.each(cases)('$name: GraphML and GEXF come out in many pieces, none of them the whole file', ({ make }) => {
    const { graph } = make();
    for (const chunks of [[...graphmlChunks(graph)], [...gexfChunks(graph)]]) {
      expect(chunks.length).toBeGreaterThan(graph.order);
      const total = chunks.reduce((n, c) => n + c.length, 0);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(total / 10);
    }
  });
});

describe('lean GraphML and GEXF', () => {
  it('leave abstracts out when asked (the build default) and keep them otherwise', () => {
    const { graph } = hostileGraph();
    graph.forEachNode((key, a) => {
      if (a.type === 'paper') graph.mergeNodeAttributes(key, { abstract: `ABSTRACT-OF-${key}` });
    });
    const writers = [(omit: readonly string[]) => toGraphML(graph, { omit }), (omit: readonly string[]) => toGEXF(graph, { omit })];
    for (const write of writers) {
      const lean = write(LEAN_OMIT);
      const full = write([]);
      expect(lean).not.toContain('ABSTRACT-OF-');
      expect(lean).not.toMatch(/attr\.name="abstract"|id="abstract"/);
      expect(full).toContain('ABSTRACT-OF-qa1');
      expect(lean.length).toBeLessThan(full.length);
    }
  });

  it("GraphML carries Gephi's r, g, b ints beside the hex colour", () => {
    const { graph } = hostileGraph();
    const xml = toGraphML(graph);
    for (const c of ['r', 'g', 'b']) expect(xml).toContain(`<key id="n_${c}" for="node" attr.name="${c}" attr.type="int"/>`);
    const path = join(dir, 'rgb.graphml');
    writeFileSync(path, xml);
    const first = python('graphml', path).networkx.firstNode;
    const hex = graph.getNodeAttribute('qa1', 'color').slice(1);
    expect([first.r, first.g, first.b]).toEqual([0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  });
});

describe('GEXF', () => {
  it.each(cases)('$name: is valid against the GEXF schema (JGraphT\'s, from Maven Central)', ({ name, make }) => {
    const { graph } = make();
    const gexf = toGEXF(graph);
    expect(gexf).not.toContain('xsi:schemaLocation'); // GEXF 1.3's RelaxNG does not allow it on <gexf>
    expect(gexf).toMatch(/<meta>\s*<creator>papergraph<\/creator>\s*<description>[^<]*modularity=/);
    const path = join(dir, `${name.replace(/\W+/g, '-')}.xsd.gexf`);
    writeFileSync(path, gexfForXsd(gexf));
    const result = spawnSync('xmllint', ['--noout', '--schema', gexfXsd(), path], { encoding: 'utf8' });
    expect(result.stderr).toMatch(/validates$/m);
    expect(result.status).toBe(0);
  });

  it('is GEXF 1.3 with viz colour, position and size on every node, and networkx reads it', () => {
    const { graph } = hostileGraph();
    const gexf = toGEXF(graph);
    expect(gexf).toContain('<gexf version="1.3" xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"');
    const path = join(dir, 'graph.gexf');
    writeFileSync(path, gexf);
    const seen = python('gexf', path);
    expect(seen.nodes).toBe(graph.order);
    expect(seen.edges).toBe(graph.size);
    expect(seen.withViz).toBe(graph.order);
    const first = graph.getNodeAttributes('qa1');
    const hex = first.color.slice(1);
    expect(seen.firstNode.viz).toEqual({
      color: { r: parseInt(hex.slice(0, 2), 16), g: parseInt(hex.slice(2, 4), 16), b: parseInt(hex.slice(4, 6), 16), a: 1 },
      size: first.size,
      position: { x: first.x, y: first.y, z: 0 },
    });
    expect(seen.firstNode.community).toBe(first.community);
    expect(toGEXF(hostileGraph().graph)).toBe(gexf);
  });
});

describe('graph.json', () => {
  it('round-trips through graphology and is deterministic', () => {
    const { graph } = hostileGraph();
    const json = toGraphJSON(graph);
    const back = DirectedGraph.from(JSON.parse(json));
    expect(back.order).toBe(graph.order);
    expect(back.size).toBe(graph.size);
    expect(back.getNodeAttributes('qa1')).toEqual(graph.getNodeAttributes('qa1'));
    expect(back.getAttribute('modularity')).toBe(graph.getAttribute('modularity'));
    expect(toGraphJSON(hostileGraph().graph)).toBe(json);
  });

  it.each([
    { pretty: true, lines: (g: ResearchGraph) => g.order + g.size + 8 },
    { pretty: false, lines: () => 1 },
  ])('pretty=$pretty writes one element per line or one line', ({ pretty, lines }) => {
    const { graph } = hostileGraph();
    expect(toGraphJSON(graph, { pretty }).trimEnd().split('\n')).toHaveLength(lines(graph));
  });
});

describe('neo4j-admin import CSV', () => {
  it('writes typed headers with :ID, :LABEL, :START_ID, :END_ID and :TYPE', () => {
    const { graph, report } = hostileGraph();
    const headers = Object.fromEntries(neo4jImportTables(graph, report).map((t) => [t.file, t.header.join(',')]));
    expect(headers['papers.csv']).toMatch(/^id:ID\(Paper\),label,title,abstract,authors:string\[\],sources,/);
    expect(headers['papers.csv']).toMatch(/x:double,y:double,size:double,color,community:long,:LABEL$/);
    expect(headers['methods.csv']).toMatch(/^key:ID\(Entity\),type,name,aliases:string\[\],papers:long,/);
    expect(headers['repositories.csv']).toMatch(/^url:ID\(Repository\),name,host,/);
    expect(headers['communities.csv']).toMatch(/^:ID\(Community\),id:long,name,size:long,color,papers:long,top,topPapers,neighbours,dateSpan/);
    expect(headers['rel_USES.csv']).toMatch(/^:START_ID\(Paper\),:END_ID\(Entity\),key,seq:long,weight:double,name,aliases:string\[\],/);
    expect(headers['rel_USES.csv']).toContain('results,resultTargets:string[],resultMetrics:string[],resultValues:double[]');
    expect(headers['rel_HAS_CODE.csv']).toBe(':START_ID(Paper),:END_ID(Repository),key,seq:long,weight:double,:TYPE');
    expect(headers['in_community_papers.csv']).toBe(':START_ID(Paper),:END_ID(Community),:TYPE');
  });

  it('quotes fields so a CSV parser reads every value back, and documents the import command', async () => {
    const { graph, report } = hostileGraph();
    const out = join(dir, 'neo4j');
    const written = await writeNeo4jImportCsv(graph, report, out);
    expect(written.map((p) => p.slice(out.length + 1))).toEqual([
      'papers.csv',
      'methods.csv',
      'datasets.csv',
      'benchmarks.csv',
      'repositories.csv',
      'communities.csv',
      'graph.csv',
      'rel_PROPOSES.csv',
      'rel_INTRODUCES.csv',
      'rel_EVALUATES_ON.csv',
      'rel_USES.csv',
      'rel_HAS_CODE.csv', // no rel_MENTIONS.csv: the graph has no MENTIONS edge
      'in_community_papers.csv',
      'in_community_entities.csv',
      'in_community_repositories.csv',
      'README.txt',
    ]);
    const papers = parse(readFileSync(join(out, 'papers.csv')), { columns: true }) as Record<string, string>[];
    expect(papers).toHaveLength(13);
    expect(papers[0]!['title']).toBe('BERT <b>&</b> "QA", \'quotes\'\u0001 — 🤖\nsecond line');
    const methods = parse(readFileSync(join(out, 'methods.csv')), { columns: true }) as Record<string, string>[];
    const odd = methods.find((m) => m['key:ID(Entity)'] === 'method:bert large (uncased)/v2')!;
    expect(odd['name']).toBe('BERT-large; "uncased"');
    // An alias holds ';' (neo4j-admin's default array delimiter), so the export takes '|' for every array and :LABEL.
    expect(odd['aliases:string[]']).toBe('BERT-large|bert_large;x');
    expect(odd[':LABEL']).toBe('Entity|Method');
    const readme = readFileSync(join(out, 'README.txt'), 'utf8');
    expect(readme).toContain('neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true');
    expect(readme).toContain("'--array-delimiter=|'");
    for (const file of written.filter((p) => p.endsWith('.csv'))) expect(readme).toContain(file.slice(out.length + 1));
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', '""'],
    [' padded', '" padded"'],
  ])('csvField(%j) = %j', (text, field) => {
    expect(csvField(text)).toBe(field);
  });
});
