// Query parameters from the command line, with cypher-shell's `:param` conventions:
//   --param id=2106.09680           text, kept verbatim (never a number) — unless the query declares a type
//   --param 'limit => 5'            a Cypher literal, typed as written: 5, 4.5, 'x', true, null, [1, 2], {a: 1}
//   --param '{limit: 5, q: "bert"}' several literals at once
// A library query's header declares its parameters; for other queries the `$names` in the text are the parameters.
// A name the query does not use, or a parameter it needs and did not get, is `invalid-param` (a usage error).
import neo4j from 'neo4j-driver';
import { CypherSyntaxError, parameterNames, tokenize, type Token } from './cypher-text.ts';
import { Neo4jSinkError } from './errors.ts';

export type ParamType = 'int' | 'float' | 'string' | 'boolean' | 'list' | 'any';

export interface QueryParam {
  name: string;
  type: ParamType;
  /** Raw default text as written in the header; undefined = required. */
  default?: string;
  description: string;
}

const invalid = (message: string) => new Neo4jSinkError('invalid-param', message);

/** Parses one Cypher literal (numbers, strings, booleans, null, lists, maps, unary minus); nothing else. */
export function parseCypherLiteral(text: string): unknown {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (err) {
    throw invalid(`not a Cypher value: ${text} (${(err as Error).message})`);
  }
  let i = 0;
  const fail = (what: string): never => {
    throw invalid(`not a Cypher value: ${text} (${what}; expressions other than literals are not evaluated)`);
  };
  const value = (): unknown => {
    const t = tokens[i++];
    if (!t) return fail('ends too early');
    if (t.kind === 'string') return t.text;
    if (t.kind === 'symbol' && t.text === '-') {
      const n = tokens[i];
      if (n?.kind !== 'number') return fail('a minus sign before something that is not a number');
      i += 1;
      return number(`-${n.text}`);
    }
    if (t.kind === 'number') return number(t.text);
    if (t.kind === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true' || w === 'false') return w === 'true';
      if (w === 'null') return null;
      if (w === 'nan') return Number.NaN;
      if (w === 'infinity' || w === 'inf') return Number.POSITIVE_INFINITY;
      return fail(`"${t.text}" is not a literal`);
    }
    if (t.text === '[') {
      const list: unknown[] = [];
      if (tokens[i]?.text === ']') {
        i += 1;
        return list;
      }
      for (;;) {
        list.push(value());
        const sep = tokens[i++];
        if (sep?.text === ']') return list;
        if (sep?.text !== ',') return fail('a list needs "," between items and "]" at the end');
      }
    }
    if (t.text === '{') {
      const map: Record<string, unknown> = {};
      if (tokens[i]?.text === '}') {
        i += 1;
        return map;
      }
      for (;;) {
        const key = tokens[i++];
        if (key?.kind !== 'word' && key?.kind !== 'name') return fail('a map key must be a name');
        if (tokens[i++]?.text !== ':') return fail(`"${key.text}" needs ":" and a value`);
        map[key.text] = value();
        const sep = tokens[i++];
        if (sep?.text === '}') return map;
        if (sep?.text !== ',') return fail('a map needs "," between entries and "}" at the end');
      }
    }
    return fail(`unexpected "${t.text}"`);
  };
  const result = value();
  if (i !== tokens.length) fail(`unexpected "${tokens[i]!.text}" after the value`);
  return result;
}

function number(text: string): unknown {
  const clean = text.replace(/_/g, '');
  if (/^-?0x[0-9a-f]+$/i.test(clean) || /^-?0o[0-7]+$/i.test(clean)) {
    const negative = clean.startsWith('-');
    const big = BigInt(clean.replace('-', ''));
    return neo4j.int((negative ? -big : big).toString());
  }
  if (/^-?\d+$/.test(clean)) {
    const big = BigInt(clean);
    if (big > 2n ** 63n - 1n || big < -(2n ** 63n)) throw invalid(`integer ${text} does not fit in 64 bits`);
    return neo4j.int(clean);
  }
  const n = Number(clean);
  if (Number.isNaN(n)) throw invalid(`not a number: ${text}`);
  return n;
}

const isInteger = (v: unknown) => neo4j.isInt(v);
const TYPE_CHECK: Record<ParamType, (v: unknown) => boolean> = {
  int: isInteger,
  float: (v) => typeof v === 'number' || isInteger(v),
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  list: Array.isArray,
  any: () => true,
};

