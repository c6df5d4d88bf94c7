// purpose: Papers about a research topic (ABOUT), with the topic's community and the papers' most similar papers.
// param: topic string = machine translation — topic name, or part of it (case-insensitive)
// param: limit int = 20 — papers listed
// example: npx papergraph query papers-about-topic --param topic=diffusion
MATCH (t:Topic)<-[a:ABOUT]-(p:Paper)
WHERE toLower(t.name) CONTAINS toLower($topic)
OPTIONAL MATCH (t)-[:IN_COMMUNITY]->(c:Community)
OPTIONAL MATCH (p)-[s:SIMILAR_TO]-(q:Paper)
WITH t, c, p, a, q, s ORDER BY s.score DESC
WITH t, c, p, a, collect(q.title)[0..3] AS similar
RETURN t.name AS topic, c.name AS community, p.title AS paper, p.date AS date, a.count AS mentions, similar
ORDER BY mentions DESC, date DESC, paper
LIMIT $limit
