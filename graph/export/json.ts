// graph.json: graphology's own serialisation (what `graph.export()` gives and `Graph.from()` loads), streamed
// node by node so a 100k-node graph is never one string (nor one `export()` copy) in memory.
import type { Attributes } from 'graphology-types';
import { CompactGraph } from '../compact.ts';
import type { GraphView } from '../types.ts';

/** Graphs up to this many nodes are indented (diffable); bigger ones are written compactly. */
export const PRETTY_JSON_MAX_NODES = 5_000;

const isEmpty = (o: Attributes): boolean => {
  for (const _ in o) return false;
  return true;
};

// Both spell out what JSON.stringify of the wrapping object gives, without allocating that object per element.

/** One serialised node, as graphology's `export()` writes it: `{"key", "attributes"?}`. */
export function nodeJson(key: string, attributes: Attributes): string {
  const k = JSON.stringify(key);
  return isEmpty(attributes) ? `{"key":${k}}` : `{"key":${k},"attributes":${JSON.stringify(attributes)}}`;
}

/** One serialised edge: `{"key", "source", "target", "attributes"?, "undirected"?}`. */
export function edgeJson(graph: GraphView, key: string, source: string, target: string, attributes: Attributes, undirected: boolean): string {
  let e = `{"key":${JSON.stringify(key)},"source":${JSON.stringify(source)},"target":${JSON.stringify(target)}`;
  if (!isEmpty(attributes)) e += `,"attributes":${JSON.stringify(attributes)}`;
  if (graph.type === 'mixed' && undirected) e += ',"undirected":true';
  return `${e}}`;
}

/** The fixed text of graph.json around its elements: opening, separators, the turn from nodes to edges, end. */
export interface GraphJsonFrame {
  head: string;
  /** Before the first node, and before the first edge. */
  lead: string;
  /** Between two nodes, and between two edges. */
  sep: string;
  /** After the last node, before the edges. */
  middle: string;
  tail: string;
}

/** graph.json's frame: compact, or (`pretty`) one element per line, each list opened and closed on a line of its own. */
export function graphJsonFrame(graph: GraphView, options: { pretty?: boolean } = {}): GraphJsonFrame {
  const pretty = options.pretty ?? graph.order <= PRETTY_JSON_MAX_NODES;
  const graphOptions = JSON.stringify({ type: graph.type, multi: graph.multi, allowSelfLoops: graph.allowSelfLoops });
  const attributes = JSON.stringify(graph.getAttributes());
  return pretty
    ? { head: `{\n"attributes": ${attributes},\n"options": ${graphOptions},\n"nodes": [`, lead: '\n  ', sep: ',\n  ', middle: '\n],\n"edges": [', tail: '\n]\n}\n' }
    : { head: `{"options":${graphOptions},"attributes":${attributes},"nodes":[`, lead: '', sep: ',', middle: '],"edges":[', tail: ']}\n' };
}

/**
 * graph.json in pieces, nodes and edges in graph insertion order (build order, deterministic), attribute
 * keys in insertion order: byte-identical to `JSON.stringify(graph.export())` (compact) or to one
 * element per line (pretty), for identical graphs.
 */
export function* graphJsonChunks(graph: GraphView, options: { pretty?: boolean } = {}): Generator<string> {
  const { head, lead, sep, middle, tail } = graphJsonFrame(graph, options);
  yield head;
  let first = true;
  for (const { node, attributes: a } of graph.nodeEntries()) {
    yield `${first ? lead : sep}${nodeJson(node, a)}`;
    first = false;
  }
  yield middle;
  first = true;
  for (const text of edgeJsonTexts(graph)) {
    yield `${first ? lead : sep}${text}`;
    first = false;
  }
  yield tail;
}

/** Every edge's graph.json text (`edgeJson`), in graph insertion order; a CompactGraph writes them without entries. */
export function edgeJsonTexts(graph: GraphView): Iterable<string> {
  if (graph instanceof CompactGraph) return graph.edgeJsonTexts();
  return (function* () {
    for (const { edge, attributes, source, target, undirected } of graph.edgeEntries()) yield edgeJson(graph, edge, source, target, attributes, undirected);
  })();
}

/** graph.json as one string (tests, small graphs); writers use `graphJsonChunks`. */
export function toGraphJSON(graph: GraphView, options: { pretty?: boolean } = {}): string {
  return [...graphJsonChunks(graph, options)].join('');
}
