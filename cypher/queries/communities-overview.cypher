// purpose: Every community with its label, size, paper count and three most-linked methods.
// param: limit int = 100 — communities listed, largest first
// example: npx papergraph query communities-overview --param limit=10
MATCH (c:Community)
OPTIONAL MATCH (c)<-[:IN_COMMUNITY]-(m:Method)
WITH c, m ORDER BY m.papers DESC, m.name
WITH c, collect(m.name)[0..3] AS methods
RETURN c.id AS community, c.name AS label, c.size AS size, c.papers AS papers, methods
ORDER BY size DESC, community
LIMIT $limit
