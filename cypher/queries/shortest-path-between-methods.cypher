// purpose: Shortest chain of papers and entities linking two methods (how two lines of work connect).
// param: from string = BERT — first method: name, alias or key (case-insensitive)
// param: to string = GPT-2 — second method: name, alias or key (case-insensitive)
// example: npx papergraph query shortest-path-between-methods --param from=CLIP --param to=LLaMA
MATCH (a:Entity) WHERE a.key = toLower($from) OR toLower(a.name) = toLower($from) OR any(x IN a.aliases WHERE toLower(x) = toLower($from))
MATCH (b:Entity) WHERE b.key = toLower($to) OR toLower(b.name) = toLower($to) OR any(x IN b.aliases WHERE toLower(x) = toLower($to))
WITH a, b WHERE a <> b
MATCH path = shortestPath((a)-[:PROPOSES|INTRODUCES|USES|EVALUATES_ON|MENTIONS*..12]-(b))
RETURN length(path) AS hops,
       [n IN nodes(path) | CASE WHEN n:Paper THEN 'paper: ' + n.title ELSE n.type + ': ' + n.name END] AS chain
ORDER BY hops
LIMIT 1
