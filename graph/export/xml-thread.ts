// The graph files through a worker thread (xml-worker.ts) while this thread writes entities.jsonl, the communities and
// the neo4j-import CSVs: the graph files are most of the files' work. Every node and edge is serialised once, here, as
// its graph.json text (JSON.stringify is native and fast; JSON.parse gives the same attributes back, in the same
// order) and sent in batches, only as fast as the worker takes them in. graph.json's head and nodes are written here;
// the worker writes its edges (from the byte this thread's part ends at), and graph.graphml and graph.gexf with the
// element writers of `graphmlChunks`/`gexfChunks` over the texts parsed back: the same bytes.
import { FeedThread, prestartFeedWorker } from '../../ingest/feed-thread.ts';
import type { Attributes } from 'graphology-types';
import { CompactGraph, JsonKeys, type PlainEdgeSlice } from '../compact.ts';
import type { GraphView } from '../types.ts';
import { gexfModels, type GEXFModels, type GEXFOptions } from './gexf.ts';
import { graphmlModels, type GraphMLModels, type GraphMLOptions } from './graphml.ts';
import { edgeJsonTexts, graphJsonFrame, nodeJson, type GraphJsonFrame } from './json.ts';
import { OutputError, OutputFilePart } from './output.ts';

const ENTRY = new URL('./xml-worker-entry.mjs', import.meta.url);
/**
 * Nodes or edges per message. Small, for the worker's memory: a batch's parsed elements and its text live until its
 * last element is written, and whatever outlives two of the worker's young-generation collections is promoted to its
 * old generation, where only a full collection frees it — which V8 lets grow to several times what is live. ACL, 1×:
 * the worker's heap peaked at ~310 MB with batches of 2,000 and ~165 MB with 500, and the files stage's peak RSS
 * (reached while this thread writes the CSVs) went from ~1,210 to ~1,000–1,050 MB, in the same time.
 */
const BATCH = 500;
/** Batches sent and not yet written by the worker (ACL: at most ~5 MB of text, 8 batches of papers with their abstracts); the feed waits beyond that. */
const WINDOW = 8;

/** A temporary the worker writes, and the final path its errors name. */
export interface XmlTarget {
  temp: string;
  path: string;
}

/** What the worker starts with: the pass-1 models (computed here, over the graph) and where to write. */
export interface XmlJob {
  graphAttributes: Record<string, unknown>;
  /** A compact graph's node keys, in order (its edges come as columns of node indices). */
  keys?: string[];
  /** graph.json's temporary, its edges written there from the byte the first edge batch names (`jsonAt`). */
  json: XmlTarget & { frame: GraphJsonFrame };
  graphml: XmlTarget & { models: GraphMLModels; options: Pick<GraphMLOptions, 'omit'> };
  gexf: XmlTarget & { models: GEXFModels; options: Pick<GEXFOptions, 'omit'> };
}

/**
 * A batch: nodes as a JSON list of their graph.json text (a node without the attributes the XML files omit), then
 * edges as their graph.json text (elements joined by the frame's `sep`); a compact graph's edges as columns instead,
 * with the text of those carrying an attribute object (`CompactGraph.edgeSlice`).
 */
export type XmlBatch = { nodes: string } | { edges: string; jsonAt?: number } | { slice: PlainEdgeSlice; jsonAt?: number };

/** Starts the graph files' worker ahead of its job (`prestartFeedWorker`): the next XmlThread takes it. */
export function prestartXmlThread(): void {
  prestartFeedWorker(ENTRY);
}

/**
 * graph.json's head and nodes, written on this thread from the texts the worker is sent, between calls of the feed
 * (no await there: an `OutputFilePart`, synchronous); at the first edge the rest of the file is handed to the worker
 * (`handOver`), which writes the edges — the two threads' shares of the files' work are then about even (ACL build,
 * files stage CPU-s of this thread / the worker: 6.1 / 6.2 with all of graph.json on the worker, 6.5 / 4.7 with all
 * of it here, 5.2–5.9 / 4.9–5.6 split so).
 * A failure is kept, the rest of this part skipped, and thrown by `finish`.
 */
class GraphJsonNodes {
  private first = true;
  private failure: unknown;
  /** The file's close, started once this thread's part is written: its fsync overlaps the worker's batches. */
  private closing?: Promise<void>;

  constructor(
    private readonly out: OutputFilePart,
    private readonly frame: GraphJsonFrame,
  ) {
    this.write(frame.head);
  }

  private write(text: string): void {
    if (this.failure !== undefined) return;
    try {
      this.out.write(text);
    } catch (err) {
      this.failure = err;
    }
  }

  /** The next node's text. */
  node(text: string): void {
    this.write(`${this.first ? this.frame.lead : this.frame.sep}${text}`);
    this.first = false;
  }

  /** After the last node: the turn to the edges, and the byte the worker writes the edges from. */
  handOver(): number {
    this.write(this.frame.middle);
    let at = 0;
    if (this.failure === undefined) {
      try {
        at = this.out.position();
      } catch (err) {
        this.failure = err;
      }
    }
    this.close();
    return at;
  }

  /** A graph without edges: the whole file here. */
  end(): void {
    if (this.closing) return;
    this.write(this.frame.middle);
    this.write(this.frame.tail);
    this.close();
  }

  private close(): void {
    this.closing = this.out.close();
    this.closing.catch(() => undefined);
  }

  /** Waits for this thread's part to be on disk; throws the first failure. */
  async finish(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    await this.closing;
  }

  /** Closes the file after a failure elsewhere (its own errors are the caller's to ignore). */
  async abort(): Promise<void> {
    await (this.closing ?? this.out.close());
  }
}

