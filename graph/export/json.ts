// graph.json: graphology's own serialisation (`graph.export()`), what the viewer and `Graph.from()` load.
import type { ResearchGraph } from '../types.ts';

/** Graphs up to this many nodes are indented (diffable); bigger ones are written compactly. */
export const PRETTY_JSON_MAX_NODES = 5_000;

/**
 * Serialises with graph.export(): nodes and edges in graph insertion order (build order, deterministic),
 * attribute keys in insertion order. Output is byte-identical for identical graphs.
 */
export function toGraphJSON(graph: ResearchGraph, options: { pretty?: boolean } = {}): string {
  const pretty = options.pretty ?? graph.order <= PRETTY_JSON_MAX_NODES;
  const data = graph.export();
  if (!pretty) return `${JSON.stringify(data)}\n`;
  // One node/edge per line: readable diffs without the size of full indentation.
  const lines = [
    '{',
    `"attributes": ${JSON.stringify(data.attributes)},`,
    `"options": ${JSON.stringify(data.options)},`,
    '"nodes": [',
    (data.nodes ?? []).map((n) => `  ${JSON.stringify(n)}`).join(',\n'),
    '],',
    '"edges": [',
    (data.edges ?? []).map((e) => `  ${JSON.stringify(e)}`).join(',\n'),
    ']',
    '}',
  ];
  return `${lines.filter((l) => l !== '').join('\n')}\n`;
}
