// Unit tests of the query library and runner helpers: headers, parameter typing, table/JSON/CSV output.
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { buildParams, coerceParam, formatCsv, formatJson, formatTable, listQueries, parseQueryFile, resolveQuery, toPlain } from '../graph/neo4j/queries.ts';

const library = listQueries();

describe('query library', () => {
  it('holds at least 10 named queries', () => {
    expect(library.length).toBeGreaterThanOrEqual(10);
  });

  it.each(library.map((q) => [q.name, q] as const))('%s has a purpose, an example, and declares exactly the $params it uses', (name, q) => {
    expect(q.purpose.length).toBeGreaterThan(20);
    expect(q.example).toMatch(new RegExp(`^npx papergraph query ${name}\\b`));
    expect(q.cypher).toMatch(/\b(MATCH|CALL|RETURN)\b/);
    const used = new Set([...q.cypher.matchAll(/\$(\w+)/g)].map((m) => m[1]));
    expect(new Set(q.params.map((p) => p.name))).toEqual(used);
    // Defaults must parse as their declared type.
    for (const p of q.params) if (p.default !== undefined) expect(() => coerceParam(p.default!, p.type, p.name)).not.toThrow();
  });
});

describe('parseQueryFile', () => {
  it('reads purpose, params (default or required) and example, and strips the header', () => {
    const q = parseQueryFile(
      'demo',
      '// purpose: Demo query.\n// param: limit int = 5 — rows\n// param: name string — (required) a name\n// example: npx papergraph query demo\n\nMATCH (n {name: $name}) RETURN n LIMIT $limit\n',
    );
    expect(q).toEqual({
      name: 'demo',
      purpose: 'Demo query.',
      params: [
        { name: 'limit', type: 'int', default: '5', description: 'rows' },
        { name: 'name', type: 'string', description: '(required) a name' },
      ],
      example: 'npx papergraph query demo',
      cypher: 'MATCH (n {name: $name}) RETURN n LIMIT $limit',
    });
  });

  it('rejects a malformed param line with unknown-query', () => {
    expect(() => parseQueryFile('bad', '// param: limit integer five\nRETURN 1')).toThrow(expect.objectContaining({ code: 'unknown-query' }));
  });
});

describe('resolveQuery', () => {
  it.each([
    ['top-methods-per-community', 'top-methods-per-community'],
    ['cypher/queries/bridge-entities.cypher', 'bridge-entities'],
    ['MATCH (p:Paper) RETURN count(p) AS n', 'inline'],
  ])('%s → %s', (spec, name) => {
    expect(resolveQuery(spec).name).toBe(name);
  });

  it.each(['no-such-query', 'missing/file.cypher'])('%s → unknown-query', (spec) => {
    expect(() => resolveQuery(spec)).toThrow(expect.objectContaining({ code: 'unknown-query' }));
  });
});

describe('parameters', () => {
  it.each([
    ['42', 'any', neo4j.int(42)],
    ['-7', 'int', neo4j.int(-7)],
    ['4.5', 'any', 4.5],
    ['1e3', 'any', 1000],
    ['true', 'any', true],
    ['null', 'any', null],
    ['["a",1]', 'any', ['a', 1]],
    ['BERT', 'any', 'BERT'],
    ['007', 'string', '007'],
    ['2.5', 'float', 2.5],
    ['a, b', 'list', ['a', 'b']],
    ['False', 'boolean', false],
    ['}) DETACH DELETE n //', 'any', '}) DETACH DELETE n //'],
  ] as const)('%s as %s', (raw, type, expected) => {
    expect(coerceParam(raw, type)).toEqual(expected);
  });

  it.each([
    ['x', 'int'],
    ['1.5', 'int'],
    ['abc', 'float'],
    ['yes', 'boolean'],
  ] as const)('%s is not a valid %s', (raw, type) => {
    expect(() => coerceParam(raw, type)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });

  const q = parseQueryFile('demo', '// param: limit int = 5 — rows\n// param: name string — a name\nRETURN $name, $limit');
  it('header defaults fill in, --param overrides, extra params are inferred', () => {
    expect(buildParams(q, ['name=BERT', 'limit=3', 'extra=1.5'])).toEqual({ name: 'BERT', limit: neo4j.int(3), extra: 1.5 });
    expect(buildParams(q, ['name=a=b'])).toEqual({ name: 'a=b', limit: neo4j.int(5) });
  });

  it.each([[[] as string[]], [['limit=2']], [['noequals']]])('missing required or malformed %j → invalid-option', (assignments) => {
    expect(() => buildParams(q, assignments)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });
});

describe('output', () => {
  const result = {
    columns: ['name', 'n', 'tags'],
    rows: [
      { name: 'BERT', n: 12, tags: ['a', 'b'] },
      { name: 'Quote "x", y\nz', n: 3.5, tags: null },
    ],
  };

  it('aligned table with newlines shown as ⏎', () => {
    expect(formatTable(result)).toBe(
      ['name            n    tags', '--------------  ---  ---------', 'BERT            12   ["a","b"]', 'Quote "x", y⏎z  3.5', '(2 rows)', ''].join('\n'),
    );
  });

  it('CSV quotes fields with commas, quotes and newlines', () => {
    expect(formatCsv(result)).toBe('name,n,tags\r\nBERT,12,"[""a"",""b""]"\r\n"Quote ""x"", y\nz",3.5,\r\n');
  });

  it('JSON keeps values typed', () => {
    expect(JSON.parse(formatJson(result))).toEqual(result.rows);
  });

  it('driver integers become numbers', () => {
    expect(toPlain({ n: neo4j.int(5), list: [neo4j.int(1), 'x'], big: 7n })).toEqual({ n: 5, list: [1, 'x'], big: 7 });
  });
});
