// The one straight path: sources → extraction → graph (communities, layout) → files. Wired here, once.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readPapers, type ReadOptions } from '../ingest/sources/index.ts';
import { extractPapers } from '../ingest/extract/index.ts';
import { extractTopics } from '../ingest/topics/index.ts';
import { entityLine, type EntityRow } from '../ingest/extract/jsonl.ts';
import type { EntityType, Paper, Pruned, ReadStats, Role } from '../ingest/types.ts';
import { ENTITY_TYPES, ROLES } from '../ingest/types.ts';
import { buildGraph } from './build.ts';
import { communitiesMarkdown, detectCommunities } from './communities/index.ts';
import { layoutGraph } from './layout.ts';
import { BUILD_DEFAULTS, validateBuildOptions, type BuildOptions } from './options.ts';
import { toGEXF, toGraphJSON, toGraphML, writeNeo4jImportCsv } from './export/index.ts';
import type { CommunitiesReport, EntityNodeAttributes, ResearchGraph } from './types.ts';

export { BUILD_DEFAULTS, BuildOptionsError, validateBuildOptions, type BuildOptions } from './options.ts';

export type Stage = 'read' | 'extract' | 'topics' | 'graph' | 'communities' | 'layout';

export interface BuildResult {
  papers: Paper[];
  stats: ReadStats;
  pruned: Pruned[];
  graph: ResearchGraph;
  report: CommunitiesReport;
  /** Milliseconds per stage, in stage order. */
  timings: Partial<Record<Stage | 'write', number>>;
}

export interface BuildHooks {
  /** Called when a stage starts (the CLI shows it as progress on a terminal). */
  onStage?: (stage: Stage) => void;
  onReadProgress?: (records: number) => void;
}

/** Runs every stage in memory and returns the graph and its communities. */
export async function runBuild(partial: Partial<BuildOptions> = {}, hooks: BuildHooks = {}): Promise<BuildResult> {
  const options = validateBuildOptions({ ...BUILD_DEFAULTS, ...partial });
  const timings: BuildResult['timings'] = {};
  const timed = async <T>(stage: Stage, work: () => T | Promise<T>): Promise<T> => {
    hooks.onStage?.(stage);
    const started = performance.now();
    const value = await work();
    timings[stage] = Math.round(performance.now() - started);
    return value;
  };

  const readOptions: Partial<ReadOptions> = { strict: options.strict };
  if (options.format) readOptions.format = options.format;
  if (hooks.onReadProgress) readOptions.onProgress = hooks.onReadProgress;
  const { papers, stats } = await timed('read', () => readPapers(options.inputs, readOptions));
  const { extractions, pruned } = await timed('extract', () => extractPapers(papers, { workers: options.workers }));
  const topics = await timed('topics', () => extractTopics(papers, extractions));
  const graph = await timed('graph', () => buildGraph(papers, extractions, { topics }));
  graph.setAttribute('seed', options.seed);
  const report = await timed('communities', () => detectCommunities(graph, { seed: options.seed, resolution: options.resolution }));
  await timed('layout', () => layoutGraph(graph, { seed: options.seed, iterations: options.layoutIterations }));
  return { papers, stats, pruned, graph, report, timings };
}

const TYPE_ORDER: Record<EntityType, number> = { method: 0, dataset: 1, benchmark: 2 };

/** entities.jsonl (the format score.py reads), derived from the graph so a Neo4j round trip gives the same file. */
export function entitiesJsonl(graph: ResearchGraph): string {
  const lines: string[] = [];
  graph.forEachNode((id, attrs) => {
    if (attrs.type !== 'paper') return;
    const rows: EntityRow[] = [];
    graph.forEachOutEdge(id, (_edge, edge, _source, target, _s, targetAttrs) => {
      if (!(ROLES as readonly string[]).includes(edge.type)) return; // entities only: not code, topics or similar papers
      const entity = targetAttrs as EntityNodeAttributes;
      rows.push({
        name: edge.name ?? entity.label,
        type: entity.type,
        aliases: edge.aliases ?? [entity.label],
        role: edge.type as Role,
      });
    });
    lines.push(entityLine({ id, title: attrs.title }, rows));
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Files `build` (and `export --from-neo4j`) write, in the order they are written. */
export const OUTPUT_FILES = [
  'graph.json',
  'graph.graphml',
  'graph.gexf',
  'entities.jsonl',
  'communities.json',
  'communities.md',
] as const;

/** Writes every output file of a build into `dir`; returns the paths written. */
export async function writeOutputs(dir: string, graph: ResearchGraph, report: CommunitiesReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const contents: Record<(typeof OUTPUT_FILES)[number], string> = {
    'graph.json': toGraphJSON(graph),
    'graph.graphml': toGraphML(graph),
    'graph.gexf': toGEXF(graph),
    'entities.jsonl': entitiesJsonl(graph),
    'communities.json': `${JSON.stringify(report, null, 2)}\n`,
    'communities.md': communitiesMarkdown(report, graph),
  };
  const written: string[] = [];
  for (const name of OUTPUT_FILES) {
    const path = join(dir, name);
    await writeFile(path, contents[name]);
    written.push(path);
  }
  written.push(...(await writeNeo4jImportCsv(graph, report, join(dir, 'neo4j-import'))));
  return written;
}

/** Counts for the build summary. */
export function graphCounts(graph: ResearchGraph): { papers: number; entities: Record<EntityType, number>; topics: number; repositories: number; edges: number } {
  const entities = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
  let papers = 0;
  let topics = 0;
  let repositories = 0;
  graph.forEachNode((_id, attrs) => {
    if (attrs.type === 'paper') papers += 1;
    else if (attrs.type === 'repository') repositories += 1;
    else if (attrs.type === 'topic') topics += 1;
    else entities[attrs.type] += 1;
  });
  return { papers, entities, topics, repositories, edges: graph.size };
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
    `edges         ${c.edges}`,
    `communities   ${result.report.communities.length}`,
    `modularity    ${result.report.modularity.toFixed(4)}`,
    `pruned        ${result.pruned.length} candidates`,
    `time          ${stages}`,
  ].join('\n');
}
