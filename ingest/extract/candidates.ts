// Candidate generators (pass 20): the implementation of each declared generator rule, by id. High recall — a span
// that could be a name becomes a candidate; rules add evidence and the trained scorer decides.
import { CHAR_OTHER, codePointClassAt, codePointStartBefore } from '../chars.ts';
import type { Role } from '../types.ts';
import { headClass, inVocabulary, isNameHead, listedAlias, looseKey, phraseSingular, singular, variantOf, type LexEntry, type Lexicon } from './lexicon.ts';
import { taskOfSeries } from './canonical.ts';
import { leadingNounPhrase, wordClass } from './nlp.ts';
import {
  ENGLISH_FUNCTION_WORDS, LONG_FORM_TRIM, NAMING_VERBS, PAREN_SHORT, TITLE_PREFIX, TITLE_PREFIX_MAX_WORDS, TITLE_PREFIX_STOP,
  type CompiledRules, type TypeHint,
} from './rules/index.ts';
import type { Sentence, Token } from './text.ts';
import { CONNECTOR, tokenize } from './text.ts';

/** One rule that fired on a candidate, with the hints it carries. */
export interface Fired {
  rule: string;
  type?: TypeHint;
  role?: Role;
  /** The head word of the rule's matched words names a task or a concept, not a kind of entity ('we introduce a new task: X'). */
  head?: 'task' | 'concept';
}

/** A possible entity mention, before scoring and grouping. */
export interface Candidate {
  surface: string;
  /** Absolute offsets into the paper text. */
  start: number;
  end: number;
  sentence: Sentence;
  /** Id of the generator rule that proposed it. */
  generator: string;
  /** Number of tokens in the surface. */
  tokens: number;
  /** Contains a name-shaped token ('BERT', 'GPT-4o', 'MixPro'). */
  strong: boolean;
  /** The listed entity this surface is an alias of. */
  lex?: LexEntry;
  /** Sentence text right before / after the surface (bounded; the sentence's first letter lower-cased). */
  before: string;
  after: string;
  /** Rules that fired on it, in pass order. */
  fired: Fired[];
}

/** "Mixture-of-Denoisers (MoD)": a long form and its short form, in one sentence. */
export interface AcronymDef {
  short: string;
  long: string;
  shortStart: number;
  longStart: number;
  longEnd: number;
  sentence: Sentence;
}

const CONTEXT = 140;

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
    const c = t.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      digits++;
      prevLower = false;
      plainParts = false;
      partStart = false;
      continue;
    }
    // ASCII letters by code; other characters by their case mappings
    const ascii = c < 128;
    const ch = ascii ? '' : t[k]!;
    const isLetter = ascii ? (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : ch.toLowerCase() !== ch.toUpperCase();
    if (isLetter) {
      letters++;
      if (ascii ? c <= 90 : ch === ch.toUpperCase()) {
        upper++;
        if (prevLower) camel = true;
        if (!partStart) plainParts = false;
        prevLower = false;
      } else prevLower = true;
      partStart = false;
    } else {
      if (c !== 45) plainParts = false;
      partStart = c === 45;
      prevLower = false;
    }
  }
  if (letters === 0) return false;
  if (plainParts && t.includes('-')) return false;
  if (upper >= 2) return true;
  if (upper >= 1 && digits > 0) return true;
  return camel;
}

