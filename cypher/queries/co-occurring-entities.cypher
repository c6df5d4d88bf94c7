// purpose: Entities that appear in the same papers as a given entity, by number of shared papers.
// param: entity string = BERT — entity name, alias or key (case-insensitive)
// param: limit int = 20 — rows returned
// example: npx papergraph query co-occurring-entities --param entity=Transformer --param limit=10
MATCH (e:Entity)
WHERE e.key = toLower($entity) OR toLower(e.name) = toLower($entity) OR any(a IN e.aliases WHERE toLower(a) = toLower($entity))
MATCH (e)<-[]-(p:Paper)-[]->(other:Entity)
WHERE other <> e
RETURN e.name AS entity, other.name AS coOccurring, other.type AS type, count(DISTINCT p) AS sharedPapers
ORDER BY sharedPapers DESC, coOccurring
LIMIT $limit
