// papergraph schema: uniqueness constraints on every node key, and lookup indexes for the query library.
// Applied by `papergraph build --neo4j` before writing; every statement is IF NOT EXISTS, so it is re-runnable.
//
// Model (graph/records.ts describes every property and its type):
//   (:Paper {id, title, abstract, date, authors, url, language, sources, label, x, y, size, color, community, seq})
//     language: ISO 639-3 code of an abstract not in English ("fra", "cmn"), absent for English
//   (:Entity:Method|Dataset|Benchmark {key, name, type, aliases, papers, family, firstSeen, evidence, …layout})
//   (:Topic {key, name, papers, corpusPapers, lift, acronyms, …layout})   — key 'topic:machine translation'
//   (:Repository {url, name, host, …layout})
//   (:Author {key, name, aliases, papers, firstSeen, lastSeen, …layout})   — key 'author:ada lovelace' (name
//     lower-cased, accents and punctuation dropped); only people with at least two papers in the corpus
//   (:Community {id, name, size, color, papers, top, topPapers, neighbours, dateSpan, parent})
//   (:Graph {key, name, seed, modularity, schema, reportSeed, resolution, reportModularity})   — one node
//   (:Paper)-[:PROPOSES|INTRODUCES|EVALUATES_ON|USES|MENTIONS {key, name, aliases, rules, evidence, results,
//             resultTargets, resultMetrics, resultValues, weight, seq}]->(:Entity)
//   (:Paper)-[:HAS_CODE {key, weight, seq}]->(:Repository)
//   (:Paper)-[:ABOUT {key, weight, count, seq}]->(:Topic)
//   (:Paper)-[:AUTHORED_BY {key, weight, seq}]->(:Author)
//   (:Paper)-[:SIMILAR_TO {key, weight, score, seq}]->(:Paper)   — one per pair, earlier paper → later one
//   (:Paper|Entity|Topic|Repository|Author)-[:IN_COMMUNITY]->(:Community)
//   (:PapergraphLock {key, owner, holder, since, expires})   — held while a build writes; deleted when it ends
// Batched writes also stamp Paper, Entity, Topic, Repository and Author nodes with `build` (the write that last wrote
// them).
// Nested records (sources, evidence, results, top …) are JSON strings: Neo4j properties cannot hold maps.

CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE;
// One key space for all entity types: a key names one entity whatever its (majority) type.
CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (e:Entity) REQUIRE e.key IS UNIQUE;
CREATE CONSTRAINT topic_key IF NOT EXISTS FOR (t:Topic) REQUIRE t.key IS UNIQUE;
CREATE CONSTRAINT repository_url IF NOT EXISTS FOR (r:Repository) REQUIRE r.url IS UNIQUE;
CREATE CONSTRAINT author_key IF NOT EXISTS FOR (a:Author) REQUIRE a.key IS UNIQUE;
CREATE CONSTRAINT community_id IF NOT EXISTS FOR (c:Community) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT graph_key IF NOT EXISTS FOR (g:Graph) REQUIRE g.key IS UNIQUE;
// Two builds writing to one database take turns on this node (graph/neo4j/lock.ts).
CREATE CONSTRAINT papergraph_lock_key IF NOT EXISTS FOR (l:PapergraphLock) REQUIRE l.key IS UNIQUE;

// Lookups: exact entity names (`MATCH (e:Entity {name: 'BERT'})`), first-seen and paper date ranges.
// Every index costs write time, so only what queries use is indexed (community filters go through IN_COMMUNITY).
CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name);
CREATE INDEX entity_first_seen IF NOT EXISTS FOR (e:Entity) ON (e.firstSeen);
CREATE INDEX paper_date IF NOT EXISTS FOR (p:Paper) ON (p.date);
// Case-insensitive search over entity names and aliases (`entity-search`).
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases];
// Topic lookups by name (`papers-about-topic`).
CREATE INDEX topic_name IF NOT EXISTS FOR (t:Topic) ON (t.name);
// Author lookups by name as written (`MATCH (a:Author {name: 'Ada Lovelace'})`).
CREATE INDEX author_name IF NOT EXISTS FOR (a:Author) ON (a.name);
