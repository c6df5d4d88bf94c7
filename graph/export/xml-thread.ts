// graph.graphml and graph.gexf on a worker thread (xml-worker.ts) while this thread writes graph.json,
// entities.jsonl, the communities and the neo4j-import CSVs: the two XML files are half of the files' work. The
// worker gets every node and edge as its graph.json text (JSON.stringify is native and fast; JSON.parse gives the
// same attributes back, in the same order), in batches, only as fast as it takes them in, and writes both files
// in one pass with the same element writers as `graphmlChunks`/`gexfChunks` — the same bytes.
import { Worker } from 'node:worker_threads';
import type { EdgeEntryView, GraphView, NodeAttributes } from '../types.ts';
import { gexfModels, type GEXFModels, type GEXFOptions } from './gexf.ts';
import { graphmlModels, type GraphMLModels, type GraphMLOptions } from './graphml.ts';
import { edgeJson, nodeJson } from './json.ts';
import { OutputError } from './output.ts';

const ENTRY = new URL('./xml-worker-entry.mjs', import.meta.url);
/** Nodes or edges per message. */
const BATCH = 2000;
/** Batches sent and not yet written by the worker (~5 MB of text on ACL); the feed waits beyond that. */
const WINDOW = 8;

/** A temporary the worker writes, and the final path its errors name. */
export interface XmlTarget {
  temp: string;
  path: string;
}

/** What the worker starts with: the pass-1 models (computed here, over the graph) and where to write. */
export interface XmlJob {
  graphAttributes: Record<string, unknown>;
  graphml: XmlTarget & { models: GraphMLModels; options: Pick<GraphMLOptions, 'omit'> };
  gexf: XmlTarget & { models: GEXFModels; options: Pick<GEXFOptions, 'omit'> };
  /** Int32 slot 0: batches the worker has written (it adds to it; this side reads it without waiting). */
  written: SharedArrayBuffer;
}

export type XmlMessage = { nodes: string[] } | { edges: string[] } | { end: true };
export type XmlReply = { written: number } | { done: true } | { error: string; file?: string };

export class XmlThread {
  private readonly worker: Worker;
  private readonly written: Int32Array;
  private readonly finished: Promise<void>;
  private readonly nodes: Iterator<{ node: string; attributes: NodeAttributes }>;
  private readonly edges: Iterator<EdgeEntryView>;
  private phase: 'nodes' | 'edges' | 'end' = 'nodes';
  private batches = 0;
  /** Elements sent so far (progress). */
  sent = 0;
  /** Called whenever the worker has written another batch. */
  private onWritten?: () => void;

  constructor(
    private readonly graph: GraphView,
    targets: { graphml: XmlTarget; gexf: XmlTarget },
    omit: readonly string[],
  ) {
    const written = new SharedArrayBuffer(4);
    this.written = new Int32Array(written);
    const job: XmlJob = {
      graphAttributes: { ...graph.getAttributes() },
      graphml: { ...targets.graphml, models: graphmlModels(graph, { omit }), options: { omit } },
      gexf: { ...targets.gexf, models: gexfModels(graph, { omit }), options: { omit } },
      written,
    };
    this.nodes = graph.nodeEntries()[Symbol.iterator]();
    this.edges = graph.edgeEntries()[Symbol.iterator]();
    this.worker = new Worker(ENTRY, { workerData: job });
    this.finished = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (reply: XmlReply) => {
        if ('error' in reply) reject(new OutputError(reply.file ?? targets.graphml.path, new Error(reply.error)));
        else if ('done' in reply) resolve();
        else this.onWritten?.();
      });
      this.worker.on('error', (err) => reject(new OutputError(targets.graphml.path, err)));
      this.worker.on('exit', (code) => reject(new OutputError(targets.graphml.path, new Error(`the GraphML/GEXF worker exited with code ${code}`))));
    });
    // Awaited only once this thread's own files are written: a failure before then must not count as unhandled.
    this.finished.catch(() => undefined);
    this.pump();
  }

  /** Sends the next batch; false when everything was sent. */
  private sendBatch(): boolean {
    if (this.phase === 'nodes') {
      const nodes: string[] = [];
      for (let r = this.nodes.next(); !r.done; r = this.nodes.next()) {
        nodes.push(nodeJson(r.value.node, r.value.attributes));
        if (nodes.length === BATCH) break;
      }
      if (nodes.length < BATCH) this.phase = 'edges';
      if (nodes.length > 0) this.post({ nodes }, nodes.length);
      return true;
    }
    if (this.phase === 'edges') {
      const edges: string[] = [];
      for (let r = this.edges.next(); !r.done; r = this.edges.next()) {
        const e = r.value;
        edges.push(edgeJson(this.graph, e.edge, e.source, e.target, e.attributes, e.undirected));
        if (edges.length === BATCH) break;
      }
      if (edges.length < BATCH) this.phase = 'end';
      if (edges.length > 0) this.post({ edges }, edges.length);
      return true;
    }
    return false;
  }

  private post(message: XmlMessage, elements: number): void {
    this.worker.postMessage(message);
    this.batches++;
    this.sent += elements;
  }

  /** Sends batches while fewer than WINDOW wait in the worker; cheap, for calling often from this thread's own writing. */
  pump(): void {
    while (this.batches - Atomics.load(this.written, 0) < WINDOW && this.sendBatch());
  }

  /** Sends the rest as the worker takes it in, then waits for both files to be written and closed. */
  async finish(onProgress?: (sent: number) => void): Promise<void> {
    const written = new Promise<void>((_resolve, reject) => void this.finished.catch(reject));
    for (;;) {
      this.pump();
      onProgress?.(this.sent);
      if (this.phase === 'end') break;
      // Room again once the worker has written another batch (or it failed).
      await Promise.race([new Promise<void>((resolve) => (this.onWritten = resolve)), written]);
    }
    this.worker.postMessage({ end: true } satisfies XmlMessage);
    await this.finished;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
