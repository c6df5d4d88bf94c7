// Loads the lexicon data files (ingest/lexicons/*.txt) once and compiles them into lookup tables.
import { readFileSync } from 'node:fs';
import { LEXICON_DIR } from '../paths.ts';
import type { EntityType } from '../types.ts';

/** One known entity from a lexicon file: `MS COCO | COCO` → name 'MS COCO', aliases ['MS COCO', 'COCO']. */
export interface LexEntry {
  name: string;
  aliases: string[];
  type: EntityType;
  /** The file it came from (its `# source:` line says where the names were checked). */
  file: string;
}

/** A type a trailing word or cue signals; 'data' means dataset-or-benchmark. */
export type TypeHint = EntityType | 'data';

export interface Lexicon {
  entries: LexEntry[];
  /** Loose key (see `looseKey`) of every alias → entry. */
  byKey: Map<string, LexEntry>;
  /** Loose key of the first token of a multi-token alias → the longest alias length in tokens. */
  multiFirst: Map<string, number>;
  /** Plain lower-case words that start some alias ('text8' no, 'multilingual' yes): the only plain words worth a lookup. */
  lowerFirst: Set<string>;
  /** Case-sensitive generic acronyms ('LLM', 'NLP', 'SOTA'). */
  stopAcronyms: Set<string>;
  /** Lower-cased head words of generic concepts ('learning', 'generation'). */
  genericHeads: Set<string>;
  /** Loose keys of generic phrases ('large language models'). */
  genericTerms: Set<string>;
  /** Lower-cased language names and organisations: named, never entities. */
  languages: Set<string>;
  organizations: Set<string>;
  /** Lower-cased trailing words ('dataset', 'model') → the type they signal. */
  nameWords: Map<string, TypeHint>;
  /** Capitalised words that continue a model name ('Turbo', 'Titan', 'Instruct'). */
  nameSuffixes: Set<string>;
  /** Metric names, longest first, for result statements. */
  metrics: string[];
}

const DIR = `${LEXICON_DIR}/`;

/** Lower-case and drop spaces, hyphens, dashes and underscores: 'ImageNet-1K' and 'imagenet 1k' meet. */
export function looseKey(s: string): string {
  const l = s.toLowerCase();
  return /[\s\-_\u2010-\u2015]/.test(l) ? l.replace(/[\s\-_\u2010-\u2015]+/g, '') : l;
}

function lines(file: string): string[] {
  return readFileSync(DIR + file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

const TOKEN_COUNT = /[\p{L}\p{N}](?:[\p{L}\p{N}]|[-_.+&'’](?=[\p{L}\p{N}]))*\+*/gu;

function tokenCount(s: string): number {
  return s.match(TOKEN_COUNT)?.length ?? 0;
}

/** Builds a lexicon from the data files in `dir` (default: ingest/lexicons). */
export function loadLexicon(dir = DIR): Lexicon {
  const read = (f: string): string[] => (dir === DIR ? lines(f) : readFileSync(dir + f, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')));
  const entries: LexEntry[] = [];
  const byKey = new Map<string, LexEntry>();
  const multiFirst = new Map<string, number>();
  const lowerFirst = new Set<string>();
  for (const [file, type] of [['methods.txt', 'method'], ['datasets.txt', 'dataset'], ['benchmarks.txt', 'benchmark']] as const) {
    for (const line of read(file)) {
      const aliases = line.split('|').map((a) => a.trim()).filter(Boolean);
      const entry: LexEntry = { name: aliases[0]!, aliases, type, file };
      entries.push(entry);
      for (const a of aliases) {
        const k = looseKey(a);
        if (!byKey.has(k)) byKey.set(k, entry);
        const firstTok = a.match(TOKEN_COUNT)?.[0] ?? a;
        if (/^[a-z]+$/.test(firstTok)) lowerFirst.add(firstTok);
        const n = tokenCount(a);
        if (n > 1) {
          const first = looseKey(a.match(TOKEN_COUNT)![0]);
          multiFirst.set(first, Math.max(multiFirst.get(first) ?? 1, n));
        }
      }
    }
  }
  const nameWords = new Map<string, TypeHint>();
  for (const l of read('name-words.txt')) {
    const [w, t] = l.split('\t');
    if (w && t) nameWords.set(w.toLowerCase(), t.trim() as TypeHint);
  }
  return {
    entries,
    byKey,
    multiFirst,
    lowerFirst,
    stopAcronyms: new Set(read('stop-acronyms.txt').map((s) => s.trim())),
    genericHeads: new Set(read('generic-heads.txt').map((s) => s.trim().toLowerCase())),
    genericTerms: new Set(read('generic-terms.txt').map((s) => looseKey(s.trim()))),
    languages: new Set(read('languages.txt').map((s) => s.trim().toLowerCase())),
    organizations: new Set(read('organizations.txt').map((s) => s.trim().toLowerCase())),
    nameWords,
    nameSuffixes: new Set(read('name-suffixes.txt').map((s) => s.trim())),
    metrics: read('metrics.txt').map((s) => s.trim()).sort((a, b) => b.length - a.length),
  };
}

let cached: Lexicon | undefined;

/** The default lexicon, compiled on first use and shared afterwards. */
export function defaultLexicon(): Lexicon {
  cached ??= loadLexicon();
  return cached;
}
