// Worker-thread side of xml-thread.ts: writes graph.graphml and graph.gexf in one pass over the nodes and edges it
// is sent (their graph.json text), with the element writers of graphml.ts and gexf.ts.
import { serveFeed } from '../../ingest/feed-thread.ts';
import { GEXFWriter } from './gexf.ts';
import { GraphMLWriter } from './graphml.ts';
import { OutputFile } from './output.ts';
import type { XmlBatch, XmlJob } from './xml-thread.ts';

serveFeed<XmlJob, XmlBatch, true>(async (job) => {
  const graphml = new GraphMLWriter(job.graphAttributes, job.graphml.models, job.graphml.options);
  const gexf = new GEXFWriter(job.graphAttributes, job.gexf.models, job.gexf.options);
  const gm = await OutputFile.open(job.graphml.temp, {}, job.graphml.path);
  const gx = await OutputFile.open(job.gexf.temp, {}, job.gexf.path).catch(async (err: unknown) => {
    await gm.close().catch(() => undefined);
    throw err;
  });
  // A promise only when a buffer went to the disk (every ~1 MiB): awaited then, not once per element.
  const write = (a: string, b: string): Promise<unknown> | undefined => {
    const p = gm.write(a);
    const q = gx.write(b);
    return p && q ? Promise.all([p, q]) : (p ?? q);
  };
  await write(graphml.head(), gexf.head());
  let edges = false;
  return {
    async take(batch) {
      if ('nodes' in batch) {
        for (const text of batch.nodes) {
          const { key, attributes } = JSON.parse(text) as { key: string; attributes?: Record<string, unknown> };
          const flushed = write(graphml.node(key, attributes ?? {}), gexf.node(key, attributes ?? {}));
          if (flushed) await flushed;
        }
        return;
      }
      if (!edges) {
        await write('', gexf.edges());
        edges = true;
      }
      for (const text of batch.edges) {
        const { key, source, target, attributes } = JSON.parse(text) as { key: string; source: string; target: string; attributes?: Record<string, unknown> };
        const flushed = write(graphml.edge(key, source, target, attributes ?? {}), gexf.edge(key, source, target, attributes ?? {}));
        if (flushed) await flushed;
      }
    },
    async finish() {
      if (!edges) await write('', gexf.edges());
      await write(graphml.tail(), gexf.tail());
      await Promise.all([gm.close(), gx.close()]);
      return true as const;
    },
    async abort() {
      await Promise.all([gm, gx].map((f) => f.close().catch(() => undefined)));
    },
  };
});
