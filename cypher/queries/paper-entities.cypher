// purpose: What one paper is about: its entities with their roles, reported results, and code links.
// param: paper string — (required) paper id, or a case-insensitive fragment of its title
// param: limit int = 5 — papers matched when the title fragment is ambiguous
// example: npx papergraph query paper-entities --param paper='unifying language learning paradigms'
MATCH (p:Paper)
WHERE p.id = $paper OR toLower(p.title) CONTAINS toLower($paper)
WITH p ORDER BY p.id LIMIT $limit
OPTIONAL MATCH (p)-[r]->(x)
WHERE NOT r:IN_COMMUNITY
RETURN p.id AS id, p.title AS paper, type(r) AS role, coalesce(x.name, x.url) AS target, labels(x)[0] AS kind, r.resultValues AS results
ORDER BY id, role, target
