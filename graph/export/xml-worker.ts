// Worker-thread side of xml-thread.ts: writes graph.graphml, graph.gexf and graph.json's edges in one pass over the
// nodes and edges it is sent (their graph.json text; the sending thread writes graph.json up to its edges): the element
// writers of graphml.ts and gexf.ts over that text parsed back, and the edges' text into graph.json's frame.
import { serveFeed } from '../../ingest/feed-thread.ts';
import { GEXFWriter } from './gexf.ts';
import { GraphMLWriter } from './graphml.ts';
import { holdsWide, OutputFile } from './output.ts';
import { JsonKeys, KIND_OBJECT, plainEdgeJson, plainEdgeShape, type PlainEdgeSlice } from '../compact.ts';
import { xmlAttr, xmlEscape } from './xml.ts';
import type { XmlBatch, XmlJob } from './xml-thread.ts';

/** An edge as graph.json holds it. */
interface EdgeElement {
  key: string;
  source: string;
  target: string;
  attributes?: Record<string, unknown>;
}

serveFeed<XmlJob, XmlBatch, true>(async (job) => {
  const graphml = new GraphMLWriter(job.graphAttributes, job.graphml.models, job.graphml.options);
  const gexf = new GEXFWriter(job.graphAttributes, job.gexf.models, job.gexf.options);
  const files: OutputFile[] = [];
  try {
    for (const t of [job.graphml, job.gexf]) files.push(await OutputFile.open(t.temp, { asciiEnds: true }, t.path));
  } catch (err) {
    await Promise.all(files.map((f) => f.close().catch(() => undefined)));
    throw err;
  }
  const [gm, gx] = files as [OutputFile, OutputFile];
  const { frame } = job.json;
  /** graph.json from its first edge on, opened when the first edge batch says where that is. */
  let js: OutputFile | undefined;
  let firstEdge = true;
  /** graph.json from the byte the first edge batch names. */
  const openJson = async (jsonAt: number | undefined): Promise<OutputFile> => {
    if (jsonAt !== undefined) files.push((js = await OutputFile.open(job.json.temp, { at: jsonAt, asciiEnds: true }, job.json.path)));
    if (!js) throw new Error('graph.json: edges sent before the byte they start at');
    return js;
  };
  /** A batch's edges into graph.json, as it joins them. */
  const writeJson = async (jsonAt: number | undefined, text: string): Promise<void> => {
    const out = await openJson(jsonAt);
    const a = out.write(firstEdge ? frame.lead : frame.sep);
    const b = out.write(text);
    firstEdge = false;
    if (a) await a;
    if (b) await b;
  };
  // A promise only when a buffer went to the disk (every ~1 MiB): awaited then, not once per element. `wide`: the
  // element holds a character beyond Latin-1 (`OutputFile.write`).
  const write = (a: string, b: string, wide = false): Promise<unknown> | undefined => {
    const p = gm.write(a, wide);
    const q = gx.write(b, wide);
    return p && q ? Promise.all([p, q]) : (p ?? q);
  };
  await write(graphml.head(), gexf.head());
  let edges = false;
  /** Turns from the nodes to the edges, once. */
  const toEdges = async (): Promise<void> => {
    if (edges) return;
    await write('', gexf.edges());
    edges = true;
  };
  /** A batch's elements parsed back from their graph.json text (JSON allows the pretty separators). */
  const elementsOf = <T>(text: string): T[] => JSON.parse(`[${text}]`) as T[];
  const keys = job.keys ? new JsonKeys(job.keys) : undefined;
  // A compact graph's node keys escaped once each, when an edge first names them: GraphML's id and `xmlEscape`d key
  // text, GEXF's `xmlAttr`d id. Escaping is character by character, so an edge key's escape is its ends' escapes
  // around the escaped separator.
  const n = job.keys?.length ?? 0;
  const graphmlIds = new Array<string | undefined>(n);
  const graphmlText = new Array<string | undefined>(n);
  const gexfText = new Array<string | undefined>(n);
  const graphmlId = (i: number): string => (graphmlIds[i] ??= graphml.nodeId(keys!.key(i)));
  const escaped = (i: number): string => (graphmlText[i] ??= xmlEscape(keys!.key(i)));
  const attr = (i: number): string => (gexfText[i] ??= xmlAttr(keys!.key(i)));
  /** Per node: 0 not yet asked, 1 its key is Latin-1 throughout, 2 it holds a wider character. */
  const wideKeys = new Uint8Array(n);
  const wideKey = (i: number): boolean => (wideKeys[i] ||= holdsWide(keys!.key(i)) ? 2 : 1) === 2;
  const shapes = new Map<number, ReturnType<typeof plainEdgeShape> & { graphmlSeparator: string; gexfSeparator: string }>();
  const shapeOf = (kind: number) => {
    let shape = shapes.get(kind);
    if (!shape) {
      const plain = plainEdgeShape(kind);
      shapes.set(kind, (shape = { ...plain, graphmlSeparator: xmlEscape(plain.separator), gexfSeparator: xmlAttr(plain.separator) }));
    }
    return shape;
  };
  /** One edge as graph.json holds it, to GraphML and GEXF. */
  const writeElement = ({ key, source, target, attributes }: EdgeElement) =>
    write(graphml.edge(key, source, target, attributes ?? {}), gexf.edge(key, source, target, attributes ?? {}), holdsWide(key) || holdsWide(attributes));
  /**
   * A compact graph's edges: the text of those with an attribute object as sent (parsed back for the XML writers),
   * the number-only ones written here from their columns; graph.json, GraphML and GEXF each edge's
   * text, in order.
   */
  const writeSlice = async (slice: PlainEdgeSlice, jsonAt: number | undefined): Promise<void> => {
    const { kind, source, target, weight, value, objects } = slice;
    // Edge by edge, each marked wide where it is (joined into the batch's text, one wide edge made all of it two-byte).
    const out = await openJson(jsonAt);
    for (let i = 0, k = 0; i < kind.length; i++) {
      const sep = firstEdge ? frame.lead : frame.sep;
      firstEdge = false;
      let flushed: Promise<void> | undefined;
      if (kind[i] === KIND_OBJECT) {
        const text = objects[k++]!;
        flushed = out.write(`${sep}${text}`, holdsWide(text));
      } else flushed = out.write(`${sep}${plainEdgeJson(kind[i]!, source[i]!, target[i]!, weight[i]!, value[i]!, keys!)}`, wideKey(source[i]!) || wideKey(target[i]!));
      if (flushed) await flushed;
    }
    for (let i = 0, k = 0; i < kind.length; i++) {
      let flushed: Promise<unknown> | undefined;
      // Parsed one by one: joined into one list, their text would be copied whole first.
      if (kind[i] === KIND_OBJECT) flushed = writeElement(JSON.parse(objects[k++]!) as EdgeElement);
      else {
        const s = source[i]!;
        const t = target[i]!;
        const shape = shapeOf(kind[i]!);
        flushed = write(
          graphml.plainEdge(graphmlId(s), graphmlId(t), `${escaped(s)}${shape.graphmlSeparator}${escaped(t)}`, shape.type, weight[i]!, shape.valueName, value[i]!),
          gexf.plainEdge(`${attr(s)}${shape.gexfSeparator}${attr(t)}`, attr(s), attr(t), shape.type, weight[i]!, shape.valueName, value[i]!),
          wideKey(s) || wideKey(t),
        );
      }
      if (flushed) await flushed;
    }
  };
  return {
    async take(batch) {
      if ('nodes' in batch) {
        for (const { key, attributes } of JSON.parse(batch.nodes) as { key: string; attributes?: Record<string, unknown> }[]) {
          const flushed = write(graphml.node(key, attributes ?? {}), gexf.node(key, attributes ?? {}), holdsWide(key) || holdsWide(attributes));
          if (flushed) await flushed;
        }
        return;
      }
      await toEdges();
      if ('slice' in batch) {
        await writeSlice(batch.slice, batch.jsonAt);
        return;
      }
      await writeJson(batch.jsonAt, batch.edges);
      for (const element of elementsOf<EdgeElement>(batch.edges)) {
        const flushed = writeElement(element);
        if (flushed) await flushed;
      }
    },
    async finish() {
      await toEdges();
      await write(graphml.tail(), gexf.tail());
      // Without edges the sending thread wrote all of graph.json.
      if (js) await js.write(frame.tail);
      await Promise.all(files.map((f) => f.close()));
      return true as const;
    },
    async abort() {
      await Promise.all(files.map((f) => f.close().catch(() => undefined)));
    },
  };
});
