// purpose: Full-text search over entity names and aliases (Lucene syntax: `bert~`, `"large language"`, `gpt*`).
// param: q string = bert — search text
// param: limit int = 20 — rows returned
// example: npx papergraph query entity-search --param q='llama*'
CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
RETURN node.name AS entity, node.type AS type, node.papers AS papers, round(score, 3) AS score
ORDER BY score DESC, papers DESC, entity
LIMIT $limit
