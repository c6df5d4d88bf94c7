// Worker-thread side of xml-thread.ts: writes graph.json, graph.graphml and graph.gexf in one pass over the nodes
// and edges it is sent (their graph.json text): the text itself into graph.json's frame, and the element writers of
// graphml.ts and gexf.ts over it parsed back.
import { serveFeed } from '../../ingest/feed-thread.ts';
import { GEXFWriter } from './gexf.ts';
import { GraphMLWriter } from './graphml.ts';
import { OutputFile } from './output.ts';
import type { XmlBatch, XmlJob } from './xml-thread.ts';

serveFeed<XmlJob, XmlBatch, true>(async (job) => {
  const graphml = new GraphMLWriter(job.graphAttributes, job.graphml.models, job.graphml.options);
  const gexf = new GEXFWriter(job.graphAttributes, job.gexf.models, job.gexf.options);
  const { frame } = job.json;
  const files: OutputFile[] = [];
  try {
    for (const t of [job.json, job.graphml, job.gexf]) files.push(await OutputFile.open(t.temp, {}, t.path));
  } catch (err) {
    await Promise.all(files.map((f) => f.close().catch(() => undefined)));
    throw err;
  }
  const [js, gm, gx] = files as [OutputFile, OutputFile, OutputFile];
  // A promise only when a buffer went to the disk (every ~1 MiB): awaited then, not once per element.
  const write = (j: string, a: string, b: string, before = ''): Promise<unknown> | undefined => {
    const o = js.write(before);
    const p = js.write(j);
    const q = gm.write(a);
    const r = gx.write(b);
    return o || p || q || r ? Promise.all([o, p, q, r]) : undefined;
  };
  await write(frame.head, graphml.head(), gexf.head());
  let edges = false;
  let first = true;
  /** Turns from the nodes to the edges, once. */
  const toEdges = async (): Promise<void> => {
    if (edges) return;
    await write(frame.middle, '', gexf.edges());
    edges = true;
    first = true;
  };
  return {
    async take(batch) {
      if ('nodes' in batch) {
        for (const text of batch.nodes) {
          const { key, attributes } = JSON.parse(text) as { key: string; attributes?: Record<string, unknown> };
          const flushed = write(text, graphml.node(key, attributes ?? {}), gexf.node(key, attributes ?? {}), first ? frame.lead : frame.sep);
          first = false;
          if (flushed) await flushed;
        }
        return;
      }
      await toEdges();
      for (const text of batch.edges) {
        const { key, source, target, attributes } = JSON.parse(text) as { key: string; source: string; target: string; attributes?: Record<string, unknown> };
        const flushed = write(text, graphml.edge(key, source, target, attributes ?? {}), gexf.edge(key, source, target, attributes ?? {}), first ? frame.lead : frame.sep);
        first = false;
        if (flushed) await flushed;
      }
    },
    async finish() {
      await toEdges();
      await write(frame.tail, graphml.tail(), gexf.tail());
      await Promise.all(files.map((f) => f.close()));
      return true as const;
    },
    async abort() {
      await Promise.all(files.map((f) => f.close().catch(() => undefined)));
    },
  };
});
