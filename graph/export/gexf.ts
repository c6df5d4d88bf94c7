// graph.gexf: GEXF 1.3 with viz:color/position/size so Gephi opens it laid out and coloured. Our own streaming
// writer (graphology-gexf builds the whole document as one string, and puts graph attributes in <meta>, which
// the GEXF schema rejects): one pass infers the attribute types, a second writes the elements.
import type { Attributes } from 'graphology-types';
import { forEachEdgeWithoutKey } from '../edges.ts';
import type { GraphView } from '../types.ts';
import { hexToRgb } from './graphml.ts';
import { xmlAttr, xmlEscape } from './xml.ts';

export interface GEXFOptions {
  /** Newline and two-space indent per element. */
  pretty: boolean;
  /** Attribute names left out of nodes and edges (e.g. `abstract` for a lean file). */
  omit: readonly string[];
}

export const GEXF_DEFAULTS: GEXFOptions = { pretty: true, omit: [] };

/** GEXF attribute types we write; a column mixing types is widened (integer < long < double; else string). */
export type GexfType = 'boolean' | 'integer' | 'long' | 'double' | 'string';
type Value = string | number | boolean;

/** Node attributes that are GEXF structure rather than data. */
const NODE_STRUCTURE = new Set(['x', 'y', 'size', 'color', 'label']);
const EDGE_STRUCTURE = new Set(['weight']);
const NUMERIC: GexfType[] = ['integer', 'long', 'double'];

function typeOf(value: Value): GexfType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (Number.isInteger(value)) return value === (value | 0) ? 'integer' : 'long';
  return 'double';
}

function widen(a: GexfType | undefined, b: GexfType): GexfType {
  if (a === undefined || a === b) return b;
  if (NUMERIC.includes(a) && NUMERIC.includes(b)) return NUMERIC[Math.max(NUMERIC.indexOf(a), NUMERIC.indexOf(b))]!;
  return 'string';
}

/**
 * The type each present value is written with, widened into `model`: scalars stay typed, arrays and objects are
 * JSON strings; empty values (undefined, null, '', NaN) are left out.
 */
function widenRaw(model: Map<string, GexfType>, attributes: Attributes, skip: ReadonlySet<string>, omit: ReadonlySet<string>): void {
  for (const name in attributes) {
    if (skip.has(name) || omit.has(name)) continue;
    const value: unknown = attributes[name];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) model.set(name, widen(model.get(name), typeOf(value)));
    } else model.set(name, widen(model.get(name), typeof value === 'boolean' ? 'boolean' : 'string'));
  }
}

