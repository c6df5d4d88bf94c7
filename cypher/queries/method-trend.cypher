// purpose: Papers per year that link to a method (its adoption over time), by role; dates without a year (Hugging Face pages, --MM-DD) count per day.
// param: method string = Transformer — method name, alias or key (case-insensitive)
// example: npx papergraph query method-trend --param method=BERT
MATCH (m:Method)
WHERE m.key = toLower($method) OR toLower(m.name) = toLower($method) OR any(a IN m.aliases WHERE toLower(a) = toLower($method))
MATCH (m)<-[r]-(p:Paper)
WHERE p.date IS NOT NULL AND NOT r:IN_COMMUNITY
WITH m, r, p, CASE WHEN p.date STARTS WITH '--' THEN p.date ELSE left(p.date, 4) END AS period
RETURN m.name AS method, period, type(r) AS role, count(DISTINCT p) AS papers
ORDER BY period, role
