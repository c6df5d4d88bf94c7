// Unit tests of the query library and runner helpers: headers, parameters (cypher-shell conventions), the read-only
// allow-list on plans and text, table wrapping, JSON/CSV output and write counters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { namespacedCalls, parameterNames, tokenize } from '../graph/neo4j/cypher-text.ts';
import { planRefusal, textRefusal, type PlanNode } from '../graph/neo4j/guard.ts';
import { buildParams, coerceParam, parseAssignment, parseCypherLiteral } from '../graph/neo4j/params.ts';
import { listQueries, parseQueryFile, resolveQuery, toPlain } from '../graph/neo4j/queries.ts';
import { fitWidths, formatCounters, formatCsv, formatJson, formatTable, wrapCell } from '../graph/neo4j/table.ts';
import { CYPHER_DIR } from '../ingest/paths.ts';

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

  it('cypher/README.md has a row for every library query, in the library order, and none other', () => {
    const lines = readFileSync(join(CYPHER_DIR, 'README.md'), 'utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith('| Query |'));
    expect(start).toBeGreaterThan(0);
    const rows: (string | undefined)[] = [];
    for (let i = start + 2; lines[i]?.startsWith('|'); i++) rows.push(/^\| `([\w-]+)` \|/.exec(lines[i]!)?.[1]);
    expect(rows).toEqual(library.map((q) => q.name));
  });

  it.each(['author-papers', 'coauthors'])('%s takes a required author and an int limit', (name) => {
    const q = library.find((x) => x.name === name)!;
    expect(q.params.map((p) => [p.name, p.type, p.default === undefined])).toEqual([
      ['author', 'string', true],
      ['limit', 'int', false],
    ]);
    expect(() => buildParams(q, [])).toThrow(expect.objectContaining({ code: 'invalid-param' }));
    expect(buildParams(q, ['author=Ada Lovelace'])).toEqual({ author: 'Ada Lovelace', limit: neo4j.int(Number(q.params[1]!.default)) });
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
    // text stays text unless typed: an arXiv id is not a number
    ['id=2106.09680', 'id', '2106.09680', false],
    ['q=a=b', 'q', 'a=b', false],
    ['n=42', 'n', '42', false],
    ['s= padded ', 's', ' padded ', false],
    // cypher-shell's `name => literal`
    ['n => 42', 'n', neo4j.int(42), true],
    ['x=>-4.5', 'x', -4.5, true],
    ["id => '2106.09680'", 'id', '2106.09680', true],
    ['ok => TRUE', 'ok', true, true],
    ['nothing => null', 'nothing', null, true],
    ['xs => [1, "a", [true]]', 'xs', [neo4j.int(1), 'a', [true]], true],
    ['m => {a: 1, `b c`: "d"}', 'm', { a: neo4j.int(1), 'b c': 'd' }, true],
    ['big => 9223372036854775807', 'big', neo4j.int('9223372036854775807'), true],
    ['h => 0x1F', 'h', neo4j.int(31), true],
  ] as const)('--param %s → %s = %j', (assignment, name, value, typed) => {
    const [n, v] = parseAssignment(assignment)[0]!;
    expect([n, v.value, v.typed]).toEqual([name, value, typed]);
  });

  it('a map assigns several typed parameters at once', () => {
    expect(parseAssignment("{limit: 5, q: 'bert'}").map(([n, v]) => [n, v.value])).toEqual([
      ['limit', neo4j.int(5)],
      ['q', 'bert'],
    ]);
  });

  it.each(['noequals', '=x', '1x=2', 'n => date()', 'n => [1, 2', "n => 'open", 'n => 1 2', 'n => 99999999999999999999', '{a 1}'])(
    'rejects %j with invalid-param',
    (assignment) => {
      expect(() => parseAssignment(assignment)).toThrow(expect.objectContaining({ code: 'invalid-param' }));
    },
  );

  it.each([
    ['-7', 'int', neo4j.int(-7)],
    ['2.5', 'float', 2.5],
    ['007', 'string', '007'],
    ['2106.09680', 'any', '2106.09680'],
    ['a, b', 'list', ['a', 'b']],
    ['["a", 1]', 'list', ['a', neo4j.int(1)]],
    ['False', 'boolean', false],
  ] as const)('declared type: %s as %s', (raw, type, expected) => {
    expect(coerceParam(raw, type)).toEqual(expected);
  });

  it.each([
    ['x', 'int'],
    ['1.5', 'int'],
    ['abc', 'float'],
    ['yes', 'boolean'],
  ] as const)('%s is not a valid %s', (raw, type) => {
    expect(() => coerceParam(raw, type)).toThrow(expect.objectContaining({ code: 'invalid-param' }));
  });

  it('parses literals the way Cypher writes them', () => {
    expect(parseCypherLiteral("'it\\'s \\u00e9'")).toBe("it's é");
    expect(parseCypherLiteral('[]')).toEqual([]);
    expect(parseCypherLiteral('{}')).toEqual({});
    expect(parseCypherLiteral('1e3')).toBe(1000);
  });

  const q = parseQueryFile('demo', '// param: limit int = 5 — rows\n// param: name string — a name\nRETURN $name, $limit');
  it('header defaults fill in, --param overrides, declared types apply to text', () => {
    expect(buildParams(q, ['name=BERT', 'limit=3'])).toEqual({ name: 'BERT', limit: neo4j.int(3) });
    expect(buildParams(q, ['name=a=b'])).toEqual({ name: 'a=b', limit: neo4j.int(5) });
    expect(buildParams(q, ['name=2106.09680', 'limit => 7'])).toEqual({ name: '2106.09680', limit: neo4j.int(7) });
  });

  it.each([
    [[] as string[], 'invalid-param'],
    [['limit=2'], 'invalid-param'],
    [['name=x', 'nmae=y'], 'invalid-param'],
    [['name=x', 'limit => "five"'], 'invalid-param'],
  ])('missing, unknown or mistyped %j → %s', (assignments, code) => {
    expect(() => buildParams(q, assignments)).toThrow(expect.objectContaining({ code }));
  });

  it('an inline query takes exactly the $names its text uses, as given', () => {
    const inline = { name: 'inline', params: [], cypher: "MATCH (p:Paper {id: $id}) WHERE p.note <> '$not' RETURN p LIMIT $`n`" };
    expect(buildParams(inline, ['id=2106.09680', 'n => 3'])).toEqual({ id: '2106.09680', n: neo4j.int(3) });
    expect(() => buildParams(inline, ['id=1', 'n => 3', 'extra=1'])).toThrow(expect.objectContaining({ code: 'invalid-param' }));
    expect(() => buildParams(inline, ['id=1'])).toThrow(expect.objectContaining({ code: 'invalid-param' }));
  });
});

