// `npm run build:corpus-stats`: builds ingest/lexicons/corpus-stats.tsv.gz from the ACL Anthology abstracts
// (../shared/corpus/acl_anthology/) and the bundled pages. Per surface form (loose key): in how many papers the
// generators propose it as a name, in how many the same words are written in lower case, how often it is a title
// prefix or defined, and which head words follow it. Unlabelled text only; deterministic (sorted rows).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readPapers } from '../../sources/index.ts';
import { BUNDLED_CORPUS, REPO_ROOT } from '../../paths.ts';
import type { Paper } from '../../types.ts';
import { CORPUS_STATS_COLUMNS, CORPUS_STATS_FILE, headColumn } from '../corpus-stats.ts';
import { isForeign } from '../../language.ts';
import { generateCandidates, loadResources } from '../engine.ts';
import { headClass, looseKey } from '../lexicon.ts';

export const ACL_CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus', 'acl_anthology', 'acl_anthology_abstracts.jsonl.gz');

/** Rows are kept for surface forms seen as a name in at least this many papers. */
const MIN_DF = 2;
/** Longest phrase (in words) looked for in lower case. */
const MAX_WORDS = 6;

interface Row {
  df: number;
  lower: number;
  title: number;
  def: number;
  head: { method: number; data: number; task: number };
}

const LOWER_TOKEN = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

export async function buildCorpusStats(papers: readonly Paper[]): Promise<{ rows: number; bytes: number }> {
  const res = loadResources(false, undefined, new Map());
  const rows = new Map<string, Row>();
  const row = (k: string): Row => {
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { df: 0, lower: 0, title: 0, def: 0, head: { method: 0, data: 0, task: 0 } }));
    return r;
  };
  // Pass 1: candidates, per paper once.
  for (const p of papers) {
    const { cands, defs } = generateCandidates(p, res, isForeign(p.abstract));
    const seen = new Set<string>();
    const defined = new Set(defs.flatMap((d) => [looseKey(d.short), looseKey(d.long)]));
    for (const c of cands) {
      if (!/\p{Lu}|\d/u.test(c.surface)) continue; // lower-case naming phrases are counted by pass 2
      const k = looseKey(c.surface);
      const r = row(k);
      const next = /^\s+([\p{L}-]+)/u.exec(c.after)?.[1];
      const col = next ? headColumn(headClass(next, res.lex) ?? 'concept') : undefined;
      if (col) r.head[col]++;
      if (seen.has(k)) continue;
      seen.add(k);
      r.df++;
      if (c.generator === 'gen.title-prefix') r.title++;
      if (defined.has(k) || res.rules.definitions.some((d) => (d.before?.test(c.before) ?? true) && (d.after?.test(c.after) ?? true))) r.def++;
    }
  }
  // Pass 2: the same words in lower case, in running text.
  // A lower-case n-gram is looked up only when its first three letters start some key.
  const keys = new Set<string>();
  for (const [k, r] of rows) if (r.df >= MIN_DF) keys.add(k);
  const firstWords = new Set([...keys].map((k) => k.slice(0, 3)));
  for (const p of papers) {
    const seen = new Set<string>();
    for (const part of [p.title, p.abstract]) {
      const toks = part.match(LOWER_TOKEN) ?? [];
      for (let i = 0; i < toks.length; i++) {
        const t = toks[i]!;
        if (t !== t.toLowerCase() || !firstWords.has(t.slice(0, 3))) continue;
        let phrase = '';
        for (let n = 0; n < MAX_WORDS && i + n < toks.length; n++) {
          const u = toks[i + n]!;
          if (u !== u.toLowerCase()) break;
          phrase += u;
          const k = looseKey(phrase);
          if (keys.has(k) && !seen.has(k)) {
            seen.add(k);
            rows.get(k)!.lower++;
          }
        }
      }
    }
  }
  const lines = [CORPUS_STATS_COLUMNS.join('\t')];
  for (const k of [...keys].sort()) {
    const r = rows.get(k)!;
    lines.push([k, r.df, r.lower, r.title, r.def, r.head.method, r.head.data, r.head.task].join('\t'));
  }
  const gz = gzipSync(Buffer.from(`${lines.join('\n')}\n`), { level: 9 });
  writeFileSync(CORPUS_STATS_FILE, gz);
  return { rows: keys.size, bytes: gz.length };
}

async function main(): Promise<void> {
  if (!existsSync(ACL_CORPUS)) throw new Error(`build:corpus-stats: the ACL corpus is missing at ${ACL_CORPUS}`);
  const started = performance.now();
  const { papers: acl } = await readPapers([ACL_CORPUS], { format: 'jsonl' });
  const { papers: seed } = await readPapers([BUNDLED_CORPUS]);
  const { rows, bytes } = await buildCorpusStats([...acl, ...seed]);
  process.stderr.write(`corpus-stats: ${acl.length + seed.length} papers → ${rows} surface forms, ${(bytes / 1024).toFixed(0)} KiB (${CORPUS_STATS_FILE}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main();
