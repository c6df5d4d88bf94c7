// graph.gexf: GEXF 1.3 with viz:color/position/size so Gephi opens it laid out and coloured. Our own streaming
// writer (graphology-gexf builds the whole document as one string, and puts graph attributes in <meta>, which
// the GEXF schema rejects): one pass infers the attribute types, a second writes the elements.
import type { Attributes } from 'graphology-types';
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
type GexfType = 'boolean' | 'integer' | 'long' | 'double' | 'string';
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

/**
 * GEXF 1.3 in pieces. Valid against the GEXF 1.3 schema (gexf.net's RelaxNG, checked with xmllint): <meta>
 * holds only `creator` and a `description` listing the graph's attributes. Colours are written as r/g/b (1.3's `hex` is not read by networkx);
 * `label` is the GEXF label, `weight` the edge weight, the rest are typed attvalues.
 */
export function* gexfChunks(graph: GraphView, options: Partial<GEXFOptions> = {}): Generator<string> {
  const o = { ...GEXF_DEFAULTS, ...options };
  const omit = new Set(o.omit);
  const nl = o.pretty ? '\n' : '';
  const ind = (depth: number) => (o.pretty ? '  '.repeat(depth) : '');

  // Pass 1: attribute models, in first-seen order, from the raw values (a list or record is a JSON string).
  const nodeModel = new Map<string, GexfType>();
  const edgeModel = new Map<string, GexfType>();
  for (const { attributes } of graph.nodeEntries()) widenRaw(nodeModel, attributes, NODE_STRUCTURE, omit);
  for (const { attributes } of graph.edgeEntries()) widenRaw(edgeModel, attributes, EDGE_STRUCTURE, omit);

  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  // No xsi:schemaLocation: the normative GEXF 1.3 schema (RelaxNG) does not allow it on <gexf>.
  yield '<gexf version="1.3" xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz">\n';
  const description = describe(graph.getAttributes());
  yield `${ind(1)}<meta>${nl}${ind(2)}<creator>papergraph</creator>${nl}`;
  if (description) yield `${ind(2)}<description>${xmlEscape(description)}</description>${nl}`;
  yield `${ind(1)}</meta>\n`;
  yield `${ind(1)}<graph defaultedgetype="directed">\n`;
  for (const [cls, model] of [['node', nodeModel], ['edge', edgeModel]] as const) {
    if (model.size === 0) continue;
    yield `${ind(2)}<attributes class="${cls}">\n`;
    for (const [name, type] of model) yield `${ind(3)}<attribute id="${xmlAttr(name)}" title="${xmlAttr(name)}" type="${type}"/>\n`;
    yield `${ind(2)}</attributes>\n`;
  }
  // Each attribute's `<attvalue for="…" value="` built once, not once per value.
  const forAttr = new Map<string, string>();
  for (const name of [...nodeModel.keys(), ...edgeModel.keys()]) forAttr.set(name, `${nl}${ind(5)}<attvalue for="${xmlAttr(name)}" value="`);
  const [openValues, closeValues] = [`${nl}${ind(4)}<attvalues>`, `${nl}${ind(4)}</attvalues>`];
  /** The <attvalues> of one element, in attribute order (the values `widenRaw` types), written as they come. */
  const attvalues = (attributes: Attributes, skip: ReadonlySet<string>): string => {
    let s = '';
    for (const name in attributes) {
      if (skip.has(name) || omit.has(name)) continue;
      const value: unknown = attributes[name];
      if (value === undefined || value === null || value === '') continue;
      let text: string;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) continue;
        text = String(value);
      } else if (typeof value === 'boolean') text = String(value);
      else text = xmlAttr(typeof value === 'string' ? value : String(JSON.stringify(value)));
      s += `${forAttr.get(name)}${text}"/>`;
    }
    return s === '' ? '' : `${openValues}${s}${closeValues}`;
  };

  // Pass 2: the elements.
  const [vizColor, vizSize, vizPosition] = [`${nl}${ind(4)}<viz:color r="`, `${nl}${ind(4)}<viz:size value="`, `${nl}${ind(4)}<viz:position x="`];
  const [nodeOpen, nodeClose, edgeOpen, edgeClose] = [`${ind(3)}<node id="`, `${nl}${ind(3)}</node>\n`, `${ind(3)}<edge id="`, `${nl}${ind(3)}</edge>\n`];
  yield `${ind(2)}<nodes>\n`;
  for (const { node, attributes: a } of graph.nodeEntries()) {
    const label = a.label === undefined || a.label === null || a.label === '' ? '' : ` label="${xmlAttr(String(a.label))}"`;
    let viz = '';
    const rgb = hexToRgb(a.color);
    if (rgb) viz += `${vizColor}${rgb.r}" g="${rgb.g}" b="${rgb.b}"/>`;
    if (typeof a.size === 'number') viz += `${vizSize}${a.size}"/>`;
    if (typeof a.x === 'number' || typeof a.y === 'number') {
      // z written too: optional in GEXF 1.3, required by 1.2's schema; readers default it to 0 anyway.
      viz += `${vizPosition}${typeof a.x === 'number' ? a.x : 0}" y="${typeof a.y === 'number' ? a.y : 0}" z="0"/>`;
    }
    const body = `${attvalues(a, NODE_STRUCTURE)}${viz}`;
    yield body ? `${nodeOpen}${xmlAttr(node)}"${label}>${body}${nodeClose}` : `${nodeOpen}${xmlAttr(node)}"${label}/>\n`;
  }
  yield `${ind(2)}</nodes>\n${ind(2)}<edges>\n`;
  for (const { edge, attributes: a, source, target } of graph.edgeEntries()) {
    const weight = typeof a.weight === 'number' && Number.isFinite(a.weight) ? a.weight : 1;
    const head = `${edgeOpen}${xmlAttr(edge)}" source="${xmlAttr(source)}" target="${xmlAttr(target)}" weight="${weight}"`;
    const body = attvalues(a, EDGE_STRUCTURE);
    yield body ? `${head}>${body}${edgeClose}` : `${head}/>\n`;
  }
  yield `${ind(2)}</edges>\n${ind(1)}</graph>\n</gexf>\n`;
}

/** GEXF as one string (tests, small graphs); writers use `gexfChunks`. */
export function toGEXF(graph: GraphView, options: Partial<GEXFOptions> = {}): string {
  return [...gexfChunks(graph, options)].join('');
}
