// papergraph eval: score predictions against a gold file with exactly the semantics of shared/gold/score.py.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatScoreJson, formatScoreTable, loadJsonl, score, ScoreError } from '../ingest/extract/score.ts';
import { CliError } from './errors.ts';
import { parseNonNegativeInt } from './options.ts';

interface EvalFlags {
  pred?: string;
  json?: boolean;
  errors?: number;
}

/** Predictions for the gold file's own papers, made by the extractor (when no --pred is given). */
async function predictGold(goldPath: string): Promise<string> {
  // The extractor loads only when it is needed (not with --pred, not at CLI start-up).
  const [{ extractPapers }, { entityLine, entityRows }, { readPapers }] = await Promise.all([
    import('../ingest/extract/index.ts'),
    import('../ingest/extract/jsonl.ts'),
    import('../ingest/sources/index.ts'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'papergraph-eval-'));
  try {
    // Read through the ordinary sources stage; the gold file is JSON Lines with ids kept verbatim.
    const { papers } = await readPapers([goldPath], { format: 'jsonl' });
    const { extractions } = await extractPapers(papers);
    const file = join(dir, 'pred.jsonl');
    await writeFile(file, extractions.map((x, i) => `${entityLine(papers[i]!, entityRows(x))}\n`).join(''));
    return file;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Score entity predictions against a gold file (score.py semantics); extracts the gold papers when --pred is absent.')
    .argument('<gold>', 'gold JSON Lines file (see shared/gold/GUIDELINES.md)')
    .option('--pred <file>', 'predictions (entities.jsonl); default: run the extractor on the gold papers')
    .option('--json', 'print the scores as JSON (same as score.py --json)')
    .option('--errors <n>', 'also print the first N errors (FP / FN / TYPE)', parseNonNegativeInt)
    .action(async (goldPath: string, flags: EvalFlags) => {
      try {
        const gold = loadJsonl(goldPath);
        const predPath = flags.pred ?? (await predictGold(goldPath));
        const pred = loadJsonl(predPath);
        if (!flags.pred) await rm(join(predPath, '..'), { recursive: true, force: true });
        const { result, errors } = score(gold, pred);
        process.stdout.write(`${flags.json ? formatScoreJson(result) : formatScoreTable(result)}\n`);
        for (const e of errors.slice(0, flags.errors ?? 0)) process.stdout.write(`${e.join('\t')}\n`);
      } catch (err) {
        if (err instanceof ScoreError) throw new CliError(err.code, err.message);
        throw err;
      }
    });
}
