// Worker-thread side of xml-thread.ts: writes graph.graphml and graph.gexf in one pass over the nodes and edges it
// is sent (their graph.json text), with the element writers of graphml.ts and gexf.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { GEXFWriter } from './gexf.ts';
import { GraphMLWriter } from './graphml.ts';
import { OutputError, OutputFile } from './output.ts';
import type { XmlJob, XmlMessage, XmlReply } from './xml-thread.ts';

const job = workerData as XmlJob;
const written = new Int32Array(job.written);
const graphml = new GraphMLWriter(job.graphAttributes, job.graphml.models, job.graphml.options);
const gexf = new GEXFWriter(job.graphAttributes, job.gexf.models, job.gexf.options);

/** Messages in arrival order, handled one at a time (writing waits on the disk). */
const queue: XmlMessage[] = [];
let wake: (() => void) | undefined;
parentPort!.on('message', (msg: XmlMessage) => {
  queue.push(msg);
  wake?.();
});
const next = async (): Promise<XmlMessage> => {
  while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  return queue.shift()!;
};

async function run(): Promise<void> {
  const files = [await OutputFile.open(job.graphml.temp, {}, job.graphml.path), await OutputFile.open(job.gexf.temp, {}, job.gexf.path)] as const;
  const [gm, gx] = files;
  try {
    // A promise only when a buffer went to the disk (every ~1 MiB): awaited then, not once per element.
    const write = (a: string, b: string): Promise<unknown> | undefined => {
      const p = gm.write(a);
      const q = gx.write(b);
      return p && q ? Promise.all([p, q]) : (p ?? q);
    };
    await write(graphml.head(), gexf.head());
    let edges = false;
    for (;;) {
      const msg = await next();
      if ('end' in msg) break;
      if ('nodes' in msg) {
        for (const text of msg.nodes) {
          const { key, attributes } = JSON.parse(text) as { key: string; attributes?: Record<string, unknown> };
          const flushed = write(graphml.node(key, attributes ?? {}), gexf.node(key, attributes ?? {}));
          if (flushed) await flushed;
        }
      } else {
        if (!edges) {
          await write('', gexf.edges());
          edges = true;
        }
        for (const text of msg.edges) {
          const { key, source, target, attributes } = JSON.parse(text) as { key: string; source: string; target: string; attributes?: Record<string, unknown> };
          const flushed = write(graphml.edge(key, source, target, attributes ?? {}), gexf.edge(key, source, target, attributes ?? {}));
          if (flushed) await flushed;
        }
      }
      Atomics.add(written, 0, 1);
      parentPort!.postMessage({ written: Atomics.load(written, 0) } satisfies XmlReply);
    }
    if (!edges) await write('', gexf.edges());
    await write(graphml.tail(), gexf.tail());
    await Promise.all([gm.close(), gx.close()]);
  } catch (err) {
    await Promise.all(files.map((f) => f.close().catch(() => undefined)));
    throw err;
  }
}

run().then(
  () => parentPort!.postMessage({ done: true } satisfies XmlReply),
  (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err), ...(err instanceof OutputError ? { file: err.file } : {}) } satisfies XmlReply),
);
