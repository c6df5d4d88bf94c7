// purpose: Bridge entities — linked from papers of many different communities, relative to how many papers use them.
// param: minCommunities int = 3 — least number of distinct communities
// param: limit int = 20 — rows returned
// example: npx papergraph query bridge-entities --param minCommunities=4
MATCH (p:Paper)-[]->(e:Entity)
WHERE p.community >= 0
WITH e, count(DISTINCT p.community) AS communities, count(DISTINCT p) AS papers
WHERE communities >= $minCommunities
RETURN e.name AS entity, e.type AS type, e.community AS homeCommunity, communities, papers,
       round(toFloat(communities) / papers, 3) AS spread
ORDER BY communities DESC, spread DESC, entity
LIMIT $limit
