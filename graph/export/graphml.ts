// graph.graphml: a GraphML writer modelled on graphology-gexf's (`write(graph, {formatNode, formatEdge})`),
// since graphology-graphml only parses. Valid against the GraphML 1.0 XSD; every <key> typed, so igraph and
// networkx keep every attribute (igraph drops untyped keys; neither handles for="all" well). Streamed: one
// pass over the graph infers the key types, a second writes the elements, nothing is held per node.
import type { Attributes } from 'graphology-types';
import { forEachEdgeWithoutKey } from '../edges.ts';
import type { GraphView } from '../types.ts';
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
  /** Attribute names left out of nodes and edges (e.g. `abstract` for a lean file). */
  omit: readonly string[];
  /** Also write a node's `#rrggbb` colour as the int attributes `r`, `g`, `b` (what Gephi's GraphML importer reads). */
  rgb: boolean;
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
  omit: [],
  rgb: true,
};

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** '#1f77b4' → { r: 31, g: 119, b: 180 }; undefined for anything else. */
export function hexToRgb(color: unknown): { r: number; g: number; b: number } | undefined {
  const m = typeof color === 'string' ? HEX.exec(color) : null;
  return m ? { r: parseInt(m[1]!, 16), g: parseInt(m[2]!, 16), b: parseInt(m[3]!, 16) } : undefined;
}

/**
 * GraphML ids are xs:NMTOKEN (no '/', space, '>' …): every char outside [A-Za-z0-9.:-] — '_' included,
 * so the mapping is one-to-one — becomes `_hh_` per UTF-8 byte. "https://x.org/a" → "https:_2f__2f_x.org_2f_a".
 * The original key is also written as the `key` data of each node.
 */
const PLAIN_ID = /^[A-Za-z0-9.:-]+$/;

export function graphmlId(key: string): string {
  if (PLAIN_ID.test(key)) return key;
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
const FIRST = ['key', 'label', 'type', 'community', 'color', 'r', 'g', 'b', 'size', 'x', 'y', 'weight'];

function orderedNames(model: Map<string, GraphMLType>): string[] {
  const names = [...model.keys()];
  const rank = (n: string) => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  return names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** `id` is reserved for the element id in igraph/networkx readers, so an attribute named id is renamed. */
const attrName = (name: string): string => (name === 'id' ? 'id_' : name);

function widenInto(model: Map<string, GraphMLType>, row: Record<string, Scalar | undefined>, omit: ReadonlySet<string>): void {
  for (const name in row) {
    const value = row[name];
    if (value === undefined || omit.has(name)) continue;
    model.set(name, widen(model.get(name), scalarType(value)));
  }
}

/** `widenInto` over raw attributes, typed as `flattenAttributes` would write them (lists and records: strings). */
function widenRaw(model: Map<string, GraphMLType>, attributes: Attributes, omit: ReadonlySet<string>): void {
  for (const name in attributes) {
    const value: unknown = attributes[name];
    if (value === undefined || value === null || omit.has(name)) continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) model.set(name, widen(model.get(name), scalarType(value)));
    } else model.set(name, widen(model.get(name), typeof value === 'boolean' ? 'boolean' : 'string'));
  }
}

function formatValue(value: Scalar): string {
  return typeof value === 'string' ? xmlEscape(value) : String(value);
}

/** One raw attribute value as `flattenAttributes` then `formatValue` write it; undefined where no <data> is written. */
function flatText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string') return xmlEscape(value);
  if (typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? undefined : xmlEscape(json);
}

/** The type of every GraphML key, per domain (pass 1). Plain maps: they can be sent to a worker thread. */
export interface GraphMLModels {
  graph: Map<string, GraphMLType>;
  node: Map<string, GraphMLType>;
  edge: Map<string, GraphMLType>;
}

/** Flattens one element's attributes with the formatter, adding `key` and (nodes) Gephi's `r`, `g`, `b`. */
function elementData(o: GraphMLOptions, domain: 'node' | 'edge', key: string, attrs: Attributes): Record<string, Scalar | undefined> {
  if (domain === 'edge') return { key, ...o.formatEdge(key, attrs) };
  const data: Record<string, Scalar | undefined> = { key, ...o.formatNode(key, attrs) };
  const rgb = o.rgb ? hexToRgb(data.color) : undefined;
  return rgb ? Object.assign(data, rgb) : data;
}

/**
 * Pass 1: the type of every key (widened over all values), so each <key> is declared before any data. With the
 * default formatter the types come from the raw values (a list or record is a JSON string), without formatting
 * anything.
 */
