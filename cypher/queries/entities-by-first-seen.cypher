// purpose: Entities in order of the first paper mentioning them, within a date range (what appeared when).
// param: from string = "" — earliest first-seen date, inclusive, as dates are stored: YYYY, YYYY-MM, YYYY-MM-DD, or --MM-DD (Hugging Face pages give no year); empty = no bound
// param: to string = "" — latest first-seen date, inclusive, as a prefix (2024 includes 2024-12-31); empty = no bound
// param: type string = any — method, dataset, benchmark, or any
// param: limit int = 50 — rows returned
// example: npx papergraph query entities-by-first-seen --param from=--04 --param to=--08-08 --param type=method
MATCH (e:Entity)
WHERE e.firstSeen IS NOT NULL AND e.firstSeen >= $from AND ($to = '' OR left(e.firstSeen, size($to)) <= $to)
  AND ($type = 'any' OR e.type = $type)
RETURN e.firstSeen AS firstSeen, e.name AS entity, e.type AS type, e.papers AS papers
ORDER BY firstSeen, papers DESC, entity
LIMIT $limit
