// neo4j-import/: CSV files for `neo4j-admin database import full`, the fast first load of a large graph.
// Columns and their types come from the driver-free record description (graph/records.ts), the same one the live
// Neo4j sink writes from, so a bulk import and a batched write give the same database. Streams to disk: one pass to
// choose columns (only those some row has, in first-seen order) and the array delimiter, one pass to write.
//
// Import (Neo4j 5, database stopped, from the directory holding these files):
//   neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true \
//     --nodes=papers.csv … --relationships=rel_PROPOSES.csv … (README.txt lists the exact command)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  COMMUNITY_KIND,
  EDGE_TYPES,
  GRAPH_NODE_KIND,
  MEMBER_LABELS,
  MEMBERSHIP_CSV,
  MEMBERSHIP_TYPE,
  NODE_KINDS,
  NODE_TYPES,
  RELATIONSHIP_KINDS,
  screenRecords,
  type EdgeRecord,
  type MemberLabel,
  type NodeKind,
  type NodeRecord,
  type Property,
  type PropertyType,
  type RecordRejection,
} from '../records.ts';
import { SILENT_PROGRESS, type Progress } from '../sink.ts';
import { CompactGraph, edgeScratch } from '../compact.ts';
import { OutputFile } from './output.ts';
import type { CommunitiesReport, GraphView } from '../types.ts';

/**
 * Array delimiters, in order of preference: neo4j-admin's default ';' unless some array element holds it, then the
 * first that no element holds (one delimiter serves the whole import, `:LABEL` included).
 */
export const ARRAY_DELIMITERS = [';', '|', '\u001f', '\u001e', '\u241f'] as const;
export const ARRAY_DELIMITER = ARRAY_DELIMITERS[0];

/** Rows of the first pass between two `step` calls. */
const PLAN_STEP = 2_000;

/** One row of a table: its ID cells, the described record and its property accessor. */
interface TableRow {
  ids: string[];
  record: unknown;
  /**
   * Set on the rows of edges whose attributes are numbers only (a compact graph's number-only kinds): the
   * ID cells already as CSV text, whether an ID holds a line break, and the edge's kind — every edge of one kind
   * has the same properties, and only its key (made of the IDs) is text.
   */
  plain?: { cells: string; breaks: boolean; kind: string; rawKey: string | undefined };
}

/**
 * Where a table's rows come from: the graph's nodes of one type, its edges of one type, the community members
 * of one key label (all read in one pass over the graph, see `allRows`), or a list of its own.
 */
type RowSource = { nodes: string } | { edges: string } | { members: MemberLabel } | { rows: () => Iterable<TableRow> };

/** A table before writing: where its rows come from and which columns they fill. */
interface TableSource {
  file: string;
  kind: 'nodes' | 'relationships';
  idHeaders: string[];
  properties: readonly Property<unknown>[];
  fixed: [string, (delimiter: string) => string][];
  from: RowSource;
}

/** A planned table: its header and the number of rows it holds. */
export interface CsvTable {
  file: string;
  kind: 'nodes' | 'relationships';
  header: string[];
  rows: number;
  /** Some value holds a line break: neo4j-admin must read this file with multi-line fields (one thread). */
  multiline: boolean;
}

/** The tables of one export, the delimiter they use and the records left out (over Neo4j's index key limit). */
export interface ImportPlan {
  tables: CsvTable[];
  arrayDelimiter: string;
  rejected: RecordRejection[];
  droppedEdges: number;
}

/** RFC 4180 field: quoted when it holds a quote, the delimiter, a newline or leading/trailing space. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatValue(type: PropertyType, value: unknown, delimiter: string): string {
  if (type.endsWith('[]')) return csvField((value as unknown[]).map(String).join(delimiter));
  if (type === 'string') return csvField(String(value));
  return String(value);
}

/** A described value, JSON nested records encoded; undefined or null = no value. */
function present(p: Property<unknown>, record: unknown): unknown {
  const value = p.get(record);
  return value === undefined || value === null ? undefined : p.json ? JSON.stringify(value) : value;
}