describe('Cypher text', () => {
  it('sees parameters, not text inside strings, comments or backticks', () => {
    const text = "MATCH (n:`$weird` {a: $a}) // $comment\nWHERE n.b = '$b' /* $c */ AND n.d = $`d e` RETURN $0";
    expect([...parameterNames(text)]).toEqual(['a', 'd e', '0']);
    expect(tokenize("RETURN 'a''b'").map((t) => t.kind)).toEqual(['word', 'string', 'string']);
  });

  it('lists namespaced function calls outside CALL', () => {
    expect(namespacedCalls("CALL db.labels() YIELD label RETURN apoc.text.join([label], ','), date.truncate('day', date()), n.x")).toEqual([
      'apoc.text.join',
      'date.truncate',
    ]);
  });
});

describe('read-only allow-list', () => {
  const plan = (...ops: (string | [string, string])[]): PlanNode =>
    ops.reduceRight<PlanNode | undefined>((child, op) => {
      const [operatorType, details] = Array.isArray(op) ? op : [op, ''];
      return { operatorType, arguments: { Details: details }, children: child ? [child] : [] };
    }, undefined)!;

  it.each([
    [plan('ProduceResults@neo4j', 'Limit@neo4j', 'AllNodesScan@neo4j'), 'r'],
    [plan('ProduceResults@neo4j', 'Expand(All)@neo4j', 'NodeIndexSeek@neo4j'), 'r'],
    [plan('ProduceResults@neo4j', ['ProcedureCall@neo4j', 'db.index.fulltext.queryNodes($autostring_0, $q) :: (node :: NODE)']), 'r'],
    [plan('ProduceResults@neo4j', 'ShortestPath@neo4j', 'CartesianProduct@neo4j'), 'r'],
  ])('admits %j', (p, type) => {
    expect(planRefusal(p, type)).toBeUndefined();
  });

  it.each([
    [plan('ProduceResults@neo4j', 'LoadCSV@neo4j'), 'r', 'query-refused', /LOAD CSV/],
    [plan('ProduceResults@neo4j', 'ShowTransactions@neo4j'), 'r', 'query-refused', /SHOW TRANSACTIONS is an administration command/],
    [plan('ProduceResults@neo4j', 'TerminateTransactions@neo4j'), 'r', 'query-refused', /TERMINATE TRANSACTIONS/],
    [plan('ProduceResults@neo4j', 'ShowSettings@neo4j'), 'r', 'query-refused', /SHOW SETTINGS/],
    [plan('AdministrationCommand@system'), 's', 'query-refused', /system database/],
    [plan('ProduceResults@neo4j', ['ProcedureCall@neo4j', 'dbms.listConfig() :: (name :: STRING)']), 's', 'query-refused', /procedure dbms\.listConfig/],
    [plan('ProduceResults@neo4j', 'TransactionApply@neo4j', 'AllNodesScan@neo4j'), 'r', 'query-refused', /IN TRANSACTIONS/],
    [plan('ProduceResults@neo4j', 'Create@neo4j'), 'rw', 'write-refused', /writes/],
    [plan('EmptyResult@neo4j', 'DetachDelete@neo4j', 'AllNodesScan@neo4j'), 'w', 'write-refused', /writes/],
    [plan('ProduceResults@neo4j', 'SomethingNew@neo4j'), 'r', 'query-refused', /SomethingNew, which is not on/],
    [plan('ProduceResults@neo4j'), 's', 'write-refused', /schema/],
  ])('refuses %j (%s) as %s', (p, type, code, reason) => {
    const refusal = planRefusal(p, type);
    expect(refusal?.code).toBe(code);
    expect(refusal?.reason).toMatch(reason);
  });

  it.each([
    ["RETURN apoc.load.json('file:///etc/passwd')", /apoc\.load\.json/],
    ['RETURN custom.fn(1)', /custom\.fn/],
  ])('refuses user-defined functions: %s', (cypher, reason) => {
    expect(textRefusal(cypher)?.reason).toMatch(reason);
  });

  it('admits Cypher\'s own namespaced functions', () => {
    expect(textRefusal("RETURN date.truncate('month', date()), point.distance(point({x: 1, y: 2}), point({x: 0, y: 0})), vector.similarity.cosine([1.0], [1.0])")).toBeUndefined();
  });
});

