// The one straight path: sources → extraction → graph (communities, layout) → sinks. Wired here, once.
import { collectGarbage } from '../ingest/collect-garbage.ts';
import { stat } from 'node:fs/promises';
import { expandInputs, readPapers, type ReadOptions } from '../ingest/sources/index.ts';
import { extractPapers } from '../ingest/extract/index.ts';
import { warmPool } from '../ingest/extract/pool.ts';
import { extractTopicsStaged, prestartTopicThread, type TopicOptions } from '../ingest/topics/index.ts';
import type { EntityType, ReadStats } from '../ingest/types.ts';
import { ENTITY_TYPES } from '../ingest/types.ts';
import { startGraph, type GraphInProgress } from './build.ts';
import { assignCommunitiesAsync, prestartCommunityThreads } from './communities/index.ts';
import { layoutGraphAsync } from './layout.ts';
import { BUILD_DEFAULTS, validateBuildOptions, type BuildOptions } from './options.ts';
import { OutputDir, writeFiles, type FilesSinkOptions } from './export/index.ts';
import { SILENT_PROGRESS, type Progress, type Sink, type SinkResult } from './sink.ts';
import type { CommunitiesReport, GraphView } from './types.ts';

export { BUILD_DEFAULTS, BuildOptionsError, validateBuildOptions, type BuildOptions } from './options.ts';
export { entitiesJsonl } from './export/entities.ts';
export { OUTPUT_FILES } from './export/files.ts';

export const STAGES = ['read', 'extract', 'topics', 'graph', 'communities', 'layout'] as const;
export type Stage = (typeof STAGES)[number];

export interface BuildResult {
  stats: ReadStats;
  /** Candidates the extractor considered and dropped. */
  pruned: number;
  graph: GraphView;
  report: CommunitiesReport;
  /** Milliseconds per stage, then per sink, in the order they ran. */
  timings: Record<string, number>;
  /**
   * Memory after each stage and sink (after its garbage collection), MB: resident set, live V8 heap, V8 heap
   * committed, and memory outside the heap (typed arrays, buffers); and the stage's garbage collection time.
   */
  memory: Record<string, MemoryFigures>;
}

export interface BuildHooks {
  /** Stage progress (count, rate, ETA on a terminal); silent by default. */
  progress?: Progress;
  /** Every rejected input record, as it happens (the CLI streams them to rejections.jsonl). */
  onRejection?: ReadOptions['onRejection'];
  /** The sinks that will write this build (`runSinks`): what they start ahead (`Sink.prestart`) starts as the layout ends. */
  sinks?: readonly Sink[];
}

export interface MemoryFigures {
  rss: number;
  heap: number;
  committed: number;
  external: number;
  /** Milliseconds spent in garbage collection during the stage (V8's gc performance entries). */
  gc: number;
  /** CPU milliseconds of the stage, every thread of the process together (user + system): beside the wall time, how busy the cores were. */
  cpu: number;
}

/** Milliseconds of garbage collection so far, from V8's gc entries (observed from the first build on). */
let gcTotal = 0;
let gcObserver: PerformanceObserver | undefined;
function observeGc(): void {
  if (gcObserver) return;
  gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcTotal += entry.duration;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
}

/** Resident set, used and committed V8 heap, external memory now (MB), and GC and CPU time since `gcBefore`, `cpuBefore`. */
async function memoryNow(gcBefore: number, cpuBefore: NodeJS.CpuUsage): Promise<MemoryFigures> {
  // The gc entries arrive as tasks: let the ones of the stage just ended be counted.
  await new Promise((resolve) => setImmediate(resolve));
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const cpu = process.cpuUsage(cpuBefore);
  return { rss: mb(m.rss), heap: mb(m.heapUsed), committed: mb(m.heapTotal), external: mb(m.external), gc: Math.round(gcTotal - gcBefore), cpu: Math.round((cpu.user + cpu.system) / 1000) };
}

/**
 * Input bytes from which the extraction workers are started before reading: ~5,000 abstracts of JSONL (ACL: 1.2 kB
 * each), the fewest papers extraction starts workers for (`EXTRACT_DEFAULTS.minPapersForWorkers`). A .gz file counts
 * three times its size.
 */
const WARM_POOL_MIN_BYTES = 5_000_000;

/** The topic stage's options: its defaults (the prestarted similarity worker is chosen by the same ones). */
const TOPIC_OPTIONS: Partial<TopicOptions> = {};

/** Bytes of the input files (stopping once past `WARM_POOL_MIN_BYTES`; unreadable inputs count 0: reading reports them). */
async function inputBytes(inputs: readonly string[]): Promise<number> {
  let bytes = 0;
  for await (const file of expandInputs(inputs)) {
    if ('code' in file) continue;
    const size = await stat(file.path).then((s) => s.size, () => 0);
    bytes += file.path.endsWith('.gz') ? 3 * size : size;
    if (bytes >= WARM_POOL_MIN_BYTES) break;
  }
  return bytes;
}

