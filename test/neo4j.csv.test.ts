// neo4j-admin CSVs read off the record description: the array delimiter no list value holds, the files that need
// multi-line reading, records over the index key limit left out, and progress counted per row.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neo4jImportArgs, neo4jImportCommand, neo4jImportPlan, writeNeo4jImportCsv } from '../graph/export/neo4j-csv.ts';
import type { Progress } from '../graph/sink.ts';
import type { NodeAttributes } from '../graph/types.ts';
import { toGraphology } from '../graph/compact.ts';
import { compactCopy } from './fixtures/graph/compact.ts';
import { loadSmallBuild, TRICKY } from './fixtures/neo4j/load.ts';

describe('neo4j-admin CSVs', () => {
  it.each([
    [[], ';', undefined],
    [['a;b'], '|', '--array-delimiter=|'],
    [['a;b', 'c|d'], '\u001f', '--array-delimiter=U+001F'],
  ])('aliases %j → delimiter %j', (extra, delimiter, arg) => {
    const { graph, report } = loadSmallBuild();
    graph.mergeNodeAttributes('bert', { aliases: ['BERT', ...extra] } as Partial<NodeAttributes>);
    const plan = neo4jImportPlan(graph, report);
    expect(plan.arrayDelimiter).toBe(delimiter);
    const args = neo4jImportArgs(plan);
    if (arg) expect(args).toContain(arg);
    else expect(args.some((a) => a.startsWith('--array-delimiter'))).toBe(false);
  });

  it('only files holding a line break are read as multi-line; the portable command reads all so', () => {
    const { graph, report } = loadSmallBuild();
    const plan = neo4jImportPlan(graph, report);
    // The fixture's tricky text (a newline) is a paper's title, a dataset's name, a community's name and the name
    // that paper uses for the dataset (rel_USES); JSON text (evidence, records) escapes its line breaks.
    expect(plan.tables.filter((t) => t.multiline).map((t) => t.file)).toEqual(['papers.csv', 'datasets.csv', 'communities.csv', 'rel_USES.csv']);
    const managed = neo4jImportArgs(plan, '/csv', { multilineFiles: true });
    expect(managed).toContain('--multiline-fields-format=v2');
    expect(managed).toContain('--multiline-fields=/csv/papers.csv,/csv/datasets.csv,/csv/communities.csv,/csv/rel_USES.csv');
    expect(neo4jImportCommand(plan)).toContain('--multiline-fields=true');
  });

  it('authors: their nodes, AUTHORED_BY relationships and memberships, in ID spaces of their own', async () => {
    const { graph, report } = loadSmallBuild();
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-csv-'));
    await writeNeo4jImportCsv(graph, report, dir);
    const lines = (file: string) => readFileSync(join(dir, file), 'utf8').trimEnd().split('\n');
    expect(lines('authors.csv')).toEqual([
      'key:ID(Author),name,aliases:string[],papers:long,firstSeen,lastSeen,seq:long,x:double,y:double,size:double,color,community:long,:LABEL',
      'author:ada lovelace,Ada Lovelace,Ada Lovelace;ada lovelace,2,2023,2024-01-02,9,1,-1,3,#1f77b4,0,Author',
      'author:alan turing,Alan Turing,Alan Turing,2,2023,2024-01-02,10,1.25,-0.5,3,#1f77b4,0,Author',
      'author:lluis marquez,Lluís Màrquez,Lluis Marquez;Lluís Màrquez,2,2023,2024-01-02,11,0.75,-1.5,3,#1f77b4,0,Author',
    ]);
    expect(lines('rel_AUTHORED_BY.csv').slice(0, 2)).toEqual([
      ':START_ID(Paper),:END_ID(Author),key,seq:long,weight:double,:TYPE',
      'arxiv:2401.00001,author:ada lovelace,arxiv:2401.00001->author:ada lovelace,6,0.7071,AUTHORED_BY',
    ]);
    expect(lines('rel_AUTHORED_BY.csv')).toHaveLength(7);
    expect(lines('in_community_authors.csv')).toEqual([
      ':START_ID(Author),:END_ID(Community),:TYPE',
      'author:ada lovelace,0,IN_COMMUNITY',
      'author:alan turing,0,IN_COMMUNITY',
      'author:lluis marquez,0,IN_COMMUNITY',
    ]);
    const args = neo4jImportArgs(neo4jImportPlan(graph, report), '/csv');
    expect(args).toEqual(expect.arrayContaining(['--nodes=/csv/authors.csv', '--relationships=/csv/rel_AUTHORED_BY.csv', '--relationships=/csv/in_community_authors.csv']));
  });

  it('nodes over the index key limit are left out with their edges, and README.txt says so', async () => {
    const { graph, report } = loadSmallBuild();
    const longId = `p-${'x'.repeat(9_000)}`;
    graph.addNode(longId, { ...graph.getNodeAttributes('p3'), title: 'Long' } as NodeAttributes);
    graph.addDirectedEdgeWithKey('long->bert', longId, 'bert', { type: 'USES', weight: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-csv-'));
    const ticks: number[] = [];
    let total = 0;
    const progress: Progress = { start: (_l, t) => (total = t ?? 0), tick: (n = 1) => ticks.push(n), end: () => {} };
    await writeNeo4jImportCsv(graph, report, dir, progress);
    expect(readFileSync(join(dir, 'papers.csv'), 'utf8')).not.toContain('xxxxxxxxxx');
    expect(readFileSync(join(dir, 'rel_USES.csv'), 'utf8')).not.toContain('long->bert');
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toMatch(/Left out: 1 node\(s\) and 1 edge\(s\)[\s\S]*id is 9,002 bytes/);
    expect(ticks.reduce((a, b) => a + b, 0)).toBe(total);
    expect(total).toBe(neo4jImportPlan(graph, report).tables.reduce((n, t) => n + t.rows, 0));
  });

  it('a compact graph (number-only edges read off its columns) writes the same files as its graphology copy, tricky ids included', async () => {
    const { graph, report } = loadSmallBuild();
    // Papers whose ids need CSV quoting (comma, quote, line break, leading or trailing space) or are over the index
    // key limit, with every kind of number-only edge: their keys are quoted as a whole, or the edges left out.
    const paper = graph.getNodeAttributes('p3');
    const odd = ['p,comma', 'p"quote', `p${TRICKY}`, ' p-lead', 'p-trail ', `p-${'x'.repeat(9_000)}`];
    const topic = 'topic:odd ids';
    const compact = compactCopy(graph, [
      ...odd.map((id): [string, NodeAttributes] => [id, { ...paper, title: `Odd ${id.slice(0, 20)}` } as NodeAttributes]),
      [topic, { x: 1, y: 2, size: 1, color: '#1f77b4', community: 0, type: 'topic', label: 'odd ids', papers: 6, corpusPapers: 6, lift: 1.5 } as NodeAttributes],
    ]);
    const repository = graph.filterNodes((_k, a) => a.type === 'repository')[0]!;
    odd.forEach((id, k) => {
      compact.addAbout(id, topic, 0.5 + k, k + 1);
      compact.addSimilar('p3', id, 0.25, 0.125 * (k + 1));
      compact.addSimilar(id, odd[(k + 1) % odd.length]!, Number.NaN, 1 / 3);
      compact.addCode(id, repository, 1e-7 * (k + 1));
      compact.addAuthored(id, 'author:ada lovelace', 0.5 / (k + 1));
      compact.addEdge(id, 'bert', { type: 'USES', weight: 1, name: `BERT ${id.slice(0, 5)}`, aliases: ['BERT'] });
    });
    const [a, b] = [mkdtempSync(join(tmpdir(), 'papergraph-csv-')), mkdtempSync(join(tmpdir(), 'papergraph-csv-'))];
    await writeNeo4jImportCsv(compact, report, a);
    await writeNeo4jImportCsv(toGraphology(compact), report, b);
    const files = readdirSync(b).sort();
    expect(readdirSync(a).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
    expect(readFileSync(join(a, 'rel_SIMILAR_TO.csv'), 'utf8')).toContain('"p,comma~p""quote",');
    expect(readFileSync(join(a, 'rel_ABOUT.csv'), 'utf8')).not.toContain('xxxxxxxxxx');
    expect(readFileSync(join(a, 'rel_AUTHORED_BY.csv'), 'utf8')).toMatch(/^"p""quote",author:ada lovelace,"p""quote->author:ada lovelace",\d+,0\.25,AUTHORED_BY$/m);
    expect(neo4jImportPlan(compact, report)).toEqual(neo4jImportPlan(toGraphology(compact), report));
  });
});
