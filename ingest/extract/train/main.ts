// `npm run train` (writes ingest/extract/model/*.json) and `npm run eval:cv` (prints cross-validated figures).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MODEL_DIR, type ModelFile } from '../model.ts';
import { formatScoreTable, score, type ScoreResult } from '../score.ts';
import { crossValidate, goldMap, loadGold, TRAIN_DEFAULTS, trainModels, type CvReport, type TrainConfig } from './pipeline.ts';

/** A model file as committed: stable key order, one feature per line so diffs read well. */
export function modelJson(m: ModelFile): string {
  const head = JSON.stringify({ model: m.model, trainedOn: m.trainedOn, classes: m.classes, bias: m.bias });
  const rows = Object.entries(m.weights).map(([f, w]) => `    ${JSON.stringify(f)}: ${JSON.stringify(w)}`);
  return `${head.slice(0, -1)},\n  "weights": {\n${rows.join(',\n')}\n  }\n}\n`;
}

const f3 = (x: number): string => x.toFixed(3);

export function formatCvReport(r: CvReport): string {
  const lines: string[] = [];
  const c = r.config;
  lines.push(`Cross-validated on ${r.cv.all.all.gold} gold entities in the annotated papers: ${c.folds} folds by paper (each source split across folds), repeated ${c.repeats}× with different splits and averaged; λ (grid ${c.lambdas.join(', ')}) and the keep threshold (none-bias shift ${c.shifts.join(', ')}) chosen in each training part by an inner ${c.innerFolds}-fold CV over ${c.innerRepeats} splits. No figure comes from a paper the model was fitted on.`);
  lines.push('', 'held-out predictions, all papers (mean of the repetitions):', formatScoreTable(r.cv.all));
  const row = (name: string, s: ScoreResult): string => `${name.padEnd(6)} ${f3(s.all.precision)}  ${f3(s.all.recall)}  ${f3(s.all.f1)}   ${f3(s.any.f1)}   ${f3(s.method.f1)}  ${f3(s.dataset.f1)}  ${f3(s.benchmark.f1)}  ${s.own ? f3(s.own.f1) : '  -  '}`;
  lines.push('', 'by source (held out)      typed             untyped  method  dataset  bench   own', 'source  P      R      F1      F1      F1      F1      F1      F1');
  lines.push(row('HF', r.cv.hf), row('ACL', r.cv.acl), row('all', r.cv.all));
  lines.push('', 'by annotated file (held out; dev-own.jsonl holds the 40 papers the first hand-written rules were read against)');
  lines.push('file            papers  typed P  typed R  typed F1  own F1');
  for (const f of r.byFile) lines.push(`${f.file.padEnd(15)} ${String(f.papers).padStart(6)}  ${f3(f.score.all.precision)}    ${f3(f.score.all.recall)}    ${f3(f.score.all.f1)}     ${f.score.own ? f3(f.score.own.f1) : '  -  '}`);
  lines.push('', `typed F1 of each repetition (HF / ACL / all): ${r.runs.map((s) => `${f3(s.hf.all.f1)} / ${f3(s.acl.all.f1)} / ${f3(s.all.all.f1)}`).join('; ')}`);
  lines.push('', 'in-sample (trained and scored on all papers) minus cross-validated, typed F1:');
  for (const [k, name] of [['hf', 'HF'], ['acl', 'ACL'], ['all', 'all']] as const) {
    lines.push(`  ${name.padEnd(4)} ${f3(r.inSample[k].all.f1)} − ${f3(r.cv[k].all.f1)} = ${f3(r.inSample[k].all.f1 - r.cv[k].all.f1)}`);
  }
  const gap = (k: 'any' | 'method' | 'dataset' | 'benchmark'): string => f3(r.inSample.all[k].f1 - r.cv.all[k].f1);
  lines.push(`  the same gap untyped ${gap('any')}; by type: method ${gap('method')}, dataset ${gap('dataset')}, benchmark ${gap('benchmark')}`);
  const lambdas = new Map<string, number>();
  for (const l of r.lambdas) lambdas.set(`${l.entity}/${l.own}/${l.shift}`, (lambdas.get(`${l.entity}/${l.own}/${l.shift}`) ?? 0) + 1);
  lines.push('', `chosen in the inner CV (λ entity / λ own / none shift × folds): ${[...lambdas].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const cmd = argv[0];
  const selectionAt = argv.indexOf('--selection');
  const selection = selectionAt >= 0 ? (argv[selectionAt + 1] as TrainConfig['selection']) : TRAIN_DEFAULTS.selection;
  if (cmd === 'train') {
    const { entity, own, models } = trainModels({ ...TRAIN_DEFAULTS, selection });
    mkdirSync(MODEL_DIR, { recursive: true });
    writeFileSync(join(MODEL_DIR, 'entity.json'), modelJson(entity));
    writeFileSync(join(MODEL_DIR, 'own.json'), modelJson(own));
    process.stderr.write(`train: entity model λ ${models.lambdaEntity}, ${models.entity.weights.size} features, ${models.examples.entity} examples; own model λ ${models.lambdaOwn}, ${models.own.weights.size} features, ${models.examples.own} examples → ${MODEL_DIR}\n`);
    return;
  }
  if (cmd === 'cv') {
    const errorsAt = argv.indexOf('--errors');
    const repeatsAt = argv.indexOf('--repeats');
    const started = performance.now();
    const cfg = { ...TRAIN_DEFAULTS, selection, ...(repeatsAt >= 0 ? { repeats: Number(argv[repeatsAt + 1]) } : {}) };
    const report = crossValidate(cfg, (l) => process.stderr.write(`${l}\n`));
    process.stdout.write(`${formatCvReport(report)}\n`);
    if (errorsAt >= 0) {
      const n = Number(argv[errorsAt + 1] ?? 50);
      const { papers } = loadGold();
      const { errors } = score(goldMap(papers), report.predictions);
      for (const e of errors.slice(0, n)) process.stdout.write(`${e.join('\t')}\n`);
    }
    process.stderr.write(`eval:cv: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return;
  }
  process.stderr.write('usage: main.ts train | cv [--repeats N] [--errors N] [--selection one-se|best]\n');
  process.exitCode = 2;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main(process.argv.slice(2));
