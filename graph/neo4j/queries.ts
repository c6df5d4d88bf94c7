// Query library and runner: named .cypher files with a header (purpose, params, example), typed parameters,
// READ sessions unless asked to write, and table / JSON / CSV output with plain JS values.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import neo4j, { type Driver, type ManagedTransaction, isDate, isDateTime, isDuration, isLocalDateTime, isLocalTime, isNode, isPath, isPoint, isRelationship, isTime } from 'neo4j-driver';
import { Neo4jSinkError } from './errors.ts';
import { firstLine } from './connection.ts';
import { CYPHER_DIR } from '../../ingest/paths.ts';

export const QUERY_DIR = join(CYPHER_DIR, 'queries');

export type ParamType = 'int' | 'float' | 'string' | 'boolean' | 'list' | 'any';

export interface QueryParam {
  name: string;
  type: ParamType;
  /** Raw default text as written in the header; undefined = required. */
  default?: string;
  description: string;
}

export interface LibraryQuery {
  /** File name without `.cypher`, or "inline" for Cypher given on the command line. */
  name: string;
  purpose: string;
  params: QueryParam[];
  example?: string;
  cypher: string;
  file?: string;
}

const PARAM_LINE = /^\/\/\s*param:\s*(\w+)\s+(int|float|string|boolean|list|any)\s*(?:=\s*(.*?))?\s*—\s*(.*)$/;

/**
 * Parses a library file. Header lines:
 *   // purpose: …             one line, shown by `query --list`
 *   // param: NAME TYPE = DEFAULT — description     (no `= DEFAULT` = required)
 *   // example: npx papergraph query …
 */
export function parseQueryFile(name: string, text: string, file?: string): LibraryQuery {
  let purpose = '';
  let example: string | undefined;
  const params: QueryParam[] = [];
  const body: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('//') && body.length === 0) {
      const p = PARAM_LINE.exec(trimmed);
      if (p) {
        const param: QueryParam = { name: p[1]!, type: p[2] as ParamType, description: p[4]!.trim() };
        if (p[3] !== undefined) param.default = p[3];
        params.push(param);
      } else if (/^\/\/\s*purpose:/.test(trimmed)) purpose = trimmed.replace(/^\/\/\s*purpose:\s*/, '');
      else if (/^\/\/\s*example:/.test(trimmed)) example = trimmed.replace(/^\/\/\s*example:\s*/, '');
      else if (/^\/\/\s*param:/.test(trimmed)) throw new Neo4jSinkError('unknown-query', `${name}: malformed param line: ${trimmed}`);
      continue;
    }
    if (trimmed === '' && body.length === 0) continue;
    body.push(line);
  }
  const query: LibraryQuery = { name, purpose, params, cypher: body.join('\n').trim() };
  if (example !== undefined) query.example = example;
  if (file !== undefined) query.file = file;
  return query;
}

/** Every query of cypher/queries/, sorted by name. */
export function listQueries(dir = QUERY_DIR): LibraryQuery[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort()
    .map((f) => parseQueryFile(basename(f, '.cypher'), readFileSync(join(dir, f), 'utf8'), join(dir, f)));
}

/** NAME (library) | FILE (path to a .cypher file) | CYPHER text, in that order. */
export function resolveQuery(spec: string, dir = QUERY_DIR): LibraryQuery {
  const libraryFile = join(dir, `${spec}.cypher`);
  if (/^[\w-]+$/.test(spec) && existsSync(libraryFile)) return parseQueryFile(spec, readFileSync(libraryFile, 'utf8'), libraryFile);
  if (/\.cypher$/i.test(spec)) {
    if (!existsSync(spec)) throw new Neo4jSinkError('unknown-query', `no such query file: ${spec}`);
    return parseQueryFile(basename(spec, '.cypher'), readFileSync(spec, 'utf8'), spec);
  }
  if (/^[\w-]+$/.test(spec)) throw new Neo4jSinkError('unknown-query', `no query named "${spec}" (see \`papergraph query --list\`)`);
  return { name: 'inline', purpose: '', params: [], cypher: spec.trim() };
}

