// entities.jsonl (the format score.py reads), derived from the graph so a Neo4j round trip gives the same file.
import { entityLine, type EntityRow } from '../../ingest/extract/jsonl.ts';
import { ROLES, type Role } from '../../ingest/types.ts';
import { forEachOutEdgeWithoutKey } from '../edges.ts';
import type { EntityNodeAttributes, GraphView } from '../types.ts';

/** One line per paper node: `{"id", "title", "entities": [{"name", "type", "aliases", "role"}]}`, in graph order. */
export function* entitiesJsonlChunks(graph: GraphView): Generator<string> {
  for (const { node, attributes } of graph.nodeEntries()) {
    if (attributes.type !== 'paper') continue;
    const rows: EntityRow[] = [];
    // Without edge keys: a paper's ~20 topic and similar-paper links would each build one only to be skipped.
    forEachOutEdgeWithoutKey(graph, node, (edge, _source, _target, _sa, target) => {
      if (!(ROLES as readonly string[]).includes(edge.type)) return; // entities only: not code, topics or similar papers
      const entity = target as EntityNodeAttributes;
      rows.push({ name: edge.name ?? entity.label, type: entity.type, aliases: edge.aliases ?? [entity.label], role: edge.type as Role });
    });
    yield `${entityLine({ id: node, title: attributes.title }, rows)}\n`;
  }
}

export function entitiesJsonl(graph: GraphView): string {
  return [...entitiesJsonlChunks(graph)].join('');
}