/** Every table of an export with its row source. */
function sources(graph: GraphView, report: CommunitiesReport): TableSource[] {
  const nodeTable = <R>(kind: NodeKind<R>, from: RowSource): TableSource => {
    const keyIsId = kind.properties[0]!.type === 'string';
    return {
      file: kind.csvFile,
      kind: 'nodes',
      idHeaders: [keyIsId ? `${kind.key}:ID(${kind.keyLabel})` : `:ID(${kind.keyLabel})`],
      properties: (keyIsId ? kind.properties.slice(1) : kind.properties) as readonly Property<unknown>[],
      fixed: [[':LABEL', (d) => kind.labels.join(d)]],
      from,
    };
  };
  return [
    ...NODE_TYPES.map((t) => nodeTable(NODE_KINDS[t] as NodeKind<unknown>, { nodes: t })),
    nodeTable(COMMUNITY_KIND, { rows: () => report.communities.map((c) => ({ ids: [String(c.id)], record: c })) }),
    nodeTable(GRAPH_NODE_KIND, { rows: () => [{ ids: [String(GRAPH_NODE_KIND.properties[0]!.get({ graph, report }))], record: { graph, report } }] }),
    ...EDGE_TYPES.map((t): TableSource => {
      const kind = RELATIONSHIP_KINDS[t];
      return {
        file: kind.csvFile,
        kind: 'relationships',
        idHeaders: [`:START_ID(${kind.start})`, `:END_ID(${kind.end})`],
        properties: kind.properties as readonly Property<unknown>[],
        fixed: [[':TYPE', () => kind.type]],
        from: { edges: t },
      };
    }),
    ...MEMBER_LABELS.map((l): TableSource => ({
      file: MEMBERSHIP_CSV[l],
      kind: 'relationships',
      idHeaders: [`:START_ID(${l})`, ':END_ID(Community)'],
      properties: [],
      fixed: [[':TYPE', () => MEMBERSHIP_TYPE]],
      from: { members: l },
    })),
  ];
}

/**
 * Every row of every table as [table index, row], in one pass over the nodes and one over the edges (rather
 * than one pass per table): within a table, rows keep graph insertion order.
 */
function* allRows(graph: GraphView, tables: readonly TableSource[], rejected: ReadonlySet<string>, planning = false): Generator<[number, TableRow]> {
  const byNodeType = new Map<string, number>();
  const byEdgeType = new Map<string, number>();
  const byMemberLabel = new Map<string, number>();
  tables.forEach(({ from }, i) => {
    if ('nodes' in from) byNodeType.set(from.nodes, i);
    else if ('edges' in from) byEdgeType.set(from.edges, i);
    else if ('members' in from) byMemberLabel.set(from.members, i);
  });
  let seq = 0;
  for (const { node, attributes } of graph.nodeEntries()) {
    const record: NodeRecord = { key: node, attrs: attributes, seq: seq++ };
    if (rejected.has(node)) continue;
    const t = byNodeType.get(attributes.type);
    if (t !== undefined) yield [t, { ids: [node], record }];
    if (attributes.community >= 0) {
      const m = byMemberLabel.get(NODE_KINDS[attributes.type].keyLabel);
      if (m !== undefined) yield [m, { ids: [node, String(attributes.community)], record: undefined }];
    }
  }
  for (const [i, { from }] of tables.entries()) if ('rows' in from) for (const row of from.rows()) yield [i, row];
  if (graph instanceof CompactGraph) {
    yield* compactEdgeRows(graph, byEdgeType, rejected, planning);
    return;
  }
  seq = 0;
  for (const { edge, attributes, source, target } of graph.edgeEntries()) {
    const record: EdgeRecord = { key: edge, attrs: attributes, source, target, seq: seq++ };
    const t = byEdgeType.get(attributes.type);
    if (t !== undefined && !rejected.has(source) && !rejected.has(target)) yield [t, { ids: [source, target], record }];
  }
}

/**
 * The edge rows of a compact graph: what `edgeEntries` gives, read off its columns. The rows of number-only
 * attributes are one scratch row rewritten from edge to edge (each row is read before the next is asked for) and
 * carry their ID cells, escaped once per node rather than once per edge end, and their key when it needs no CSV
 * quoting (neither ID does: the key is the two joined by '->' or '~').
 *
 * `planning` (the first pass, which reads only the first row of each number-only kind and of the rest only whether an
 * ID holds a line break): after that first row, a number-only row carries its kind and `breaks` alone — no key, no
 * cells, its record left as it was (ACL: ~0.9 M of the ~1.1 M edge rows).
 */
