// The files sink with the graph files written through a worker thread (graph/export/xml-thread.ts: graph.json's nodes
// here, its edges, graph.graphml and graph.gexf there): the same files, byte for byte, as all on one thread — hostile text (markup, quotes, control and astral characters, keys GraphML
// must escape), abstracts kept or left out, and more batches than the thread keeps in flight.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectCommunities } from '../graph/communities/index.ts';
import { LEAN_OMIT, OutputDir, writeFiles, type FilesSinkOptions } from '../graph/export/index.ts';
import { OutputError } from '../graph/export/output.ts';
import { XmlThread } from '../graph/export/xml-thread.ts';
import { layoutGraph } from '../graph/layout.ts';
import { SILENT_PROGRESS, type Progress } from '../graph/sink.ts';
import type { CommunitiesReport, NodeAttributes, ResearchGraph } from '../graph/types.ts';
import { plantedGraph } from './fixtures/graph/planted.ts';
import { compactCopy } from './fixtures/graph/compact.ts';
import { tinyGraph } from './fixtures/graph/tiny.ts';

const dir = mkdtempSync(join(tmpdir(), 'papergraph-files-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hostile(): { graph: ResearchGraph; report: CommunitiesReport } {
  const graph = tinyGraph();
  graph.mergeNodeAttributes('qa1', { title: 'BERT <b>&</b> "QA", \'quotes\'\u0001 — 🤖\nsecond line', label: 'BERT <b>', abstract: 'An abstract with <tags> & "quotes".' });
  graph.addNode('method:bert large (uncased)/v2', { type: 'method', label: 'BERT-large; "uncased"', aliases: ['BERT-large', 'bert_large;x'], papers: 1, x: 0, y: 0, size: 1, color: '#999999', community: -1 });
  graph.addDirectedEdgeWithKey('qa2->method:bert large (uncased)/v2', 'qa2', 'method:bert large (uncased)/v2', {
    type: 'USES', weight: 1, name: 'BERT-large', aliases: ['BERT-large'], results: [{ target: 'dataset:squad', metric: 'F1', value: 93.2, text: '93.2 F1 on SQuAD' }], rules: ['cue-use'],
  });
  const report = detectCommunities(graph);
  layoutGraph(graph, { iterations: 20 });
  return { graph, report };
}

function planted(): { graph: ResearchGraph; report: CommunitiesReport } {
  // ~3,000 papers and their links: more than 8 batches of 2,000 elements go through the thread.
  const { graph } = plantedGraph({ papers: 3000, entities: 400, minLinks: 3, maxLinks: 8 });
  const report = detectCommunities(graph);
  layoutGraph(graph, { iterations: 5 });
  return { graph, report };
}

async function write(name: string, graph: ResearchGraph, report: CommunitiesReport, options: Partial<FilesSinkOptions>, progress: Progress = SILENT_PROGRESS): Promise<Map<string, Buffer>> {
  const out = join(dir, name);
  await writeFiles(await OutputDir.open(out), graph, report, progress, options);
  const files = new Map<string, Buffer>();
  for (const f of readdirSync(out, { recursive: true, withFileTypes: true })) if (f.isFile()) files.set(join(f.parentPath, f.name), readFileSync(join(f.parentPath, f.name)));
  return new Map([...files].map(([path, bytes]) => [path.slice(out.length), bytes]));
}

/**
 * The build's own graph type: its ABOUT, SIMILAR_TO and HAS_CODE edges go to the thread as columns (the thread
 * writes their graph.json text and elements itself), the others as text. Hostile ids among them: quotes, markup,
 * control and astral characters in paper keys, so in edge keys too.
 */
function hostileCompact(): { graph: ResearchGraph; report: CommunitiesReport } {
  const { graph, report } = hostile();
  const paper = graph.getNodeAttributes('qa1');
  const odd = ['p "quoted" <b>&amp;</b>', 'p\u0001\n🤖 ünï', 'p\\back\\slash', 'p\ttab and a lone surrogate \uD83D'];
  const topic = 'topic:<odd> & "ids"';
  const compact = compactCopy(graph, [
    ...odd.map((id): [string, NodeAttributes] => [id, { ...paper, title: `Odd ${id}` } as NodeAttributes]),
    [topic, { x: 1, y: 2, size: 1, color: '#1f77b4', community: 0, type: 'topic', label: '<odd> & "ids"', papers: 3, corpusPapers: 3, lift: 1.5 } as NodeAttributes],
  ]);
  odd.forEach((id, k) => {
    compact.addAbout(id, topic, 0.5 + k, k + 1);
    compact.addSimilar('qa1', id, 0.1 * (k + 1), 1 / 3);
    compact.addSimilar(id, odd[(k + 1) % odd.length]!, 1e-7, 2 ** 40);
    compact.addEdge(id, 'method:bert large (uncased)/v2', { type: 'USES', weight: 1, name: 'BERT', aliases: ['BERT'] });
  });
  // Numbers that are not finite: null in graph.json, no <data> in GraphML, weight 1 and no attvalue in GEXF.
  compact.addAbout('qa2', topic, Number.NaN, Number.POSITIVE_INFINITY);
  compact.addSimilar('qa2', odd[3]!, Number.NEGATIVE_INFINITY, Number.NaN);
  return { graph: compact as unknown as ResearchGraph, report };
}

describe.each([
  { name: 'hostile', make: hostile },
  { name: 'planted', make: planted },
  { name: 'hostile compact', make: hostileCompact },
  {
    name: 'planted compact',
    make: () => {
      const { graph, report } = planted();
      return { graph: compactCopy(graph) as unknown as ResearchGraph, report };
    },
  },
])('writeFiles with a GraphML/GEXF thread — $name graph', ({ name, make }) => {
  const { graph, report } = make();
  it.each([false, true])('withAbstracts %s: the same files as on one thread', async (withAbstracts) => {
    const one = await write(`${name}-${withAbstracts}-1`, graph, report, { withAbstracts, threads: 1 });
    const labels: string[] = [];
    const progress: Progress = { start: (label) => labels.push(label), tick() {}, end() {} };
    const two = await write(`${name}-${withAbstracts}-2`, graph, report, { withAbstracts, threads: 2, minElementsForThread: 1 }, progress);
    expect([...two.keys()].sort()).toEqual([...one.keys()].sort());
    for (const [path, bytes] of one) expect(two.get(path)!.equals(bytes), path).toBe(true);
    expect(one.get('/graph.graphml')!.length).toBeGreaterThan(1000);
    // The three graph files are reported as one unit, once this thread's own files are written.
    expect(labels.at(-1)).toBe('graph.json, graph.graphml, graph.gexf');
  }, 60_000);
});

describe('the graph files failing', () => {
  const { graph } = planted();
  const path = (name: string) => join(dir, 'failing', name);
  const fine = (name: string) => ({ temp: join(dir, `failing.${name}.tmp`), path: path(name) });
  const on = (name: string, temp: string) => ({ temp, path: path(name) });
  it.each([
    // A full device: graph.json's first flush (its nodes, written on this thread) fails with ENOSPC, mid-feed.
    { name: 'a full disk under graph.json', json: on('graph.json', '/dev/full'), graphml: fine('graph.graphml'), file: 'graph.json', reason: 'no space left on device' },
    // The same under a file the worker writes.
    { name: 'a full disk under graph.graphml', json: fine('graph.json'), graphml: on('graph.graphml', '/dev/full'), file: 'graph.graphml', reason: 'no space left on device' },
    // A temporary that cannot be opened: here, before the worker starts; there, before it takes a batch.
    { name: 'an unwritable graph.json', json: on('graph.json', join(dir, 'missing-dir', 'graph.json.tmp')), graphml: fine('graph.graphml'), file: 'graph.json', reason: /ENOENT/ },
    { name: 'an unwritable graph.graphml', json: fine('graph.json'), graphml: on('graph.graphml', join(dir, 'missing-dir', 'graph.graphml.tmp')), file: 'graph.graphml', reason: /ENOENT/ },
  ])('$name: the error names the file once, with the reason', async ({ json, graphml, file, reason }) => {
    const run = async (): Promise<void> => {
      const thread = await XmlThread.open(graph, { json, graphml, gexf: fine('graph.gexf') }, LEAN_OMIT);
      try {
        await thread.finish();
      } finally {
        await thread.close();
      }
    };
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputError);
    expect(err).toMatchObject({ code: 'write-failed', file: path(file) });
    const message = (err as Error).message;
    expect(message.startsWith(`cannot write ${path(file)}: `)).toBe(true);
    expect(message.split('cannot write').length).toBe(2);
    if (typeof reason === 'string') expect(message.endsWith(reason)).toBe(true);
    else expect(message).toMatch(reason);
  }, 60_000);
});
