// graph.graphml: a GraphML writer modelled on graphology-gexf's (`write(graph, {formatNode, formatEdge})`),
// since graphology-graphml only parses. Valid against the GraphML 1.0 XSD; every <key> typed, so igraph and
// networkx keep every attribute (igraph drops untyped keys; neither handles for="all" well).
import type { Attributes } from 'graphology-types';
import type { ResearchGraph } from '../types.ts';
import { xmlEscape } from './xml.ts';

type Scalar = string | number | boolean;
/** GraphML's attr.type values (the XSD's key.type.type). */
export type GraphMLType = 'boolean' | 'int' | 'long' | 'double' | 'string';

export interface GraphMLOptions {
  /** Flattens one node's attributes into scalars (default: arrays/objects become JSON strings). */
  formatNode: (key: string, attributes: Attributes) => Record<string, Scalar | undefined>;
  formatEdge: (key: string, attributes: Attributes) => Record<string, Scalar | undefined>;
  /** Newline and two-space indent per element. */
  pretty: boolean;
}

/** Arrays and objects (aliases, roles, results, sources, evidence) become JSON strings in `string` keys. */
export function flattenAttributes(_key: string, attributes: Attributes): Record<string, Scalar | undefined> {
  const out: Record<string, Scalar | undefined> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) out[name] = value;
    } else if (typeof value === 'string' || typeof value === 'boolean') out[name] = value;
    else out[name] = JSON.stringify(value);
  }
  return out;
}

export const GRAPHML_DEFAULTS: GraphMLOptions = {
  formatNode: flattenAttributes,
  formatEdge: flattenAttributes,
  pretty: true,
};

/**
 * GraphML ids are xs:NMTOKEN (no '/', space, '>' …): every char outside [A-Za-z0-9.:-] — '_' included,
 * so the mapping is one-to-one — becomes `_hh_` per UTF-8 byte. "https://x.org/a" → "https:_2f__2f_x.org_2f_a".
 * The original key is also written as the `key` data of each node.
 */
export function graphmlId(key: string): string {
  let out = '';
  for (const ch of key) {
    if (/[A-Za-z0-9.:-]/.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `_${byte.toString(16).padStart(2, '0')}_`;
  }
  return out || '_';
}

const INT32_MAX = 2 ** 31 - 1;

function scalarType(value: Scalar): GraphMLType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (Number.isInteger(value)) return Math.abs(value) <= INT32_MAX ? 'int' : 'long';
  return 'double';
}

/** Widens two inferred types: int < long < double; anything mixed with string/boolean → string. */
function widen(a: GraphMLType | undefined, b: GraphMLType): GraphMLType {
  if (a === undefined || a === b) return b;
  const numeric = ['int', 'long', 'double'];
  if (numeric.includes(a) && numeric.includes(b)) return numeric[Math.max(numeric.indexOf(a), numeric.indexOf(b))] as GraphMLType;
  return 'string';
}

/** Attribute names kept first, in this order; the rest follow alphabetically (stable across runs). */
const FIRST = ['key', 'label', 'type', 'community', 'color', 'size', 'x', 'y', 'weight'];

function orderedNames(model: Map<string, GraphMLType>): string[] {
  const names = [...model.keys()];
  const rank = (n: string) => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  return names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** `id` is reserved for the element id in igraph/networkx readers, so an attribute named id is renamed. */
const attrName = (name: string): string => (name === 'id' ? 'id_' : name);

function inferModel(rows: Record<string, Scalar | undefined>[]): Map<string, GraphMLType> {
  const model = new Map<string, GraphMLType>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (value === undefined) continue;
      model.set(name, widen(model.get(name), scalarType(value)));
    }
  }
  return model;
}

function formatValue(value: Scalar): string {
  return typeof value === 'string' ? xmlEscape(value) : String(value);
}

/** Serialises the graph as GraphML 1.0 (directed edges; graph attributes as graph-level data). */
export function toGraphML(graph: ResearchGraph, options: Partial<GraphMLOptions> = {}): string {
  const o = { ...GRAPHML_DEFAULTS, ...options };
  const nl = o.pretty ? '\n' : '';
  const ind = (depth: number) => (o.pretty ? '  '.repeat(depth) : '');

  const nodes: { id: string; data: Record<string, Scalar | undefined> }[] = [];
  graph.forEachNode((key, attrs) => nodes.push({ id: graphmlId(key), data: { key, ...o.formatNode(key, attrs) } }));
  // Edges carry no XML id (readers would turn it into an `id` attribute); their graphology key is `key` data.
  const edges: { source: string; target: string; data: Record<string, Scalar | undefined> }[] = [];
  graph.forEachEdge((key, attrs, source, target) => {
    edges.push({ source: graphmlId(source), target: graphmlId(target), data: { key, ...o.formatEdge(key, attrs) } });
  });
  const graphData = flattenAttributes('graph', graph.getAttributes());

  const models = {
    graph: inferModel([graphData]),
    node: inferModel(nodes.map((n) => n.data)),
    edge: inferModel(edges.map((x) => x.data)),
  };
  const keyId = (domain: 'graph' | 'node' | 'edge', name: string) => `${domain[0]}_${graphmlId(attrName(name))}`;

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  );
  for (const domain of ['graph', 'node', 'edge'] as const) {
    const model = models[domain];
    for (const name of orderedNames(model)) {
      out.push(
        `${ind(1)}<key id="${keyId(domain, name)}" for="${domain}" attr.name="${xmlEscape(attrName(name))}" attr.type="${model.get(name)}"/>`,
      );
    }
  }
  const writeData = (depth: number, domain: 'graph' | 'node' | 'edge', data: Record<string, Scalar | undefined>): string => {
    const model = models[domain];
    let s = '';
    for (const name of orderedNames(model)) {
      const value = data[name];
      if (value === undefined) continue;
      // A value typed wider than itself (e.g. an int in a double column) is written as-is: still valid.
      s += `${nl}${ind(depth)}<data key="${keyId(domain, name)}">${formatValue(value)}</data>`;
    }
    return s;
  };
  out.push(`${ind(1)}<graph id="G" edgedefault="directed">${writeData(2, 'graph', graphData)}`);
  for (const n of nodes) out.push(`${ind(2)}<node id="${n.id}">${writeData(3, 'node', n.data)}${nl}${ind(2)}</node>`);
  for (const x of edges) {
    out.push(`${ind(2)}<edge source="${x.source}" target="${x.target}">${writeData(3, 'edge', x.data)}${nl}${ind(2)}</edge>`);
  }
  out.push(`${ind(1)}</graph>`);
  out.push('</graphml>');
  return `${out.join(nl || '\n')}\n`;
}
