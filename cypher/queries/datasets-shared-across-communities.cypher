// purpose: Datasets and benchmarks used by papers of several communities (shared resources between research areas).
// param: minCommunities int = 2 — least number of distinct communities whose papers use the entity
// param: limit int = 25 — rows returned
// example: npx papergraph query datasets-shared-across-communities --param minCommunities=3
MATCH (p:Paper)-[:USES|EVALUATES_ON|INTRODUCES|MENTIONS]->(d:Entity)
WHERE (d:Dataset OR d:Benchmark) AND p.community >= 0
WITH d, collect(DISTINCT p.community) AS communities, count(DISTINCT p) AS papers
WHERE size(communities) >= $minCommunities
RETURN d.name AS entity, d.type AS type, size(communities) AS communities, papers, communities[0..10] AS communityIds
ORDER BY communities DESC, papers DESC, entity
LIMIT $limit