/**
 * Runs every stage in memory and returns the graph and its communities. The papers and extractions are
 * dropped once the graph holds them, so only one copy of every abstract stays alive.
 */
export async function runBuild(partial: Partial<BuildOptions> = {}, hooks: BuildHooks = {}): Promise<BuildResult> {
  const options = validateBuildOptions({ ...BUILD_DEFAULTS, ...partial });
  // One object for the community stage and the worker prestarted for it, so the two cannot disagree.
  const communityOptions = { seed: options.seed, resolution: options.resolution, splitResolution: options.splitResolution, splitMinPapers: options.splitMinPapers };
  const progress = hooks.progress ?? SILENT_PROGRESS;
  const timings: BuildResult['timings'] = {};
  const memory: BuildResult['memory'] = {};
  observeGc();
  const timed = async <T>(stage: Stage, total: number | undefined, work: () => T | Promise<T>, note?: (value: T) => string): Promise<T> => {
    progress.start(stage, total);
    const started = performance.now();
    const gcBefore = gcTotal;
    const cpuBefore = process.cpuUsage();
    const value = await work();
    // A full garbage collection between stages. Each stage drops big intermediate structures (the papers
    // and extractions once the graph holds them, the communities' working arrays); V8 collects them lazily,
    // letting the heap grow to a multiple of what is live (ACL: ~450 MB live after the graph stage, 1.2 GB
    // of heap without these collections). One full collection per stage costs a fraction of a second.
    // Not a compacting one: compaction would free the half-empty pages the stage leaves, but it copies every
    // live object into new pages before it frees the old ones, and at the end of the graph stage that raised
    // the build's peak RSS by ~400 MB (measured on ACL). (`collectGarbage`, ingest/collect-garbage.ts.)
    collectGarbage();
    timings[stage] = Math.round(performance.now() - started);
    memory[stage] = await memoryNow(gcBefore, cpuBefore);
    progress.end(note?.(value));
    return value;
  };

  // The extraction workers load their engine while this thread reads, when the input is big enough for them.
  const warm = options.workers > 1 && (await inputBytes(options.inputs)) >= WARM_POOL_MIN_BYTES ? warmPool(options.workers) : undefined;
  const { stats, pruned, pending } = await (async () => {
    let ticked = 0;
    const readOptions: Partial<ReadOptions> = {
      strict: options.strict,
      onProgress: (records) => {
        progress.tick(records - ticked);
        ticked = records;
      },
    };
    if (options.format) readOptions.format = options.format;
    if (hooks.onRejection) readOptions.onRejection = hooks.onRejection;
    const read = await timed('read', undefined, () => readPapers(options.inputs, readOptions), (r) => `${r.stats.read.toLocaleString('en-US')} records`);
    const { papers } = read;
    // No total where nothing ticks (topics, the graph builder, communities and layout report no per-item progress):
    // the live line then shows the elapsed time rather than a count stuck at 0.
    // Only the count of the candidates the extractor dropped is reported: the list itself (millions of records
    // at corpus scale) is let go as soon as the stage ends.
    const { extractions, pruned } = await timed(
      'extract',
      papers.length,
      async () => {
        // Each later stage that runs a worker of its own starts it as the stage before ends: the worker's start-up (tsx
        // and its modules, ~0.3–1 s of CPU each) then runs on a core that would otherwise wait — here beside extraction's
        // corpus pass on this thread, once every paper's own pass is done — not at the head of the stage's work.
        let done = 0;
        const onProgress = (n: number) => {
          progress.tick(n);
          done += n;
          if (done === papers.length) prestartTopicThread(papers.length, TOPIC_OPTIONS, options.workers);
        };
        const extracted = await extractPapers(papers, { workers: options.workers, onProgress });
        // Warm workers no run took (fewer papers than extraction starts workers for) end here.
        await warm?.release();
        return { extractions: extracted.extractions, pruned: extracted.pruned.length };
      },
      () => `${papers.length.toLocaleString('en-US')} papers`,
    );
    // The text similarity runs on a second thread while this one chunks phrases (as many threads as extraction used).
    // The stage ends when this thread's part is done: the similarity thread may still be at work, and the graph
    // stage builds every node and link but the SIMILAR_TO ones meanwhile, then waits for them.
    const topics = await timed('topics', undefined, () => extractTopicsStaged(papers, extractions, TOPIC_OPTIONS, options.workers));
    // The graph is built out here, through a closure dropped as it runs: this frame (papers, extractions,
    // topics) is gone by then, so the collection ending the graph stage frees them.
    const build = async (): Promise<GraphView> => {
      let started: GraphInProgress;
      try {
        started = startGraph(papers, extractions, { topics: topics.phrases });
      } catch (err) {
        await topics.cancel();
        throw err;
      }
      return started.finish(await topics.similarity);
    };
    return { stats: read.stats, pruned, pending: { build } as { build?: () => Promise<GraphView> } };
  })().finally(() => warm?.release());
  const graph = await timed(
    'graph',
    undefined,
    async () => {
      const build = pending.build!;
      delete pending.build;
      const built = await build();
      // Beside this stage's closing collection (the papers, extractions and topics go: ~1 s on ACL).
      prestartCommunityThreads(built, communityOptions, options.workers);
      return built;
    },
    (g) => `${g.order.toLocaleString('en-US')} nodes, ${g.size.toLocaleString('en-US')} edges`,
  );
  graph.setAttribute('seed', options.seed);
  const communities = await timed(
    'communities',
    undefined,
    // A big graph's Louvain restarts run on as many threads as extraction used.
    () => assignCommunitiesAsync(graph, communityOptions, options.workers),
    (c) => `${c.count} communities`,
  );
  // The per-community ForceAtlas2 runs of a big graph go to as many threads as extraction used.
  const report = await timed('layout', undefined, async () => {
    // The layout hands its first ForceAtlas2 job (the biggest community) to its worker before it first waits; the
    // communities' summaries are made here meanwhile, as they need no positions (ACL, loaded machine: they had taken
    // ~3 s at the end of the community stage with the other core idle).
    const laying = layoutGraphAsync(graph, { seed: options.seed, iterations: options.layoutIterations }, options.workers);
    let summarised: CommunitiesReport;
    try {
      summarised = communities.report();
    } finally {
      await laying;
    }
    for (const sink of hooks.sinks ?? []) sink.prestart?.(graph);
    return summarised;
  });
  return { stats, pruned, graph, report, timings, memory };
}

