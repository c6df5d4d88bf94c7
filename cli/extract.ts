// papergraph extract: abstracts → entities.jsonl (one line per paper), or a per-entity explanation with --explain.
import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import { EXTRACT_DEFAULTS } from '../ingest/extract/options.ts';
import { BUNDLED_CORPUS } from '../ingest/sources/options.ts';
import type { SourceFormat } from '../ingest/types.ts';
import { asCliError, CliError } from './errors.ts';
import { parseFormat, parsePositiveInt } from './options.ts';
import { cliProgress } from './progress.ts';

interface ExtractFlags {
  out?: string;
  explain?: boolean;
  workers: number;
  format?: SourceFormat;
  strict?: boolean;
  rejections?: string;
  quiet?: boolean;
}

/** Rejections listed one per line after the read summary (all of them go to --rejections FILE). */
const MAX_REJECTIONS_SHOWN = 20;

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('Extract methods, datasets and benchmarks from abstracts into entities.jsonl (default input: the bundled seed corpus).')
    .argument('[inputs...]', 'input files or directories (HF Daily Papers text, JSONL/JSON, HF API JSON, arXiv Atom, CSV; .gz ok)')
    .option('-o, --out <file>', 'write entities.jsonl here, replacing the file only once it is complete (default: standard output, unless --explain)')
    .option('--explain', 'print each entity with its score, top features, rule, reason and sentence, and the candidates the scorer dropped')
    .option('--workers <n>', 'worker threads for the per-paper pass', parsePositiveInt, EXTRACT_DEFAULTS.workers)
    .option('--format <format>', 'force the input format instead of detecting it', parseFormat)
    .option('--strict', 'stop at the first bad record (file:line) instead of rejecting it and going on')
    .option('--rejections <file>', 'write every rejected record to this JSONL file (only the first 1,000 are kept in memory)')
    .option('-q, --quiet', 'print only errors')
    .action(async (inputs: string[], flags: ExtractFlags) => {
      // The extractor (compromise, lexicons) loads here, not at CLI start-up.
      const [{ extractPapers }, { explainPaper }, { entityLine, entityRows }, sources, { OutputDir }] = await Promise.all([
        import('../ingest/extract/index.ts'),
        import('../ingest/extract/explain.ts'),
        import('../ingest/extract/jsonl.ts'),
        import('../ingest/sources/index.ts'),
        import('../graph/export/output.ts'),
      ]);
      const log = (line: string) => {
        if (!flags.quiet) process.stderr.write(`${line}\n`);
      };
      const progress = cliProgress(flags.quiet);
      // Outputs are written to temporaries beside their final names and renamed in only when complete.
      const rejectionsDir = flags.rejections ? await OutputDir.open(dirname(flags.rejections)) : undefined;
      const rejectionsFile = rejectionsDir ? await rejectionsDir.file(basename(flags.rejections!)) : undefined;
      try {
        progress.start('read');
        let ticked = 0;
        const read = await sources.readPapers(inputs.length ? inputs : [BUNDLED_CORPUS], {
          strict: !!flags.strict,
          ...(flags.format ? { format: flags.format } : {}),
          onProgress: (n) => {
            progress.tick(n - ticked);
            ticked = n;
          },
          ...(rejectionsFile ? { onRejection: (r) => rejectionsFile.write(`${JSON.stringify(r)}\n`) } : {}),
        });
        progress.end();
        if (rejectionsFile) {
          await rejectionsFile.close();
          await rejectionsDir!.commit();
        }
        log(sources.formatReadSummary(read.stats));
        for (const r of read.stats.rejections.slice(0, MAX_REJECTIONS_SHOWN)) log(`  ${sources.formatRejection(r)}`);
        const hidden = read.stats.rejected - Math.min(MAX_REJECTIONS_SHOWN, read.stats.rejections.length);
        if (hidden > 0) log(`  … and ${hidden} more rejections${flags.rejections ? ` (every one is in ${flags.rejections})` : ' (--rejections FILE lists every one)'}`);
        if (read.stats.accepted === 0) {
          // Nothing to write: an existing --out file is left as it was.
          throw new CliError('no-papers', `no papers to extract: ${read.stats.read} records read, none accepted`);
        }

        progress.start('extract', read.papers.length);
        const { extractions, pruned, explanations } = await extractPapers(read.papers, { workers: flags.workers, keepFeatures: !!flags.explain, onProgress: (n) => progress.tick(n) });
        progress.end();
        function* lines(): Generator<string> {
          for (const [i, x] of extractions.entries()) yield `${entityLine(read.papers[i]!, entityRows(x))}\n`;
        }
        if (flags.out) {
          const outputs = await OutputDir.open(dirname(flags.out));
          try {
            await outputs.writeFile(basename(flags.out), lines());
            await outputs.commit();
          } catch (err) {
            await outputs.abort();
            throw err;
          }
        } else if (!flags.explain) {
          for (const line of lines()) process.stdout.write(line);
        }
        if (flags.explain) {
          for (const [i, x] of extractions.entries()) {
            // Titles and sentences come from the input: no escape sequence of theirs reaches the terminal.
            const text = sources.escapeControls(explainPaper(read.papers[i]!, x, explanations?.get(x.paperId)), true);
            process.stdout.write(`${i > 0 ? '\n' : ''}${text}\n`);
          }
        }
        progress.close();
        const n = extractions.reduce((s, x) => s + x.entities.length, 0);
        log(`extracted ${n} entities from ${extractions.length} papers (${pruned.length} candidates pruned)${flags.out ? ` → ${flags.out}` : ''}`);
      } catch (err) {
        progress.close();
        await rejectionsFile?.close().catch(() => undefined);
        await rejectionsDir?.abort();
        throw asCliError(err);
      }
    });
}
