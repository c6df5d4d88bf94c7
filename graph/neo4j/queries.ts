// Query library and runner: named .cypher files with a header (purpose, params, example); a read-only path that
// runs only what the allow-list admits (graph/neo4j/guard.ts), in a READ transaction with a timeout; plain JS values.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import neo4j, { type Driver, type ManagedTransaction, isDate, isDateTime, isDuration, isLocalDateTime, isLocalTime, isNode, isPath, isPoint, isRelationship, isTime } from 'neo4j-driver';
import { CYPHER_DIR } from '../../ingest/paths.ts';
import { firstLine } from './connection.ts';
import { Neo4jSinkError } from './errors.ts';
import { planRefusal, refusalError, textRefusal, type PlanNode } from './guard.ts';
import { parseCypherLiteral, type ParamType, type QueryParam } from './params.ts';

export const QUERY_DIR = join(CYPHER_DIR, 'queries');

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
 *   // param: NAME TYPE = DEFAULT — description     (no `= DEFAULT` = required; `= ""` an empty text)
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
        // A quoted default is a Cypher string literal (`= ""` for an empty one); anything else is text as written.
        if (p[3] !== undefined) param.default = /^(['"]).*\1$/.test(p[3]) ? String(parseCypherLiteral(p[3])) : p[3];
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
  /** What a write changed (cypher-shell's counters), when the query ran with `write`. */
  counters?: Record<string, number>;
}

export interface RunOptions {
  /** Allow writes (a WRITE transaction, no allow-list). */
  write: boolean;
  database?: string;
  /** Transaction timeout in seconds (the server stops the query after it). */
  timeoutSec: number;
}

export const RUN_DEFAULTS: RunOptions = { write: false, timeoutSec: 60 };

export function validateRunOptions(options: RunOptions): RunOptions {
  if (!(options.timeoutSec > 0) || !Number.isFinite(options.timeoutSec)) {
    throw new Neo4jSinkError('invalid-option', 'query: invalid `timeoutSec`, expecting a positive number of seconds');
  }
  return options;
}

/**
 * Runs a query. Without `write`, an EXPLAIN plan is checked against the read-only allow-list first and anything
 * else is refused (`write-refused`, `query-refused`); the query then runs in a READ transaction, so the server
 * refuses writes too. Every transaction carries the timeout.
 */
export async function runQuery(driver: Driver, cypher: string, params: Record<string, unknown>, partial: Partial<RunOptions> = {}): Promise<QueryResult> {
  const options = validateRunOptions({ ...RUN_DEFAULTS, ...partial });
  const config = { timeout: Math.round(options.timeoutSec * 1000) };
  const session = driver.session({ database: options.database, defaultAccessMode: options.write ? neo4j.session.WRITE : neo4j.session.READ });
  try {
    let queryType = '';
    if (!options.write) {
      const text = textRefusal(cypher);
      if (text) throw refusalError(text);
      const plan = await session.executeRead((tx) => tx.run(`EXPLAIN ${cypher}`, params), config).catch((err: unknown) => {
        throw queryError(err, options);
      });
      queryType = plan.summary.queryType ?? '';
      const refusal = planRefusal(plan.summary.plan as PlanNode | false | undefined || undefined, queryType);
      if (refusal) throw refusalError(refusal);
    }
    const work = (tx: ManagedTransaction) => tx.run(cypher, params);
    const result = await (options.write ? session.executeWrite(work, config) : session.executeRead(work, config)).catch((err: unknown) => {
      throw queryError(err, options);
    });
    const out: QueryResult = {
      columns: result.records[0]?.keys.map(String) ?? [],
      rows: result.records.map((r) => toPlain(r.toObject()) as Record<string, unknown>),
      queryType: queryType || result.summary.queryType,
    };
    if (options.write) {
      const counters = result.summary.counters;
      out.counters = { ...counters.updates(), systemUpdates: counters.systemUpdates() };
    }
    return out;
  } finally {
    await session.close();
  }
}

function queryError(err: unknown, options: RunOptions): Error {
  if (err instanceof Neo4jSinkError) return err;
  const code = String((err as { code?: string }).code ?? '');
  const message = firstLine(String((err as Error).message ?? err));
  if (code === 'Neo.ClientError.Statement.AccessMode' || /read access mode|not allowed in read/i.test(message)) {
    return new Neo4jSinkError('write-refused', 'this query writes to the database; re-run with --write to allow it', { cause: err });
  }
  if (code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) {
    return new Neo4jSinkError('query-timeout', `the query was stopped after its ${options.timeoutSec} s transaction timeout (--timeout SECONDS allows more)`, { cause: err });
  }
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new Neo4jSinkError('unreachable', `Neo4j connection lost: ${message}`, { cause: err });
  }
  return new Neo4jSinkError('query-failed', `query failed${code ? ` [${code}]` : ''}: ${message}`, { cause: err });
}

