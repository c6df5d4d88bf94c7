// papergraph build: read → extract → graph → communities → layout → sinks (files; Neo4j with --neo4j).
import { join } from 'node:path';
import type { Command } from 'commander';
import { BUILD_DEFAULTS, type BuildOptions } from '../graph/options.ts';
import type { Sink } from '../graph/sink.ts';
import { asCliError, CliError, usageError } from './errors.ts';
import { parseFormat, parseNonNegativeInt, parseNonNegativeNumber, parsePositiveInt, parsePositiveNumber } from './options.ts';
import { cliProgress } from './progress.ts';

export const DEFAULT_OUT_DIR = 'out';

/** Rejections listed one per line after the read summary; all of them are in OUT/rejections.jsonl. */
const MAX_REJECTIONS_SHOWN = 20;
export const REJECTIONS_FILE = 'rejections.jsonl';

interface BuildFlags {
  out: string;
  seed: number;
  resolution: number;
  splitResolution: number;
  splitMinPapers: number;
  workers: number;
  format?: BuildOptions['format'];
  strict: boolean;
  layoutIterations: number;
  neo4j?: string | true;
  neo4jFresh?: boolean;
  batchSize?: number;
  withAbstracts?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/**
 * Adapter to today's Neo4j writer; graph/neo4j/sink.ts's `neo4jSink(options): Sink` replaces it as is.
 * Loaded on use: the driver is not needed unless --neo4j is given.
 */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('Build the research graph from abstracts (default: the bundled seed corpus) and write its files.')
    .argument('[inputs...]', 'input files or directories (HF Daily Papers text, JSONL/JSON, HF API JSON, arXiv Atom, CSV; .gz ok)')
    .option('-o, --out <dir>', 'output directory (files are replaced together, only once all are written)', DEFAULT_OUT_DIR)
    .option('--seed <n>', 'seed for communities and layout', parseNonNegativeInt, BUILD_DEFAULTS.seed)
    .option('--resolution <r>', 'Louvain resolution (higher = more, smaller communities)', parsePositiveNumber, BUILD_DEFAULTS.resolution)
    .option(
      '--split-resolution <r>',
      'resolution of a second pass inside each community, which splits it into research lines only where its parts are clearly apart (0 = no split; the community it came from is its parent)',
      parseNonNegativeNumber,
      BUILD_DEFAULTS.splitResolution,
    )
    .option(
      '--split-min-papers <n>',
      'only a community of at least this many papers is split into research lines (a smaller one already is one line; 0 = any)',
      parseNonNegativeInt,
      BUILD_DEFAULTS.splitMinPapers,
    )
    .option('--workers <n>', 'worker threads for extraction, topic similarity, community restarts, the layout and the GraphML/GEXF files of a big graph', parsePositiveInt, BUILD_DEFAULTS.workers)
    .option('--format <format>', 'force the input format instead of detecting it', parseFormat)
    .option('--strict', 'stop at the first bad record (file:line) instead of rejecting it and going on', BUILD_DEFAULTS.strict)
    .option('--layout-iterations <n>', 'ForceAtlas2 iterations (0 = chosen by graph size)', parseNonNegativeInt, BUILD_DEFAULTS.layoutIterations)
    .option(
      '--with-abstracts',
      'also put paper abstracts in graph.graphml and graph.gexf (by default only graph.json, entities.jsonl, the CSVs and Neo4j carry them)',
    )
    .option('--neo4j [mode]', 'also write to Neo4j: "required" (default when given) or "auto" (skip with a note when Java is missing)')
    .option('--neo4j-fresh', "replace papergraph's managed Neo4j database with this build (bulk import; says what it held first)")
    .option('--batch-size <n>', 'rows per Neo4j write transaction', parsePositiveInt)
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'print only errors (no progress, no summary)')
    .action(async (inputs: string[], flags: BuildFlags) => {
      const mode = flags.neo4j === undefined ? (flags.neo4jFresh ? 'required' : undefined) : flags.neo4j === true ? 'required' : flags.neo4j;
      if (mode !== undefined && mode !== 'required' && mode !== 'auto') {
        throw usageError(`--neo4j takes "required" or "auto", got "${mode}"`);
      }
      // The stages load here, not at start-up: `papergraph query` and `--help` need none of them.
      const [{ buildSummary, formatBuildSummary, runBuild, runSinks }, { formatReadSummary, formatRejection }, { OutputDir, filesSink }] = await Promise.all([
        import('../graph/pipeline.ts'),
        import('../ingest/sources/index.ts'),
        import('../graph/export/index.ts'),
      ]);
      const log = (line: string) => {
        if (!flags.quiet) process.stderr.write(`${line}\n`);
      };
      const progress = cliProgress(flags.quiet);
      const outputs = await OutputDir.open(flags.out);
      // Every rejection streams to OUT/rejections.jsonl (committed with the other outputs); memory keeps the first 1,000.
      const rejections = await outputs.file(REJECTIONS_FILE);
      try {
        const options: Partial<BuildOptions> = {
          inputs,
          seed: flags.seed,
          resolution: flags.resolution,
          splitResolution: flags.splitResolution,
          splitMinPapers: flags.splitMinPapers,
          workers: flags.workers,
          strict: flags.strict,
          layoutIterations: flags.layoutIterations,
        };
        if (flags.format) options.format = flags.format;
        const files = filesSink(outputs, { withAbstracts: !!flags.withAbstracts, threads: flags.workers });
        const result = await runBuild(options, { progress, onRejection: (r) => rejections.write(`${JSON.stringify(r)}\n`), sinks: [files] });
        await rejections.close();
        log(formatReadSummary(result.stats));
        for (const rejection of result.stats.rejections.slice(0, MAX_REJECTIONS_SHOWN)) log(`  ${formatRejection(rejection)}`);
        const hidden = result.stats.rejected - Math.min(MAX_REJECTIONS_SHOWN, result.stats.rejections.length);
        if (hidden > 0) log(`  … and ${hidden} more rejections (every one is in ${flags.out}/${REJECTIONS_FILE})`);
        if (result.stats.accepted === 0) {
          throw new CliError('no-papers', `no papers to build: ${result.stats.read} records read, none accepted`);
        }

        const sinks: Sink[] = [files];
        if (mode !== undefined) {
          // The Neo4j sink runs after the files sink: a first load bulk-imports the CSVs just written to OUT/neo4j-import.
          const { neo4jSink } = await import('../graph/neo4j/sink.ts');
          sinks.push(neo4jSink({ mode, log, fresh: !!flags.neo4jFresh, csvDir: join(flags.out, 'neo4j-import'), ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}) }));
        }
        const written = await runSinks(sinks, result, progress);
        progress.close();
        if (flags.json) {
          const files = written.flatMap((w) => w.written);
          process.stdout.write(`${JSON.stringify({ ...buildSummary(result), out: flags.out, files }, null, 2)}\n`);
        } else if (!flags.quiet) {
          process.stdout.write(`${formatBuildSummary(result)}\n`);
          for (const w of written) if (w.note) process.stdout.write(`${w.note}\n`);
        }
      } catch (err) {
        progress.close();
        await rejections.close().catch(() => undefined);
        await outputs.abort();
        throw asCliError(err);
      }
    });
}
