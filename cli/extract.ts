// papergraph extract: abstracts → entities.jsonl (one line per paper), or a per-entity explanation with --explain.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXTRACT_DEFAULTS } from '../ingest/extract/options.ts';
import { BUNDLED_CORPUS } from '../ingest/sources/options.ts';
import type { Pruned, SourceFormat } from '../ingest/types.ts';
import { CliError } from './errors.ts';
import { parseFormat, parsePositiveInt } from './options.ts';

interface ExtractFlags {
  out?: string;
  explain?: boolean;
  workers: number;
  format?: SourceFormat;
  strict?: boolean;
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('Extract methods, datasets and benchmarks from abstracts into entities.jsonl (default input: the bundled seed corpus).')
    .argument('[inputs...]', 'input files or directories (HF Daily Papers text, JSONL/JSON, HF API JSON, arXiv Atom, CSV; .gz ok)')
    .option('-o, --out <file>', 'write entities.jsonl here (default: standard output, unless --explain)')
    .option('--explain', 'print each entity with the rule, reason and sentence that produced it')
    .option('--workers <n>', 'worker threads for the per-paper pass', parsePositiveInt, EXTRACT_DEFAULTS.workers)
    .option('--format <format>', 'force the input format instead of detecting it', parseFormat)
    .option('--strict', 'stop at the first bad record (file:line) instead of rejecting it and going on')
    .action(async (inputs: string[], flags: ExtractFlags) => {
      // The extractor (compromise, lexicons) loads here, not at CLI start-up.
      const [{ extractPapers }, { explainPaper }, { entityLine, entityRows }, { escapeControls, formatReadSummary, readPapers }] = await Promise.all([
        import('../ingest/extract/index.ts'),
        import('../ingest/extract/explain.ts'),
        import('../ingest/extract/jsonl.ts'),
        import('../ingest/sources/index.ts'),
      ]);
      const read = await readPapers(inputs.length ? inputs : [BUNDLED_CORPUS], { strict: !!flags.strict, ...(flags.format ? { format: flags.format } : {}) });
      process.stderr.write(`${formatReadSummary(read.stats)}\n`);
      const { extractions, pruned } = await extractPapers(read.papers, { workers: flags.workers });
      const lines = extractions.map((x, i) => `${entityLine(read.papers[i]!, entityRows(x))}\n`).join('');
      if (flags.out) {
        try {
          await writeFile(flags.out, lines);
        } catch (err) {
          throw new CliError('write-failed', `cannot write ${flags.out}: ${(err as Error).message}`);
        }
      } else if (!flags.explain) process.stdout.write(lines);
      if (flags.explain) {
        const byPaper = new Map<string, Pruned[]>();
        for (const p of pruned) byPaper.set(p.paperId, [...(byPaper.get(p.paperId) ?? []), p]);
        const text = extractions.map((x, i) => explainPaper(read.papers[i]!, x, byPaper.get(x.paperId) ?? [])).join('\n\n');
        // Titles and sentences come from the input: no escape sequence of theirs reaches the terminal.
        process.stdout.write(`${escapeControls(text, true)}\n`);
      }
      const n = extractions.reduce((s, x) => s + x.entities.length, 0);
      process.stderr.write(`extracted ${n} entities from ${extractions.length} papers (${pruned.length} candidates pruned)${flags.out ? ` → ${flags.out}` : ''}\n`);
    });
}
