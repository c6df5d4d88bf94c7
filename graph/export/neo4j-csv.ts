// neo4j-import/: CSV files for `neo4j-admin database import full`, for loading millions of papers offline.
// Same properties as the live Neo4j sink (rows built by graph/neo4j/rows.ts), typed headers, RFC 4180 quoting.
//
// Import (Neo4j 5, database stopped, from the directory holding these files):
//   neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true \
//     --nodes=papers.csv --nodes=methods.csv --nodes=datasets.csv --nodes=benchmarks.csv \
//     --nodes=topics.csv --nodes=repositories.csv --nodes=communities.csv --nodes=graph.csv \
//     --relationships=rel_PROPOSES.csv … (every rel_*.csv and in_community_*.csv written)
// README.txt in the same directory lists the exact command for the files of that export.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { ENTITY_TYPES, type EntityType } from '../../ingest/types.ts';
import { communityRow, edgeProps, entityRow, graphRow, paperRow, repositoryRow, topicRow, type Row } from '../neo4j/rows.ts';
import { EDGE_TYPES, type CommunitiesReport, type EdgeType, type NodeType, type ResearchGraph } from '../types.ts';

/** neo4j-admin's default array delimiter; a ';' inside an array element is written as ','. */
export const ARRAY_DELIMITER = ';';

type CsvType = 'string' | 'long' | 'double' | 'boolean' | 'string[]' | 'double[]' | 'long[]';
type Value = string | number | boolean | string[] | number[];

/**
 * Column type of one value, following the sink's encoding (graph/neo4j/rows.ts): Neo4j Integers are
 * `long`, plain JS numbers are `double` (weights, positions), arrays typed by their elements; an empty
 * array has no type of its own (undefined) and takes its column's.
 */
function plain(value: unknown): { value: Value; type: CsvType | undefined } | undefined {
  if (value === undefined || value === null) return undefined;
  if (neo4j.isInt(value)) return { value: (value as { toNumber(): number }).toNumber(), type: 'long' };
  if (typeof value === 'number') return { value, type: 'double' };
  if (typeof value === 'boolean') return { value, type: 'boolean' };
  if (Array.isArray(value)) {
    if (value.length === 0) return { value: [], type: undefined };
    if (value.every((v) => typeof v === 'number')) return { value: value as number[], type: 'double[]' };
    if (value.every((v) => neo4j.isInt(v))) return { value: value.map((v) => (v as { toNumber(): number }).toNumber()), type: 'long[]' };
    return { value: value.map(String), type: 'string[]' };
  }
  return { value: String(value), type: 'string' };
}

const WIDER: Record<string, CsvType> = { 'long|double': 'double', 'long[]|double[]': 'double[]' };
function widen(a: CsvType | undefined, b: CsvType | undefined): CsvType | undefined {
  if (!b || a === b) return a ?? b;
  if (!a) return b;
  return WIDER[`${a}|${b}`] ?? WIDER[`${b}|${a}`] ?? (a.endsWith('[]') || b.endsWith('[]') ? 'string[]' : 'string');
}

/** RFC 4180 field: quoted when it holds a quote, the delimiter, a newline or leading/trailing space. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatValue(value: Value): string {
  if (Array.isArray(value)) return csvField(value.map((v) => String(v).replaceAll(ARRAY_DELIMITER, ',')).join(ARRAY_DELIMITER));
  if (typeof value === 'string') return csvField(value);
  return String(value);
}

export interface CsvTable {
  file: string;
  kind: 'nodes' | 'relationships';
  header: string[];
  lines: string[];
}

/**
 * One CSV table from rows. `idColumn` names the row field used as :ID (stored as a property too when
 * `storeId`), `fixed` adds constant columns such as :LABEL or :TYPE.
 */
function table(
  file: string,
  kind: CsvTable['kind'],
  rows: { props: Row; ids: [string, string][]; fixed: [string, string][] }[],
): CsvTable {
  const types = new Map<string, CsvType | undefined>();
  for (const { props } of rows) {
    for (const [name, raw] of Object.entries(props)) {
      const p = plain(raw);
      if (p) types.set(name, widen(types.get(name), p.type));
    }
  }
  // Columns holding only empty arrays are string arrays.
  for (const [name, type] of types) if (type === undefined) types.set(name, 'string[]');
  const names = [...types.keys()];
  const first = rows[0];
  const idHeaders = first ? first.ids.map(([h]) => h) : [];
  const fixedHeaders = first ? first.fixed.map(([h]) => h) : [];
  const header = [
    ...idHeaders,
    ...names.map((n) => (types.get(n) === 'string' ? n : `${n}:${types.get(n)}`)),
    ...fixedHeaders,
  ];
  const lines = rows.map(({ props, ids, fixed }) =>
    [
      ...ids.map(([, v]) => csvField(v)),
      ...names.map((n) => {
        const p = plain(props[n]);
        return p ? formatValue(p.value) : '';
      }),
      ...fixed.map(([, v]) => csvField(v)),
    ].join(','),
  );
  return { file, kind, header, lines };
}

const ENTITY_FILE: Record<EntityType, string> = { method: 'methods.csv', dataset: 'datasets.csv', benchmark: 'benchmarks.csv' };
const ENTITY_LABEL: Record<EntityType, string> = { method: 'Method', dataset: 'Dataset', benchmark: 'Benchmark' };