/** The graph's own attributes, for <meta><description>: 'name=papergraph; seed=42; modularity=0.9174; schema=1'. */
function describe(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

/** The type of every node and edge attribute, in first-seen order (pass 1). Plain maps: they can go to a worker thread. */
export interface GEXFModels {
  node: Map<string, GexfType>;
  edge: Map<string, GexfType>;
}

/** Pass 1: attribute models, in first-seen order, from the raw values (a list or record is a JSON string). */
export function gexfModels(graph: GraphView, options: Partial<GEXFOptions> = {}): GEXFModels {
  const omit = new Set({ ...GEXF_DEFAULTS, ...options }.omit);
  const models: GEXFModels = { node: new Map(), edge: new Map() };
  for (const { attributes } of graph.nodeEntries()) widenRaw(models.node, attributes, NODE_STRUCTURE, omit);
  forEachEdgeWithoutKey(graph, (attributes) => widenRaw(models.edge, attributes, EDGE_STRUCTURE, omit));
  return models;
}

/**
 * GEXF 1.3, element by element: `head()`, `node()` for every node, `edges()`, `edge()` for every edge, `tail()`.
 * Valid against the GEXF 1.3 schema (gexf.net's RelaxNG, checked with xmllint): <meta> holds only `creator` and a
 * `description` listing the graph's attributes. Colours are written as r/g/b (1.3's `hex` is not read by
 * networkx); `label` is the GEXF label, `weight` the edge weight, the rest are typed attvalues.
 */
export class GEXFWriter {
  private readonly o: GEXFOptions;
  private readonly omit: ReadonlySet<string>;
  private readonly nl: string;
  /** Each attribute's `<attvalue for="…" value="`, built once, not once per value. */
  private readonly forAttr = new Map<string, string>();
  private readonly tags: Record<'openValues' | 'closeValues' | 'vizColor' | 'vizSize' | 'vizPosition' | 'nodeOpen' | 'nodeClose' | 'edgeOpen' | 'edgeClose', string>;

  constructor(
    private readonly graphAttributes: Attributes,
    private readonly models: GEXFModels,
    options: Partial<GEXFOptions> = {},
  ) {
    const o = (this.o = { ...GEXF_DEFAULTS, ...options });
    this.omit = new Set(o.omit);
    const nl = (this.nl = o.pretty ? '\n' : '');
    const ind = (depth: number) => this.ind(depth);
    for (const name of [...models.node.keys(), ...models.edge.keys()]) this.forAttr.set(name, `${nl}${ind(5)}<attvalue for="${xmlAttr(name)}" value="`);
    this.tags = {
      openValues: `${nl}${ind(4)}<attvalues>`,
      closeValues: `${nl}${ind(4)}</attvalues>`,
      vizColor: `${nl}${ind(4)}<viz:color r="`,
      vizSize: `${nl}${ind(4)}<viz:size value="`,
      vizPosition: `${nl}${ind(4)}<viz:position x="`,
      nodeOpen: `${ind(3)}<node id="`,
      nodeClose: `${nl}${ind(3)}</node>\n`,
      edgeOpen: `${ind(3)}<edge id="`,
      edgeClose: `${nl}${ind(3)}</edge>\n`,
    };
  }

  private ind(depth: number): string {
    return this.o.pretty ? '  '.repeat(depth) : '';
  }

  /** The <attvalues> of one element, in attribute order (the values `widenRaw` types), written as they come. */
  private attvalues(attributes: Attributes, skip: ReadonlySet<string>): string {
    let s = '';
    for (const name in attributes) {
      if (skip.has(name) || this.omit.has(name)) continue;
      const value: unknown = attributes[name];
      if (value === undefined || value === null || value === '') continue;
      let text: string;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) continue;
        text = String(value);
      } else if (typeof value === 'boolean') text = String(value);
      else text = xmlAttr(typeof value === 'string' ? value : String(JSON.stringify(value)));
      s += `${this.forAttr.get(name)}${text}"/>`;
    }
    return s === '' ? '' : `${this.tags.openValues}${s}${this.tags.closeValues}`;
  }

  /** Declaration, <meta>, the attribute declarations and the opening <nodes>. */
  head(): string {
    const { nl } = this;
    const ind = (depth: number) => this.ind(depth);
    let s = '<?xml version="1.0" encoding="UTF-8"?>\n';
    // No xsi:schemaLocation: the normative GEXF 1.3 schema (RelaxNG) does not allow it on <gexf>.
    s += '<gexf version="1.3" xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz">\n';
    const description = describe(this.graphAttributes);
    s += `${ind(1)}<meta>${nl}${ind(2)}<creator>papergraph</creator>${nl}`;
    if (description) s += `${ind(2)}<description>${xmlEscape(description)}</description>${nl}`;
    s += `${ind(1)}</meta>\n`;
    s += `${ind(1)}<graph defaultedgetype="directed">\n`;
    for (const [cls, model] of [['node', this.models.node], ['edge', this.models.edge]] as const) {
      if (model.size === 0) continue;
      s += `${ind(2)}<attributes class="${cls}">\n`;
      for (const [name, type] of model) s += `${ind(3)}<attribute id="${xmlAttr(name)}" title="${xmlAttr(name)}" type="${type}"/>\n`;
      s += `${ind(2)}</attributes>\n`;
    }
    return `${s}${ind(2)}<nodes>\n`;
  }

  node(key: string, a: Attributes): string {
    const { tags } = this;
    const label = a.label === undefined || a.label === null || a.label === '' ? '' : ` label="${xmlAttr(String(a.label))}"`;
    let viz = '';
    const rgb = hexToRgb(a.color);
    if (rgb) viz += `${tags.vizColor}${rgb.r}" g="${rgb.g}" b="${rgb.b}"/>`;
    if (typeof a.size === 'number') viz += `${tags.vizSize}${a.size}"/>`;
    if (typeof a.x === 'number' || typeof a.y === 'number') {
      // z written too: optional in GEXF 1.3, required by 1.2's schema; readers default it to 0 anyway.
      viz += `${tags.vizPosition}${typeof a.x === 'number' ? a.x : 0}" y="${typeof a.y === 'number' ? a.y : 0}" z="0"/>`;
    }
    const body = `${this.attvalues(a, NODE_STRUCTURE)}${viz}`;
    return body ? `${tags.nodeOpen}${xmlAttr(key)}"${label}>${body}${tags.nodeClose}` : `${tags.nodeOpen}${xmlAttr(key)}"${label}/>\n`;
  }

  /** Between the last node and the first edge. */
  edges(): string {
    return `${this.ind(2)}</nodes>\n${this.ind(2)}<edges>\n`;
  }

  edge(key: string, source: string, target: string, a: Attributes): string {
    const weight = typeof a.weight === 'number' && Number.isFinite(a.weight) ? a.weight : 1;
    const head = `${this.tags.edgeOpen}${xmlAttr(key)}" source="${xmlAttr(source)}" target="${xmlAttr(target)}" weight="${weight}"`;
    const body = this.attvalues(a, EDGE_STRUCTURE);
    return body ? `${head}>${body}${this.tags.edgeClose}` : `${head}/>\n`;
  }

  /**
   * What `edge()` writes for an edge whose attributes are `{ type, weight, [valueName]: value }` (a compact graph's
   * number-only edges, `plainEdgeShape`), from its key and ends already escaped (`xmlAttr`): no key string or
   * attribute object per edge.
   */
  plainEdge(escapedKey: string, escapedSource: string, escapedTarget: string, type: string, weight: number, valueName: string | undefined, value: number): string {
    const head = `${this.tags.edgeOpen}${escapedKey}" source="${escapedSource}" target="${escapedTarget}" weight="${Number.isFinite(weight) ? weight : 1}"`;
    let body = '';
    if (!this.omit.has('type') && type !== '') body += `${this.forAttr.get('type')}${xmlAttr(type)}"/>`;
    if (valueName !== undefined && !this.omit.has(valueName) && Number.isFinite(value)) body += `${this.forAttr.get(valueName)}${value}"/>`;
    return body ? `${head}>${this.tags.openValues}${body}${this.tags.closeValues}${this.tags.edgeClose}` : `${head}/>\n`;
  }

  tail(): string {
    return `${this.ind(2)}</edges>\n${this.ind(1)}</graph>\n</gexf>\n`;
  }
}

/** GEXF 1.3 in pieces (see `GEXFWriter`). */
export function* gexfChunks(graph: GraphView, options: Partial<GEXFOptions> = {}): Generator<string> {
  const writer = new GEXFWriter(graph.getAttributes(), gexfModels(graph, options), options);
  yield writer.head();
  for (const { node, attributes } of graph.nodeEntries()) yield writer.node(node, attributes);
  yield writer.edges();
  for (const { edge, attributes, source, target } of graph.edgeEntries()) yield writer.edge(edge, source, target, attributes);
  yield writer.tail();
}

/** GEXF as one string (tests, small graphs); writers use `gexfChunks`. */
export function toGEXF(graph: GraphView, options: Partial<GEXFOptions> = {}): string {
  return [...gexfChunks(graph, options)].join('');
}
