// Candidate finding: name-shaped token runs, lexicon matches, title prefixes, naming phrases and acronym definitions.
import type { Role } from '../types.ts';
import { looseKey, type LexEntry, type Lexicon, type TypeHint } from './lexicon.ts';
import { leadingNounPhrase, wordClass } from './nlp.ts';
import { COMPILED, CUE_SUFFIXES, LONG_FORM_TRIM, PAREN_SHORT, TITLE_PREFIX, TITLE_PREFIX_MAX_WORDS, TITLE_PREFIX_STOP } from './rules/index.ts';
import type { Sentence, Token } from './text.ts';
import { tokenize } from './text.ts';

/** A piece of evidence for a candidate's type or role: which rule fired and why. */
export interface Signal {
  rule: string;
  reason: string;
  type?: TypeHint;
  weight: number;
  role?: Role;
}

export type CandidateKind = 'run' | 'lexicon' | 'title-prefix' | 'phrase' | 'long-form';

/** A possible entity mention, before pruning and grouping. */
export interface Candidate {
  surface: string;
  /** Absolute offsets into the paper text. */
  start: number;
  end: number;
  sentence: Sentence;
  kind: CandidateKind;
  /** Number of tokens in the surface. */
  tokens: number;
  /** Contains a name-shaped token ('BERT', 'GPT-4o', 'MixPro'). */
  strong: boolean;
  lex?: LexEntry;
  /** A lexicon method the name is a variant of ('Qwen2.5-7B-Instruct' → Qwen2.5). */
  lexPrefix?: LexEntry;
  /** Sentence text right before / after the surface (bounded). */
  before: string;
  after: string;
  signals: Signal[];
  /** A naming rule or acronym definition says this is a name. */
  defined: boolean;
  /** Enough evidence to keep it (set by the engine). */
  licensed: boolean;
  /** Rule that created the candidate, with its reason (first evidence line). */
  rule: string;
  reason: string;
}

/** "Mixture-of-Denoisers (MoD)": a long form and its short form, in one sentence. */
export interface AcronymDef {
  short: string;
  long: string;
  shortStart: number;
  longStart: number;
  longEnd: number;
  sentence: Sentence;
  rule: string;
}

const CONTEXT = 140;
// Only tokens with a digit, a capital or an underscore can be measures, symbols or markup ('7B', 'C_Phi', 'mathcal').
const tokenReject = (t: string): boolean => !/^[a-ln-z]+$/.test(t) && COMPILED.tokenRules.some((r) => r.pattern.test(t));

// Lower-case English words that are all-caps in titles ('ALL', 'FOR') are not names by shape alone.
const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'for', 'of', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'is', 'are', 'all', 'one', 'not', 'no', 'new', 'you', 'we', 'it', 'as', 'be', 'do', 'can', 'via', 'vs', 'its', 'our', 'your', 'how', 'why', 'what', 'when', 'who', 'more', 'less', 'need', 'only', 'any', 'every', 'good', 'best', 'just', 'make', 'let', 'see', 'think', 'step', 'back']);

/** Name-shaped: ≥2 capitals ('BERT', 'MoD'), letters with digits and a capital ('T5', 'Qwen2.5'), or camel case ('xGen', 'vLLM'). */
export function isStrongToken(t: string): boolean {
  if (t.length < 2) return false;
  let upper = 0;
  let letters = 0;
  let digits = 0;
  let camel = false;
  let prevLower = false;
  // 'Vision-Language', 'Plug-and-Play', 'Text-to-Sounding': hyphenated plain words are not name-shaped,
  // so capitals count only when they do not start a hyphen-separated part.
  let plainParts = true;
  let partStart = true;
  for (let k = 0; k < t.length; k++) {
    const ch = t[k]!;
    const c = t.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      digits++;
      prevLower = false;
      plainParts = false;
      partStart = false;
      continue;
    }
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lo !== up) {
      letters++;
      if (ch === up) {
        upper++;
        if (prevLower) camel = true;
        if (!partStart) plainParts = false;
        prevLower = false;
      } else prevLower = true;
      partStart = false;
    } else {
      if (ch !== '-') plainParts = false;
      partStart = ch === '-';
      prevLower = false;
    }
  }
  if (letters === 0) return false;
  if (plainParts && t.includes('-')) return false;
  if (upper >= 2) return true;
  if (upper >= 1 && digits > 0) return true;
  return camel;
}

