// purpose: Papers that propose a method of their own and use (or evaluate on) a given dataset or benchmark.
// param: dataset string = ImageNet — dataset/benchmark name, alias or key (case-insensitive)
// param: limit int = 50 — rows returned
// example: npx papergraph query papers-proposing-method-using-dataset --param dataset=ImageNet
MATCH (d:Entity)
WHERE (d:Dataset OR d:Benchmark)
  AND (d.key = toLower($dataset) OR toLower(d.name) = toLower($dataset) OR any(a IN d.aliases WHERE toLower(a) = toLower($dataset)))
MATCH (m:Method)<-[:PROPOSES]-(p:Paper)-[:USES|EVALUATES_ON]->(d)
RETURN p.id AS id, p.title AS paper, p.date AS date, collect(DISTINCT m.name) AS proposes, d.name AS dataset
ORDER BY date DESC, paper
LIMIT $limit
