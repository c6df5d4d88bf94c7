// purpose: Papers linking to code (GitHub, Hugging Face …) that propose or use a given method.
// param: method string = BERT — method name, alias or key (case-insensitive)
// param: limit int = 50 — rows returned
// example: npx papergraph query papers-with-code-for-method --param method=LoRA
MATCH (m:Method)
WHERE m.key = toLower($method) OR toLower(m.name) = toLower($method) OR any(a IN m.aliases WHERE toLower(a) = toLower($method))
MATCH (m)<-[role:PROPOSES|USES|EVALUATES_ON|MENTIONS]-(p:Paper)-[:HAS_CODE]->(r:Repository)
RETURN m.name AS method, type(role) AS role, p.title AS paper, p.date AS date, collect(r.url) AS code
ORDER BY role = 'PROPOSES' DESC, date DESC, paper
LIMIT $limit