function isCapWord(t: string): boolean {
  const c = t.charCodeAt(0);
  if (!(c >= 65 && c <= 90) && !(c >= 0xc0 && t[0] !== t[0]!.toLowerCase())) return false;
  return /^\p{Lu}\p{Ll}+(?:[-'’]\p{L}+)*$/u.test(t) && !isStrongToken(t);
}

const VERSION = /^(?:[vV]\d+(?:\.\d+)*|\d(?:\.\d+)*|\d{2}\.\d+)$/;

/** All-caps common English word ('ALL', 'FOR', 'FOSTER'): name-shaped but needs a cue. */
export function isCapsWord(t: string): boolean {
  if (!/^\p{Lu}{2,}$/u.test(t)) return false;
  const lower = t.toLowerCase();
  if (FUNCTION_WORDS.has(lower)) return true;
  const c = wordClass(lower);
  return c !== undefined && !['Organization', 'Country', 'City', 'Place', 'Region', 'FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person'].includes(c);
}

interface Tok extends Token {
  /** Text without a cue suffix ('ViT-based' → 'ViT'). */
  core: string;
  coreEnd: number;
  cueSuffix?: string;
  strong: boolean;
  cap: boolean;
  rejected: boolean;
  /** A plain lower-case word. */
  plain: boolean;
}

const PLAIN_LOWER = /^[a-z]+$/;
const CONNECTOR_GAP = /^ (?:of|for|from|with|via|in|on|to|by)(?: the)? $/;
const FUNCTION_CLASS = new Set(['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'QuestionWord', 'Modal', 'Copula', 'Auxiliary', 'Negative', 'Adverb']);

function prepare(tokens: Token[]): Tok[] {
  return tokens.map((t) => {
    // Fast path: most tokens are plain lower-case words — never names, measures or cue-suffixed.
    if (PLAIN_LOWER.test(t.text)) return { text: t.text, start: t.start, end: t.end, gap: t.gap, core: t.text, coreEnd: t.end, strong: false, cap: false, rejected: false, plain: true };
    let core = t.text;
    let cueSuffix: string | undefined;
    if (core.includes('-')) {
      const m = COMPILED.cueSuffix.exec(core);
      if (m) {
        core = m[1]!;
        cueSuffix = m[2]!.toLowerCase();
      }
    }
    const rejected = tokenReject(core);
    return { text: t.text, start: t.start, end: t.end, gap: t.gap, core, coreEnd: t.start + core.length, cueSuffix, strong: !rejected && isStrongToken(core), cap: !rejected && isCapWord(core), rejected, plain: false };
  });
}

/** Builds a candidate; `before`/`after` are cut from the sentence around the span. */
function makeCandidate(paper: string, sentence: Sentence, start: number, end: number, kind: CandidateKind, tokens: number, strong: boolean, rule: string, reason: string): Candidate {
  const rs = start - sentence.start;
  const re = end - sentence.start;
  return {
    surface: paper.slice(start, end),
    start,
    end,
    sentence,
    kind,
    tokens,
    strong,
    // The sentence's first letter is lower-cased so rules read 'We propose' as 'we propose'.
    before: rs <= CONTEXT ? sentence.text.charAt(0).toLowerCase() + sentence.text.slice(1, rs) : sentence.text.slice(rs - CONTEXT, rs),
    after: sentence.text.slice(re, re + CONTEXT),
    signals: [],
    defined: false,
    licensed: false,
    rule,
    reason,
  };
}

/** Longest lexicon alias starting at token i, respecting case for plain words ('Spider' yes, 'spider' no). */
function matchLexicon(toks: Tok[], i: number, lex: Lexicon, sentenceInitial: boolean): { entry: LexEntry; len: number } | undefined {
  const first = looseKey(toks[i]!.core);
  const maxLen = lex.multiFirst.get(first) ?? 1;
  for (let len = Math.min(maxLen, toks.length - i); len >= 1; len--) {
    if (len > 1 && toks.slice(i + 1, i + len).some((t) => t.gap !== ' ' && t.gap !== '-')) continue;
    const parts = toks.slice(i, i + len).map((t, k) => (k === len - 1 ? t.core : t.text));
    const surface = parts.join(' ');
    const entry = lex.byKey.get(looseKey(surface));
    if (!entry) continue;
    // The alias as written in the lexicon that this surface matched.
    const alias = entry.aliases.find((a) => looseKey(a) === looseKey(surface)) ?? entry.name;
    const plain = /^(?:\p{Lu}?\p{Ll}+|\p{Lu}+)$/u.test(alias);
    if (plain && surface !== alias) continue;
    if (/^\p{Lu}?\p{Ll}+$/u.test(surface) && surface !== alias) continue; // 'Zero' is not 'ZeRO' // 'Spider' must be written 'Spider', 'MATH' as 'MATH'
    // 'Falcon' at sentence start is likely the word; 'Llama' (unknown to compromise as a word) is the name.
    if (plain && sentenceInitial && /^\p{Lu}\p{Ll}/u.test(alias) && wordClass(alias.toLowerCase()) !== undefined) continue;
    if (/\p{Lu}/u.test(alias) && !/\p{Lu}/u.test(surface)) continue; // 'transformer' is not 'Transformer'
    return { entry, len };
  }
  return undefined;
}

/** Lexicon method that the token extends: 'Qwen2.5-7B-Instruct' → Qwen2.5, 'GPT-Neo-125M' → GPT-Neo. */
function lexiconPrefix(core: string, lex: Lexicon): LexEntry | undefined {
  const parts = core.split(/(?<=[-_])/);
  for (let k = parts.length - 1; k >= 1; k--) {
    const head = parts.slice(0, k).join('').replace(/[-_]$/, '');
    const e = lex.byKey.get(looseKey(head));
    if (e && head.length >= 2) return e;
  }
  return undefined;
}

/** Candidates from token runs and lexicon matches in one sentence. */
export function sentenceCandidates(paper: string, sentence: Sentence, lex: Lexicon): Candidate[] {
  const toks = prepare(tokenize(sentence, lex.lowerFirst));
  const out: Candidate[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    // Sentence-initial: nothing but punctuation before it ('"Foo', '(Bar').
    const initial = t.start - sentence.start === t.gap.length && !/[\p{L}\p{N}]/u.test(t.gap);
    const lexHit = t.rejected || (t.plain && !lex.lowerFirst.has(t.text)) ? undefined : matchLexicon(toks, i, lex, initial);
    // An organisation or a generic acronym is a candidate of its own (pruned later, with its reason), never
    // the start of a longer name: 'OpenAI GPT-4' → 'OpenAI' + 'GPT-4', 'USD 9.4' → 'USD'.
    const solo = !lexHit && (lex.organizations.has(t.core.toLowerCase()) || lex.stopAcronyms.has(t.core));
    let j = i;
    let kind: CandidateKind = 'run';
    if (lexHit) {
      j = i + lexHit.len;
      kind = 'lexicon';
    } else if (solo || t.strong || (t.cap && !sentence.isTitle && !initial && !lex.languages.has(t.core.toLowerCase()) && !FUNCTION_CLASS.has(wordClass(t.core.toLowerCase()) ?? ''))) {
      j = i + 1;
    } else {
      i++;
      continue;
    }
    // Extend right: 'ERNIE 3.0 Titan', 'BridgeData V2', 'GPT-4 Turbo', 'Bio+Clinical BERT'.
    while (!solo && j < toks.length && !toks[j - 1]!.cueSuffix) {
      const n = toks[j]!;
      const caps = !toks.slice(i, j).some((x) => x.strong) && kind !== 'lexicon';
      // Title Case names may hold a connector: 'Robust Sparse Mixture of Experts', 'Encoder Representations from Transformers'.
      const connector = caps && n.cap && CONNECTOR_GAP.test(n.gap) && j - i < 6;
      if ((n.gap !== ' ' && !connector) || n.rejected || lex.stopAcronyms.has(n.core)) break;
      // A generic word ends the name ('COCO dataset') unless the name goes on ('Hypernetwork Model Alignment').
      if (lex.nameWords.has(n.core.toLowerCase())) {
        const after = toks[j + 1];
        if (!(after && after.gap === ' ' && (after.cap || after.strong) && !sentence.isTitle && !lex.nameWords.has(after.core.toLowerCase()))) break;
      }
      const prev = toks[j - 1]!;
      const runIsCaps = !toks.slice(i, j).some((x) => x.strong) && kind !== 'lexicon';
      const ok = (n.strong && !runIsCaps)
        || (VERSION.test(n.core) && !runIsCaps)
        || (n.cap && !sentence.isTitle && (runIsCaps || (VERSION.test(prev.core) && wordClass(n.core.toLowerCase()) === undefined) || lex.nameSuffixes.has(n.core)) && !lex.languages.has(n.core.toLowerCase()));
      if (!ok) break;
      if (VERSION.test(n.core) && /^\d{1,2}$/.test(n.core) && !/^\p{Lu}/u.test(toks[j - 1]!.core)) break;
      j++;
    }
    const last = toks[j - 1]!;
    const strong = toks.slice(i, j).some((x) => x.strong);
    const entry = lexHit?.entry;
    const c = makeCandidate(paper, sentence, t.start, last.coreEnd, kind, j - i, strong || !!entry, kind === 'lexicon' ? 'lex.match' : 'run.name-shape', kind === 'lexicon' ? `known ${entry!.type} (${entry!.file})` : strong ? 'name-shaped token' : 'capitalised word(s) mid-sentence');
    if (entry && j - i === lexHit!.len) c.lex = entry;
    else if (entry) c.lexPrefix = entry; // 'SQuAD v1.1', 'Stable Diffusion XL': a variant of a known entity
    if (!c.lex && j - i === 1) {
      const p = lexiconPrefix(t.core, lex);
      if (p) c.lexPrefix = p;
    } else if (!c.lex && !entry && j - i > 1 && toks.slice(i + 1, j).every((x) => VERSION.test(x.core) || lex.nameSuffixes.has(x.core))) {
      // 'SQuAD v1.1', 'GPT-4 Turbo': a known name with a version or suffix is a variant of it.
      const e = lex.byKey.get(looseKey(t.core));
      if (e) c.lexPrefix = e;
    }
    if (last.cueSuffix) {
      const s = CUE_SUFFIXES.find((x) => x.suffix === last.cueSuffix)!;
      c.signals.push({ rule: `suffix.${s.suffix}`, reason: s.reason, type: s.type, weight: s.type ? 3 : 0, role: 'USES' });
      c.after = `-${last.cueSuffix}${c.after}`;
    }
    out.push(c);
    i = j;
  }
  return out;
}

/** The title's prefix before ':' as the paper's own entity ('UL2: Unifying …' → UL2), when it looks like a name. */
export function titlePrefixCandidate(paper: string, title: Sentence, abstract: string): Candidate | undefined {
  const m = TITLE_PREFIX.exec(title.text);
  if (!m) return undefined;
  let prefix = m[1]!.replace(/\s*\([^)]*\)\s*$/, ''); // 'xGen-MM (BLIP-3)' → 'xGen-MM'; the paren is an alias pass
  if (!prefix || TITLE_PREFIX_STOP.includes(prefix.toLowerCase()) || /[,;]/.test(prefix)) return undefined;
  const words = prefix.split(/\s+/);
  if (words.length > TITLE_PREFIX_MAX_WORDS || !/\p{L}/u.test(prefix)) return undefined;
  const strong = words.some((w) => isStrongToken(w) && !isCapsWord(w));
  const reoccurs = words.length > 1 && abstract.toLowerCase().includes(prefix.toLowerCase());
  const hasLower = words.some((w) => /^\p{Ll}/u.test(w));
  if (words.length > 1 && !reoccurs && (hasLower || !strong)) return undefined;
  if (words.length === 1 && !/^\p{Lu}|\p{Lu}/u.test(prefix)) return undefined;
  const start = title.start + m.index + m[0].indexOf(prefix);
  const c = makeCandidate(paper, title, start, start + prefix.length, 'title-prefix', words.length, strong, 'title.prefix', 'title prefix before ":" names the paper\'s own contribution');
  c.defined = true;
  c.signals.push({ rule: 'title.prefix', reason: c.reason, role: 'PROPOSES', weight: 0 });
  return c;
}

// "called refresh learning", 'named "Pretrain, Personalized Prompt, and Predict Paradigm"'.
const NAMING_LOWER = /\b(?:called|named|dubbed|termed|coined|referred\s+to\s+as)\s+(?:(["“])([^"”]{2,80})["”]|([a-z][\w-]*(?:\s+[a-z][\w-]*){0,5}))/g;

/** Lower-case or quoted names after a naming verb, cut to a noun phrase by compromise's tagger. */
export function namingPhraseCandidates(paper: string, sentence: Sentence): Candidate[] {
  const out: Candidate[] = [];
  NAMING_LOWER.lastIndex = 0;
  for (let m = NAMING_LOWER.exec(sentence.text); m; m = NAMING_LOWER.exec(sentence.text)) {
    let phrase: string;
    let at: number;
    if (m[2]) {
      phrase = m[2].trim();
      at = m.index + m[0].indexOf(m[2]);
    } else {
      const win = m[3]!;
      if (/^(?:a|an|the|as|after|by|for|in|to|so|that|this|these|it|its|their|entity|entities)\b/.test(win)) continue;
      // 'a task called continual model refinement' names a task, not a method or dataset.
      if (/\b(?:task|problem|setting|phenomenon|scenario|challenge|issue|behaviou?r|effect|property)(?:\s+[a-z]+){0,2}\s+(?:is\s+|was\s+)?$/.test(sentence.text.slice(0, m.index))) continue;
      phrase = leadingNounPhrase(win).replace(/\s+(?:framework|model|method|approach|dataset|benchmark|corpus|algorithm|system|technique|strategy)s?$/, '');
      at = m.index + m[0].length - win.length;
    }
    if (!phrase) continue;
    const start = sentence.start + at;
    const c = makeCandidate(paper, sentence, start, start + phrase.length, 'phrase', phrase.split(/\s+/).length, false, 'def.named-phrase', 'lower-case or quoted name after "called/named/dubbed"');
    out.push(c);
  }
  return out;
}

/**
 * Schwartz & Hearst (2003): the shortest long form before "(SF)" whose letters cover the short form's
 * characters in order, the first at a word start. Returns its start offset within `text` or -1.
 */
export function schwartzHearst(shortForm: string, text: string): number {
  // 'P2C' ← 'prefer-to-classify', 'T2SV' ← 'Text-to-Sounding-Video': a digit between letters stands for a word.
  const short = shortForm.replace(/(?<=\p{L})2(?=\p{L})/gu, 't').replace(/(?<=\p{L})4(?=\p{L})/gu, 'f');
  let s = short.length - 1;
  let l = text.length - 1;
  while (s >= 0) {
    const ch = short[s]!.toLowerCase();
    if (!/[\p{L}\p{N}]/u.test(ch)) {
      s--;
      continue;
    }
    while (l >= 0 && (text[l]!.toLowerCase() !== ch || (s === 0 && l > 0 && /[\p{L}\p{N}]/u.test(text[l - 1]!)))) l--;
    if (l < 0) return -1;
    l--;
    s--;
  }
  const sp = Math.max(text.lastIndexOf(' ', l), text.lastIndexOf('"', l), text.lastIndexOf('“', l));
  return sp + 1;
}

/** True for short forms worth an acronym definition: 'MoD', 'PEFT', 'LLMs', 'P5', 'BLIP-3'. */
function acronymLike(s: string): boolean {
  return /\p{Lu}/u.test(s) && (isStrongToken(s) || /^\p{Lu}[\p{Ll}\d]{0,5}$/u.test(s)) && !/^(?:e\.g|i\.e|cf|et)/i.test(s);
}

/** Acronym definitions in one sentence: 'Mixture-of-Denoisers (MoD)', 'model-based clustering, MBC,'. */
export function acronymDefinitions(sentence: Sentence): AcronymDef[] {
  const out: AcronymDef[] = [];
  const text = sentence.text;
  PAREN_SHORT.lastIndex = 0;
  for (let m = PAREN_SHORT.exec(text); m; m = PAREN_SHORT.exec(text)) {
    const short = m[1]!.replace(/[.-]+$/, '');
    if (!acronymLike(short)) continue;
    const head = text.slice(0, m.index).replace(/\s+$/, '');
    const def = longFormBefore(short, head, sentence, m.index + m[0].indexOf(short), 'alias.acronym-paren');
    if (def) out.push(def);
  }
  // Appositive: 'introduce model-based clustering, MBC, a method that …'
  const appos = /,\s+(\p{Lu}[\p{L}\d-]{1,10}),/gu;
  for (let m = appos.exec(text); m; m = appos.exec(text)) {
    const short = m[1]!;
    if (!isStrongToken(short)) continue;
    const head = text.slice(0, m.index);
    const clause = head.slice(Math.max(head.lastIndexOf(','), head.lastIndexOf(';'), head.lastIndexOf(':')) + 1);
    const def = longFormBefore(short, clause, sentence, m.index + m[0].indexOf(short), 'alias.acronym-appositive', head.length - clause.length);
    if (def && def.long.split(/\s+/).length >= 2) out.push(def);
  }
  return out;
}

function longFormBefore(short: string, head: string, sentence: Sentence, shortAt: number, rule: string, offset = 0): AcronymDef | undefined {
  const letters = short.replace(/[^\p{L}\p{N}]/gu, '').length;
  const maxWords = Math.min(letters + 5, letters * 2);
  const words = head.split(/(?<=\s)/);
  const window = words.slice(-maxWords).join('');
  const winStart = head.length - window.length;
  const at = schwartzHearst(short, window);
  if (at < 0) return undefined;
  let long = window.slice(at);
  let longStart = winStart + at;
  for (let t = LONG_FORM_TRIM.exec(long); t; t = LONG_FORM_TRIM.exec(long)) {
    long = long.slice(t[0].length);
    longStart += t[0].length;
  }
  long = long.replace(/["“”]+$/, '').trim();
  if (long.length <= short.length || !/\s|-/.test(long) || long.toLowerCase().includes(short.toLowerCase())) return undefined;
  if (long[0]!.toLowerCase() !== short[0]!.toLowerCase()) return undefined;
  return { short, long, shortStart: sentence.start + shortAt, longStart: sentence.start + offset + longStart, longEnd: sentence.start + offset + longStart + long.length, sentence, rule };
}

/** A candidate for an acronym's long form (it may be lower-case: 'once-for-all (OFA)'). */
export function longFormCandidate(paper: string, def: AcronymDef): Candidate {
  const c = makeCandidate(paper, def.sentence, def.longStart, def.longEnd, 'long-form', def.long.split(/\s+/).length, false, def.rule, `long form of "${def.short}"`);
  c.defined = true;
  return c;
}

/** The type a head word signals ('benchmark' → benchmark), via the name-word list. */
export function headType(word: string | undefined, lex: Lexicon): TypeHint | undefined {
  if (!word) return undefined;
  const w = word.toLowerCase();
  if (w === 'collection' || w === 'suite') return w === 'suite' ? 'benchmark' : 'dataset';
  return lex.nameWords.get(w) ?? lex.nameWords.get(w.replace(/s$/, '')) ?? (/^(?:transformer|tokenizer|engine|platform|tool|interface|solution|recipe|scheme|procedure|objective)s?$/.test(w) ? 'method' : undefined);
}