/** Builds every table (pure; tests read the headers). Tables without rows are left out. */
export function neo4jImportTables(graph: ResearchGraph, report: CommunitiesReport): CsvTable[] {
  type R = { props: Row; ids: [string, string][]; fixed: [string, string][] };
  const papers: R[] = [];
  const entities: Record<EntityType, R[]> = { method: [], dataset: [], benchmark: [] };
  const repositories: R[] = [];
  const topics: R[] = [];
  const members: Record<'paper' | 'entity' | 'topic' | 'repository', R[]> = { paper: [], entity: [], topic: [], repository: [] };
  let seq = 0;
  graph.forEachNode((key, a) => {
    let group: 'Paper' | 'Entity' | 'Topic' | 'Repository';
    if (a.type === 'paper') {
      const { id: _id, ...props } = paperRow(key, a, seq);
      papers.push({ props, ids: [['id:ID(Paper)', key]], fixed: [[':LABEL', 'Paper']] });
      group = 'Paper';
    } else if (a.type === 'repository') {
      const { url: _url, ...props } = repositoryRow(key, a, seq);
      repositories.push({ props, ids: [['url:ID(Repository)', key]], fixed: [[':LABEL', 'Repository']] });
      group = 'Repository';
    } else if (a.type === 'topic') {
      const { key: _key, ...props } = topicRow(key, a, seq);
      topics.push({ props, ids: [['key:ID(Topic)', key]], fixed: [[':LABEL', 'Topic']] });
      group = 'Topic';
    } else {
      const { key: _key, ...props } = entityRow(key, a, seq);
      entities[a.type].push({ props, ids: [['key:ID(Entity)', key]], fixed: [[':LABEL', `Entity;${ENTITY_LABEL[a.type]}`]] });
      group = 'Entity';
    }
    if (a.community >= 0) {
      members[group.toLowerCase() as 'paper'].push({
        props: {},
        ids: [
          [`:START_ID(${group})`, key],
          [':END_ID(Community)', String(a.community)],
        ],
        fixed: [[':TYPE', 'IN_COMMUNITY']],
      });
    }
    seq++;
  });
  const rels = new Map<EdgeType, R[]>(EDGE_TYPES.map((t) => [t, []]));
  const END: Record<NodeType, string> = { paper: 'Paper', method: 'Entity', dataset: 'Entity', benchmark: 'Entity', topic: 'Topic', repository: 'Repository' };
  seq = 0;
  graph.forEachEdge((key, a, source, target, _sa, ta) => {
    const end = END[ta.type];
    rels.get(a.type)?.push({
      props: edgeProps(key, a, seq),
      ids: [
        [':START_ID(Paper)', source],
        [`:END_ID(${end})`, target],
      ],
      fixed: [[':TYPE', a.type]],
    });
    seq++;
  });
  const communities: R[] = report.communities.map((c) => ({
    props: communityRow(c),
    ids: [[':ID(Community)', String(c.id)]],
    fixed: [[':LABEL', 'Community']],
  }));
  const graphNode: R[] = [
    { props: (({ key: _k, ...rest }) => rest)(graphRow(graph, report)), ids: [['key:ID(Graph)', 'papergraph']], fixed: [[':LABEL', 'Graph']] },
  ];

  const tables: CsvTable[] = [
    table('papers.csv', 'nodes', papers),
    ...ENTITY_TYPES.map((t) => table(ENTITY_FILE[t], 'nodes', entities[t])),
    table('topics.csv', 'nodes', topics),
    table('repositories.csv', 'nodes', repositories),
    table('communities.csv', 'nodes', communities),
    table('graph.csv', 'nodes', graphNode),
    ...[...rels.entries()].map(([t, rows]) => table(`rel_${t}.csv`, 'relationships', rows)),
    table('in_community_papers.csv', 'relationships', members.paper),
    table('in_community_entities.csv', 'relationships', members.entity),
    table('in_community_topics.csv', 'relationships', members.topic),
    table('in_community_repositories.csv', 'relationships', members.repository),
  ];
  return tables.filter((t) => t.lines.length > 0);
}

/** The neo4j-admin command that imports exactly these tables. */
export function neo4jImportCommand(tables: CsvTable[], database = 'neo4j'): string {
  const args = tables.map((t) => `  --${t.kind}=${t.file}`);
  return [`neo4j-admin database import full ${database} --overwrite-destination --multiline-fields=true \\`, args.join(' \\\n')].join('\n');
}

/** Writes the CSV files and a README.txt with the import command into `dir`; returns the paths written. */
export async function writeNeo4jImportCsv(graph: ResearchGraph, report: CommunitiesReport, dir: string): Promise<string[]> {
  const tables = neo4jImportTables(graph, report);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const t of tables) {
    const path = join(dir, t.file);
    await writeFile(path, `${[t.header.join(','), ...t.lines].join('\n')}\n`);
    written.push(path);
  }
  const readme = [
    'CSV files for an offline bulk load into an empty Neo4j 5 database (stop the database first).',
    `Arrays use neo4j-admin's default delimiter "${ARRAY_DELIMITER}"; nested records are JSON strings.`,
    'Run from this directory:',
    '',
    neo4jImportCommand(tables),
    '',
    'Then apply cypher/schema.cypher (constraints and indexes) once the database is started.',
    '',
  ].join('\n');
  const readmePath = join(dir, 'README.txt');
  await writeFile(readmePath, readme);
  written.push(readmePath);
  return written;
}
