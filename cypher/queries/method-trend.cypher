// purpose: Papers per year that link to a method (its adoption over time), by relationship type.
// param: method string = Transformer — method name, alias or key (case-insensitive)
// example: npx papergraph query method-trend --param method=LSTM
MATCH (m:Method)
WHERE m.key = toLower($method) OR toLower(m.name) = toLower($method) OR any(a IN m.aliases WHERE toLower(a) = toLower($method))
MATCH (m)<-[r]-(p:Paper)
WHERE p.date IS NOT NULL
RETURN m.name AS method, left(p.date, 4) AS year, type(r) AS role, count(DISTINCT p) AS papers
ORDER BY year, role