function* compactEdgeRows(graph: CompactGraph, byEdgeType: ReadonlyMap<string, number>, rejected: ReadonlySet<string>, planning: boolean): Generator<[number, TableRow]> {
  const keys = graph.nodes();
  const { source, target } = graph.edgeArrays();
  const left = new Uint8Array(keys.length);
  if (rejected.size > 0) keys.forEach((k, n) => (left[n] = rejected.has(k) ? 1 : 0));
  const cells: (string | undefined)[] = new Array(keys.length);
  const breaks = /[\r\n]/;
  const cellOf = (n: number): string => (cells[n] ??= csvField(keys[n]!));
  // Per node: 0 not yet tested, 1 its key holds no line break, 2 it does.
  const breakOf = new Uint8Array(planning ? keys.length : 0);
  const hasBreak = (n: number): boolean => (breakOf[n] ||= breaks.test(keys[n]!) ? 2 : 1) === 2;
  const planned = new Set<unknown>();
  const scratch = edgeScratch();
  const plainKinds = new Set<unknown>(Object.values(scratch));
  const record: EdgeRecord = { key: '', attrs: scratch.about, source: '', target: '', seq: 0 };
  const plain: NonNullable<TableRow['plain']> = { cells: '', breaks: false, kind: '', rawKey: undefined };
  const row: TableRow = { ids: ['', ''], record, plain };
  const out: [number, TableRow] = [0, row];
  for (let e = 0, m = graph.size; e < m; e++) {
    const s = source[e]!;
    const t = target[e]!;
    const attrs = graph.edgeAttributesInto(e, scratch);
    const table = byEdgeType.get(attrs.type);
    if (table === undefined || left[s] || left[t]) continue;
    if (!plainKinds.has(attrs)) {
      const own: EdgeRecord = { key: graph.edgeKeyAt(e), attrs, source: keys[s]!, target: keys[t]!, seq: e };
      yield [table, { ids: [own.source, own.target], record: own }];
      continue;
    }
    if (planning && planned.has(attrs)) {
      plain.breaks = hasBreak(s) || hasBreak(t);
      plain.kind = attrs.type;
      out[0] = table;
      yield out;
      continue;
    }
    planned.add(attrs);
    record.key = graph.edgeKeyAt(e);
    record.attrs = attrs;
    record.source = row.ids[0] = keys[s]!;
    record.target = row.ids[1] = keys[t]!;
    record.seq = e;
    const sc = cellOf(s);
    const tc = cellOf(t);
    plain.cells = `${sc},${tc}`;
    plain.breaks = breaks.test(record.source) || breaks.test(record.target);
    plain.kind = attrs.type;
    plain.rawKey = sc === record.source && tc === record.target ? record.key : undefined;
    out[0] = table;
    yield out;
  }
}

interface Planned {
  source: TableSource;
  /** Its index among all sources (`allRows` numbers rows by it). */
  index: number;
  columns: Property<unknown>[];
  rows: number;
  multiline: boolean;
}

/**
 * First pass: the columns each table fills (first-seen order), its row count, and the array delimiter. `step` is
 * called every few thousand rows (the files sink pumps its graph-files thread from there, so it is fed during this
 * pass too).
 */
