// purpose: An author's co-authors (people with two or more papers in the corpus), ranked by the papers they wrote together.
// param: author string — (required) author name, any spelling of it seen in the corpus, or its key (case-insensitive)
// param: limit int = 20 — co-authors listed
// example: npx papergraph query coauthors --param author='Ada Lovelace'
MATCH (a:Author)
WHERE a.key IN [$author, 'author:' + toLower($author)] OR toLower(a.name) = toLower($author) OR any(n IN a.aliases WHERE toLower(n) = toLower($author))
MATCH (a)<-[:AUTHORED_BY]-(p:Paper)-[:AUTHORED_BY]->(co:Author)
WHERE co <> a
WITH a, co, count(DISTINCT p) AS sharedPapers, max(p.date) AS lastShared
OPTIONAL MATCH (co)-[:IN_COMMUNITY]->(c:Community)
RETURN a.name AS author, co.name AS coauthor, sharedPapers, co.papers AS papers, lastShared, c.name AS community
ORDER BY sharedPapers DESC, papers DESC, coauthor
LIMIT $limit
