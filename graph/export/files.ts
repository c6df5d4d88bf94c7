// The files sink: every output file of a build, streamed into an OutputDir and renamed into place together.
import { availableParallelism } from 'node:os';
import { communitiesMarkdown } from '../communities/index.ts';
import type { Progress, Sink, SinkResult } from '../sink.ts';
import type { CommunitiesReport, GraphView } from '../types.ts';
import { communitiesJsonChunks } from './communities.ts';
import { entitiesJsonlChunks } from './entities.ts';
import { gexfChunks } from './gexf.ts';
import { graphmlChunks } from './graphml.ts';
import { graphJsonChunks } from './json.ts';
import { writeNeo4jImportCsv } from './neo4j-csv.ts';
import { OutputDir } from './output.ts';
import { prestartXmlThread, XmlThread } from './xml-thread.ts';

export interface FilesSinkOptions {
  /** Keep paper abstracts in GraphML and GEXF too (graph.json, entities.jsonl and the CSVs always have them). */
  withAbstracts: boolean;
  /**
   * Threads: with 2 or more, a graph of at least `minElementsForThread` nodes and edges has graph.graphml, graph.gexf
   * and graph.json's edges written on a worker thread, fed the graph.json text of every node (which this thread
   * writes) and edge between pieces of the other files. The same bytes either way.
   */
  threads: number;
  /** Below this many nodes + edges the XML files are written here (a thread's start-up costs more than it saves). */
  minElementsForThread: number;
}

export const FILES_SINK_DEFAULTS: FilesSinkOptions = { withAbstracts: false, threads: availableParallelism() > 1 ? 2 : 1, minElementsForThread: 50_000 };

/** Attributes the lean GraphML/GEXF leave out (a paper's abstract is most of those files' size). */
export const LEAN_OMIT: readonly string[] = ['abstract'];

/** Files `build` (and `export --from-neo4j`) write, in the order they are written; `neo4j-import/` follows. */
export const OUTPUT_FILES = [
  'graph.json',
  'graph.graphml',
  'graph.gexf',
  'entities.jsonl',
  'communities.json',
  'communities.md',
] as const;
export type OutputFileName = (typeof OUTPUT_FILES)[number];

/** The files written from every node and edge: with `threads` > 1, in one feed to a worker thread. */
const GRAPH_FILES: readonly OutputFileName[] = ['graph.json', 'graph.graphml', 'graph.gexf'];

/** The directory of neo4j-admin import CSVs. */
export const NEO4J_IMPORT_DIR = 'neo4j-import';

/** Each file's text, in pieces. */
function chunksOf(name: OutputFileName, graph: GraphView, report: CommunitiesReport, o: FilesSinkOptions): Iterable<string> {
  const omit = o.withAbstracts ? [] : LEAN_OMIT;
  switch (name) {
    case 'graph.json':
      return graphJsonChunks(graph);
    case 'graph.graphml':
      return graphmlChunks(graph, { omit });
    case 'graph.gexf':
      return gexfChunks(graph, { omit });
    case 'entities.jsonl':
      return entitiesJsonlChunks(graph);
    case 'communities.json':
      return communitiesJsonChunks(report);
    case 'communities.md':
      // Adapter: graph/communities/markdown.ts returns the report as one string (small: ~0.4 MB for 59k papers).
      return [communitiesMarkdown(report, graph)];
  }
}

/** Counts each piece as one unit of progress (a piece is about one node, edge, line or community). */
function* ticking(chunks: Iterable<string>, progress: Progress): Generator<string> {
  let n = 0;
  for (const chunk of chunks) {
    yield chunk;
    if (++n === 1000) {
      progress.tick(n);
      n = 0;
    }
  }
  progress.tick(n);
}

/**
 * Writes every output of a build into `outputs` and commits them: graph.json, graph.graphml, graph.gexf,
 * entities.jsonl, communities.json, communities.md, then neo4j-import/. Anything else already opened in
 * `outputs` (rejections.jsonl while reading) is committed with them; on any failure nothing is renamed,
 * the temporaries are removed and the error names the file.
 */
export async function writeFiles(
  outputs: OutputDir,
  graph: GraphView,
  report: CommunitiesReport,
  progress: Progress,
  options: Partial<FilesSinkOptions> = {},
): Promise<string[]> {
  const o = { ...FILES_SINK_DEFAULTS, ...options };
  const total = (name: OutputFileName) => (name === 'communities.json' || name === 'communities.md' ? report.communities.length : graph.order + graph.size);
  let xml: XmlThread | undefined;
  try {
    // With a thread, graph.graphml, graph.gexf and graph.json's edges are written on it, fed between pieces of this
    // thread's own files (every tick pumps it), and graph.json's nodes here from the same feed; this thread writes the
    // rest either way.
    let here = progress;
    if (graphFilesOnThread(graph, o)) {
      const thread = await XmlThread.open(graph, { json: outputs.reserve('graph.json'), graphml: outputs.reserve('graph.graphml'), gexf: outputs.reserve('graph.gexf') }, o.withAbstracts ? [] : LEAN_OMIT);
      xml = thread;
      here = { start: (label, n) => progress.start(label, n), tick: (n) => (progress.tick(n), thread.pump()), end: (note) => progress.end(note) };
    }
    for (const name of OUTPUT_FILES) {
      if (xml && GRAPH_FILES.includes(name)) continue;
      here.start(name, total(name));
      here.end(await outputs.writeFile(name, ticking(chunksOf(name, graph, report, o), here)));
    }
    here.start(NEO4J_IMPORT_DIR, graph.order + graph.size);
    await writeNeo4jImportCsv(graph, report, await outputs.directory(NEO4J_IMPORT_DIR), here);
    here.end();
    if (xml) {
      progress.start(GRAPH_FILES.join(', '), graph.order + graph.size);
      let shown = 0;
      await xml.finish((sent) => {
        progress.tick(sent - shown);
        shown = sent;
      });
      progress.end(xml.paths.join(', '));
    }
    return await outputs.commit();
  } catch (err) {
    await outputs.abort();
    throw err;
  } finally {
    await xml?.close();
  }
}

/** Whether `writeFiles` writes the graph files through a worker thread (`XmlThread`). */
function graphFilesOnThread(graph: GraphView, o: FilesSinkOptions): boolean {
  return o.threads > 1 && graph.order + graph.size >= o.minElementsForThread;
}

/** The files sink over an output directory (opened by the caller, so rejections.jsonl can share it). */
export function filesSink(outputs: OutputDir, options: Partial<FilesSinkOptions> = {}): Sink {
  return {
    name: 'files',
    prestart(graph) {
      if (graphFilesOnThread(graph, { ...FILES_SINK_DEFAULTS, ...options })) prestartXmlThread();
    },
    async write(graph, report, progress): Promise<SinkResult> {
      const written = await writeFiles(outputs, graph, report, progress, options);
      return { sink: 'files', written, note: `wrote ${written.length} files to ${outputs.dir}/` };
    },
  };
}
