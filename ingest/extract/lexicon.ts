// Loads the vocabularies (ingest/lexicons/*) once and compiles them into lookup tables. Each vocabulary lives in one
// file; `inVocabulary` is the one place that says how a surface form is matched against each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEXICON_DIR } from '../paths.ts';
import type { EntityType } from '../types.ts';
import { ENGLISH_FUNCTION_WORDS } from './rules/05-language.ts';
import type { TypeHint } from './rules/types.ts';
import { memoPerObject } from './memo.ts';
import { wordClass } from './nlp.ts';

export type { TypeHint } from './rules/types.ts';

/** One known entity from a lexicon file: `MS COCO | COCO` → name 'MS COCO', aliases ['MS COCO', 'COCO']. */
export interface LexEntry {
  name: string;
  aliases: string[];
  type: EntityType;
  /** The file it came from (its `# source:` line says where the names were checked). */
  file: string;
  /** The file spells it without a capital somewhere ('Fairseq | fairseq', 'support vector machine'): in lower case it is still this name. */
  lowerCaseSpelling: boolean;
}

/** The class of thing a head word names (heads.tsv). */
export type HeadClass = TypeHint | 'task' | 'concept' | 'metric';
const HEAD_CLASSES: readonly HeadClass[] = ['method', 'dataset', 'benchmark', 'data', 'task', 'concept', 'metric'];
const NAME_HEAD_CLASSES: ReadonlySet<string> = new Set<TypeHint>(['method', 'dataset', 'benchmark', 'data']);

/** The head class names a kind of entity ('model', 'corpus', 'benchmark'), not a task, concept or metric. */
export function isNameHead(c: string | undefined): c is TypeHint {
  return c !== undefined && NAME_HEAD_CLASSES.has(c);
}

/** Named vocabularies a lexicon rule can test membership in. */
export type Vocabulary =
  | 'methods' | 'datasets' | 'benchmarks' | 'entity-variants'
  | 'stop-acronyms' | 'generic-terms' | 'metrics' | 'languages' | 'organizations' | 'venues' | 'shared-tasks';

export interface Lexicon {
  entries: LexEntry[];
  /** Loose key (see `looseKey`) of every alias → entry. */
  byKey: Map<string, LexEntry>;
  /** Loose key of the first token of a multi-token alias → the longest alias length in tokens. */
  multiFirst: Map<string, number>;
  /** Plain lower-case words that may start an alias (its own first word, or a multi-word alias's in lower case). */
  lowerFirst: Set<string>;
  /**
   * Plain lower-case words the tokenizer keeps: `lowerFirst` and the later words of those aliases ('stable
   * diffusion', 'long short-term memory'), connectors left out ('mixture of experts' keeps its ' of ' gap).
   */
  lowerTokens: Set<string>;
  /** Head word → class; keys lower-cased, except words written with capitals in heads.tsv ('LLMs'). */
  heads: Map<string, HeadClass>;
  /** Head words per class, as written (for the rule macros). */
  headWords: Record<HeadClass, string[]>;
  stopAcronyms: Set<string>;
  genericTerms: Set<string>;
  /** Exact metric spellings and lower-cased ones (for phrases written in lower case in metrics.txt). */
  metrics: Set<string>;
  metricsLower: Set<string>;
  /** Metric names, longest first, for result statements. */
  metricList: string[];
  languages: Set<string>;
  /** Words that name a variety of a language before its name ('Modern', 'Levantine'; language-varieties.txt), lower case. */
  languageVarieties: Set<string>;
  /** Two-letter language codes, read only as the two sides of a pair ('De-En'). */
  languageCodes: Set<string>;
  organizations: Set<string>;
  venues: Set<string>;
  /** Shared-task series as written ('SemEval', 'WMT'). */
  sharedTasks: string[];
  sharedTaskSet: Set<string>;
  /** Series whose edition alone is a workshop of many tasks ('SemEval'), not data (shared-tasks.txt, marked `workshop`). */
  workshopSeries: string[];
  /** Capitalised words that continue a model name ('Turbo', 'Titan', 'Instruct'). */
  nameSuffixes: Set<string>;
  /** Words that take a number as a label ('Stage', 'Table'). */
  labelWords: string[];
}