describe('output', () => {
  const result = {
    columns: ['name', 'n', 'tags'],
    rows: [
      { name: 'BERT', n: 12, tags: ['a', 'b'] },
      { name: 'Quote "x", y', n: 3.5, tags: null },
    ],
  };

  it('aligned table, nothing cut', () => {
    expect(formatTable(result)).toBe(
      ['name          n    tags', '------------  ---  ---------', 'BERT          12   ["a","b"]', 'Quote "x", y  3.5', '(2 rows)', ''].join('\n'),
    );
  });

  it('a long cell wraps within the width instead of being cut; rows are set apart', () => {
    const long = 'Attention is all you need: a sequence transduction model based solely on attention mechanisms';
    const text = formatTable({ columns: ['id', 'title'], rows: [{ id: 'p1', title: long }, { id: 'p2', title: 'Short' }] }, 40);
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(long.split(' ').slice(0, 4).join(' '));
    expect(text.replace(/\s+/g, ' ')).toContain(long.slice(-30));
    expect(lines).toContain('');
  });

  it.each([
    [[4, 50, 100], 60, [4, 26, 26]],
    [[4, 10], 80, [4, 10]],
    [[30, 30], 0, [30, 30]],
  ])('fitWidths(%j, %i) = %j', (natural, width, expected) => {
    expect(fitWidths(natural, width)).toEqual(expected);
  });

  it('wrapCell keeps newlines and breaks long words', () => {
    expect(wrapCell('ab cd\nefghij', 4)).toEqual(['ab', 'cd', 'efgh', 'ij']);
  });

  it('CSV quotes fields with commas, quotes and newlines', () => {
    expect(formatCsv({ ...result, rows: [...result.rows, { name: 'two\nlines', n: 1, tags: [] }] })).toBe(
      'name,n,tags\r\nBERT,12,"[""a"",""b""]"\r\n"Quote ""x"", y",3.5,\r\n"two\nlines",1,[]\r\n',
    );
  });

  it('JSON keeps values typed', () => {
    expect(JSON.parse(formatJson(result))).toEqual(result.rows);
  });

  it('driver integers become numbers', () => {
    expect(toPlain({ n: neo4j.int(5), list: [neo4j.int(1), 'x'], big: 7n })).toEqual({ n: 5, list: [1, 'x'], big: 7 });
  });

  it.each([
    [{ nodesCreated: 1, propertiesSet: 2, labelsAdded: 1 }, 'Added 1 nodes, Set 2 properties, Added 1 labels'],
    [{ nodesDeleted: 3, relationshipsDeleted: 2 }, 'Deleted 3 nodes, Deleted 2 relationships'],
    [{ nodesCreated: 0 }, '(no changes)'],
  ])('write counters %j as cypher-shell prints them', (counters, text) => {
    expect(formatCounters(counters)).toBe(text);
  });
});
