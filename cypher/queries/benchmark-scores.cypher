// purpose: Methods evaluated on a benchmark or dataset, with the scores papers report on it (best first).
// param: benchmark string = GLUE — benchmark/dataset name, alias or key (case-insensitive)
// param: limit int = 50 — rows returned
// example: npx papergraph query benchmark-scores --param benchmark=ImageNet-1K --param limit=10
MATCH (b:Entity)
WHERE b.key = toLower($benchmark) OR toLower(b.name) = toLower($benchmark) OR any(a IN b.aliases WHERE toLower(a) = toLower($benchmark))
MATCH (p:Paper)-[r]->(x:Entity)
WHERE b.key IN r.resultTargets
UNWIND range(0, size(r.resultTargets) - 1) AS i
WITH b, p, r, x, i WHERE r.resultTargets[i] = b.key
OPTIONAL MATCH (p)-[:PROPOSES]->(own:Method)
WITH b, p, r, i, CASE WHEN x:Method THEN x.name ELSE own.name END AS method
RETURN b.name AS benchmark, method, r.resultMetrics[i] AS metric, r.resultValues[i] AS value, p.title AS paper, p.date AS date
ORDER BY value DESC, paper
LIMIT $limit