/** A capitalised word ('Kestrel', 'Speech-Act'), not name-shaped. */
export function isCapWord(t: string): boolean {
  const c = t.charCodeAt(0);
  if (!(c >= 65 && c <= 90) && !(c >= 0xc0 && t[0] !== t[0]!.toLowerCase())) return false;
  return /^\p{Lu}\p{Ll}+(?:[-'’]\p{L}+)*$/u.test(t) && !isStrongToken(t);
}

const VERSION = /^(?:[vV]\d+(?:\.\d+)*|\d(?:\.\d+)*|\d{2}\.\d+)$/;
/** A size after a name: 'Gemma 2B', 'Mistral 7B'. */
const SIZE = /^\d+(?:\.\d+)?[BMK]$/;
const PLAIN_LOWER = /^[a-z]+$/;
/** Suffixes of English derivations and inflections ('-ly', '-al', '-ive', '-tion', '-ing' …). */
const ENGLISH_MORPHOLOGY = /(?:ly|al|ive|ous|ed|ing|ion|ions|ment|ments|ness|ity|ities|ies|es|ers|able|ible|ics|ary|ful|less|ance|ence|ism|ist|ure|ize|ise|ward|wise)$/;
const NOUN_MORPHOLOGY = /(?:ity|ion|ment|ness|ance|ence|ism|ure)$/;
const CONNECTOR_GAP = /^ (?:of|for|from|with|via|in|on|to|by)(?: the)? $/;
const FUNCTION_CLASS = new Set(['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'QuestionWord', 'Modal', 'Copula', 'Auxiliary', 'Negative', 'Adverb']);

interface Tok extends Token {
  /** Text without a cue suffix ('ViT-based' → 'ViT'). */
  core: string;
  coreEnd: number;
  cueSuffix?: string;
  strong: boolean;
  cap: boolean;
  /** A token rule blocks it ('7B', '2021'). */
  blocked: boolean;
  /** A plain lower-case word. */
  plain: boolean;
}

/** Prefixes that are not words of their own: 'Pre-trained', 'Self-supervised', 'Multi-scale'. */
const BOUND_PREFIX = /^(?:pre|post|non|self|multi|cross|semi|co|re|sub|inter|intra|un|de|anti|over|under|hyper|ultra|mid)$/i;

function prepare(tokens: Token[], rules: CompiledRules): Tok[] {
  const out: Tok[] = new Array(tokens.length);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    // Fast path: most tokens are plain lower-case words — never names, measures or cue-suffixed.
    if (PLAIN_LOWER.test(t.text)) {
      out[k] = { text: t.text, start: t.start, end: t.end, gap: t.gap, core: t.text, coreEnd: t.end, strong: false, cap: false, blocked: false, plain: true };
      continue;
    }
    let core = t.text;
    let cueSuffix: string | undefined;
    if (core.includes('-')) {
      const m = rules.cueSuffix.exec(core);
      // 'ViT-based', 'BERT-Based' are a name + a cue; 'Single-Scale' (a Title Case compound of plain words) and 'Pre-trained'
      // (a bound prefix) are one word.
      if (m && !(/^\p{Lu}/u.test(m[2]!) && !isStrongToken(m[1]!)) && !BOUND_PREFIX.test(m[1]!)) {
        core = m[1]!;
        cueSuffix = m[2]!.toLowerCase();
      }
    }
    // Only tokens with a digit, a capital or an underscore can be measures, symbols or markup.
    const blocked = rules.anyToken.test(core);
    out[k] = { text: t.text, start: t.start, end: t.end, gap: t.gap, core, coreEnd: t.start + core.length, cueSuffix, strong: !blocked && isStrongToken(core), cap: !blocked && isCapWord(core), blocked, plain: false };
  }
  return out;
}

/** Opening quotes and brackets before a sentence's first word. */
const OPENING = /^[“"‘'«(\[]+/;

/** `text` with its first letter lower-cased, after any opening quotes or brackets. */
function lowerFirstLetter(text: string): string {
  const i = OPENING.exec(text)?.[0].length ?? 0;
  return text.slice(0, i) + text.charAt(i).toLowerCase() + text.slice(i + 1);
}

/** Builds a candidate; `before`/`after` are cut from the sentence around the span. */
export function makeCandidate(paper: string, sentence: Sentence, start: number, end: number, generator: string, tokens: number, strong: boolean): Candidate {
  const rs = start - sentence.start;
  const re = end - sentence.start;
  return {
    surface: paper.slice(start, end),
    start,
    end,
    sentence,
    generator,
    tokens,
    strong,
    // The sentence's first letter is lower-cased so rules read 'We propose' as 'we propose', after any opening quotes
    // or brackets too ('“This paper introduces …': abstracts quoted whole, as some venues print them).
    before: rs === 0 ? '' : rs <= CONTEXT ? lowerFirstLetter(sentence.text.slice(0, rs)) : sentence.text.slice(rs - CONTEXT, rs),
    after: sentence.text.slice(re, re + CONTEXT),
    fired: [],
  };
}

/** Tokens `from`..`to` (exclusive) follow their previous token after a space, a hyphen or a slash. */
function plainGaps(toks: readonly Tok[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const g = toks[k]!.gap;
    if (g !== ' ' && g !== '-' && g !== '/') return false;
  }
  return true;
}

const isKnownWord = (w: string): boolean => wordClass(w) !== undefined;

/** Longest lexicon alias starting at token i, respecting case for plain words ('Spider' yes, 'spider' no). */
function matchLexicon(toks: Tok[], i: number, lex: Lexicon, sentenceInitial: boolean, text: string): { entry: LexEntry; len: number } | undefined {
  const first = looseKey(toks[i]!.core);
  const maxLen = lex.multiFirst.get(first) ?? 1;
  for (let len = Math.min(maxLen, toks.length - i); len >= 1; len--) {
    if (len > 1 && !plainGaps(toks, i + 1, i + len)) continue;
    const last = toks[i + len - 1]!;
    // The surface as written ('CNN/DailyMail', 'The Pile'), up to the last token's core.
    // one token: the surface is the token's core, whose key is `first`
    const hit = listedAlias(lex, text.slice(toks[i]!.start, last.coreEnd), sentenceInitial, isKnownWord, len === 1 ? first : undefined);
    if (!hit) continue;
    return { entry: hit.entry, len };
  }
  return undefined;
}

export interface GeneratorContext {
  paper: string;
  lex: Lexicon;
  rules: CompiledRules;
  /** The paper is not in English: capitalised words are not names (lang.non-english). */
  foreign: boolean;
}

/**
 * gen.lexicon, gen.run and gen.glued-name: one scan over the sentence's tokens. A listed name is taken whole
 * (gen.lexicon); name-shaped tokens and capitalised words start a run that extends over versions, sizes, suffixes and
 * further name-shaped tokens (gen.run); a name glued to a common word is cut out (gen.glued-name).
 */
export function tokenRuns(sentence: Sentence, g: GeneratorContext): Candidate[] {
  const { lex, paper } = g;
  const toks = prepare(tokenize(sentence, lex.lowerTokens), g.rules);
  const out: Candidate[] = [];
  const text = paper;
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    // Sentence-initial: nothing but punctuation before it ('"Foo', '(Bar').
    const initial = t.start - sentence.start === t.gap.length && !/[\p{L}\p{N}]/u.test(t.gap);
    const lexHit = t.blocked || (t.plain && !lex.lowerFirst.has(t.text)) ? undefined : matchLexicon(toks, i, lex, initial, text);
    // A suspended compound ('Bag-of- Words', 'Text- and Image-based') is a broken word, not a name.
    if ((!lexHit && t.plain) || (text[t.end] === '-' && /\s/.test(text[t.end + 1] ?? ''))) {
      i++;
      continue;
    }
    // An organisation, a venue or a generic acronym is a candidate of its own, never the start of a longer name:
    // 'OpenAI GPT-4' → 'OpenAI' + 'GPT-4', 'USD 9.4' → 'USD'.
    const lower = t.core.toLowerCase();
    const solo = !lexHit && (lex.organizations.has(lower) || lex.venues.has(lower) || lex.stopAcronyms.has(t.core));
    const glued = !lexHit && !solo ? gluedName(t, paper, sentence) : undefined;
    if (glued) {
      out.push(glued);
      i++;
      continue;
    }
    // A language edition of a listed resource is a resource of its own ('Arabic WordNet', 'English Gigaword',
    // 'Chinese Penn Treebank'): the language word and the listed name make one name, not the listed one.
    if (!lexHit && t.cap && lex.languages.has(lower) && toks[i + 1]?.gap === ' ') {
      const edition = matchLexicon(toks, i + 1, lex, false, text);
      if (edition && edition.entry.type !== 'method') {
        out.push(makeCandidate(paper, sentence, t.start, toks[i + edition.len]!.coreEnd, 'gen.run', 1 + edition.len, true));
        i += 1 + edition.len;
        continue;
      }
    }
    // So is a language or organisation word opening a Title Case name whose last word is a data head ('Russian National
    // Corpus', 'Stanford Natural Language Inference Dataset'): read without it, the run would stop at the head and leave
    // 'National' as the name, and an organisation would be a candidate of its own.
    if (!lexHit && t.cap && !sentence.isTitle && (lex.languages.has(lower) || lex.organizations.has(lower)) && toks[i + 1]?.gap === ' ') {
      const end = openedDataName(toks, i, lex);
      if (end !== undefined) {
        out.push(makeCandidate(paper, sentence, t.start, toks[end]!.coreEnd, 'gen.run', end - i + 1, false));
        i = end + 1;
        continue;
      }
    }
    // compromise's class of the word, looked up when a test below reads it (null until then): most tokens never get there
    let known: string | undefined | null = null;
    // At a sentence start a capital says nothing: only words that are neither known to compromise nor built like an
    // English word ('Experimental', 'Finally', 'Specifically') start a run there ('Kaldi is …').
    const capStarts = t.cap && !g.foreign && !sentence.isTitle && !lex.languages.has(lower) && !FUNCTION_CLASS.has((known = wordClass(lower)) ?? '') && (!initial || (known === undefined && !ENGLISH_MORPHOLOGY.test(lower)));
    let j = i;
    let generator = 'gen.run';
    if (lexHit) {
      j = i + lexHit.len;
      generator = 'gen.lexicon';
    } else if (solo || t.strong || capStarts) {
      j = i + 1;
    } else {
      i++;
      continue;
    }
    // Extend right: 'ERNIE 3.0 Titan', 'BridgeData V2', 'GPT-4 Turbo', 'Gemma 2B', 'DiT-L/2'.
    let strongSoFar = false;
    for (let k = i; k < j; k++) strongSoFar ||= toks[k]!.strong;
    while (!solo && j < toks.length && !toks[j - 1]!.cueSuffix) {
      const n = toks[j]!;
      const prev = toks[j - 1]!;
      const runIsCaps = !strongSoFar && generator !== 'gen.lexicon';
      if (n.gap === '/' && /^\d{1,2}$/.test(n.core) && !runIsCaps) {
        j++; // 'DiT-L/2', 'ViT-B/16'
        continue;
      }
      // Title Case names may hold a connector: 'Robust Sparse Mixture of Experts', 'Encoder Representations from Transformers'.
      const connector = runIsCaps && n.cap && CONNECTOR_GAP.test(n.gap) && j - i < 6;
      if ((n.gap !== ' ' && !connector) || lex.stopAcronyms.has(n.core)) break;
      if (n.blocked) {
        if (SIZE.test(n.core) && !runIsCaps) {
          j++;
          continue;
        }
        break;
      }
      // A head word ends the name ('COCO dataset') unless the name goes on ('Hypernetwork Model Alignment') or it is
      // the capitalised last word of a Title Case name of two words or more ('Graph Isomorphism Network').
      const nLower = n.core.toLowerCase();
      const isHead = lex.heads.has(nLower) || lex.heads.has(n.core);
      // A single ordinary noun or adjective needs its (singular) head ('Identity Loss', 'Bridge Model', 'the Multifaceted
      // Collection'): alone it names nothing. A new word does not ('Kestrel model'), and 'Guard Models' names a kind of thing.
      if (isHead && j - i === 1 && known === null) known = wordClass(lower);
      const plainHeaded = isHead && j - i === 1 && (known === 'Singular' || known === 'Adjective' || NOUN_MORPHOLOGY.test(lower)) && !/[^s]s$/.test(nLower);
      if (isHead && !(n.cap && runIsCaps && (j - i >= 2 || plainHeaded) && !sentence.isTitle)) {
        const after = toks[j + 1];
        if (!(after && after.gap === ' ' && (after.cap || after.strong) && !sentence.isTitle && !lex.heads.has(after.core.toLowerCase()))) break;
      }
      // A language word inside a Title Case name of a corpus or treebank ('Venice Italian Treebank'), unless it opens a
      // listed name ('Penn Arabic Treebank' keeps the listed 'Arabic Treebank').
      const languageTail = runIsCaps && n.cap && !sentence.isTitle && lex.languages.has(nLower) && !matchLexicon(toks, j, lex, false, text) ? openedDataName(toks, j, lex, true) : undefined;
      if (languageTail !== undefined) {
        j = languageTail + 1;
        break;
      }
      const ok = (n.strong && !runIsCaps)
        || (VERSION.test(n.core) && !runIsCaps)
        || (n.cap && !sentence.isTitle && !g.foreign && (runIsCaps || ((VERSION.test(prev.core) || prev.strong || generator === 'gen.lexicon') && wordClass(nLower) === undefined) || lex.nameSuffixes.has(n.core) || SIZE.test(prev.core)) && !inVocabulary(lex, 'languages', n.core))
        // a capitalised head word goes on a Title Case name ('Neural Module Networks', 'Universal Sentence Encoder')
        || (n.cap && runIsCaps && !sentence.isTitle && (j - i >= 2 || plainHeaded));
      if (!ok) break;
      if (VERSION.test(n.core) && /^\d{1,2}$/.test(n.core) && !/^\p{Lu}/u.test(prev.core)) break;
      strongSoFar ||= n.strong;
      j++;
    }
    const last = toks[j - 1]!;
    const strong = strongSoFar;
    const c = makeCandidate(paper, sentence, t.start, last.coreEnd, generator, j - i, strong || !!lexHit);
    if (lexHit && j - i === lexHit.len) c.lex = lexHit.entry;
    if (last.cueSuffix) c.after = `-${last.cueSuffix}${c.after}`;
    out.push(c);
    i = j;
  }
  return out;
}

/**
 * The index of the last word of a Title Case data name opened by the language or organisation word at `i`: up to three
 * capitalised words, then a capitalised head word of the dataset class ('Russian National Corpus'); undefined
 * otherwise. Inside a name (`midName`) the head may follow the language word at once ('Venice Italian Treebank').
 */
function openedDataName(toks: readonly Tok[], i: number, lex: Lexicon, midName = false): number | undefined {
  for (let k = i + 1; k <= i + 4 && k < toks.length; k++) {
    const n = toks[k]!;
    if (n.gap !== ' ' || !n.cap || n.blocked || lex.languages.has(n.core.toLowerCase())) return undefined;
    const cls = headClass(n.core, lex);
    // a task or concept word goes on ('Stanford Natural Language Inference Dataset'); another kind of head ends it
    if (cls === 'dataset') return midName || k > i + 1 ? k : undefined;
    if (isNameHead(cls)) return undefined;
  }
  return undefined;
}

/** gen.glued-name: 'modelRoBERTa' → 'RoBERTa', 's.a.BERT' → 'BERT'. */
function gluedName(t: Tok, paper: string, sentence: Sentence): Candidate | undefined {
  // both shapes open with a lower-case ASCII letter
  const c0 = t.core.charCodeAt(0);
  if (c0 < 97 || c0 > 122) return undefined;
  const m = /^([a-z]{3,})(\p{Lu}[\p{L}\d.+-]*)$/u.exec(t.core) ?? /^((?:[a-z]\.){1,3})(\p{Lu}[\p{L}\d.+-]*)$/u.exec(t.core);
  if (!m) return undefined;
  const [, head, name] = m as unknown as [string, string, string];
  if (!isStrongToken(name) || name.length < 2) return undefined;
  if (!head.includes('.') && wordClass(head) === undefined) return undefined;
  const start = t.start + head.length;
  return makeCandidate(paper, sentence, start, start + name.length, 'gen.glued-name', 1, true);
}

/** Every bracket in `text` closes the last one opened, and none stays open. */
function bracketsPaired(text: string): boolean {
  const open: string[] = [];
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') open.push(ch);
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (open.pop() !== (ch === ')' ? '(' : ch === ']' ? '[' : '{')) return false;
    }
  }
  return open.length === 0;
}

/** A lower-case word stands between two name-shaped words ('XTR meets ColBERTv2', 'BERT vs. GPT-2'). */
function joinsTwoNames(words: string[]): boolean {
  let strongBefore = false;
  let joined = false;
  for (const w of words) {
    if (isStrongToken(w)) {
      if (joined) return true;
      strongBefore = true;
    } else if (strongBefore && /^\p{Ll}/u.test(w)) joined = true;
  }
  return false;
}

/** gen.title-prefix: the title part before ':' or ' - ' as the paper's own entity ('UL2: Unifying …' → UL2). */
export function titlePrefix(paper: string, title: Sentence, abstract: string, lex: Lexicon): Candidate | undefined {
  const m = TITLE_PREFIX.exec(title.text);
  if (!m) return undefined;
  let prefix = m[1]!.replace(/\s*\([^)]*\)\s*$/, ''); // 'xGen-MM (BLIP-3)' → 'xGen-MM'; the paren is an alias pass
  // 'NUIG at SemEval-2020 Task 12: …', 'LinguAIsts@DravidianLangTech 2025: …': a team at a shared task, not the
  // paper's contribution (gen.run still proposes a name-shaped team name, and title.team-at weighs it).
  if (/^.+?(?:\s(?:at|@)\s|@)/.test(prefix)) return undefined;
  if (!prefix || TITLE_PREFIX_STOP.includes(prefix.toLowerCase()) || /[,;]/.test(prefix)) return undefined;
  let words = prefix.split(/\s+/);
  // 'SAIL-Embedding Technical Report: …' names SAIL-Embedding
  const kept = genreLabelCut(words);
  if (kept < words.length) {
    words = words.slice(0, kept);
    prefix = words.join(' ');
  }
  if (words.length > TITLE_PREFIX_MAX_WORDS || !/\p{L}/u.test(prefix)) return undefined;
  // Not one name: a prefix with an unpaired bracket ('[Lions: 1] and [Tigers: 2] …'), one whose owner is named in a
  // possessive before more words ('BERT’s The Word: …'), or two names joined by a lower-case word ('XTR meets
  // ColBERTv2: …', 'BERT vs. GPT: …'); gen.run still proposes the names inside.
  if (!bracketsPaired(prefix)) return undefined;
  if (words.length > 1 && words.slice(0, -1).some((w) => /\p{L}['’]s$/u.test(w))) return undefined;
  if (joinsTwoNames(words)) return undefined;
  // A prefix that opens with a function word is a description, not a name ('Towards Unified …', 'From X to Y',
  // 'In Search of …'); an article may open a name ('The Pile').
  if (words.length > 1 && /^\p{Lu}\p{Ll}+$/u.test(words[0]!) && TITLE_BREAK.test(words[0]!) && !/^(?:the|a|an)$/i.test(words[0]!)) return undefined;
  // The article is the name's only where one ordinary word follows ('The Pile', 'The Stack'); before a name-shaped
  // word or a name ending in the head word of a kind of entity it is the title's grammar ('The SALSA Corpus: …', 'The
  // Tembusu Treebank: …' name SALSA Corpus, Tembusu Treebank). Before a phrase it stays, and says the prefix is a
  // description ('The Framework Tax: …', 'A Simple Baseline for …').
  if (words.length > 1 && /^(?:The|An?)$/.test(words[0]!) && (words.slice(1).some(isStrongToken) || (words.length > 2 && isNameHead(headClass(words[words.length - 1], lex))))) {
    words = words.slice(1);
    prefix = words.join(' ');
  }
  // A name-shaped word and the head word of a kind of data name the word, as in the abstract's runs ('SALSA Corpus:
  // …', 'QALL-ME Benchmark: …' name SALSA, QALL-ME; 'the SALSA corpus' is the same entity). A plain word keeps its
  // head ('Tembusu Treebank'), and so does a method: its head word is often its name's ('BASE Layers', 'LLM Modules').
  const dataHead = words.length === 2 ? headClass(words[1], lex) : undefined;
  if (isNameHead(dataHead) && dataHead !== 'method' && isStrongToken(words[0]!) && !lex.stopAcronyms.has(words[0]!)) {
    words = words.slice(0, 1);
    prefix = words[0]!;
  }
  const strong = words.some((w) => isStrongToken(w));
  // A multi-word prefix is a candidate when it is Title Case (connectors aside), name-shaped, or named again in the abstract.
  const titleCase = words.every((w, k) => /^[\p{Lu}\d]/u.test(w) || (k > 0 && CONNECTOR.test(w)));
  const reoccurs = words.length > 1 && abstract.toLowerCase().includes(prefix.toLowerCase());
  if (words.length > 1 && !titleCase && !strong && !reoccurs) return undefined;
  // A one-word lower-case prefix is a name when it is an identifier ('pyvene: A Library for …', 'seq2attn: …'), not a word.
  if (words.length === 1 && !/\p{Lu}/u.test(prefix) && !isIdentifier(prefix)) return undefined;
  const start = title.start + m.index + m[0].indexOf(prefix);
  return makeCandidate(paper, title, start, start + prefix.length, 'gen.title-prefix', words.length, strong);
}

/**
 * How many of `words` stay when a genre label ('Technical Report', 'Survey') follows a name-shaped word ('Qwen2.5-1M
 * Technical Report'); 'Grammatical Error Correction' keeps its last word.
 */
function genreLabelCut(words: readonly string[]): number {
  for (const n of [2, 1]) {
    if (words.length > n && TITLE_PREFIX_STOP.includes(words.slice(-n).join(' ').toLowerCase()) && words.slice(0, -n).some(isStrongToken)) return words.length - n;
  }
  return words.length;
}

const TITLE_BREAK = /^(?:for|with|of|in|on|and|or|to|from|by|via|using|towards?|through|at|as|into|over|between|across|under|without|vs|versus|the|a|an|is|are|can|do|does|how|what|why|when|where|which|who|not|beyond|within|against|after|before|than|its|their|your|our|we|you|it|all|more|less|be|make|makes|need|needs)$/i;

/**
 * gen.title-chunk: runs of two to six capitalised or name-shaped words in the title, split at function words and
 * punctuation ('Universal Sentence Encoder for English' → 'Universal Sentence Encoder'), without a trailing genre
 * label ('… Technical Report'). Titles are Title Case, so these are many; the scorer tells names from topic phrases.
 */
export function titleChunks(paper: string, title: Sentence, prefixEnd: number): Candidate[] {
  const out: Candidate[] = [];
  const text = title.text;
  const word = /[\p{L}\p{N}][\p{L}\p{N}'’.+&^-]*/gu;
  let run: { start: number; end: number }[] = [];
  const flush = (): void => {
    // a trailing genre label is not part of the name ('Qwen2.5-1M Technical Report' names Qwen2.5-1M)
    run = run.slice(0, genreLabelCut(run.map((w) => text.slice(w.start, w.end))));
    if (run.length >= 2 && run.length <= 6) {
      const start = title.start + run[0]!.start;
      const end = title.start + run[run.length - 1]!.end;
      out.push(makeCandidate(paper, title, start, end, 'gen.title-chunk', run.length, run.some((w) => isStrongToken(text.slice(w.start, w.end)))));
    }
    run = [];
  };
  let last = Math.max(0, prefixEnd - title.start);
  word.lastIndex = last;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const w = m[0].replace(/[.'’]+$/, '');
    const gap = text.slice(last, m.index);
    last = m.index + m[0].length;
    if (/[,:;?!()"“”[\]@_]|\s[-–—]\s/.test(gap) || TITLE_BREAK.test(w) || !/^[\p{Lu}\d]/u.test(w)) flush();
    if (TITLE_BREAK.test(w) || !/^[\p{Lu}\d]/u.test(w)) continue;
    run.push({ start: m.index, end: m.index + w.length });
  }
  flush();
  return out;
}

/**
 * gen.shared-task's patterns: `pattern` the whole one, and `seriesOnly` its first branch alone. The second branch
 * ends in "Shared Task(s)", so in a sentence without those words the whole pattern matches exactly where the first
 * branch does, and the capitalised-words branch is not tried at every capital.
 */
export interface SharedTaskPatterns {
  pattern: RegExp;
  seriesOnly: RegExp;
}

const SHARED_TASK_WORDS = /[Ss]hared\s+[Tt]asks?\b/u;

/** gen.shared-task: 'SemEval-2020 Task 12', 'WMT22', "IWSLT'15", 'BEA 2025 Shared Task'. */
export function sharedTasks(sentence: Sentence, g: GeneratorContext, patterns: SharedTaskPatterns): Candidate[] {
  const out: Candidate[] = [];
  const series = SHARED_TASK_WORDS.test(sentence.text) ? patterns.pattern : patterns.seriesOnly;
  series.lastIndex = 0;
  for (let m = series.exec(sentence.text); m; m = series.exec(sentence.text)) {
    const surface = m[0].replace(/\s+$/, '');
    const start = sentence.start + m.index;
    out.push(makeCandidate(g.paper, sentence, start, start + surface.length, 'gen.shared-task', surface.split(/\s+/).length, true));
  }
  return out;
}

/** The regular expressions of gen.shared-task for a lexicon's shared-task series. */
export function sharedTaskPatterns(lex: Lexicon): SharedTaskPatterns {
  const series = [...lex.sharedTasks].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const edition = `(?:[-\\s]?(?:19|20)\\d\\d|[-\\s]?\\d{2}\\b|['’]\\d{2}\\b)`;
  const task = `(?:\\s+(?:[Ss]hared\\s+)?[Tt]ask\\s+\\d+[A-Za-z]?\\b|\\s+[Ss]hared\\s+[Tt]asks?\\b)?`;
  // a series with an edition, or capitalised words (a year among them, or not) before "Shared Task"
  return {
    pattern: new RegExp(`\\b(?:(?:${series})${edition}${task}|(?:\\p{Lu}[\\p{L}\\d-]*[-\\s]){1,4}(?:(?:19|20)\\d\\d\\s+)?[Ss]hared\\s+[Tt]asks?\\b)`, 'gu'),
    seriesOnly: new RegExp(`\\b(?:(?:${series})${edition}${task})`, 'gu'),
  };
}

/** gen.naming-phrase: lower-case or quoted names after a naming verb, cut to a noun phrase by compromise's tagger. */
export function namingPhrases(sentence: Sentence, g: GeneratorContext): Candidate[] {
  const out: Candidate[] = [];
  if (!/\b(?:called|named|dubbed|termed|coined|referred|call|name|dub|term)\b/.test(sentence.text)) return out;
  NAMING_VERBS.lastIndex = 0;
  for (let m = NAMING_VERBS.exec(sentence.text); m; m = NAMING_VERBS.exec(sentence.text)) {
    let phrase: string;
    let at: number;
    if (m[2]) {
      // the sentence's own punctuation is often set inside the closing quote ('we call the results "model soups."')
      phrase = m[2].trim().replace(/[.,;:!?]+$/, '');
      at = m.index + m[0].indexOf(m[2]);
    } else {
      const win = m[3]!;
      if (/^(?:a|an|the|as|after|by|for|in|to|so|that|this|these|those|such|our|it|its|their|them|entity|entities)\b/.test(win)) continue;
      phrase = leadingNounPhrase(win);
      // trailing head words are not part of the name ('called refresh learning framework' → 'refresh learning')
      const words = phrase.split(/\s+/);
      while (words.length > 1 && isNameHead(g.lex.heads.get(words[words.length - 1]!.toLowerCase()))) words.pop();
      // a head word alone is the thing named, not its name ('we name the method X': X is gen.run's)
      if (words.length === 1 && g.lex.heads.has(words[0]!.toLowerCase())) continue;
      phrase = words.join(' ');
      at = m.index + m[0].length - win.length;
    }
    if (!phrase) continue;
    const start = sentence.start + at;
    out.push(makeCandidate(g.paper, sentence, start, start + phrase.length, 'gen.naming-phrase', phrase.split(/\s+/).length, false));
  }
  return out;
}

/**
 * A lower-case identifier rather than a word: a digit, a hyphen or dot inside; or unknown to compromise's lexicon and
 * without an English derivation or inflection ('namely', 'scenes': compromise's lexicon lists stems, not every form).
 */
export function isIdentifier(id: string): boolean {
  return /^\p{Ll}[\p{Ll}\d]*(?:[-_.][\p{Ll}\d]+)*$/u.test(id) && (/[\d\-.]/.test(id) || (wordClass(id) === undefined && !ENGLISH_MORPHOLOGY.test(id)));
}

const isWordCode = (text: string, i: number): boolean => codePointClassAt(text, i) >> 2 !== CHAR_OTHER || text.charCodeAt(i) === 95;

/**
 * Whether `text[start, end)` is a word of its own: no letter, number, '_', '.' or '-' right before it, and after it
 * no letter, number or '_', nor a '-' or '.' that goes on into one ('pyvene-based', 'pyvene.io').
 */
function standsAlone(text: string, start: number, end: number): boolean {
  if (start > 0) {
    const c = text.charCodeAt(start - 1);
    if (c === 46 || c === 45 || isWordCode(text, codePointStartBefore(text, start))) return false;
  }
  if (end >= text.length) return true;
  if (isWordCode(text, end)) return false;
  const c = text.charCodeAt(end);
  return !((c === 45 || c === 46) && end + 1 < text.length && codePointClassAt(text, end + 1) >> 2 !== CHAR_OTHER);
}

/**
 * gen.re-mention: the other mentions of a lower-case identifier the paper defines (a title prefix, gen.defined-identifier):
 * 'pyvene supports …' after 'we introduce pyvene, a library'. A capitalised name is found again by gen.run; a lower-case
 * one is not, and would otherwise count one mention.
 */
export function reMentions(paper: string, sentences: readonly Sentence[], defined: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const done = new Set<string>();
  for (const d of defined) {
    if (done.has(d.surface) || !isIdentifier(d.surface)) continue;
    done.add(d.surface);
    const n = d.surface.length;
    for (const s of sentences) {
      // Whole-word occurrences only, found by indexOf and a look at the code points around (a regex per identifier
      // with Unicode classes costs more to compile than the whole search).
      for (let at = s.text.indexOf(d.surface); at >= 0; at = s.text.indexOf(d.surface, at)) {
        if (!standsAlone(s.text, at, at + n)) {
          at++;
          continue;
        }
        const start = s.start + at;
        if (!defined.some((o) => o.start === start)) out.push(makeCandidate(paper, s, start, start + n, 'gen.re-mention', 1, false));
        at += n;
      }
    }
  }
  return out;
}

/** gen.defined-identifier: 'we present seq2attn, a new architecture', 'We release wikihow-qa, a dataset'. */
export function definedIdentifiers(sentence: Sentence, g: GeneratorContext, patterns: readonly { pattern: RegExp; cheap: RegExp }[]): Candidate[] {
  const out: Candidate[] = [];
  // The first letter lower-cased, as for the context rules ('We propose' reads 'we propose'); offsets are unchanged.
  const text = sentence.text.charAt(0).toLowerCase() + sentence.text.slice(1);
  for (const { pattern: re, cheap } of patterns) {
    if (!cheap.test(text)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const id = m[1]!;
      if (!isIdentifier(id)) continue;
      const at = m.indices![1]![0];
      out.push(makeCandidate(g.paper, sentence, sentence.start + at, sentence.start + at + id.length, 'gen.defined-identifier', 1, false));
    }
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

const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);

/** True for short forms worth an acronym definition: 'MoD', 'PEFT', 'LLMs', 'P5', 'BLIP-3'. */
function acronymLike(s: string): boolean {
  return /\p{Lu}/u.test(s) && (isStrongToken(s) || /^\p{Lu}[\p{Ll}\d]{0,5}$/u.test(s)) && !/^(?:e\.g|i\.e|cf|et)/i.test(s);
}

/** Acronym definitions in one sentence: 'Mixture-of-Denoisers (MoD)', 'model-based clustering, MBC,'. */
export function acronymDefinitions(sentence: Sentence): AcronymDef[] {
  const out: AcronymDef[] = [];
  const text = sentence.text;
  // each form is looked for only where its punctuation is: most sentences have no parenthesis, colon or comma
  const paren = text.includes('(');
  const comma = text.includes(',');
  const colon = text.includes(':');
  if (!paren && !comma && !colon) return out;
  PAREN_SHORT.lastIndex = 0;
  for (let m = paren ? PAREN_SHORT.exec(text) : null; m; m = PAREN_SHORT.exec(text)) {
    const short = m[1]!.replace(/[.-]+$/, '');
    if (!acronymLike(short)) continue;
    // '(BERT, BioBERT, GPT-2)' lists examples; '(MoD; Tay et al.)' defines MoD.
    const rest = /^\s*,\s*([^\s,()]+)/.exec(m[0].slice(m[0].indexOf(m[1]!) + m[1]!.length));
    if (rest && isStrongToken(rest[1]!)) continue;
    const head = text.slice(0, m.index).replace(/\s+$/, '');
    const def = longFormBefore(short, head, sentence, m.index + m[0].indexOf(short));
    if (def) out.push(def);
  }
  // Short form first, its expansion in parentheses: 'our FMHA (Fused Multi-Head Attention) method'. With no window
  // to search, the phrase must be the whole parenthesis and spell the short form by word initials, every word but a
  // function word giving a letter.
  const shortFirst = /(?<![\p{L}\d-])(\p{Lu}[\p{L}\d-]{1,12})\s+\(\s*(\p{L}[\p{L}-]*(?:\s+[\p{L}][\p{L}-]*){1,9})\s*\)/gu;
  for (let m = paren ? shortFirst.exec(text) : null; m; m = shortFirst.exec(text)) {
    const short = m[1]!.replace(/-+$/, '');
    const long = m[2]!;
    if (!isStrongToken(short) || long[0]!.toLowerCase() !== short[0]!.toLowerCase() || !(initialsCover(short, long, '') || capitalsSpell(short, long))) continue;
    const longAt = m.index + m[0].indexOf(long, m[1]!.length);
    out.push({ short, long, shortStart: sentence.start + m.index, longStart: sentence.start + longAt, longEnd: sentence.start + longAt + long.length, sentence });
  }
  // Short form, a colon, and a Title Case phrase whose capitals spell it: 'we propose FLAT: Flat-LAttice Transformer for
  // …'. Only by capitals inside words: a list after a colon ('two datasets: Kestrel Zorp') spells nothing so.
  const colonFirst = /(?<![\p{L}\d-])(\p{Lu}[\p{L}\d-]{1,12}):\s+(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,8})/gu;
  for (let m = colon ? colonFirst.exec(text) : null; m; m = colonFirst.exec(text)) {
    const short = m[1]!;
    const long = m[2]!;
    if (!isStrongToken(short) || !capitalsSpell(short, long)) continue;
    const longAt = m.index + m[0].length - long.length;
    out.push({ short, long, shortStart: sentence.start + m.index, longStart: sentence.start + longAt, longEnd: sentence.start + longAt + long.length, sentence });
  }
  // Appositive: 'introduce model-based clustering, MBC, a method that …'
  const appos = /,\s+(\p{Lu}[\p{L}\d-]{1,10}),/gu;
  for (let m = comma ? appos.exec(text) : null; m; m = appos.exec(text)) {
    const short = m[1]!;
    if (!isStrongToken(short)) continue;
    const head = text.slice(0, m.index);
    const clause = head.slice(Math.max(head.lastIndexOf(','), head.lastIndexOf(';'), head.lastIndexOf(':')) + 1);
    const def = longFormBefore(short, clause, sentence, m.index + m[0].indexOf(short), head.length - clause.length);
    // Without a parenthesis the short form must spell word initials ('model-based clustering, MBC,'), or it is a name
    // in apposition ('the math benchmark, MGSM,').
    if (def && def.long.split(/\s+/).length >= 2 && spellsInitials(short, def.long)) out.push(def);
  }
  return out;
}

/**
 * The letters of `short` are, in order, initials of the hyphen parts of `added` + `rest`, the first letter from the
 * first word, and every word of `added` but a function word gives one: 'Structure-aware' + 'Supervised Fine-Tuning'
 * spells SSFT; 'Search discriminants are' + 'syntactic argument structure' does not spell SAS ('discriminants' is
 * skipped).
 */
function initialsCover(short: string, added: string, rest: string): boolean {
  const letters = short.toLowerCase().replace(/[^\p{L}]/gu, '');
  const words = [...added.split(/\s+/).filter(Boolean).map((w) => ({ w, must: !ENGLISH_FUNCTION_WORDS.has(w.toLowerCase()) })), ...rest.split(/\s+/).filter(Boolean).map((w) => ({ w, must: false }))];
  const parts = words.map(({ w }) => w.split('-').filter(Boolean).map((x) => x[0]!.toLowerCase()));
  // match(k, i): letters k.. from words i.. (each word gives zero or more letters from its parts, in order)
  const match = (k: number, i: number): boolean => {
    if (k === letters.length) return words.slice(i).every((w) => !w.must);
    if (i === words.length) return false;
    const ps = parts[i]!;
    // letters this word gives: a run of its parts' initials, in order
    const tries: number[] = [];
    let kk = k;
    for (const ch of ps) if (kk < letters.length && ch === letters[kk]) tries.push(++kk);
    for (let t = tries.length - 1; t >= 0; t--) if (match(tries[t]!, i + 1)) return true;
    return !words[i]!.must && i > 0 && match(k, i + 1);
  };
  return match(0, 0);
}

/**
 * The capitals of `long`, in order, are the letters of `short` and more than its word initials give: an expansion
 * written to spell its acronym from inside words, 'ENGINE (ENerGy-based Inference NEtworks)'.
 */
function capitalsSpell(short: string, long: string): boolean {
  const capitals = long.replace(/[^\p{Lu}]/gu, '');
  return capitals.length >= 3 && capitals === short.toUpperCase().replace(/[^\p{Lu}]/gu, '') && /\p{L}\p{Lu}/u.test(long);
}

/** The letters of `short` are, in order, initials of the words (and hyphen parts) of `long`. */
function spellsInitials(short: string, long: string): boolean {
  const initials = long.split(/[\s-]+/).map((w) => w.charAt(0).toLowerCase()).join('');
  let k = 0;
  for (const ch of short.toLowerCase().replace(/[^\p{L}]/gu, '')) {
    k = initials.indexOf(ch, k) + 1;
    if (k === 0) return false;
  }
  return true;
}

const WHITE = /\s/;

/** Word classes that hold a clause, never a name: a copula, pronoun, possessive or modal anywhere; a verb opening it. */
const CLAUSE_WORDS = new Set(['Copula', 'Pronoun', 'Possessive', 'Modal']);
const CLAUSE_OPENERS = new Set(['Infinitive', 'PresentTense']);

/**
 * A long form is a noun phrase. Letters gathered across a clause — past a comma, a parenthesis or a semicolon, over a
 * copula, pronoun, possessive, modal or article inside the phrase, or from a lower-case verb that opens it — were
 * picked out of the sentence, not spelled by a name: 'contrast, our model (CSE)', 'EU, there is a need for
 * high-quality English-Irish (EN-GA)', 'propose a structured attention mechanism for language modeling (PRPN)',
 * 'achieved the best performance on Track 1 (AR-AR)'. Read only where the phrase does not spell the short form (a
 * plural 's' aside) by its word initials, letter for letter: 'generate, annotate, and learn (GAL)' does. A mixed-case
 * short form ('DEIm' of 'Discover, Explain, Improve') then keeps its own name. A capitalised or participle opener is a
 * name's ('Automated Machine Learning (AutoML)', 'gated recurrent units (GRUs)').
 */
function spansClause(long: string): boolean {
  if (/[,;()]/.test(long)) return true;
  const words = long.split(/[\s-]+/);
  if (/^\p{Ll}/u.test(words[0]!) && CLAUSE_OPENERS.has(wordClass(words[0]!) ?? '')) return true;
  return words.some((w, k) => {
    const lower = w.toLowerCase();
    return CLAUSE_WORDS.has(wordClass(lower) ?? '') || (k > 0 && ARTICLES.has(lower));
  });
}

function longFormBefore(short: string, head: string, sentence: Sentence, shortAt: number, offset = 0): AcronymDef | undefined {
  const letters = short.replace(/[^\p{L}\p{N}]/gu, '').length;
  const maxWords = Math.min(letters + 5, letters * 2);
  // The last `maxWords` pieces of `head` split after each white-space character: found from the end, then split alone.
  let from = 0;
  for (let p = head.length - 1, seen = 0; p >= 1; p--) {
    if (WHITE.test(head[p - 1]!) && ++seen === maxWords) {
      from = p;
      break;
    }
  }
  const window = head.slice(from);
  const windowWords = window.split(/(?<=\s)/);
  const winStart = head.length - window.length;
  let at = schwartzHearst(short, window);
  if (at < 0) return undefined;
  // Schwartz & Hearst take the shortest phrase whose letters cover the short form, so a letter may come from inside
  // a word: 'Structure-aware Supervised Fine-Tuning (SSFT)' → 'Supervised Fine-Tuning' (S from 'superviSed').
  // Where that phrase does not spell the short form by word initials but a longer one in the window does, the
  // longer one is the expansion.
  if (!spellsInitials(short, window.slice(at))) {
    // the window's word starts before `at`, nearest (the shortest longer phrase) first
    for (let k = windowWords.length - 1, st = window.length; k >= 0; k--) {
      st -= windowWords[k]!.length;
      if (st >= at) continue;
      const added = window.slice(st, at);
      if (/^[\p{L}\d-]+$/u.test(added.replace(/\s+/g, '')) && initialsCover(short, added, window.slice(at))) {
        at = st;
        break;
      }
    }
  }
  let long = window.slice(at);
  let longStart = winStart + at;
  // 'the Mixture-of-Denoisers (MoD)' → 'Mixture-of-Denoisers', but 'Named Entity Recognition (NER)' keeps 'Named'.
  for (let t = LONG_FORM_TRIM.exec(long); t && long[t[0].length]?.toLowerCase() === short[0]!.toLowerCase(); t = LONG_FORM_TRIM.exec(long)) {
    long = long.slice(t[0].length);
    longStart += t[0].length;
  }
  long = long.replace(/["“”]+$/, '').trim();
  if (long.length <= short.length || !/\s|-/.test(long) || long.toLowerCase().includes(short.toLowerCase())) return undefined;
  if (long[0]!.toLowerCase() !== short[0]!.toLowerCase()) return undefined;
  // 'and then pretrained a BERT model for AD (AD-BERT)', 'be applied to … PTLMs (BERT)': a phrase that opens with a
  // function word other than an article ('A Lite BERT (ALBERT)' is one), or a short form made of words the phrase
  // holds whole, is no expansion.
  const first = /^\S+/.exec(long)![0].toLowerCase();
  if ((ENGLISH_FUNCTION_WORDS.has(first) && !ARTICLES.has(first)) || /^(?:but|then|where|while)$/.test(first)) return undefined;
  if (!spellsInitials(short.replace(/s$/, ''), long) && spansClause(long)) return undefined;
  const parts = short.split(/[-/]/).filter((p) => p.length >= 2);
  const longWords = new Set(long.split(/[\s(),]+/));
  if (parts.length >= 2 && parts.every((p) => longWords.has(p))) return undefined;
  return { short, long, shortStart: sentence.start + shortAt, longStart: sentence.start + offset + longStart, longEnd: sentence.start + offset + longStart + long.length, sentence };
}

/**
 * The entity name of an acronym's long form: without a head word that ends it and gives the short form no letter, as
 * "the COCO dataset" is COCO ('Multi-layer Perceptron Model (MLP)' → 'Multi-layer Perceptron', 'Statistical Machine
 * Translation systems (SMT)' → 'Statistical Machine Translation'); 'Penn Discourse Treebank (PDTB)' and 'Relation
 * Networks (RNs)' keep theirs.
 */
export function nameOfLongForm(def: { short: string; long: string }, lex: Lexicon): string {
  const cut = /\s+(\S+)$/.exec(def.long);
  if (!cut) return def.long;
  const cls = headClass(cut[1], lex);
  if (!isNameHead(cls)) return def.long;
  const long = def.long.slice(0, cut.index);
  // the head stays after a compound modifier, which names nothing alone ('Structural Knowledge Graph-aware Network
  // (SKG)', 'Syntax-guided Network'): without its head the long form would end in 'Graph-aware'
  const part = /-(\p{L}+)$/u.exec(long)?.[1]?.toLowerCase();
  if (part !== undefined && MODIFIER_CLASSES.has(wordClass(part) ?? '')) return def.long;
  return /[\s-]/.test(long) && spellsInitials(def.short.replace(/s$/, ''), long) ? long : def.long;
}

/** compromise word classes of the last part of a hyphenated modifier ('-aware', '-based', '-driven', '-oriented'). */
const MODIFIER_CLASSES = new Set(['Adjective', 'Participle', 'PastTense']);

/** gen.long-form: a candidate for an acronym's long form (it may be lower-case: 'once-for-all (OFA)'). */
export function longFormCandidate(paper: string, def: AcronymDef): Candidate {
  return makeCandidate(paper, def.sentence, def.longStart, def.longEnd, 'gen.long-form', def.long.split(/\s+/).length, false);
}

/** Key used to group surfaces inside one paper: 'LoRAs' and 'LoRA', 'ImageNet-1K' and 'ImageNet-1k'. */
export function groupKey(surface: string): string {
  // a name of several words in the plural is that name: 'Agentic Neural Networks' is 'Agentic Neural Network'
  // 'SemEval-2019 Shared Task 6' is 'SemEval-2019 Task 6' (canonical.ts)
  const name = taskOfSeries(surface);
  return looseKey(singular(/\s/.test(name) ? phraseSingular(name) : name)).replace(/[.'’]/g, '');
}

export { variantOf };
