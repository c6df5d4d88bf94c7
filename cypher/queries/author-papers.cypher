// purpose: An author's papers, newest first, with each paper's community and its full author list.
// param: author string — (required) author name, any spelling of it seen in the corpus, or its key (case-insensitive)
// param: limit int = 50 — papers listed
// example: npx papergraph query author-papers --param author='Ada Lovelace'
MATCH (a:Author)
WHERE a.key IN [$author, 'author:' + toLower($author)] OR toLower(a.name) = toLower($author) OR any(n IN a.aliases WHERE toLower(n) = toLower($author))
MATCH (a)<-[:AUTHORED_BY]-(p:Paper)
OPTIONAL MATCH (p)-[:IN_COMMUNITY]->(c:Community)
RETURN a.name AS author, p.id AS id, p.title AS paper, p.date AS date, c.name AS community, p.authors AS authors
ORDER BY date IS NULL, date DESC, paper, id
LIMIT $limit