/** A code unit looseKey drops: white space (what \s matches), a hyphen, an underscore or a dash U+2010–U+2015. */
export function isKeySeparator(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13) || c === 45 || c === 95;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || (c >= 0x2010 && c <= 0x2015) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Lower-case and drop spaces, hyphens, dashes and underscores: 'ImageNet-1K' and 'imagenet 1k' meet. */
export function looseKey(s: string): string {
  const l = s.toLowerCase();
  // most keys have no separator: a scan by code finds that without a regular expression
  for (let i = 0; i < l.length; i++) if (isKeySeparator(l.charCodeAt(i))) return l.replace(/[\s\-_\u2010-\u2015]+/g, '');
  return l;
}

const PLURAL = /^(.*[A-Z0-9])s$/;

/** 'LLMs' → 'LLM' (only for acronym-shaped plurals). */
export function singular(s: string): string {
  const m = PLURAL.exec(s);
  return m ? m[1]! : s;
}

/**
 * A phrase whose last word is a regular plural, in the singular: 'deep neural networks' → 'deep neural network',
 * 'Agentic Neural Networks' → 'Agentic Neural Network' ('analysis', 'corpus', 'bias' stay). The one plural rule for
 * phrases: the generic-terms vocabulary and the names grouped in a paper (`groupKey`) both read it.
 */