export function graphmlModels(graph: GraphView, options: Partial<GraphMLOptions> = {}): GraphMLModels {
  const o = { ...GRAPHML_DEFAULTS, ...options };
  const omit = new Set(o.omit);
  const models: GraphMLModels = { graph: new Map(), node: new Map(), edge: new Map() };
  widenInto(models.graph, flattenAttributes('graph', graph.getAttributes()), new Set());
  const rawNodes = o.formatNode === flattenAttributes;
  const rawEdges = o.formatEdge === flattenAttributes;
  models.node.set('key', 'string');
  models.edge.set('key', 'string');
  for (const { node, attributes } of graph.nodeEntries()) {
    if (rawNodes) {
      widenRaw(models.node, attributes, omit);
      if (o.rgb && hexToRgb(attributes.color)) for (const c of ['r', 'g', 'b']) models.node.set(c, widen(models.node.get(c), 'int'));
    } else widenInto(models.node, elementData(o, 'node', node, attributes), omit);
  }
  if (rawEdges) forEachEdgeWithoutKey(graph, (attributes) => widenRaw(models.edge, attributes, omit));
  else for (const { edge, attributes } of graph.edgeEntries()) widenInto(models.edge, elementData(o, 'edge', edge, attributes), omit);
  return models;
}

/**
 * Pass 2, element by element: `head()`, then `node()` for every node, `edge()` for every edge, then `tail()`.
 * Apart from a graph (`graphmlChunks`) it can write elements that arrive one batch at a time (a worker thread).
 */
export class GraphMLWriter {
  private readonly o: GraphMLOptions;
  private readonly nl: string;
  private readonly names: Record<'graph' | 'node' | 'edge', string[]>;
  private readonly dataIds: Record<'graph' | 'node' | 'edge', string[]>;
  /** Each <data> element's opening, built once per name: '\n      <data key="e_weight">'. */
  private readonly dataHeads: Record<'graph' | 'node' | 'edge', string[]>;
  private readonly raw: { node: boolean; edge: boolean };
  /** Node ids that needed escaping, escaped once: every edge names two nodes. */
  private readonly ids = new Map<string, string>();
  private readonly opens: { node: string; edge: string };
  private readonly closes: { node: string; edge: string };

  constructor(
    private readonly graphAttributes: Attributes,
    private readonly models: GraphMLModels,
    options: Partial<GraphMLOptions> = {},
  ) {
    const o = (this.o = { ...GRAPHML_DEFAULTS, ...options });
    this.nl = o.pretty ? '\n' : '';
    const keyId = (domain: 'graph' | 'node' | 'edge', name: string) => `${domain[0]}_${graphmlId(attrName(name))}`;
    this.names = { graph: orderedNames(models.graph), node: orderedNames(models.node), edge: orderedNames(models.edge) };
    const ids = (domain: 'graph' | 'node' | 'edge') => this.names[domain].map((n) => keyId(domain, n));
    this.dataIds = { graph: ids('graph'), node: ids('node'), edge: ids('edge') };
    const heads = (depth: number, domain: 'graph' | 'node' | 'edge') => this.dataIds[domain].map((id) => `${this.nl}${this.ind(depth)}<data key="${id}">`);
    this.dataHeads = { graph: heads(2, 'graph'), node: heads(3, 'node'), edge: heads(3, 'edge') };
    this.raw = { node: o.formatNode === flattenAttributes, edge: o.formatEdge === flattenAttributes };
    this.opens = { node: `${this.ind(2)}<node id="`, edge: `${this.ind(2)}<edge source="` };
    this.closes = { node: `${this.nl}${this.ind(2)}</node>\n`, edge: `${this.nl}${this.ind(2)}</edge>\n` };
  }

  private ind(depth: number): string {
    return this.o.pretty ? '  '.repeat(depth) : '';
  }

  private writeData(domain: 'graph' | 'node' | 'edge', data: Record<string, Scalar | undefined>): string {
    let s = '';
    const domainNames = this.names[domain];
    const head = this.dataHeads[domain];
    for (let i = 0; i < domainNames.length; i++) {
      const value = data[domainNames[i]!];
      if (value === undefined) continue;
      // A value typed wider than itself (e.g. an int in a double column) is written as-is: still valid.
      s += `${head[i]}${formatValue(value)}</data>`;
    }
    return s;
  }

