// The research graph the build holds in memory: nodes as attribute objects, edges as typed arrays. Implements the
// part of graphology's API the stages and sinks read (`GraphView`) with graphology's iteration orders, so every
// output is the same byte for byte — at a fraction of graphology's ~400 bytes per edge (a corpus of 470k papers has
// 4M edges). ABOUT, SIMILAR_TO, HAS_CODE and AUTHORED_BY edges hold no object at all: their attributes are rebuilt
// when read.
import { DirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import type { KeylessEdges, KeylessEdgeVisitor } from './edges.ts';
import type { EdgeAttributes, EdgeEntryView as EdgeEntry, EdgeType, EdgeVisitor as EdgeCallback, GraphAttributes, GraphView, NodeAttributes, ResearchGraph } from './types.ts';

/** Edge kinds stored without an attribute object; their attributes are rebuilt in the order build.ts wrote them. */
export const KIND_OBJECT = 0;
const KIND_ABOUT = 1;
const KIND_SIMILAR = 2;
const KIND_CODE = 3;
const KIND_AUTHOR = 4;

/** A number as JSON.stringify writes it: its shortest round-trip text, null when not finite. */
const jsonNumber = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');

/** Whether an object has an enumerable key (graphology's export leaves out empty attributes, `{}` or not). */
const hasKeys = (o: object): boolean => {
  for (const _ in o) return true;
  return false;
};

/** A key an object orders first, numerically (graphology keeps a node's neighbours in an object). */
const isArrayIndex = (key: string): boolean => /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;

/** Node keys as JSON text (quoted, and without their quotes for edge keys), escaped once per node, when first asked for. */
export class JsonKeys {
  private readonly quotedKeys: (string | undefined)[];
  private readonly bareKeys: (string | undefined)[];
  constructor(private readonly keys: readonly string[]) {
    this.quotedKeys = new Array(keys.length);
    this.bareKeys = new Array(keys.length);
  }
  quoted(i: number): string {
    return (this.quotedKeys[i] ??= JSON.stringify(this.keys[i]!));
  }
  bare(i: number): string {
    return (this.bareKeys[i] ??= this.quoted(i).slice(1, -1));
  }
  key(i: number): string {
    return this.keys[i]!;
  }
}

/**
 * `{"key":…,"source":…,"target":…` of an edge: JSON escapes character by character, so the escaped key of `s->t` is
 * the escaped `s`, then `->` (`~` for SIMILAR_TO), then the escaped `t`.
 */
function edgeJsonHead(kind: number, s: number, t: number, keys: JsonKeys): string {
  return `{"key":"${keys.bare(s)}${kind === KIND_SIMILAR ? '~' : '->'}${keys.bare(t)}","source":${keys.quoted(s)},"target":${keys.quoted(t)}`;
}

/**
 * What a number-only edge kind is: its `type`, the text between its ends in its key, and the name of its second
 * number (ABOUT: count, SIMILAR_TO: score, HAS_CODE and AUTHORED_BY: none). Its attributes are `{ type, weight[, value] }` in that order.
 */
export interface PlainEdgeShape {
  type: EdgeType;
  separator: string;
  valueName?: 'count' | 'score';
}

const ABOUT_SHAPE: PlainEdgeShape = { type: 'ABOUT', separator: '->', valueName: 'count' };
const SIMILAR_SHAPE: PlainEdgeShape = { type: 'SIMILAR_TO', separator: '~', valueName: 'score' };
const CODE_SHAPE: PlainEdgeShape = { type: 'HAS_CODE', separator: '->' };
const AUTHOR_SHAPE: PlainEdgeShape = { type: 'AUTHORED_BY', separator: '->' };

/** The shape of each number-only kind, by kind (KIND_OBJECT, 0, has none). */
const PLAIN_SHAPES: readonly (PlainEdgeShape | undefined)[] = [undefined, ABOUT_SHAPE, SIMILAR_SHAPE, CODE_SHAPE, AUTHOR_SHAPE];

export function plainEdgeShape(kind: number): PlainEdgeShape {
  const shape = PLAIN_SHAPES[kind];
  if (shape === undefined) throw new Error(`plainEdgeShape: edge kind ${kind} is not a number-only kind`);
  return shape;
}

/** graph.json's text of a number-only edge (ABOUT, SIMILAR_TO, HAS_CODE, AUTHORED_BY) from its columns; numbers as JSON.stringify writes them. */
export function plainEdgeJson(kind: number, s: number, t: number, weight: number, value: number, keys: JsonKeys): string {
  const { type, valueName } = plainEdgeShape(kind);
  const second = valueName ? `,"${valueName}":${jsonNumber(value)}` : '';
  return `${edgeJsonHead(kind, s, t, keys)},"attributes":{"type":"${type}","weight":${jsonNumber(weight)}${second}}}`;
}

/** Edges [from, to) of a compact graph as `edgeSlice` gives them: kind 0 = an edge with its own attribute object. */
export interface PlainEdgeSlice {
  kind: Uint8Array;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  value: Float64Array;
  /** graph.json's text of each edge of kind 0, in order. */
  objects: string[];
}

/** One reusable attribute object per kind of edge stored without one (`CompactGraph.edgeAttributesInto`). */
export interface EdgeScratch {
  about: EdgeAttributes & { count: number };
  similar: EdgeAttributes & { score: number };
  code: EdgeAttributes;
  author: EdgeAttributes;
}

/** Fresh scratch objects, with the property order of the attributes `edgeAttributes` rebuilds. */
export function edgeScratch(): EdgeScratch {
  return { about: { type: 'ABOUT', weight: 0, count: 0 }, similar: { type: 'SIMILAR_TO', weight: 0, score: 0 }, code: { type: 'HAS_CODE', weight: 0 }, author: { type: 'AUTHORED_BY', weight: 0 } };
}

/** A growable column of numbers. */
class Column<A extends Int32Array | Float64Array | Uint8Array> {
  data: A;
  constructor(private readonly make: (n: number) => A) {
    this.data = make(1024);
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }
  /** Drops the spare capacity once the column is complete. */
  trim(n: number): void {
    this.data = this.data.slice(0, n) as A;
  }
}

/**
 * A directed graph without parallel edges, built once (nodes then edges, no removal) and read many times. Node
 * attributes are plain objects (communities and layout write into them); edges are immutable after `seal()`.
 */
export class CompactGraph implements GraphView, KeylessEdges {
  readonly type = 'directed' as const;
  readonly multi = false;
  readonly allowSelfLoops = true;
  private attributes: GraphAttributes;
  private readonly keys: string[] = [];
  private readonly attrs: NodeAttributes[] = [];
  private readonly index = new Map<string, number>();
  private readonly src = new Column((n) => new Int32Array(n));
  private readonly dst = new Column((n) => new Int32Array(n));
  private readonly kind = new Column((n) => new Uint8Array(n));
  private readonly weight = new Column((n) => new Float64Array(n));
  /** ABOUT: count; SIMILAR_TO: score. */
  private readonly value = new Column((n) => new Float64Array(n));
  /** Edges of kind KIND_OBJECT: their attribute object (other kinds leave a hole). */
  private readonly objects: (EdgeAttributes | undefined)[] = [];
  private edges = 0;
  /** Out-edges of node i: `outEdges[outStarts[i] .. outStarts[i+1])`, in graphology's neighbour order. */
  private outStarts?: Int32Array;
  private outEdges?: Int32Array;
  private inDegrees?: Int32Array;

  constructor(attributes: GraphAttributes) {
    this.attributes = attributes;
  }

  get order(): number {
    return this.keys.length;
  }

  get size(): number {
    return this.edges;
  }

  // Graph attributes.
  getAttributes(): GraphAttributes {
    return this.attributes;
  }
  getAttribute<K extends keyof GraphAttributes>(name: K): GraphAttributes[K] {
    return this.attributes[name];
  }
  setAttribute<K extends keyof GraphAttributes>(name: K, value: GraphAttributes[K]): this {
    this.attributes[name] = value;
    return this;
  }
  replaceAttributes(attributes: GraphAttributes): this {
    this.attributes = attributes;
    return this;
  }

  // Nodes.
  addNode(key: string, attributes: NodeAttributes): string {
    if (this.index.has(key)) throw new Error(`CompactGraph.addNode: the node "${key}" already exists`);
    if (this.outStarts) throw new Error('CompactGraph.addNode: the graph is sealed');
    this.index.set(key, this.keys.length);
    this.keys.push(key);
    this.attrs.push(attributes);
    return key;
  }
  hasNode(key: string): boolean {
    return this.index.has(key);
  }
  nodes(): string[] {
    return this.keys.slice();
  }
  private at(key: string): number {
    const i = this.index.get(key);
    if (i === undefined) throw new Error(`CompactGraph: the node "${key}" does not exist`);
    return i;
  }
  getNodeAttributes(key: string): NodeAttributes {
    return this.attrs[this.at(key)]!;
  }
  getNodeAttribute<K extends keyof NodeAttributes>(key: string, name: K): NodeAttributes[K] {
    return this.attrs[this.at(key)]![name];
  }
  setNodeAttribute<K extends keyof NodeAttributes>(key: string, name: K, value: NodeAttributes[K]): this {
    this.attrs[this.at(key)]![name] = value;
    return this;
  }
  mergeNodeAttributes(key: string, attributes: Partial<NodeAttributes>): this {
    Object.assign(this.attrs[this.at(key)]!, attributes);
    return this;
  }
  forEachNode(callback: (key: string, attributes: NodeAttributes) => void): void {
    for (let i = 0; i < this.keys.length; i++) callback(this.keys[i]!, this.attrs[i]!);
  }
  *nodeEntries(): IterableIterator<{ node: string; attributes: NodeAttributes }> {
    for (let i = 0; i < this.keys.length; i++) yield { node: this.keys[i]!, attributes: this.attrs[i]! };
  }
  degree(key: string): number {
    const i = this.at(key);
    this.seal();
    return this.outStarts![i + 1]! - this.outStarts![i]! + this.inDegrees![i]!;
  }
  /** Every node's degree (in + out), in `nodes()` order. */
  degrees(): Int32Array {
    this.seal();
    const n = this.keys.length;
    const degrees = new Int32Array(n);
    for (let i = 0; i < n; i++) degrees[i] = this.outStarts![i + 1]! - this.outStarts![i]! + this.inDegrees![i]!;
    return degrees;
  }
  inDegree(key: string): number {
    const i = this.at(key);
    this.seal();
    return this.inDegrees![i]!;
  }
  outDegree(key: string): number {
    const i = this.at(key);
    this.seal();
    return this.outStarts![i + 1]! - this.outStarts![i]!;
  }

  // Edges: added in order; the caller guarantees no parallel edge (build.ts's keys are one per pair).
  private push(source: string, target: string, kind: number, weight: number, value: number, object?: EdgeAttributes): void {
    this.pushAt(this.at(source), this.at(target), kind, weight, value, object);
  }
  private pushAt(source: number, target: number, kind: number, weight: number, value: number, object?: EdgeAttributes): void {
    if (this.outStarts) throw new Error('CompactGraph: the graph is sealed');
    const e = this.edges++;
    this.src.set(e, source);
    this.dst.set(e, target);
    this.kind.set(e, kind);
    this.weight.set(e, weight);
    this.value.set(e, value);
    this.objects[e] = object;
  }
  /** An edge carrying its own attribute object (Paper→entity). Its key is `source->target`. */
  addEdge(source: string, target: string, attributes: EdgeAttributes): void {
    this.push(source, target, KIND_OBJECT, attributes.weight, 0, attributes);
  }
  /** Paper→Topic: `{ type: 'ABOUT', weight, count }`. */
  addAbout(source: string, target: string, weight: number, count: number): void {
    this.push(source, target, KIND_ABOUT, weight, count);
  }
  /** Paper→Paper: `{ type: 'SIMILAR_TO', weight, score }`, key `source~target`. */
  addSimilar(source: string, target: string, weight: number, score: number): void {
    this.push(source, target, KIND_SIMILAR, weight, score);
  }
  /** The index of a node (its place in `nodes()`), for `addSimilarAt`. */
  nodeIndex(key: string): number {
    return this.at(key);
  }
  /** `addSimilar` between the nodes at these indices (`nodeIndex`): no lookup by key per edge. */
  addSimilarAt(source: number, target: number, weight: number, score: number): void {
    this.checkIndex(source);
    this.checkIndex(target);
    this.pushAt(source, target, KIND_SIMILAR, weight, score);
  }
  private checkIndex(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.keys.length)) throw new Error(`CompactGraph: no node at index ${i}`);
  }
  /** Paper→Repository: `{ type: 'HAS_CODE', weight }`. */
  addCode(source: string, target: string, weight: number): void {
    this.push(source, target, KIND_CODE, weight, 0);
  }
  /** Paper→Author: `{ type: 'AUTHORED_BY', weight }`. */
  addAuthored(source: string, target: string, weight: number): void {
    this.push(source, target, KIND_AUTHOR, weight, 0);
  }

  /**
   * Ends the building: trims the columns and indexes the out-edges of every node in graphology's order (its
   * neighbours live in an object: array-index keys first, numerically, then the rest in insertion order).
   * Called by the first read that needs it.
   */
  seal(): void {
    if (this.outStarts) return;
    const n = this.keys.length;
    const m = this.edges;
    for (const column of [this.src, this.dst, this.kind, this.weight, this.value]) column.trim(m);
    this.objects.length = m;
    const src = this.src.data;
    const dst = this.dst.data;
    const starts = new Int32Array(n + 1);
    const inDegrees = new Int32Array(n);
    for (let e = 0; e < m; e++) {
      starts[src[e]! + 1]!++;
      inDegrees[dst[e]!]!++;
    }
    for (let i = 0; i < n; i++) starts[i + 1] = starts[i + 1]! + starts[i]!;
    const out = new Int32Array(m);
    const cursor = starts.slice(0, n);
    for (let e = 0; e < m; e++) out[cursor[src[e]!]!++] = e;
    const indexLike = new Uint8Array(n);
    let anyIndexLike = false;
    for (let i = 0; i < n; i++) {
      if (!isArrayIndex(this.keys[i]!)) continue;
      indexLike[i] = 1;
      anyIndexLike = true;
    }
    if (anyIndexLike) {
      for (let i = 0; i < n; i++) {
        const list = Array.from(out.subarray(starts[i]!, starts[i + 1]!));
        if (!list.some((e) => indexLike[dst[e]!])) continue;
        const first = list.filter((e) => indexLike[dst[e]!]).sort((a, b) => Number(this.keys[dst[a]!]) - Number(this.keys[dst[b]!]));
        out.set([...first, ...list.filter((e) => !indexLike[dst[e]!])], starts[i]!);
      }
    }
    this.outStarts = starts;
    this.outEdges = out;
    this.inDegrees = inDegrees;
  }

  private edgeKey(e: number): string {
    const s = this.keys[this.src.data[e]!]!;
    const t = this.keys[this.dst.data[e]!]!;
    return this.kind.data[e] === KIND_SIMILAR ? `${s}~${t}` : `${s}->${t}`;
  }

  /** The attributes of edge e: its own object, or a fresh one in build.ts's property order. */
  private edgeAttributes(e: number): EdgeAttributes {
    switch (this.kind.data[e]) {
      case KIND_ABOUT:
        return { type: 'ABOUT', weight: this.weight.data[e]!, count: this.value.data[e]! };
      case KIND_SIMILAR:
        return { type: 'SIMILAR_TO', weight: this.weight.data[e]!, score: this.value.data[e]! };
      case KIND_CODE:
        return { type: 'HAS_CODE', weight: this.weight.data[e]! };
      case KIND_AUTHOR:
        return { type: 'AUTHORED_BY', weight: this.weight.data[e]! };
      default:
        return this.objects[e]!;
    }
  }

  /**
   * Edge e's key, and its attributes for a one-off read: the edge's own object, or (ABOUT, SIMILAR_TO, HAS_CODE, AUTHORED_BY) the
   * scratch object of its kind overwritten with its numbers — valid until the next call with the same scratch. For
   * writers that read millions of edges once each (the neo4j-import CSVs), with `edgeArrays()` for the ends.
   */
  edgeKeyAt(e: number): string {
    return this.edgeKey(e);
  }
  edgeAttributesInto(e: number, scratch: EdgeScratch): EdgeAttributes {
    switch (this.kind.data[e]) {
      case KIND_ABOUT:
        scratch.about.weight = this.weight.data[e]!;
        scratch.about.count = this.value.data[e]!;
        return scratch.about;
      case KIND_SIMILAR:
        scratch.similar.weight = this.weight.data[e]!;
        scratch.similar.score = this.value.data[e]!;
        return scratch.similar;
      case KIND_CODE:
        scratch.code.weight = this.weight.data[e]!;
        return scratch.code;
      case KIND_AUTHOR:
        scratch.author.weight = this.weight.data[e]!;
        return scratch.author;
      default:
        return this.objects[e]!;
    }
  }

  /** The type of edge e without building its attributes. */
  edgeType(e: number): EdgeType {
    const k = this.kind.data[e];
    return k === KIND_OBJECT ? this.objects[e]!.type : plainEdgeShape(k!).type;
  }

  private entry(e: number): EdgeEntry {
    const s = this.src.data[e]!;
    const t = this.dst.data[e]!;
    return {
      edge: this.edgeKey(e),
      attributes: this.edgeAttributes(e),
      source: this.keys[s]!,
      target: this.keys[t]!,
      sourceAttributes: this.attrs[s]!,
      targetAttributes: this.attrs[t]!,
      undirected: false,
    };
  }

  /** Every edge in insertion order (graphology's order for `forEachEdge`). */
  forEachEdge(callback: EdgeCallback): void {
    this.eachEdge((e, s, t) => callback(this.edgeKey(e), this.edgeAttributes(e), this.keys[s]!, this.keys[t]!, this.attrs[s]!, this.attrs[t]!, false));
  }
  /** `forEachEdge` without the edge key (no key string per edge). */
  forEachEdgeWithoutKey(callback: KeylessEdgeVisitor): void {
    this.eachEdge((e, s, t) => callback(this.edgeAttributes(e), this.keys[s]!, this.keys[t]!, this.attrs[s]!, this.attrs[t]!));
  }
  /** Every edge in insertion order, as (edge, source index, target index). */
  private eachEdge(visit: (e: number, s: number, t: number) => void): void {
    this.seal();
    const src = this.src.data;
    const dst = this.dst.data;
    for (let e = 0; e < this.edges; e++) visit(e, src[e]!, dst[e]!);
  }
  *edgeEntries(): IterableIterator<EdgeEntry> {
    this.seal();
    for (let e = 0; e < this.edges; e++) yield this.entry(e);
  }
  forEachOutEdge(node: string, callback: EdgeCallback): void {
    this.eachOutEdge(node, (e, i, t) => callback(this.edgeKey(e), this.edgeAttributes(e), node, this.keys[t]!, this.attrs[i]!, this.attrs[t]!, false));
  }
  /** `forEachOutEdge` without the edge key. */
  forEachOutEdgeWithoutKey(node: string, callback: KeylessEdgeVisitor): void {
    this.eachOutEdge(node, (e, i, t) => callback(this.edgeAttributes(e), node, this.keys[t]!, this.attrs[i]!, this.attrs[t]!));
  }
  /** A node's out-edges in graphology's neighbour order, as (edge, node index, target index). */
  private eachOutEdge(node: string, visit: (e: number, i: number, t: number) => void): void {
    const i = this.at(node);
    this.seal();
    for (let p = this.outStarts![i]!; p < this.outStarts![i + 1]!; p++) {
      const e = this.outEdges![p]!;
      visit(e, i, this.dst.data[e]!);
    }
  }
  *outEdgeEntries(node: string): IterableIterator<EdgeEntry> {
    const i = this.at(node);
    this.seal();
    for (let p = this.outStarts![i]!; p < this.outStarts![i + 1]!; p++) yield this.entry(this.outEdges![p]!);
  }

  /**
   * graph.json's text of every edge, in insertion order: what `edgeJson` (graph/export/json.ts) gives for each of
   * `edgeEntries()`, without an entry, a key string or (number-only kinds) an attribute object per edge.
   * Node keys are JSON-escaped once each: JSON escapes character by character, so the escaped key of `s->t` is the
   * escaped `s`, then `->`, then the escaped `t`; numbers are written as JSON.stringify writes them.
   */
  *edgeJsonTexts(): IterableIterator<string> {
    this.seal();
    const keys = new JsonKeys(this.keys);
    const src = this.src.data;
    const dst = this.dst.data;
    const kind = this.kind.data;
    const weight = this.weight.data;
    const value = this.value.data;
    for (let e = 0; e < this.edges; e++) {
      const k = kind[e]!;
      yield k === KIND_OBJECT ? this.objectEdgeJson(e, keys) : plainEdgeJson(k, src[e]!, dst[e]!, weight[e]!, value[e]!, keys);
    }
  }

  /** graph.json's text of edge e, one carrying its own attribute object. */
  private objectEdgeJson(e: number, keys: JsonKeys): string {
    const head = edgeJsonHead(KIND_OBJECT, this.src.data[e]!, this.dst.data[e]!, keys);
    const attributes = this.objects[e]!;
    return hasKeys(attributes) ? `${head},"attributes":${JSON.stringify(attributes)}}` : `${head}}`;
  }

  /**
   * Edges [from, to) for a graph.json writer on another thread: their columns (copies, to move there), and the text
   * of those with an attribute object; the number-only ones are written there from the columns
   * (`plainEdgeJson`, and the XML writers' `plainEdge` through `plainEdgeShape`) with the node keys, sent once.
   */
  edgeSlice(from: number, to: number, keys: JsonKeys): PlainEdgeSlice {
    this.seal();
    const kind = this.kind.data.slice(from, to);
    const objects: string[] = [];
    for (let e = from; e < to; e++) if (kind[e - from] === KIND_OBJECT) objects.push(this.objectEdgeJson(e, keys));
    return { kind, source: this.src.data.slice(from, to), target: this.dst.data.slice(from, to), weight: this.weight.data.slice(from, to), value: this.value.data.slice(from, to), objects };
  }

  /** The attributes of the edge with this key (a scan over the edges: for tests and small graphs). */
  getEdgeAttributes(key: string): EdgeAttributes {
    this.seal();
    for (let e = 0; e < this.edges; e++) if (this.edgeKey(e) === key) return this.edgeAttributes(e);
    throw new Error(`CompactGraph.getEdgeAttributes: the edge "${key}" does not exist`);
  }

  /** graphology's serialisation (`Graph.from` loads it); graph.json streams the same thing (graph/export/json.ts). */
  export(): SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes> {
    return {
      options: { type: this.type, multi: this.multi, allowSelfLoops: this.allowSelfLoops },
      attributes: this.attributes,
      nodes: this.keys.map((key, i) => ({ key, attributes: this.attrs[i]! })),
      edges: Array.from(this.edgeEntries(), ({ edge, source, target, attributes }) => ({ key: edge, source, target, attributes })),
    };
  }

  /**
   * Node i's out-edges as edge numbers, `outEdges[outStarts[i] .. outStarts[i + 1])` in graphology's neighbour order
   * (`forEachOutEdge`'s), and every edge's `weight` attribute, `missing` where an edge has none: for readers that walk
   * neighbourhoods by node index (the per-community layout) without a string or an object per edge.
   */
  outEdgeIndex(missing: number): { outStarts: Int32Array; outEdges: Int32Array; weight: Float64Array } {
    this.seal();
    const weight = this.weight.data.slice();
    // A missing weight was stored as NaN: tell it from a NaN weight by the edge's own object (plain kinds have numbers).
    for (let e = 0; e < this.edges; e++) if (Number.isNaN(weight[e]!) && this.objects[e] && this.objects[e]!.weight === undefined) weight[e] = missing;
    return { outStarts: this.outStarts!, outEdges: this.outEdges!, weight };
  }

  /**
   * The edges as index arrays (node indices in `nodes()` order) and weights, in insertion order: what
   * communities and layout read, without a string or an object per edge.
   */
  edgeArrays(): { source: Int32Array; target: Int32Array; weight: Float64Array } {
    this.seal();
    return { source: this.src.data, target: this.dst.data, weight: this.weight.data };
  }
}

/**
 * A graphology copy of any graph view: same nodes, edges, keys and orders; node attributes copied (a library may write
 * into them), edge attributes shared. For the libraries that iterate a graphology graph (ForceAtlas2) and for tests.
 */
export function toGraphology(graph: GraphView): ResearchGraph {
  const copy: ResearchGraph = new DirectedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>();
  copy.replaceAttributes({ ...graph.getAttributes() });
  graph.forEachNode((key, a) => copy.addNode(key, { ...a }));
  graph.forEachEdge((key, a, s, t) => copy.addDirectedEdgeWithKey(key, s, t, a));
  return copy;
}