function plan(graph: GraphView, report: CommunitiesReport, step?: () => void): { planned: Planned[]; rejected: ReadonlySet<string>; plan: ImportPlan } {
  const screened = screenRecords(graph);
  const used = new Set<string>();
  const all = sources(graph, report);
  const state = all.map(() => ({ seen: new Set<Property<unknown>>(), columns: [] as Property<unknown>[], rows: 0, multiline: false, plainSeen: new Set<string>() }));
  const breaks = /[\r\n]/;
  let n = 0;
  for (const [i, { ids, record, plain }] of allRows(graph, all, screened.rejected, true)) {
    if (step && ++n % PLAN_STEP === 0) step();
    const table = state[i]!;
    table.rows += 1;
    if (plain) {
      // Every edge of a number-only kind has the same properties, and its one text (the key) is its IDs joined:
      // the first such row of a table shows its columns, the rest only their IDs' line breaks.
      if (plain.breaks) table.multiline = true;
      if (table.plainSeen.has(plain.kind)) continue;
      table.plainSeen.add(plain.kind);
    }
    if (!table.multiline && ids.some((id) => breaks.test(id))) table.multiline = true;
    for (const p of all[i]!.properties) {
      const value = p.get(record);
      if (value === undefined || value === null) continue;
      if (!table.seen.has(p)) {
        table.seen.add(p);
        table.columns.push(p);
      }
      // JSON text escapes its line breaks; only plain text can hold one.
      if (!table.multiline && !p.json && typeof value === 'string' && breaks.test(value)) table.multiline = true;
      if (Array.isArray(value)) {
        for (const element of value) {
          const text = String(element);
          if (!table.multiline && breaks.test(text)) table.multiline = true;
          for (const d of ARRAY_DELIMITERS) if (!used.has(d) && text.includes(d)) used.add(d);
        }
      }
    }
  }
  const planned: Planned[] = [];
  all.forEach((source, i) => {
    const { columns, rows, multiline } = state[i]!;
    if (rows > 0) planned.push({ source, index: i, columns, rows, multiline });
  });
  const arrayDelimiter = ARRAY_DELIMITERS.find((d) => !used.has(d));
  if (arrayDelimiter === undefined) {
    throw new Error(`neo4j-import: every array delimiter neo4j-admin could use (${ARRAY_DELIMITERS.map(delimiterName).join(' ')}) occurs in some list value`);
  }
  const tables = planned.map(({ source, columns, rows, multiline }) => ({
    file: source.file,
    kind: source.kind,
    header: [...source.idHeaders, ...columns.map((p) => (p.type === 'string' ? p.name : `${p.name}:${p.type}`)), ...source.fixed.map(([h]) => h)],
    rows,
    multiline,
  }));
  return { planned, rejected: screened.rejected, plan: { tables, arrayDelimiter, rejected: screened.rejections, droppedEdges: screened.droppedEdges } };
}

/** The tables an export writes, with headers and row counts (tables without rows are left out). */
export function neo4jImportPlan(graph: GraphView, report: CommunitiesReport): ImportPlan {
  return plan(graph, report).plan;
}

/** Headers and row counts of every table (tests read the headers). */
export function neo4jImportTables(graph: GraphView, report: CommunitiesReport): CsvTable[] {
  return neo4jImportPlan(graph, report).tables;
}

