// papergraph build: read → extract → graph → communities → layout → files (and Neo4j with --neo4j).
import { join } from 'node:path';
import type { Command } from 'commander';
import { BUILD_DEFAULTS, type BuildOptions } from '../graph/options.ts';
import { CliError, usageError } from './errors.ts';
import { parseFormat, parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, stageProgress } from './options.ts';

export const DEFAULT_OUT_DIR = 'out';

/** Rejections listed one per line after the read summary; the rest are counted. */
const MAX_REJECTIONS_SHOWN = 20;

interface BuildFlags {
  out: string;
  seed: number;
  resolution: number;
  workers: number;
  format?: BuildOptions['format'];
  strict: boolean;
  layoutIterations: number;
  neo4j?: string | true;
  neo4jFresh?: boolean;
  batchSize?: number;
  quiet?: boolean;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('Build the research graph from abstracts (default: the bundled seed corpus) and write its files.')
    .argument('[inputs...]', 'input files or directories (HF Daily Papers text, JSONL/JSON, HF API JSON, arXiv Atom, CSV; .gz ok)')
    .option('-o, --out <dir>', 'output directory', DEFAULT_OUT_DIR)
    .option('--seed <n>', 'seed for communities and layout', parseNonNegativeInt, BUILD_DEFAULTS.seed)
    .option('--resolution <r>', 'Louvain resolution (higher = more, smaller communities)', parsePositiveNumber, BUILD_DEFAULTS.resolution)
    .option('--workers <n>', 'extraction worker threads', parsePositiveInt, BUILD_DEFAULTS.workers)
    .option('--format <format>', 'force the input format instead of detecting it', parseFormat)
    .option('--strict', 'stop at the first bad record (file:line) instead of rejecting it and going on', BUILD_DEFAULTS.strict)
    .option('--layout-iterations <n>', 'ForceAtlas2 iterations (0 = chosen by graph size)', parseNonNegativeInt, BUILD_DEFAULTS.layoutIterations)
    .option('--neo4j [mode]', 'also write to Neo4j: "required" (default when given) or "auto" (skip with a note when Java is missing)')
    .option('--neo4j-fresh', "replace papergraph's managed Neo4j database with this build (bulk import; says what it held first)")
    .option('--batch-size <n>', 'rows per Neo4j write transaction', parsePositiveInt)
    .option('-q, --quiet', 'print only errors')
    .action(async (inputs: string[], flags: BuildFlags) => {
      const mode = flags.neo4j === undefined ? (flags.neo4jFresh ? 'required' : undefined) : flags.neo4j === true ? 'required' : flags.neo4j;
      if (mode !== undefined && mode !== 'required' && mode !== 'auto') {
        throw usageError(`--neo4j takes "required" or "auto", got "${mode}"`);
      }
      // The stages load here, not at start-up: `papergraph query` and `--help` need none of them.
      const [{ formatBuildSummary, runBuild, writeOutputs }, { formatReadSummary, formatRejection }] = await Promise.all([
        import('../graph/pipeline.ts'),
        import('../ingest/sources/index.ts'),
      ]);
      const progress = stageProgress(flags.quiet);
      const options: Partial<BuildOptions> = {
        inputs,
        seed: flags.seed,
        resolution: flags.resolution,
        workers: flags.workers,
        strict: flags.strict,
        layoutIterations: flags.layoutIterations,
      };
      if (flags.format) options.format = flags.format;
      const result = await runBuild(options, progress.hooks);
      progress.done();
      const log = (line: string) => {
        if (!flags.quiet) process.stderr.write(`${line}\n`);
      };
      log(formatReadSummary(result.stats));
      for (const rejection of result.stats.rejections.slice(0, MAX_REJECTIONS_SHOWN)) log(`  ${formatRejection(rejection)}`);
      const hidden = result.stats.rejections.length - MAX_REJECTIONS_SHOWN;
      if (hidden > 0) log(`  … and ${hidden} more rejections`);
      if (result.papers.length === 0) {
        throw new CliError('no-papers', `no papers to build: ${result.stats.read} records read, none accepted`);
      }

      const started = performance.now();
      const written = await writeOutputs(flags.out, result.graph, result.report);
      result.timings.write = Math.round(performance.now() - started);

      if (mode !== undefined) {
        const { writeBuildToNeo4j } = await import('../graph/neo4j/sink.ts');
        const neo4jOptions: Parameters<typeof writeBuildToNeo4j>[2] = { mode, log, fresh: !!flags.neo4jFresh, csvDir: join(flags.out, 'neo4j-import') };
        if (flags.batchSize !== undefined) neo4jOptions.batchSize = flags.batchSize;
        await writeBuildToNeo4j(result.graph, result.report, neo4jOptions);
      }
      if (!flags.quiet) {
        process.stdout.write(`${formatBuildSummary(result)}\n`);
        process.stdout.write(`wrote ${written.length} files to ${flags.out}/\n`);
      }
    });
}