/** The graph files' worker, fed every node then every edge in batches of BATCH, at most WINDOW waiting in it. */
export class XmlThread {
  private readonly feed: FeedThread<XmlJob, XmlBatch, true>;
  private readonly json: GraphJsonNodes;
  /** The final paths of graph.json, graph.graphml and graph.gexf (progress notes). */
  readonly paths: readonly string[];

  /** Opens graph.json's temporary here (its head and nodes are written here) and starts the worker. */
  static async open(graph: GraphView, targets: { json: XmlTarget; graphml: XmlTarget; gexf: XmlTarget }, omit: readonly string[]): Promise<XmlThread> {
    const json = OutputFilePart.open(targets.json.temp, targets.json.path);
    try {
      return new XmlThread(graph, json, targets, omit);
    } catch (err) {
      await json.close().catch(() => undefined);
      throw err;
    }
  }

  private constructor(graph: GraphView, json: OutputFilePart, targets: { json: XmlTarget; graphml: XmlTarget; gexf: XmlTarget }, omit: readonly string[]) {
    this.paths = [targets.json.path, targets.graphml.path, targets.gexf.path];
    const frame = graphJsonFrame(graph);
    this.json = new GraphJsonNodes(json, frame);
    const job: XmlJob = {
      graphAttributes: { ...graph.getAttributes() },
      json: { ...targets.json, frame },
      graphml: { ...targets.graphml, models: graphmlModels(graph, { omit }), options: { omit } },
      gexf: { ...targets.gexf, models: gexfModels(graph, { omit }), options: { omit } },
    };
    if (graph instanceof CompactGraph) job.keys = graph.nodes();
    const omitted = new Set(omit);
    const omits = (attributes: Attributes): boolean => omit.some((name) => name in attributes);
    const without = (attributes: Attributes): Attributes => {
      const kept: Attributes = {};
      for (const name in attributes) if (!omitted.has(name)) kept[name] = attributes[name];
      return kept;
    };
    const nodes = graph.nodeEntries()[Symbol.iterator]();
    const edges = graph instanceof CompactGraph ? undefined : edgeJsonTexts(graph)[Symbol.iterator]();
    // A compact graph's edges go as columns: the worker writes the number-only ones (most of them) itself.
    const keys = graph instanceof CompactGraph ? new JsonKeys(job.keys!) : undefined;
    let nextEdge = 0;
    let handedOver = false;
    this.feed = new FeedThread<XmlJob, XmlBatch, true>({
      entry: ENTRY,
      job,
      window: WINDOW,
      next: () => {
        // A batch of nodes is one string, a JSON list: one copy to the worker and one JSON.parse there instead of one
        // per element. The worker's copy of a node leaves out the attributes the XML files omit (a paper's abstract:
        // ~70 MB of ACL's text it would parse for nothing), serialised again without them. graph.json gets each node's
        // text on its own: joined, one node holding a character beyond Latin-1 made the whole batch's text two-byte,
        // slower to flatten and to encode (see `OutputFile.write`).
        let lean = '[';
        let elements = 0;
        for (let r = nodes.next(); !r.done; r = nodes.next()) {
          const { node, attributes } = r.value;
          const full = nodeJson(node, attributes);
          this.json.node(full);
          lean += `${elements === 0 ? '' : ','}${omits(attributes) ? nodeJson(node, without(attributes)) : full}`;
          if (++elements === BATCH) break;
        }
        if (elements > 0) return { batch: { nodes: `${lean}]` }, elements };
        // The first edge goes with the byte graph.json's edges start at: the worker writes the rest of the file.
        const jsonAt = (): { jsonAt?: number } => (handedOver ? {} : ((handedOver = true), { jsonAt: this.json.handOver() }));
        if (!edges) {
          const from = nextEdge;
          const to = Math.min(graph.size, from + BATCH);
          if (from >= to) {
            if (!handedOver) this.json.end();
            return undefined;
          }
          nextEdge = to;
          const slice = (graph as CompactGraph).edgeSlice(from, to, keys!);
          return { batch: { slice, ...jsonAt() }, elements: to - from, transfer: [slice.kind, slice.source, slice.target, slice.weight, slice.value].map((a) => a.buffer as ArrayBuffer) };
        }
        let text = '';
        for (let r = edges.next(); !r.done; r = edges.next()) {
          text += `${elements === 0 ? '' : frame.sep}${r.value}`;
          if (++elements === BATCH) break;
        }
        if (elements === 0) {
          if (!handedOver) this.json.end();
          return undefined;
        }
        return { batch: { edges: text, ...jsonAt() }, elements };
      },
      failure: (f) => {
        // The worker's own OutputError already names its file: keep its reason, not a second "cannot write …".
        const file = typeof f.details.file === 'string' ? f.details.file : targets.json.path;
        const own = `cannot write ${file}: `;
        return new OutputError(file, new Error(f.message.startsWith(own) ? f.message.slice(own.length) : f.message));
      },
    });
  }

  /** Elements sent so far (progress). */
  get sent(): number {
    return this.feed.sent;
  }

  /** Sends batches while fewer than WINDOW wait in the worker; cheap, for calling often from this thread's own writing. */
  pump(): void {
    this.feed.pump();
  }

  /** Sends the rest as the worker takes it in, then waits for the three files to be written and closed. */
  async finish(onProgress?: (sent: number) => void): Promise<void> {
    await this.feed.result(onProgress);
    await this.json.finish();
  }

  async close(): Promise<void> {
    await Promise.all([this.feed.close(), this.json.abort().catch(() => undefined)]);
  }
}
