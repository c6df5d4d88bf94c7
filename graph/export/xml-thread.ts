// graph.json, graph.graphml and graph.gexf on a worker thread (xml-worker.ts) while this thread writes
// entities.jsonl, the communities and the neo4j-import CSVs: the graph files are most of the files' work. The
// worker gets every node and edge as its graph.json text (serialised once, here: JSON.stringify is native and fast;
// JSON.parse gives the same attributes back, in the same order), in batches, only as fast as it takes them in, and
// writes the three files in one pass: that text between the frame of `graphJsonChunks` into graph.json, and the
// element writers of `graphmlChunks`/`gexfChunks` — the same bytes.
import { FeedThread, prestartFeedWorker } from '../../ingest/feed-thread.ts';
import { CompactGraph, JsonKeys, type PlainEdgeSlice } from '../compact.ts';
import type { GraphView } from '../types.ts';
import { gexfModels, type GEXFModels, type GEXFOptions } from './gexf.ts';
import { graphmlModels, type GraphMLModels, type GraphMLOptions } from './graphml.ts';
import { edgeJsonTexts, graphJsonFrame, nodeJson, type GraphJsonFrame } from './json.ts';
import { OutputError } from './output.ts';

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
  json: XmlTarget & { frame: GraphJsonFrame };
  graphml: XmlTarget & { models: GraphMLModels; options: Pick<GraphMLOptions, 'omit'> };
  gexf: XmlTarget & { models: GEXFModels; options: Pick<GEXFOptions, 'omit'> };
}

/**
 * A batch: nodes, then edges, as their graph.json text (elements joined by the frame's `sep`); a compact graph's
 * edges as columns instead, with the text of those carrying an attribute object (`CompactGraph.edgeSlice`).
 */
export type XmlBatch = { nodes: string } | { edges: string } | { slice: PlainEdgeSlice };

/** Starts the graph files' worker ahead of its job (`prestartFeedWorker`): the next XmlThread takes it. */
export function prestartXmlThread(): void {
  prestartFeedWorker(ENTRY);
}

/** The graph files' worker, fed every node then every edge in batches of BATCH, at most WINDOW waiting in it. */
export class XmlThread {
  private readonly feed: FeedThread<XmlJob, XmlBatch, true>;
  /** The final paths of graph.json, graph.graphml and graph.gexf (progress notes). */
  readonly paths: readonly string[];

  constructor(graph: GraphView, targets: { json: XmlTarget; graphml: XmlTarget; gexf: XmlTarget }, omit: readonly string[]) {
    this.paths = [targets.json.path, targets.graphml.path, targets.gexf.path];
    const frame = graphJsonFrame(graph);
    const job: XmlJob = {
      graphAttributes: { ...graph.getAttributes() },
      json: { ...targets.json, frame },
      graphml: { ...targets.graphml, models: graphmlModels(graph, { omit }), options: { omit } },
      gexf: { ...targets.gexf, models: gexfModels(graph, { omit }), options: { omit } },
    };
    if (graph instanceof CompactGraph) job.keys = graph.nodes();
    const nodes = graph.nodeEntries()[Symbol.iterator]();
    const edges = graph instanceof CompactGraph ? undefined : edgeJsonTexts(graph)[Symbol.iterator]();
    // A compact graph's edges go as columns: the worker writes the number-only ones (most of them) itself.
    const keys = graph instanceof CompactGraph ? new JsonKeys(job.keys!) : undefined;
    let nextEdge = 0;
    this.feed = new FeedThread<XmlJob, XmlBatch, true>({
      entry: ENTRY,
      job,
      window: WINDOW,
      next: () => {
        // A batch is one string, its elements joined as graph.json joins them: one copy to the worker, one write
        // into graph.json and one JSON.parse there (as a list) instead of one per element.
        let text = '';
        let elements = 0;
        for (let r = nodes.next(); !r.done; r = nodes.next()) {
          text += `${elements === 0 ? '' : frame.sep}${nodeJson(r.value.node, r.value.attributes)}`;
          if (++elements === BATCH) break;
        }
        if (elements > 0) return { batch: { nodes: text }, elements };
        if (!edges) {
          const from = nextEdge;
          const to = Math.min(graph.size, from + BATCH);
          if (from >= to) return undefined;
          nextEdge = to;
          const slice = (graph as CompactGraph).edgeSlice(from, to, keys!);
          return { batch: { slice }, elements: to - from, transfer: [slice.kind, slice.source, slice.target, slice.weight, slice.value].map((a) => a.buffer as ArrayBuffer) };
        }
        for (let r = edges.next(); !r.done; r = edges.next()) {
          text += `${elements === 0 ? '' : frame.sep}${r.value}`;
          if (++elements === BATCH) break;
        }
        return elements > 0 ? { batch: { edges: text }, elements } : undefined;
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
  }

  async close(): Promise<void> {
    await this.feed.close();
  }
}
