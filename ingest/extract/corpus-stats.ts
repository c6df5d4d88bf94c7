// Corpus statistics as data: per surface form, how it is used across the reference corpus (ACL Anthology abstracts
// and the bundled pages). Built by `npm run build:corpus-stats` (train/corpus-stats.ts); read here, once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LEXICON_DIR } from '../paths.ts';
import type { HeadClass } from './lexicon.ts';
import { isCapitalisedEnglishWord } from './nlp.ts';

/** Statistics of one surface form (keyed by `looseKey`). */
export interface SurfaceStats {
  /** Papers where it was a name candidate (capitalised or name-shaped). */
  df: number;
  /** Papers that write the same words in lower case in running text. */
  lowerDocs: number;
  /** Papers where it is the title prefix ("X: …"). */
  titleDocs: number;
  /** Papers where a definition or an acronym introduces it. */
  defDocs: number;
  /** Occurrences followed by a head word of each class ("X dataset" → data). */
  heads: Partial<Record<'method' | 'data' | 'task', number>>;
  /** The surface form holds a digit. */
  hasDigit: boolean;
}

export type CorpusStats = Map<string, SurfaceStats>;

export const CORPUS_STATS_FILE = join(LEXICON_DIR, 'corpus-stats.tsv.gz');

/** Header line of the table: one row per surface key. */
export const CORPUS_STATS_COLUMNS = ['key', 'df', 'lower', 'title', 'def', 'head_method', 'head_data', 'head_task'] as const;

/** Which head classes count as which column. */
export function headColumn(c: HeadClass): 'method' | 'data' | 'task' | undefined {
  if (c === 'method') return 'method';
  if (c === 'dataset' || c === 'benchmark' || c === 'data') return 'data';
  if (c === 'task') return 'task';
  return undefined;
}

export function parseCorpusStats(tsv: string): CorpusStats {
  const out: CorpusStats = new Map();
  const lines = tsv.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const f = line.split('\t');
    const heads: SurfaceStats['heads'] = {};
    if (f[5] !== '0') heads.method = Number(f[5]);
    if (f[6] !== '0') heads.data = Number(f[6]);
    if (f[7] !== '0') heads.task = Number(f[7]);
    out.set(f[0]!, { df: Number(f[1]), lowerDocs: Number(f[2]), titleDocs: Number(f[3]), defDocs: Number(f[4]), heads, hasDigit: /\d/.test(f[0]!) });
  }
  return out;
}

let cached: CorpusStats | undefined;

/** The committed table; empty when it has not been built (then no corpus rule fires). */
export function defaultCorpusStats(): CorpusStats {
  cached ??= existsSync(CORPUS_STATS_FILE) ? parseCorpusStats(gunzipSync(readFileSync(CORPUS_STATS_FILE)).toString('utf8')) : new Map();
  return cached;
}

/**
 * The value of one statistic of `surface` for the corpus rules; `undefined` when it cannot be read (too few papers).
 * `s` are the statistics of its key; `lowerCaseName`: the lexicon spells this name in lower case too.
 */
export function statValue(surface: string, s: SurfaceStats | undefined, stat: 'df' | 'lowerShare' | 'titleShare' | 'defShare' | 'headShare', head: string | undefined, minDocs: number, lowerCaseName = false): number | undefined {
  if (stat === 'df') return s?.df ?? 0;
  if (!s) return undefined;
  // A name with a digit ('word2vec', 'wav2vec') or one the lexicon also spells in lower case ('Fairseq | fairseq') is
  // written in lower case as itself, and the lower-case uses of an English word written in capitals ('SMART', 'LIME')
  // are the word, not the acronym: they say nothing.
  if (stat === 'lowerShare') return s.df + s.lowerDocs >= minDocs && !s.hasDigit && !lowerCaseName && !isCapitalisedEnglishWord(surface) ? s.lowerDocs / (s.df + s.lowerDocs) : undefined;
  if (s.df < minDocs) return undefined;
  if (stat === 'titleShare') return s.titleDocs / s.df;
  if (stat === 'defShare') return s.defDocs / s.df;
  const total = (s.heads.method ?? 0) + (s.heads.data ?? 0) + (s.heads.task ?? 0);
  return total >= minDocs ? (s.heads[head as 'method' | 'data' | 'task'] ?? 0) / total : undefined;
}
