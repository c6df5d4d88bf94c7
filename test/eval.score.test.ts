// score.ts must agree with shared/gold/score.py exactly: same numbers, same JSON bytes, same table.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScoreJson, formatScoreTable, loadJsonl, norm, pyFixed, pyRound, score } from '../ingest/extract/score.ts';

const SCORE_PY = '../shared/gold/score.py';
const PY = '/usr/bin/python3';
const GOLD = 'test/fixtures/extract/gold.jsonl';
const PRED = 'test/fixtures/extract/pred.jsonl';
const havePython = existsSync(PY) && existsSync(SCORE_PY);

describe('norm (score.py semantics)', () => {
  it.each([
    ['the COCO dataset', 'thecoco'],
    ['MMMU benchmark', 'mmmu'],
    ['Mixture-of-Denoisers', 'mixtureofdenoisers'],
    ['Qwen2.5-7B', 'qwen257b'],
    ['Super_GLUE', 'superglue'],
    ['dataset', 'dataset'], // stripping would leave nothing: keep
    ['Straße', 'strasse'],
    ['BERT models', 'bert'],
    ['corpus corpus', 'corpus'],
    ['x\u2013y', 'xy'],
  ])('%s → %s', (input, expected) => {
    expect(norm(input)).toBe(expected);
  });
});

describe('Python rounding', () => {
  it.each([
    [5 / 32, 4, 0.1562],
    [3 / 32, 4, 0.0938],
    [1 / 3, 4, 0.3333],
    [2 / 3, 4, 0.6667],
  ])('round(%f, %i) = %f', (x, nd, expected) => {
    expect(pyRound(x, nd)).toBe(expected);
  });
  it.each([
    [0.8125, '0.812'],
    [0.0625, '0.062'],
    [0.9375, '0.938'],
    [0.5, '0.500'],
  ])('%f formats as %s', (x, expected) => {
    expect(pyFixed(x, 3)).toBe(expected);
  });
});

describe.runIf(havePython)('agreement with score.py on fixture files', () => {
  const { result } = score(loadJsonl(GOLD), loadJsonl(PRED));
  it('prints byte-identical --json', () => {
    const py = execFileSync(PY, [SCORE_PY, GOLD, PRED, '--json'], { encoding: 'utf8' }).trim();
    expect(formatScoreJson(result)).toBe(py);
    expect(JSON.parse(formatScoreJson(result))).toEqual(JSON.parse(py));
  });
  it('prints the same table', () => {
    const py = execFileSync(PY, [SCORE_PY, GOLD, PRED], { encoding: 'utf8' }).trimEnd();
    expect(formatScoreTable(result)).toBe(py);
  });
  it('papergraph eval --pred --json prints what score.py --json prints', () => {
    const cli = execFileSync(process.execPath, ['bin/papergraph.js', 'eval', GOLD, '--pred', PRED, '--json'], { encoding: 'utf8' }).trim();
    expect(cli).toBe(execFileSync(PY, [SCORE_PY, GOLD, PRED, '--json'], { encoding: 'utf8' }).trim());
  }, 30_000);
  it('counts splits, optional matches, type mismatches and missing papers like score.py', () => {
    // Fixture design: g1 splits MoD, g2 splits ImageNet-1K, g6 splits ViT; 'zz' is not in gold; 'g4' has no prediction.
    expect(result.split_entities).toBe(3);
    expect(result.all.gold).toBe(17);
  });
  it('agrees on the dev gold against a perturbed copy of itself (first alias only, optional groups as methods)', () => {
    const dev = '../shared/gold/dev.jsonl';
    const gold = loadJsonl(dev);
    const rows = [...gold.values()].map((g) => ({
      id: g.id,
      entities: (['method', 'dataset', 'benchmark', 'optional'] as const).flatMap((t, k) =>
        ((g[t] as string[][] | undefined) ?? []).map((grp, i) => ({ name: grp[grp.length - 1]!, type: t === 'optional' || i % 4 === 3 ? 'method' : (['dataset', 'benchmark', 'method'] as const)[(k + i) % 3] }))),
    }));
    const file = join(mkdtempSync(join(tmpdir(), 'pg-score-')), 'pred.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const py = execFileSync(PY, [SCORE_PY, dev, file, '--json'], { encoding: 'utf8' }).trim();
    expect(formatScoreJson(score(gold, loadJsonl(file)).result)).toBe(py);
  });
});