  /**
   * The default formatter's output read straight from the attributes, without building the record per element:
   * what `writeData(domain, elementData(…))` writes, byte for byte.
   */
  private writeRaw(domain: 'node' | 'edge', key: string, attributes: Attributes): string {
    let s = '';
    const domainNames = this.names[domain];
    const head = this.dataHeads[domain];
    const rgb = domain === 'node' && this.o.rgb ? hexToRgb(attributes.color) : undefined;
    for (let i = 0; i < domainNames.length; i++) {
      const name = domainNames[i]!;
      let text = flatText(attributes[name]);
      if (rgb && (name === 'r' || name === 'g' || name === 'b')) text = String(rgb[name]);
      else if (text === undefined && name === 'key') text = xmlEscape(key);
      if (text !== undefined) s += `${head[i]}${text}</data>`;
    }
    return s;
  }

  private data(domain: 'node' | 'edge', key: string, attributes: Attributes): string {
    return this.raw[domain] ? this.writeRaw(domain, key, attributes) : this.writeData(domain, elementData(this.o, domain, key, attributes));
  }

  /** The XML declaration, every <key>, and the opening <graph> with the graph's own data. */
  head(): string {
    let s = '<?xml version="1.0" encoding="UTF-8"?>\n';
    s +=
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
    for (const domain of ['graph', 'node', 'edge'] as const) {
      for (const [i, name] of this.names[domain].entries()) {
        s += `${this.ind(1)}<key id="${this.dataIds[domain][i]}" for="${domain}" attr.name="${xmlEscape(attrName(name))}" attr.type="${this.models[domain].get(name)}"/>\n`;
      }
    }
    return `${s}${this.ind(1)}<graph id="G" edgedefault="directed">${this.writeData('graph', flattenAttributes('graph', this.graphAttributes))}\n`;
  }

  node(key: string, attributes: Attributes): string {
    const id = graphmlId(key);
    if (id !== key) this.ids.set(key, id);
    return `${this.opens.node}${id}">${this.data('node', key, attributes)}${this.closes.node}`;
  }

  /** A node's GraphML id, once its node is written (`graphmlId`, remembered where it differs from the key). */
  nodeId(key: string): string {
    return this.ids.get(key) ?? key;
  }

  /**
   * What `edge()` writes for an edge whose attributes are `{ type, weight, [valueName]: value }` (a compact graph's
   * number-only edges, `plainEdgeShape`), from its ends' ids (`nodeId`) and its key already escaped (`xmlEscape`):
   * no key string or attribute object per edge. Only with the default edge formatter.
   */
  plainEdge(sourceId: string, targetId: string, escapedKey: string, type: string, weight: number, valueName: string | undefined, value: number): string {
    if (!this.raw.edge) throw new Error('GraphMLWriter.plainEdge: only with the default edge formatter');
    let s = '';
    const domainNames = this.names.edge;
    const head = this.dataHeads.edge;
    for (let i = 0; i < domainNames.length; i++) {
      const name = domainNames[i]!;
      let text: string | undefined;
      if (name === 'key') text = escapedKey;
      else if (name === 'type') text = xmlEscape(type);
      else if (name === 'weight') text = Number.isFinite(weight) ? String(weight) : undefined;
      else if (name === valueName) text = Number.isFinite(value) ? String(value) : undefined;
      if (text !== undefined) s += `${head[i]}${text}</data>`;
    }
    return `${this.opens.edge}${sourceId}" target="${targetId}">${s}${this.closes.edge}`;
  }

  /** An edge (no XML id: readers would turn it into an `id` attribute; its graphology key is `key` data). */
  edge(key: string, source: string, target: string, attributes: Attributes): string {
    const { ids } = this;
    return `${this.opens.edge}${ids.get(source) ?? source}" target="${ids.get(target) ?? target}">${this.data('edge', key, attributes)}${this.closes.edge}`;
  }

  tail(): string {
    return `${this.ind(1)}</graph>\n</graphml>\n`;
  }
}

/** GraphML 1.0 in pieces (directed edges; graph attributes as graph-level data). */
export function* graphmlChunks(graph: GraphView, options: Partial<GraphMLOptions> = {}): Generator<string> {
  const writer = new GraphMLWriter(graph.getAttributes(), graphmlModels(graph, options), options);
  yield writer.head();
  for (const { node, attributes } of graph.nodeEntries()) yield writer.node(node, attributes);
  for (const { edge, attributes, source, target } of graph.edgeEntries()) yield writer.edge(edge, source, target, attributes);
  yield writer.tail();
}

/** GraphML as one string (tests, small graphs); writers use `graphmlChunks`. */
export function toGraphML(graph: GraphView, options: Partial<GraphMLOptions> = {}): string {
  return [...graphmlChunks(graph, options)].join('');
}
