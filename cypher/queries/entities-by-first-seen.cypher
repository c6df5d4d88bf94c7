// purpose: Entities in order of the first paper mentioning them, within a date range (what appeared when).
// param: from string = 0000 — earliest first-seen date, inclusive (YYYY, YYYY-MM or YYYY-MM-DD)
// param: to string = 9999 — latest first-seen date prefix, inclusive
// param: type string = any — method, dataset, benchmark, or any
// param: limit int = 50 — rows returned
// example: npx papergraph query entities-by-first-seen --param from=2024-06 --param to=2024-12 --param type=method
MATCH (e:Entity)
WHERE e.firstSeen IS NOT NULL AND e.firstSeen >= $from AND left(e.firstSeen, size($to)) <= $to
  AND ($type = 'any' OR e.type = $type)
RETURN e.firstSeen AS firstSeen, e.name AS entity, e.type AS type, e.papers AS papers
ORDER BY firstSeen, papers DESC, entity
LIMIT $limit