/** How neo4j-admin's `--array-delimiter` names a delimiter: the character, or U+XXXX for a control character. */
export function delimiterName(d: string): string {
  return /^[\x21-\x7e]$/.test(d) ? d : `U+${d.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * neo4j-admin arguments (after `database import full DB`) importing exactly these tables, files under `dir`.
 * Portable (any Neo4j 5): every file read with multi-line fields. With `multilineFiles` (Neo4j 5.26, the managed
 * server): only files that hold a line break are, so the others are parsed in parallel.
 */
export function neo4jImportArgs(plan: Pick<ImportPlan, 'tables' | 'arrayDelimiter'>, dir?: string, options: { multilineFiles?: boolean } = {}): string[] {
  const path = (t: CsvTable) => (dir ? join(dir, t.file) : t.file);
  const multiline = plan.tables.filter((t) => t.multiline).map(path);
  const args = ['--overwrite-destination'];
  if (!options.multilineFiles) args.push('--multiline-fields=true');
  else if (multiline.length) args.push('--multiline-fields-format=v2', `--multiline-fields=${multiline.join(',')}`);
  if (plan.arrayDelimiter !== ARRAY_DELIMITER) args.push(`--array-delimiter=${delimiterName(plan.arrayDelimiter)}`);
  return [...args, ...plan.tables.map((t) => `--${t.kind}=${path(t)}`)];
}

/** The neo4j-admin command that imports exactly these tables (paths relative to their folder unless `dir`). */
export function neo4jImportCommand(plan: Pick<ImportPlan, 'tables' | 'arrayDelimiter'>, options: { database?: string; dir?: string } = {}): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const [overwrite, multiline, ...rest] = neo4jImportArgs(plan, options.dir).map(quote);
  return [`neo4j-admin database import full ${options.database ?? 'neo4j'} ${overwrite} ${multiline} \\`, rest.map((a) => `  ${a}`).join(' \\\n')].join('\n');
}

/**
 * Writes the CSV files and a README.txt with the import command into `dir` (created if missing), streaming;
 * returns the paths written. Nodes whose key or indexed property exceeds Neo4j's index key limit are left out
 * with their edges (README.txt counts them), as the live sink leaves them out.
 */
export async function writeNeo4jImportCsv(
  graph: GraphView,
  report: CommunitiesReport,
  dir: string,
  progress: Progress = SILENT_PROGRESS,
): Promise<string[]> {
  // A tick of 0 rows during the first pass: no progress to show, but whoever drives `progress` runs.
  const { planned, rejected, plan: result } = plan(graph, report, () => progress.tick(0));
  await mkdir(dir, { recursive: true });
  const total = result.tables.reduce((n, t) => n + t.rows, 0);
  progress.start('neo4j-import CSV', total);
  const d = result.arrayDelimiter;
  // Every table open at once, filled in one pass over the graph; small buffers, as ~20 are open together.
  const outputs: (OutputFile | undefined)[] = [];
  const fixed: string[] = [];
  const columns: Property<unknown>[][] = [];
  try {
    for (const [i, { source, index }] of planned.entries()) {
      // Every row ends with its newline.
      const out = await OutputFile.open(join(dir, source.file), { sync: false, bufferBytes: 1 << 18, asciiEnds: true });
      outputs[index] = out;
      fixed[index] = source.fixed.map(([, value]) => `,${csvField(value(d))}`).join('');
      columns[index] = planned[i]!.columns;
      await out.write(`${result.tables[i]!.header.join(',')}\n`);
    }
    let n = 0;
    for (const [i, { ids, record, plain }] of allRows(graph, sources(graph, report), rejected)) {
      let line = plain ? plain.cells : csvField(ids[0]!);
      if (!plain) for (let k = 1; k < ids.length; k++) line += `,${csvField(ids[k]!)}`;
      for (const p of columns[i]!) {
        const value = present(p, record);
        if (value === undefined) line += ',';
        // A number-only edge: its numbers as formatValue writes them (a number's text never needs quoting), its key
        // as is when neither ID needed quoting.
        else if (plain && (typeof value === 'number' || value === plain.rawKey)) line += `,${value as number | string}`;
        else line += `,${formatValue(p.type, value, d)}`;
      }
      const flushed = outputs[i]!.write(`${line}${fixed[i]!}\n`);
      if (flushed) await flushed;
      if (++n % 5_000 === 0) progress.tick(5_000);
    }
    progress.tick(n % 5_000);
  } catch (err) {
    await Promise.allSettled(outputs.map((o) => o?.close()));
    throw err;
  }
  // Every table is closed even when one fails; the first failure is the one reported.
  const closed = await Promise.allSettled(outputs.map((o) => o?.close()));
  const failed = closed.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (failed) throw failed.reason;
  const written = planned.map(({ source }) => join(dir, source.file));
  const left = result.rejected.length
    ? [
        '',
        `Left out: ${result.rejected.length} node(s) and ${result.droppedEdges} edge(s) whose key or indexed property is over`,
        "Neo4j's index key limit (the live Neo4j sink leaves out the same):",
        ...result.rejected.slice(0, 20).map((r) => `  ${r.reason}`),
        ...(result.rejected.length > 20 ? [`  … and ${result.rejected.length - 20} more`] : []),
      ]
    : [];
  const readme = [
    'CSV files for an offline bulk load into an empty Neo4j 5 database (stop the database first).',
    d === ARRAY_DELIMITER
      ? `Arrays use neo4j-admin's default delimiter "${d}"; nested records are JSON strings.`
      : `Arrays use the delimiter ${delimiterName(d)} (some list value holds ";"); nested records are JSON strings.`,
    'Run from this directory:',
    '',
    neo4jImportCommand(result),
    '',
    'Then apply cypher/schema.cypher (constraints and indexes) once the database is started.',
    ...left,
    '',
  ].join('\n');
  const readmePath = join(dir, 'README.txt');
  await writeFile(readmePath, readme);
  written.push(readmePath);
  progress.end(`${result.tables.length} files, ${result.tables.reduce((n, t) => n + t.rows, 0).toLocaleString('en-US')} rows`);
  return written;
}
