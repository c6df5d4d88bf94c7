// neo4j-admin CSVs read off the record description: the array delimiter no list value holds, the files that need
// multi-line reading, records over the index key limit left out, and progress counted per row.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neo4jImportArgs, neo4jImportCommand, neo4jImportPlan, writeNeo4jImportCsv } from '../graph/export/neo4j-csv.ts';
import type { Progress } from '../graph/sink.ts';
import type { NodeAttributes } from '../graph/types.ts';
import { loadSmallBuild } from './fixtures/neo4j/load.ts';

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
});