/** Text → typed value. Declared types win; undeclared values are inferred (42 → int, 4.2 → float, true, null, JSON lists). */
export function coerceParam(raw: string, type: ParamType = 'any', name = 'param'): unknown {
  const bad = (what: string) => new Neo4jSinkError('invalid-option', `parameter \`${name}\`: expecting ${what}, got "${raw}"`);
  switch (type) {
    case 'int':
      if (!/^[+-]?\d+$/.test(raw.trim())) throw bad('an integer');
      return neo4j.int(raw.trim());
    case 'float': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw bad('a number');
      return n;
    }
    case 'boolean':
      if (!/^(true|false)$/i.test(raw.trim())) throw bad('true or false');
      return raw.trim().toLowerCase() === 'true';
    case 'string':
      return raw;
    case 'list': {
      try {
        const v = JSON.parse(raw) as unknown;
        if (Array.isArray(v)) return v;
      } catch {
        /* comma list below */
      }
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    }
    case 'any': {
      const t = raw.trim();
      if (/^[+-]?\d+$/.test(t) && Math.abs(Number(t)) <= Number.MAX_SAFE_INTEGER) return neo4j.int(t);
      if (/^[+-]?(\d+\.\d*|\.\d+|\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
      if (t === 'true' || t === 'false') return t === 'true';
      if (t === 'null') return null;
      if (/^[[{"]/.test(t)) {
        try {
          return JSON.parse(t) as unknown;
        } catch {
          return raw;
        }
      }
      return raw;
    }
  }
}

/** `--param k=v` list + header defaults → the parameter map; unknown names are inferred, required ones checked. */
export function buildParams(query: LibraryQuery, assignments: readonly string[]): Record<string, unknown> {
  const given = new Map<string, string>();
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new Neo4jSinkError('invalid-option', `--param expects NAME=VALUE, got "${a}"`);
    given.set(a.slice(0, eq).trim(), a.slice(eq + 1));
  }
  const params: Record<string, unknown> = {};
  for (const p of query.params) {
    const raw = given.get(p.name) ?? p.default;
    if (raw === undefined) throw new Neo4jSinkError('invalid-option', `${query.name}: missing parameter \`${p.name}\` (${p.description}); pass --param ${p.name}=…`);
    params[p.name] = coerceParam(raw, p.type, p.name);
    given.delete(p.name);
  }
  for (const [name, raw] of given) params[name] = coerceParam(raw, 'any', name);
  return params;
}

/** Driver values → plain JSON-able values: nodes and relationships become property maps with _labels/_type. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (typeof value === 'bigint') return Number(value);
  if (isNode(value as never)) {
    const n = value as unknown as { labels: string[]; properties: Record<string, unknown> };
    return { _labels: n.labels, ...(toPlain(n.properties) as object) };
  }
  if (isRelationship(value as never)) {
    const r = value as unknown as { type: string; properties: Record<string, unknown> };
    return { _type: r.type, ...(toPlain(r.properties) as object) };
  }
  if (isPath(value as never)) {
    const p = value as unknown as { start: unknown; segments: { relationship: unknown; end: unknown }[] };
    return [toPlain(p.start), ...p.segments.flatMap((s) => [toPlain(s.relationship), toPlain(s.end)])];
  }
  const v = value as never;
  if (isDate(v) || isDateTime(v) || isLocalDateTime(v) || isLocalTime(v) || isTime(v) || isDuration(v) || isPoint(v)) return String(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, x]) => [k, toPlain(x)]));
  return value;
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Server's classification: r (read), rw, w, s (schema). */
  queryType: string;
}

/**
 * Runs a query. Without `write`, an EXPLAIN first classifies it and anything but a read is refused
 * (`write-refused`); the query then runs in a READ transaction, so the server refuses writes too.
 */
export async function runQuery(
  driver: Driver,
  cypher: string,
  params: Record<string, unknown>,
  options: { write?: boolean; database?: string } = {},
): Promise<QueryResult> {
  const session = driver.session({ database: options.database, defaultAccessMode: options.write ? neo4j.session.WRITE : neo4j.session.READ });
  try {
    let queryType = '';
    if (!options.write) {
      const plan = await session.executeRead((tx) => tx.run(`EXPLAIN ${cypher}`, params)).catch((err: unknown) => {
        throw queryError(err);
      });
      queryType = plan.summary.queryType ?? '';
      if (queryType !== 'r') {
        throw new Neo4jSinkError('write-refused', 'this query writes to the database; re-run with --write to allow it');
      }
    }
    const work = (tx: ManagedTransaction) => tx.run(cypher, params);
    const result = await (options.write ? session.executeWrite(work) : session.executeRead(work)).catch((err: unknown) => {
      throw queryError(err);
    });
    const columns = result.records[0]?.keys.map(String) ?? [];
    return {
      columns,
      rows: result.records.map((r) => toPlain(r.toObject()) as Record<string, unknown>),
      queryType: queryType || result.summary.queryType,
    };
  } finally {
    await session.close();
  }
}

function queryError(err: unknown): Error {
  if (err instanceof Neo4jSinkError) return err;
  const code = String((err as { code?: string }).code ?? '');
  if (code === 'Neo.ClientError.Statement.AccessMode' || /read access mode|not allowed in read/i.test(String((err as Error).message))) {
    return new Neo4jSinkError('write-refused', 'this query writes to the database; re-run with --write to allow it', { cause: err });
  }
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new Neo4jSinkError('unreachable', `Neo4j connection lost: ${firstLine(String((err as Error).message))}`, { cause: err });
  }
  return new Neo4jSinkError('query-failed', `query failed${code ? ` [${code}]` : ''}: ${firstLine(String((err as Error).message))}`, { cause: err });
}

/** One cell of the text table: strings verbatim (newlines shown as ⏎), everything else as JSON. */
function cellText(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
  const flat = text.replace(/\r?\n/g, '⏎');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Aligned text table with a header rule; cells cut at `maxWidth` characters. */
export function formatTable(result: Pick<QueryResult, 'columns' | 'rows'>, maxWidth = 60): string {
  if (result.columns.length === 0) return '(no rows)\n';
  const cells = result.rows.map((r) => result.columns.map((c) => cellText(r[c], maxWidth)));
  const widths = result.columns.map((c, i) => Math.max([...c].length, ...cells.map((row) => [...row[i]!].length)));
  const line = (values: string[]) => values.map((v, i) => v + ' '.repeat(widths[i]! - [...v].length)).join('  ').trimEnd();
  const out = [line(result.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}

export function formatJson(result: Pick<QueryResult, 'rows'>): string {
  return `${JSON.stringify(result.rows, null, 2)}\n`;
}

/** RFC 4180 CSV: fields with comma, quote or newline are quoted, quotes doubled; non-strings as JSON. */
export function formatCsv(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const field = (v: unknown) => {
    const text = typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [result.columns.map(field).join(','), ...result.rows.map((r) => result.columns.map((c) => field(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
