// Edge iteration for visitors that read no edge key: the build's CompactGraph then builds no key string per edge
// (1M edges on ACL, walked by the layout and the GraphML/GEXF models); any other GraphView iterates as usual.
import type { EdgeAttributes, GraphView, NodeAttributes } from './types.ts';

/** An edge visitor that needs no edge key: `(attributes, source, target, sourceAttributes, targetAttributes)`. */
export type KeylessEdgeVisitor = (attributes: EdgeAttributes, source: string, target: string, sourceAttributes: NodeAttributes, targetAttributes: NodeAttributes) => void;

/** What a graph that iterates without keys offers (graph/compact.ts). */
export interface KeylessEdges {
  forEachEdgeWithoutKey(callback: KeylessEdgeVisitor): void;
  forEachOutEdgeWithoutKey(node: string, callback: KeylessEdgeVisitor): void;
}

const keyless = (graph: GraphView): graph is GraphView & KeylessEdges => typeof (graph as Partial<KeylessEdges>).forEachEdgeWithoutKey === 'function';

/** Every edge, in `forEachEdge` order. */
export function forEachEdgeWithoutKey(graph: GraphView, callback: KeylessEdgeVisitor): void {
  if (keyless(graph)) graph.forEachEdgeWithoutKey(callback);
  else graph.forEachEdge((_edge, a, s, t, sa, ta) => callback(a, s, t, sa, ta));
}

/** A node's out-edges, in `forEachOutEdge` order. */
export function forEachOutEdgeWithoutKey(graph: GraphView, node: string, callback: KeylessEdgeVisitor): void {
  if (keyless(graph)) graph.forEachOutEdgeWithoutKey(node, callback);
  else graph.forEachOutEdge(node, (_edge, a, s, t, sa, ta) => callback(a, s, t, sa, ta));
}