/** Text of `--param name=text` read as the declared type; `string` and `any` keep the text as it is. */
export function coerceParam(raw: string, type: ParamType = 'any', name = 'param'): unknown {
  const bad = (what: string) => new Neo4jSinkError('invalid-param', `parameter \`${name}\`: expecting ${what}, got "${raw}"`);
  const t = raw.trim();
  switch (type) {
    case 'int':
      if (!/^[+-]?\d+$/.test(t)) throw bad('an integer');
      return number(t.replace(/^\+/, ''));
    case 'float':
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) throw bad('a number');
      return Number(t);
    case 'boolean':
      if (!/^(true|false)$/i.test(t)) throw bad('true or false');
      return t.toLowerCase() === 'true';
    case 'list': {
      if (t.startsWith('[')) {
        const v = parseCypherLiteral(t);
        if (Array.isArray(v)) return v;
      }
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    }
    case 'string':
    case 'any':
      return raw;
  }
}

/** Name → value pairs of one `--param` argument, in any of the three forms. */
export function parseAssignment(assignment: string): [string, { value: unknown; typed: boolean; raw: string }][] {
  const text = assignment.trim();
  if (text.startsWith('{')) {
    const map = parseCypherLiteral(text);
    if (map === null || typeof map !== 'object' || Array.isArray(map)) throw invalid(`--param ${assignment}: expecting a map such as {limit: 5}`);
    return Object.entries(map as Record<string, unknown>).map(([k, v]) => [k, { value: v, typed: true, raw: String(v) }]);
  }
  const arrow = /^\s*(`[^`]+`|[\p{L}_][\p{L}\p{N}_]*)\s*=>\s*([\s\S]*)$/u.exec(assignment);
  if (arrow) {
    const name = arrow[1]!.replace(/^`|`$/g, '');
    return [[name, { value: parseCypherLiteral(arrow[2]!), typed: true, raw: arrow[2]! }]];
  }
  const eq = assignment.indexOf('=');
  const name = eq > 0 ? assignment.slice(0, eq).trim() : '';
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw invalid(`--param expects NAME=TEXT, 'NAME => VALUE' or '{NAME: VALUE, …}', got "${assignment}"`);
  const raw = assignment.slice(eq + 1);
  return [[name, { value: raw, typed: false, raw }]];
}

/** What the parameter builder needs to know of a query. */
export interface ParamSource {
  name: string;
  cypher: string;
  /** Declared in the header: those names, types and defaults are the query's parameters. */
  params: QueryParam[];
}

/**
 * `--param` arguments + header defaults → the parameter map. Declared parameters take their declared type (text
 * is parsed as it; a typed literal must match it); undeclared ones are the `$names` of the text. Unknown names and
 * missing required parameters are `invalid-param`.
 */
export function buildParams(query: ParamSource, assignments: readonly string[]): Record<string, unknown> {
  const given = new Map<string, { value: unknown; typed: boolean; raw: string }>();
  for (const a of assignments) for (const [name, v] of parseAssignment(a)) given.set(name, v);
  let used: Set<string>;
  try {
    used = query.params.length ? new Set(query.params.map((p) => p.name)) : parameterNames(query.cypher);
  } catch (err) {
    if (err instanceof CypherSyntaxError) throw new Neo4jSinkError('query-failed', `${query.name}: ${err.message}`);
    throw err;
  }
  const unknown = [...given.keys()].filter((n) => !used.has(n));
  if (unknown.length) {
    const takes = used.size ? `it takes ${[...used].map((n) => `\`${n}\``).join(', ')}` : 'it takes no parameters';
    throw invalid(`${query.name === 'inline' ? 'the query' : query.name} has no parameter ${unknown.map((n) => `\`${n}\``).join(', ')}; ${takes}`);
  }
  const params: Record<string, unknown> = {};
  for (const p of query.params) {
    const g = given.get(p.name);
    if (g?.typed) {
      if (!TYPE_CHECK[p.type](g.value)) throw invalid(`parameter \`${p.name}\`: expecting ${p.type}, got ${g.raw}`);
      params[p.name] = g.value;
      continue;
    }
    const raw = g?.raw ?? p.default;
    if (raw === undefined) throw invalid(`${query.name}: missing parameter \`${p.name}\` (${p.description}); pass --param ${p.name}=…`);
    params[p.name] = coerceParam(raw, p.type, p.name);
  }
  if (!query.params.length) {
    for (const name of used) {
      const g = given.get(name);
      if (!g) throw invalid(`the query uses $${name}; pass --param ${name}=TEXT or --param '${name} => VALUE'`);
      params[name] = g.value;
    }
  }
  return params;
}
