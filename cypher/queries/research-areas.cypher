// purpose: Research areas (Community.parent: the community a build split into research lines) with their lines, largest first.
// param: limit int = 50 — areas listed
// example: npx papergraph query research-areas --param limit=10
MATCH (c:Community)
WHERE c.parent IS NOT NULL
WITH c ORDER BY c.papers DESC, c.id
WITH c.parent AS area, count(c) AS lines, sum(c.papers) AS papers, collect(c.name + ' (' + toString(c.papers) + ')') AS research_lines
RETURN area, lines, papers, research_lines
ORDER BY papers DESC, area
LIMIT $limit