/** Runs the sinks in order (files, then Neo4j); each one's time is added to `result.timings` under its name. */
export async function runSinks(sinks: readonly Sink[], result: BuildResult, progress: Progress = SILENT_PROGRESS): Promise<SinkResult[]> {
  const results: SinkResult[] = [];
  for (const sink of sinks) {
    const started = performance.now();
    const gcBefore = gcTotal;
    const cpuBefore = process.cpuUsage();
    results.push(await sink.write(result.graph, result.report, progress));
    collectGarbage();
    result.timings[sink.name] = Math.round(performance.now() - started);
    result.memory[sink.name] = await memoryNow(gcBefore, cpuBefore);
  }
  return results;
}

/** Writes every output file of a build into `dir` as one unit (see `writeFiles`); returns the paths committed. */
export async function writeOutputs(
  dir: string,
  graph: GraphView,
  report: CommunitiesReport,
  options: Partial<FilesSinkOptions> = {},
  progress: Progress = SILENT_PROGRESS,
): Promise<string[]> {
  return writeFiles(await OutputDir.open(dir), graph, report, progress, options);
}

/** Counts for the build summary. */
export function graphCounts(graph: GraphView): { papers: number; entities: Record<EntityType, number>; topics: number; repositories: number; authors: number; edges: number } {
  const entities = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
  let papers = 0;
  let topics = 0;
  let repositories = 0;
  let authors = 0;
  graph.forEachNode((_id, attrs) => {
    if (attrs.type === 'paper') papers += 1;
    else if (attrs.type === 'repository') repositories += 1;
    else if (attrs.type === 'topic') topics += 1;
    else if (attrs.type === 'author') authors += 1;
    else if (attrs.type in entities) entities[attrs.type as EntityType] += 1;
  });
  return { papers, entities, topics, repositories, authors, edges: graph.size };
}

/** The summary as data (`build --json`). */
export function buildSummary(result: BuildResult): Record<string, unknown> {
  const c = graphCounts(result.graph);
  const { rejections: _kept, ...read } = result.stats;
  return {
    read,
    papers: c.papers,
    entities: { total: ENTITY_TYPES.reduce((n, t) => n + c.entities[t], 0), ...c.entities },
    topics: c.topics,
    repositories: c.repositories,
    authors: c.authors,
    edges: c.edges,
    communities: result.report.communities.length,
    modularity: result.report.modularity,
    pruned: result.pruned,
    timings: result.timings,
    memory: result.memory,
  };
}

/** The summary `build` prints: papers, entities by type, edges, communities, modularity, time per stage. */
export function formatBuildSummary(result: BuildResult): string {
  const c = graphCounts(result.graph);
  const byType = ENTITY_TYPES.map((t) => `${c.entities[t]} ${t}s`).join(', ');
  const entityTotal = ENTITY_TYPES.reduce((n, t) => n + c.entities[t], 0);
  const stages = Object.entries(result.timings)
    .map(([stage, ms]) => `${stage} ${ms} ms`)
    .join(', ');
  return [
    `papers        ${c.papers}`,
    `entities      ${entityTotal} (${byType})`,
    `topics        ${c.topics}`,
    `repositories  ${c.repositories}`,
    `authors       ${c.authors}`,
    `edges         ${c.edges}`,
    `communities   ${result.report.communities.length}`,
    `modularity    ${result.report.modularity.toFixed(4)}`,
    `pruned        ${result.pruned} candidates`,
    `time          ${stages}`,
  ].join('\n');
}