export function phraseSingular(s: string): string {
  return /[a-z]{2}[^siu'’\s]s$/.test(s) ? s.slice(0, -1) : s;
}

/** Data lines of a vocabulary file: comments (#) and blank lines dropped, trailing space trimmed. */
export function vocabularyLines(file: string, dir = LEXICON_DIR): string[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

const TOKEN_COUNT = /[\p{L}\p{N}](?:[\p{L}\p{N}]|[-_.+&'’/](?=[\p{L}\p{N}]))*\+*/gu;

function tokenCount(s: string): number {
  return s.replace(/\//g, ' ').match(TOKEN_COUNT)?.length ?? 0;
}

/** Builds a lexicon from the data files in `dir` (default: ingest/lexicons). */
export function loadLexicon(dir = LEXICON_DIR): Lexicon {
  const read = (f: string): string[] => vocabularyLines(f, dir);
  const entries: LexEntry[] = [];
  const byKey = new Map<string, LexEntry>();
  const multiFirst = new Map<string, number>();
  const lowerFirst = new Set<string>();
  const lowerInner = new Set<string>();
  for (const [file, type] of [['methods.txt', 'method'], ['datasets.txt', 'dataset'], ['benchmarks.txt', 'benchmark']] as const) {
    for (const line of read(file)) {
      const aliases = line.split(' | ').map((a) => a.trim()).filter(Boolean);
      const entry: LexEntry = { name: aliases[0]!, aliases, type, file, lowerCaseSpelling: aliases.some((a) => a === a.toLowerCase() && /\p{Ll}/u.test(a)) };
      entries.push(entry);
      for (const a of aliases) {
        const k = looseKey(a);
        if (!byKey.has(k)) byKey.set(k, entry);
        const spaced = a.replace(/\//g, ' ');
        const firstTok = spaced.match(TOKEN_COUNT)?.[0] ?? a;
        const n = tokenCount(a);
        // Plain lower-case first words worth a lookup: of a lower-case alias, or of a name that may be written in
        // lower case when it has two words or more ('stable diffusion', 'long short-term memory').
        if (/^[a-z]+$/.test(firstTok) || (n > 1 && /^[A-Za-z]+$/.test(firstTok))) {
          lowerFirst.add(firstTok.toLowerCase());
          for (const w of spaced.toLowerCase().split(/\s+/).slice(1)) if (/^[a-z]+$/.test(w) && !ENGLISH_FUNCTION_WORDS.has(w)) lowerInner.add(w);
        }
        if (n > 1) {
          const first = looseKey(firstTok);
          multiFirst.set(first, Math.max(multiFirst.get(first) ?? 1, n));
        }
      }
    }
  }
  const heads = new Map<string, HeadClass>();
  const headWords = Object.fromEntries(HEAD_CLASSES.map((c) => [c, [] as string[]])) as Record<HeadClass, string[]>;
  for (const l of read('heads.tsv')) {
    const [w, c] = l.split('\t');
    if (!w || !c || !HEAD_CLASSES.includes(c.trim() as HeadClass)) throw new Error(`heads.tsv: bad line "${l}"`);
    const cls = c.trim() as HeadClass;
    heads.set(/\p{Lu}/u.test(w) ? w : w.toLowerCase(), cls);
    headWords[cls].push(w);
  }
  const metrics = new Set(read('metrics.txt').map((s) => s.trim()));
  const seriesLines = read('shared-tasks.txt').map((l) => l.split('\t').map((x) => x.trim()));
  const sharedTasks = seriesLines.map(([name]) => name!);
  return {
    entries,
    byKey,
    multiFirst,
    lowerFirst,
    lowerTokens: new Set([...lowerFirst, ...lowerInner]),
    heads,
    headWords,
    stopAcronyms: new Set(read('stop-acronyms.txt').map((s) => s.trim())),
    genericTerms: new Set(read('generic-terms.txt').map((s) => looseKey(phraseSingular(s.trim())))),
    metrics,
    metricsLower: new Set([...metrics].filter((m) => m === m.toLowerCase() || /\s/.test(m)).map((m) => m.toLowerCase())),
    metricList: [...metrics].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)),
    languages: new Set(read('languages.txt').map((s) => s.trim().toLowerCase())),
    languageVarieties: new Set(read('language-varieties.txt').map((s) => s.trim().toLowerCase())),
    languageCodes: new Set(read('language-codes.txt').map((s) => s.trim().toLowerCase())),
    organizations: new Set(read('organizations.txt').map((s) => s.trim().toLowerCase())),
    venues: new Set(read('venues.txt').map((s) => s.trim().toLowerCase())),
    sharedTasks,
    sharedTaskSet: new Set(sharedTasks.map((s) => s.toLowerCase())),
    workshopSeries: seriesLines.filter(([, kind]) => kind === 'workshop').map(([name]) => name!),
    nameSuffixes: new Set(read('name-suffixes.txt').map((s) => s.trim())),
    labelWords: read('label-words.txt').map((s) => s.trim()),
  };
}

/**
 * The listed entity and alias a surface stands for, with the case rules every lexicon match follows: a plain word
 * only as written ('Spider', not 'spider'; 'Zero' is not 'ZeRO'), a capitalised plain word at a sentence start only
 * when compromise does not know it as a word ('Llama' yes, 'Falcon' no), and a name written all in lower case only
 * when it has two words or more, a hyphen or a digit ('stable diffusion', 'long short-term memory').
 */
export function listedAlias(lex: Lexicon, surface: string, sentenceInitial = false, isWord: (lower: string) => boolean = () => false, key = looseKey(surface)): { entry: LexEntry; alias: string } | undefined {
  const hit = aliasMatch(lex, surface, key);
  if (!hit) return undefined;
  const { alias } = hit.out;
  if (hit.plain && sentenceInitial && /^\p{Lu}\p{Ll}/u.test(alias) && isWord(alias.toLowerCase())) return undefined;
  return hit.out;
}

/** listedAlias without the sentence-start test: pure on (lexicon, surface); the work after the key look-up is remembered. */
interface AliasMatch {
  out: { entry: LexEntry; alias: string };
  /** The alias is one plain word ('Spider', 'BERT'): at a sentence start it may be the English word. */
  plain: boolean;
}
const aliasMemo = memoPerObject<AliasMatch | null>();

/** `key` is looseKey(surface), when the caller has it already. */
function aliasMatch(lex: Lexicon, surface: string, key = looseKey(surface)): AliasMatch | undefined {
  const entry = lex.byKey.get(key) ?? (/\p{L}s$/u.test(surface) ? lex.byKey.get(looseKey(surface.slice(0, -1))) : undefined);
  if (!entry) return undefined;
  // Only surfaces of listed names get here: a bounded set of spellings.
  const memo = aliasMemo(lex);
  const known = memo.get(surface);
  if (known !== undefined) return known ?? undefined;
  return memo.set(surface, matchEntry(entry, surface) ?? null) ?? undefined;
}

function matchEntry(entry: LexEntry, surface: string): AliasMatch | undefined {
  const alias = entry.aliases.find((a) => a === surface) ?? entry.aliases.find((a) => looseKey(a) === looseKey(surface)) ?? entry.name;
  const out = { entry, alias };
  if (/\p{Lu}/u.test(alias) && !/\p{Lu}/u.test(surface)) return /[\s\d-]/.test(surface) ? { out, plain: false } : undefined;
  const plain = /^(?:\p{Lu}?\p{Ll}+|\p{Lu}+)$/u.test(alias);
  if (plain && surface !== alias && surface !== `${alias}s`) return undefined;
  if (/^\p{Lu}?\p{Ll}+$/u.test(surface) && surface !== alias && surface !== `${alias}s`) return undefined;
  return { out, plain };
}

/** Head class of a word ('dataset' → dataset, 'LLMs' → method, 'Recognition' → task), if it is a head word. */
export function headClass(word: string | undefined, lex: Lexicon): HeadClass | undefined {
  if (!word) return undefined;
  const hit = lex.heads.get(word);
  if (hit !== undefined) return hit;
  // most words come in lower case already: their lower-case form is the same key, not worth a second look-up
  const lower = word.toLowerCase();
  return lower === word ? undefined : lex.heads.get(lower);
}

/** The listed entity this surface is a variant of: 'Qwen2.5-7B-Instruct' → Qwen2.5, 'GPT-4 Turbo' → GPT-4. */
export function variantOf(surface: string, lex: Lexicon): LexEntry | undefined {
  const memo = variantMemo(lex);
  const known = memo.get(surface);
  if (known !== undefined) return known ?? undefined;
  return memo.set(surface, computeVariantOf(surface, lex) ?? null) ?? undefined;
}

const variantMemo = memoPerObject<LexEntry | null>();

function computeVariantOf(surface: string, lex: Lexicon): LexEntry | undefined {
  if (lex.byKey.has(looseKey(surface))) return undefined;
  // 'GPT-4 Turbo', 'SQuAD v1.1', 'Gemma 2B': the first words are a listed name, the rest versions or suffixes.
  const words = surface.split(/\s+/);
  // 'Arabic WordNet', 'English Gigaword': a language edition of a listed resource.
  if (words.length >= 2 && lex.languages.has(words[0]!.toLowerCase())) {
    const e = lex.byKey.get(looseKey(words.slice(1).join(' ')));
    if (e && e.type !== 'method') return e;
  }
  for (let k = words.length - 1; k >= 1; k--) {
    const rest = words.slice(k);
    if (!rest.every((w) => /^(?:v?\d[\w.]*|\d+(?:\.\d+)?[BMK])$/.test(w) || lex.nameSuffixes.has(w))) continue;
    const e = lex.byKey.get(looseKey(words.slice(0, k).join(' ')));
    if (e) return e;
  }
  // 'Qwen2.5-7B-Instruct', 'BERT-base': a listed name before a hyphen.
  const last = words.length === 1 ? surface : '';
  const parts = last.split(/(?<=[-_])/);
  for (let k = parts.length - 1; k >= 1; k--) {
    const head = parts.slice(0, k).join('').replace(/[-_]$/, '');
    const e = lex.byKey.get(looseKey(head));
    if (e && head.length >= 2) return e;
  }
  return undefined;
}

const CUT_OFF = /(?:[-@]\d+(?:\.\d+)?|@k|[-\s]?[Ss]core)$/;
const YEAR = /(?:[-\s]?(?:19|20)\d\d|\s?['’]\d\d)$/;

/** Whether `surface` belongs to `vocabulary`, matched as that vocabulary is written (see each file's header). */
export function inVocabulary(lex: Lexicon, vocabulary: Vocabulary, surface: string): boolean {
  if (vocabulary === 'entity-variants') return variantOf(surface, lex) !== undefined;
  return (vocabularyMask(lex, surface) & VOCABULARY_BIT[vocabulary]) !== 0;
}

/** Whether a `vocabularyMask` holds `vocabulary`. */
export function maskHas(mask: number, vocabulary: Exclude<Vocabulary, 'entity-variants'>): boolean {
  return (mask & VOCABULARY_BIT[vocabulary]) !== 0;
}

// Every vocabulary but entity-variants (remembered by variantOf), one bit each: a surface is matched against all of
// them at once the first time it is seen, then answered from memory (candidate surfaces recur across papers).
const VOCABULARY_BIT: Record<Exclude<Vocabulary, 'entity-variants'>, number> = {
  methods: 1, datasets: 2, benchmarks: 4, 'stop-acronyms': 8, 'generic-terms': 16, metrics: 32, languages: 64, organizations: 128, venues: 256, 'shared-tasks': 512,
};
const VOCABULARY_BITS = Object.entries(VOCABULARY_BIT) as [Vocabulary, number][];
const vocabularyMemo = memoPerObject<number>();

/** Every vocabulary but entity-variants that `surface` belongs to, one bit each, for `maskHas` (a candidate tested against each lexicon rule looks its surface up once). */
export function vocabularyMask(lex: Lexicon, surface: string): number {
  const memo = vocabularyMemo(lex);
  const known = memo.get(surface);
  if (known !== undefined) return known;
  let bits = 0;
  for (const [v, bit] of VOCABULARY_BITS) if (matchVocabulary(lex, v, surface)) bits |= bit;
  return memo.set(surface, bits);
}

/**
 * A variety of a listed language: capitalised words naming its period, standard, script or region (language-varieties.txt,
 * or a demonym in compromise's lexicon) before the language's name — 'Modern Standard Arabic', 'Egyptian Arabic',
 * 'Brazilian Portuguese', 'Middle High German'. The name must end in the language: 'Arabic Treebank' is no variety.
 */
function isLanguageVariety(lex: Lexicon, phrase: string): boolean {
  const words = phrase.split(/\s+/);
  if (words.length < 2 || !lex.languages.has(words[words.length - 1]!.toLowerCase())) return false;
  for (let k = 0; k < words.length - 1; k++) {
    const w = words[k]!;
    if (!/^\p{Lu}\p{Ll}+$/u.test(w)) return false;
    const lower = w.toLowerCase();
    if (!lex.languageVarieties.has(lower) && !lex.languages.has(lower) && wordClass(lower) !== 'Demonym') return false;
  }
  return true;
}

const LEARNER_SETTING = /^(\p{Lu}\p{Ll}+) as (?:an? )?(?:first|second|foreign|additional|native|heritage) language$/iu;

/** A language as a learner's setting: 'English as a Second Language', 'Chinese as a Foreign Language'. */
function isLearnerSetting(lex: Lexicon, phrase: string): boolean {
  const m = LEARNER_SETTING.exec(phrase);
  return m !== null && lex.languages.has(m[1]!.toLowerCase());
}

function matchVocabulary(lex: Lexicon, vocabulary: Vocabulary, surface: string): boolean {
  switch (vocabulary) {
    case 'methods':
    case 'datasets':
    case 'benchmarks': {
      const e = listedAlias(lex, surface)?.entry;
      return !!e && `${e.type}s` === vocabulary;
    }
    case 'entity-variants':
      return variantOf(surface, lex) !== undefined;
    case 'stop-acronyms':
      return lex.stopAcronyms.has(surface) || lex.stopAcronyms.has(singular(surface));
    case 'generic-terms':
      return lex.genericTerms.has(looseKey(phraseSingular(surface)));
    case 'metrics': {
      // 'F1-scores' is the plural of 'F1-score'; 'ChrF' opens a sentence with 'chrF'
      const plain = surface.replace(/(?<=[Ss]core)s$/, '');
      const forms = [plain, plain.replace(CUT_OFF, ''), plain.replace(CUT_OFF, '').replace(CUT_OFF, '')];
      return forms.some((s) => s !== '' && (lex.metrics.has(s) || lex.metrics.has(s.charAt(0).toLowerCase() + s.slice(1)) || lex.metricsLower.has(s.toLowerCase())));
    }
    case 'languages': {
      const parts = surface.split(/\s*(?:[-–/→]|\s+to\s+|-to-)\s*/);
      if (parts.length === 2 && parts.every((p) => /^(?:\p{Lu}{2}|\p{Lu}\p{Ll}|\p{Ll}{2})$/u.test(p) && lex.languageCodes.has(p.toLowerCase()))) return true;
      return parts.length <= 2 && parts.every((p) => lex.languages.has(p.toLowerCase()) || isLanguageVariety(lex, p) || isLearnerSetting(lex, p));
    }
    case 'organizations':
      return lex.organizations.has(surface.toLowerCase());
    case 'venues':
      return lex.venues.has(surface.toLowerCase()) || lex.venues.has(surface.replace(YEAR, '').toLowerCase());
    case 'shared-tasks':
      return lex.sharedTaskSet.has(surface.toLowerCase());
  }
}

let cached: Lexicon | undefined;

/** The default lexicon, compiled on first use and shared afterwards. */
export function defaultLexicon(): Lexicon {
  cached ??= loadLexicon();
  return cached;
}
