// purpose: The most-used methods of each community, ranked by how many papers of that community link to them.
// param: limit int = 5 — methods listed per community
// param: minPapers int = 1 — ignore methods linked from fewer papers of the community
// example: npx papergraph query top-methods-per-community --param limit=3
MATCH (c:Community)<-[:IN_COMMUNITY]-(p:Paper)-[:PROPOSES|USES|EVALUATES_ON|MENTIONS|INTRODUCES]->(m:Method)
WITH c, m, count(DISTINCT p) AS papers
WHERE papers >= $minPapers
ORDER BY c.id, papers DESC, m.name
WITH c, collect({method: m.name, papers: papers})[0..$limit] AS top
UNWIND top AS t
RETURN c.id AS community, c.name AS label, t.method AS method, t.papers AS papers
ORDER BY community, papers DESC, method
