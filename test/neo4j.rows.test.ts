// Unit tests of the Neo4j row builder and statements: exact Cypher text and parameters for a small graph.
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { buildWritePlan, GRAPH_KEY } from '../graph/neo4j/rows.ts';
import { createMemberships, mergeNodes, mergeRelationships } from '../graph/neo4j/statements.ts';
import { COMMUNITY_KIND, GRAPH_NODE_KIND, NODE_KINDS, RELATIONSHIP_KINDS } from '../graph/records.ts';
import type { AuthorNodeAttributes } from '../graph/types.ts';
import { schemaName, schemaStatements, validateWriteOptions, WRITE_DEFAULTS } from '../graph/neo4j/writer.ts';
import { loadSmallBuild, TRICKY } from './fixtures/neo4j/load.ts';

const int = neo4j.int;
const { graph, report } = loadSmallBuild();
const plan = buildWritePlan(graph, report);
const step = (name: string) => {
  const s = plan.steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step ${name}`);
  return s;
};

describe('buildWritePlan', () => {
  it('orders steps: graph, nodes, prune, relationships, communities, memberships (empty steps dropped)', () => {
    expect(plan.steps.map((s) => s.name)).toEqual([
      'graph',
      'papers',
      'entities:method',
      'entities:dataset',
      'entities:benchmark',
      'repositories',
      'authors',
      'prune',
      'rel:PROPOSES',
      'rel:EVALUATES_ON',
      'rel:USES',
      'rel:MENTIONS',
      'rel:HAS_CODE',
      'rel:AUTHORED_BY',
      'communities',
      'members:Paper',
      'members:Entity',
      'members:Repository',
      'members:Author',
    ]);
  });

  it('counts nodes (graph node + graph nodes + communities) and relationships (edges + memberships)', () => {
    // 12 graph nodes (3 of them authors) + 1 Graph + 2 communities; 12 edges (6 AUTHORED_BY) + 11 members (the orphan
    // has community -1).
    expect([plan.nodes, plan.relationships]).toEqual([15, 23]);
  });

  it.each([
    ['papers', "UNWIND $rows AS row\nMERGE (p:Paper {id: row.id})\nWITH p, row, keys(p) <> ['id'] AS existed\nSET p = row, p.build = $build\nWITH row WHERE existed\nRETURN row.id AS id"],
    ['entities:method', 'UNWIND $rows AS row\nMERGE (e:Entity {key: row.key})\nSET e = row, e.build = $build, e:Method\nREMOVE e:Dataset:Benchmark'],
    ['entities:dataset', 'UNWIND $rows AS row\nMERGE (e:Entity {key: row.key})\nSET e = row, e.build = $build, e:Dataset\nREMOVE e:Method:Benchmark'],
    ['repositories', 'UNWIND $rows AS row\nMERGE (r:Repository {url: row.url})\nSET r = row, r.build = $build'],
    ['authors', 'UNWIND $rows AS row\nMERGE (a:Author {key: row.key})\nSET a = row, a.build = $build'],
    ['rel:USES', 'UNWIND $rows AS row\nMATCH (s:Paper {id: row.source})\nMATCH (t:Entity {key: row.target})\nMERGE (s)-[r:USES]->(t)\nSET r = row.props'],
    ['rel:HAS_CODE', 'UNWIND $rows AS row\nMATCH (s:Paper {id: row.source})\nMATCH (t:Repository {url: row.target})\nMERGE (s)-[r:HAS_CODE]->(t)\nSET r = row.props'],
    ['rel:AUTHORED_BY', 'UNWIND $rows AS row\nMATCH (s:Paper {id: row.source})\nMATCH (t:Author {key: row.target})\nMERGE (s)-[r:AUTHORED_BY]->(t)\nSET r = row.props'],
    ['members:Entity', 'UNWIND $rows AS row\nMATCH (c:Community {id: row.community})\nMATCH (n:Entity {key: row.key})\nMERGE (n)-[:IN_COMMUNITY]->(c)'],
    ['members:Author', 'UNWIND $rows AS row\nMATCH (c:Community {id: row.community})\nMATCH (n:Author {key: row.key})\nMERGE (n)-[:IN_COMMUNITY]->(c)'],
    ['communities', 'UNWIND $rows AS row\nMERGE (c:Community {id: row.id})\nSET c = row'],
  ])('step %s sends exactly this Cypher', (name, cypher) => {
    expect(step(name).cypher).toBe(cypher);
  });

  it('statement builders are the ones the plan uses', () => {
    expect(step('entities:benchmark').cypher).toBe(mergeNodes(NODE_KINDS.benchmark));
    expect(step('rel:PROPOSES').cypher).toBe(mergeRelationships(RELATIONSHIP_KINDS.PROPOSES));
    expect(step('members:Paper').cypher).toBe(createMemberships('Paper'));
    expect(step('authors').cypher).toBe(mergeNodes(NODE_KINDS.author));
    expect(step('rel:AUTHORED_BY').cypher).toBe(mergeRelationships(RELATIONSHIP_KINDS.AUTHORED_BY));
    expect(step('members:Author').cypher).toBe(createMemberships('Author'));
  });

  it('paper rows carry every attribute; nested records as JSON, integers as Neo4j integers', () => {
    expect(step('papers').rows[0]).toEqual({
      id: 'arxiv:2401.00001',
      label: 'BERTology revisited',
      title: 'BERTology revisited',
      abstract: 'We propose SuperBERT and evaluate it on GLUE.',
      authors: ['Ada Lovelace', 'Alan Turing', 'Lluís Màrquez'],
      sources: '[{"file":"seeds/a.txt","line":3,"format":"hf-page"},{"file":"b.jsonl","line":7,"format":"jsonl"}]',
      date: '2024-01-02',
      url: 'https://arxiv.org/abs/2401.00001',
      seq: int(0),
      x: 1.5,
      y: -2.25,
      size: 4,
      color: '#1f77b4',
      community: int(0),
    });
    // Optional fields absent → property absent (SET p = row then removes stale values); so is an empty list.
    expect(Object.keys(step('papers').rows[1]!)).not.toContain('date');
    expect(Object.keys(step('papers').rows[1]!)).not.toContain('authors');
    expect(step('papers').rows[2]).toMatchObject({ id: 'p3', authors: ['Alan Turing', 'ada lovelace', 'Lluis Marquez', 'X'], date: '2023', language: 'fra' });
  });

  it('entity rows use `name` for the label and keep evidence as JSON', () => {
    expect(step('entities:method').rows[0]).toEqual({
      key: 'superbert',
      type: 'method',
      name: 'SuperBERT',
      aliases: ['Super-BERT', 'SuperBERT'],
      papers: int(1),
      family: 'bert',
      firstSeen: '2024-01-02',
      evidence: '{"rule":"define-propose","reason":"define-propose cue","sentence":"We propose SuperBERT and evaluate it on GLUE.","start":23,"end":32}',
      seq: int(3),
      x: 2,
      y: 1,
      size: 6,
      color: '#1f77b4',
      community: int(0),
    });
  });

  it('author rows use `name` for the label and keep every spelling and the date span', () => {
    expect(step('authors').rows).toEqual([
      {
        key: 'author:ada lovelace',
        name: 'Ada Lovelace',
        aliases: ['Ada Lovelace', 'ada lovelace'],
        papers: int(2),
        firstSeen: '2023',
        lastSeen: '2024-01-02',
        seq: int(9),
        x: 1,
        y: -1,
        size: 3,
        color: '#1f77b4',
        community: int(0),
      },
      expect.objectContaining({ key: 'author:alan turing', name: 'Alan Turing', aliases: ['Alan Turing'], seq: int(10) }),
      expect.objectContaining({ key: 'author:lluis marquez', name: 'Lluís Màrquez', aliases: ['Lluis Marquez', 'Lluís Màrquez'], seq: int(11) }),
    ]);
  });

  it('an author without dates or spellings has no firstSeen, lastSeen or aliases property', () => {
    const { graph: g, report: r } = loadSmallBuild();
    g.updateNodeAttributes('author:alan turing', (a) => {
      const { firstSeen: _f, lastSeen: _l, ...rest } = a as AuthorNodeAttributes;
      return { ...rest, aliases: [] };
    });
    const row = buildWritePlan(g, r).steps.find((s) => s.name === 'authors')!.rows[1]!;
    expect(row).toMatchObject({ key: 'author:alan turing', name: 'Alan Turing', papers: int(2) });
    expect(Object.keys(row).filter((k) => ['aliases', 'firstSeen', 'lastSeen'].includes(k))).toEqual([]);
  });

  it('relationship rows spread results into parallel arrays beside the JSON', () => {
    expect(step('rel:PROPOSES').rows).toEqual([
      {
        source: 'arxiv:2401.00001',
        target: 'superbert',
        props: {
          key: 'arxiv:2401.00001->superbert',
          seq: int(0),
          weight: 1,
          name: 'SuperBERT',
          aliases: ['SuperBERT', 'Super-BERT'],
          results:
            '[{"target":"glue","metric":"accuracy","value":91.25,"text":"91.25 accuracy on GLUE"},{"target":"glue","value":80,"text":"80 on GLUE"}]',
          resultTargets: ['glue', 'glue'],
          resultMetrics: ['accuracy', ''],
          resultValues: [91.25, 80],
          rules: ['define-propose'],
          evidence:
            '{"rule":"define-propose","reason":"define-propose cue","sentence":"We propose SuperBERT and evaluate it on GLUE.","start":23,"end":32}',
        },
      },
    ]);
    expect(step('rel:HAS_CODE').rows).toEqual([
      {
        source: 'arxiv:2401.00001',
        target: 'https://github.com/org/superbert',
        props: { key: 'arxiv:2401.00001->https://github.com/org/superbert', seq: int(2), weight: 1 },
      },
    ]);
    expect(step('rel:AUTHORED_BY').rows.map((r) => [r.source, r.target, r.props])).toEqual([
      ['arxiv:2401.00001', 'author:ada lovelace', { key: 'arxiv:2401.00001->author:ada lovelace', seq: int(6), weight: 0.7071 }],
      ['arxiv:2401.00001', 'author:alan turing', { key: 'arxiv:2401.00001->author:alan turing', seq: int(7), weight: 0.7071 }],
      ['arxiv:2401.00001', 'author:lluis marquez', { key: 'arxiv:2401.00001->author:lluis marquez', seq: int(8), weight: 0.7071 }],
      ['p3', 'author:alan turing', { key: 'p3->author:alan turing', seq: int(9), weight: 0.7071 }],
      ['p3', 'author:ada lovelace', { key: 'p3->author:ada lovelace', seq: int(10), weight: 0.7071 }],
      ['p3', 'author:lluis marquez', { key: 'p3->author:lluis marquez', seq: int(11), weight: 0.7071 }],
    ]);
  });

  it('the papers step reports papers that existed; prune is sent for those only', () => {
    expect([step('papers').collectExisting, step('prune').onlyExisting]).toEqual([true, true]);
    expect(plan.steps.filter((s) => s.collectExisting).map((s) => s.name)).toEqual(['papers']);
  });

  it('prune rows list, per paper, the TYPE|key of every edge the build keeps', () => {
    expect(step('prune').rows).toEqual([
      {
        id: 'arxiv:2401.00001',
        keep: [
          'PROPOSES|arxiv:2401.00001->superbert',
          'EVALUATES_ON|arxiv:2401.00001->glue',
          'HAS_CODE|arxiv:2401.00001->https://github.com/org/superbert',
          'AUTHORED_BY|arxiv:2401.00001->author:ada lovelace',
          'AUTHORED_BY|arxiv:2401.00001->author:alan turing',
          'AUTHORED_BY|arxiv:2401.00001->author:lluis marquez',
        ],
      },
      { id: 't:abc123', keep: ['USES|t:abc123->squad'] },
      { id: 'p3', keep: ['MENTIONS|p3->bert', 'USES|p3->superbert', 'AUTHORED_BY|p3->author:alan turing', 'AUTHORED_BY|p3->author:ada lovelace', 'AUTHORED_BY|p3->author:lluis marquez'] },
    ]);
  });

  it('graph and community rows', () => {
    expect(step('graph').rows).toEqual([
      {
        key: GRAPH_KEY,
        name: 'papergraph',
        seed: int(42),
        modularity: 0.4375,
        schema: int(1),
        reportSeed: int(42),
        resolution: 1,
        reportModularity: 0.4375,
        report: '{"seed":42,"resolution":1,"modularity":0.4375,"communities":null}',
      },
    ]);
    const [c0, c1] = step('communities').rows;
    expect(c0).toMatchObject({ id: int(0), name: 'SuperBERT · GLUE', size: int(9), papers: int(2), dateSpan: '{"from":"2023","to":"2024-01-02"}' });
    expect(c1).toMatchObject({ id: int(1), name: TRICKY, parent: int(0) });
    expect(JSON.parse(c1!.top as string)).toEqual(report.communities[1]!.top);
    expect(c1!.record).toBe(JSON.stringify(report.communities[1]));
    // A community's people travel in its record (no property of their own).
    expect(JSON.parse(c0!.record as string).people.map((p: { key: string }) => p.key)).toEqual(['author:ada lovelace', 'author:alan turing', 'author:lluis marquez']);
  });

  it('members: nodes in community -1 get no membership', () => {
    const keys = plan.steps.filter((s) => s.kind === 'memberships').flatMap((s) => s.rows.map((r) => r.key));
    expect(keys).toHaveLength(11);
    expect(keys).not.toContain('orphan');
    expect(step('members:Author').rows).toEqual(['author:ada lovelace', 'author:alan turing', 'author:lluis marquez'].map((key) => ({ key, community: int(0) })));
  });

  it('never splices a value into Cypher text', () => {
    const values = [TRICKY, 'BERTology', 'superbert', 'arxiv:2401.00001', 'github.com', 'GLUE', 'Lovelace', 'author:'];
    for (const s of plan.steps) for (const v of values) expect(s.cypher).not.toContain(v);
  });

  it('is deterministic', () => {
    expect(buildWritePlan(graph, report)).toEqual(plan);
  });
});

describe('schema and options', () => {
  it('schema.cypher: every statement is re-runnable and every node key has a uniqueness constraint', () => {
    const statements = schemaStatements();
    expect(statements.length).toBeGreaterThanOrEqual(9);
    for (const s of statements) expect(s).toMatch(/IF NOT EXISTS/);
    // Every statement is named, so applySchema can skip what exists.
    const names = statements.map(schemaName);
    expect(names).not.toContain(undefined);
    expect(new Set(names).size).toBe(names.length);
    const constraints = statements.filter((s) => /REQUIRE .* IS UNIQUE/.test(s)).map((s) => /FOR \((\w+):(\w+)\) REQUIRE \w+\.(\w+)/.exec(s)!.slice(2).join('.'));
    expect(constraints).toEqual(['Paper.id', 'Entity.key', 'Topic.key', 'Repository.url', 'Author.key', 'Community.id', 'Graph.key', 'PapergraphLock.key']);
  });

  it('the record description marks exactly the properties schema.cypher indexes (keys and RANGE indexes)', () => {
    const statements = schemaStatements().filter((s) => !/FULLTEXT/.test(s));
    const fromSchema = new Set(
      statements
        .map((s) => /FOR \(\w+:(\w+)\) (?:REQUIRE |ON \()\w+\.(\w+)/.exec(s)!.slice(1).join('.'))
        .filter((p) => !p.startsWith('PapergraphLock.')),
    );
    const described = new Set(
      [...Object.values(NODE_KINDS), COMMUNITY_KIND, GRAPH_NODE_KIND].flatMap((k) => k.properties.filter((p) => p.indexed).map((p) => `${k.keyLabel}.${p.name}`)),
    );
    expect(described).toEqual(fromSchema);
  });

  it.each([0, -1, 1.5, Number.NaN])('batchSize %s is rejected with invalid-option', (batchSize) => {
    expect(() => validateWriteOptions({ ...WRITE_DEFAULTS, batchSize })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });

  it.each([0, -1, 1.5, 17])('concurrency %s is rejected with invalid-option', (concurrency) => {
    expect(() => validateWriteOptions({ ...WRITE_DEFAULTS, concurrency })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });
});
