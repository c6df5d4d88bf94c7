// End-to-end build of the bundled seed corpus: counts, communities, determinism, and the files a build writes.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, GraphBuildError } from '../graph/build.ts';
import { entitiesJsonl, graphCounts, OUTPUT_FILES, runBuild, writeOutputs, type BuildResult } from '../graph/pipeline.ts';
import type { Extraction, Paper } from '../ingest/types.ts';
import type { GraphView, PaperNodeAttributes } from '../graph/types.ts';

const PYTHON = '/usr/bin/python3';

describe('seed corpus build', () => {
  let dirA: string;
  let dirB: string;
  let first: BuildResult;

  beforeAll(async () => {
    dirA = await mkdtemp(join(tmpdir(), 'pg-build-a-'));
    dirB = await mkdtemp(join(tmpdir(), 'pg-build-b-'));
    first = await runBuild({ seed: 7 });
    await writeOutputs(dirA, first.graph, first.report);
    const second = await runBuild({ seed: 7 });
    await writeOutputs(dirB, second.graph, second.report);
  }, 600_000);

  afterAll(async () => {
    await rm(dirA, { recursive: true, force: true });
    await rm(dirB, { recursive: true, force: true });
  });

  it('reads 636 records into 546 papers and accounts for every record', () => {
    const { stats } = first;
    expect(stats.read).toBe(636);
    expect(stats.accepted).toBe(546);
    expect(stats.read).toBe(stats.accepted + stats.rejected + stats.duplicates);
    expect(graphCounts(first.graph).papers).toBe(546);
  });

  it('finds entities of every type and links every entity to a paper', () => {
    const counts = graphCounts(first.graph);
    expect(counts.entities.method).toBeGreaterThan(300);
    expect(counts.entities.dataset).toBeGreaterThan(20);
    expect(counts.entities.benchmark).toBeGreaterThan(20);
    first.graph.forEachNode((node, attrs) => {
      if (attrs.type !== 'paper') expect(first.graph.inDegree(node)).toBeGreaterThan(0);
    });
  });

  it('partitions the graph into at least 5 communities with modularity above 0.3', () => {
    expect(first.report.communities.length).toBeGreaterThanOrEqual(5);
    expect(first.report.modularity).toBeGreaterThan(0.3);
    expect(first.graph.getAttribute('modularity')).toBe(first.report.modularity);
    first.graph.forEachNode((_node, attrs) => {
      expect(attrs.color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(Number.isFinite(attrs.x) && Number.isFinite(attrs.y)).toBe(true);
    });
  });

  it.each(OUTPUT_FILES.map((f) => [f]))('writes %s byte-identically for the same input and seed', async (file) => {
    const [a, b] = await Promise.all([readFile(join(dirA, file)), readFile(join(dirB, file))]);
    expect(a.length).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(true);
  });

  it('writes entities.jsonl with one line per paper in the format score.py reads', async () => {
    const lines = (await readFile(join(dirA, 'entities.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(546);
    for (const line of lines) {
      const row = JSON.parse(line) as { id: string; title: string; entities: { name: string; type: string; aliases: string[]; role: string }[] };
      expect(typeof row.id).toBe('string');
      expect(typeof row.title).toBe('string');
      for (const e of row.entities) {
        expect(['method', 'dataset', 'benchmark']).toContain(e.type);
        expect(e.aliases).toContain(e.name);
      }
    }
  });

  it('writes a GraphML file networkx reads with the same counts', () => {
    const out = execFileSync(PYTHON, [
      '-c',
      'import sys, networkx as nx; g = nx.read_graphml(sys.argv[1]); print(g.number_of_nodes(), g.number_of_edges())',
      join(dirA, 'graph.graphml'),
    ]).toString().trim();
    expect(out).toBe(`${first.graph.order} ${first.graph.size}`);
  });
});

describe('buildGraph', () => {
  const paper = (id: string, title: string, date?: string): Paper => ({
    id, title, abstract: `${title}.`, authors: [], sources: [{ file: 'f', line: 1, format: 'jsonl' }], ...(date ? { date } : {}),
  });
  const evidence = { rule: 'r', reason: 'why', sentence: 's', start: 0, end: 1 };

  it('merges an entity across papers into one node with every alias and the earliest date', () => {
    const papers = [paper('a', 'A', '2024-02'), paper('b', 'B', '2023-05')];
    const extractions: Extraction[] = [
      { paperId: 'a', repositories: ['https://github.com/org/repo'], entities: [
        { key: 'mod', name: 'Mixture-of-Denoisers', type: 'method', aliases: ['Mixture-of-Denoisers', 'MoD'], role: 'PROPOSES', evidence: [evidence] },
      ] },
      { paperId: 'b', repositories: [], entities: [
        { key: 'mod', name: 'MoD', type: 'method', aliases: ['MoD'], role: 'USES', evidence: [evidence] },
      ] },
    ];
    const g = buildGraph(papers, extractions);
    expect(g.order).toBe(4);
    expect(g.getNodeAttributes('mod')).toMatchObject({ type: 'method', papers: 2, aliases: ['Mixture-of-Denoisers', 'MoD'], firstSeen: '2023-05' });
    expect(g.getEdgeAttributes('a->mod')).toMatchObject({ type: 'PROPOSES', name: 'Mixture-of-Denoisers' });
    expect(g.getEdgeAttributes('b->mod')).toMatchObject({ type: 'USES', aliases: ['MoD'] });
    expect(g.getNodeAttributes('https://github.com/org/repo')).toMatchObject({ type: 'repository', label: 'org/repo' });
    const lines = entitiesJsonl(g).trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; entities: unknown[] });
    expect(lines.map((l) => [l.id, l.entities.length])).toEqual([['a', 1], ['b', 1]]);
  });

  it('links each author of two or more papers as one Author node, every spelling of the name merged', () => {
    const by = (p: Paper, authors: string[]): Paper => ({ ...p, authors });
    const papers = [
      by(paper('a', 'A', '2021-03'), ['Lluís Màrquez', 'Ada Lovelace', 'Lluis Marquez']),
      by(paper('b', 'B', '2019-07'), ['lluis  marquez', 'Grace Hopper']),
      by(paper('c', 'C', '2023-01'), ['Lluís Màrquez', 'Ada Lovelace', '---']),
      by(paper('d', 'D'), ['Alan Turing']),
    ];
    const extractions: Extraction[] = papers.map((p) => ({ paperId: p.id, repositories: [], entities: [] }));
    const authorsOf = (graph: GraphView) => graph.nodes().filter((k) => graph.getNodeAttributes(k).type === 'author');
    const g = buildGraph(papers, extractions);
    const authors = authorsOf(g);
    // Hopper and Turing wrote one paper each: no node; '---' names nobody.
    expect(authors).toEqual(['author:lluis marquez', 'author:ada lovelace']);
    expect(g.getNodeAttributes('author:lluis marquez')).toMatchObject({
      label: 'Lluís Màrquez', papers: 3, aliases: ['Lluis Marquez', 'Lluís Màrquez', 'lluis  marquez'], firstSeen: '2019-07', lastSeen: '2023-01',
    });
    // A name listed twice in one paper is one link, weighted like any link: 1/√(papers of the author).
    expect(g.getEdgeAttributes('a->author:lluis marquez')).toEqual({ type: 'AUTHORED_BY', weight: Math.round(1e4 / Math.sqrt(3)) / 1e4 });
    expect(g.outDegree('a')).toBe(2);
    expect(g.getEdgeAttributes('c->author:ada lovelace')).toEqual({ type: 'AUTHORED_BY', weight: 0.7071 });
    expect((g.getNodeAttributes('d') as PaperNodeAttributes).authors).toEqual(['Alan Turing']);
    expect(authorsOf(buildGraph(papers, extractions, { authorMinPapers: 3 }))).toEqual(['author:lluis marquez']);
    expect(authorsOf(buildGraph(papers, extractions, { authorMinPapers: 1 }))).toEqual(['author:lluis marquez', 'author:ada lovelace', 'author:grace hopper', 'author:alan turing']);
    expect(authorsOf(buildGraph(papers, extractions, { authorMinPapers: 0 }))).toEqual([]);
    expect(() => buildGraph(papers, extractions, { authorMinPapers: 1.5 })).toThrow(/authorMinPapers/);
  });

  it.each([
    ['key-collision', [paper('bert', 'BERT paper')], [{ paperId: 'bert', repositories: [], entities: [{ key: 'bert', name: 'BERT', type: 'method' as const, aliases: ['BERT'], role: 'USES' as const, evidence: [] }] }]],
    ['extraction-mismatch', [paper('a', 'A')], []],
    ['extraction-mismatch', [paper('a', 'A')], [{ paperId: 'b', repositories: [], entities: [] }]],
  ])('rejects inconsistent input with code %s', (code, papers, extractions) => {
    expect(() => buildGraph(papers, extractions as Extraction[])).toThrow(GraphBuildError);
    try {
      buildGraph(papers, extractions as Extraction[]);
    } catch (err) {
      expect((err as GraphBuildError).code).toBe(code);
    }
  });
});
