// Features of one local entity (a group of candidate mentions in one paper) for the trained scorers: the rules that
// fired, the generators, the hints they carry, word shape, context words, compromise's word classes and the paper.
// Feature names are stable strings; the model files map them to weights. Here each is an id in FEATURES
// (feature-ids.ts), made once per name: an entity's features are built and scored as ids.
import type { Candidate } from './candidates.ts';
import { CONNECTOR, type Sentence } from './text.ts';
import { headClass, type Lexicon } from './lexicon.ts';
import { wordClass } from './nlp.ts';
import { memoPerName, memoPerObject, type Memo } from './memo.ts';
import { FEATURES } from './feature-ids.ts';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.+-]*/gu;

/** The last word of `s`: a space never joins a word, so the last space-separated stretch that holds one is read alone. */
function lastWord(s: string): string | undefined {
  for (let end = s.length; end > 0; ) {
    const k = s.lastIndexOf(' ', end - 1);
    const m = s.slice(k + 1, end).match(WORD);
    if (m) return m[m.length - 1];
    end = k;
  }
  return undefined;
}

function firstWord(s: string): string | undefined {
  WORD.lastIndex = 0;
  return WORD.exec(s)?.[0];
}

/** The word right before a mention, or the punctuation that opens it: '(' , '"'. */
function previousToken(before: string): string {
  // trimEnd strips what \s matches (white space and line terminators)
  const t = before.trimEnd();
  if (t === '') return '<s>';
  const ch = t[t.length - 1]!;
  if (/[("“'‘:,;[]/.test(ch)) return ch;
  const w = lastWord(t);
  return w ? w.toLowerCase() : '<s>';
}

function nextToken(after: string): string {
  const t = after.trimStart();
  if (t === '') return '</s>';
  const ch = t[0]!;
  if (/[)"”'’:,;.(\]-]/.test(ch)) return ch;
  const w = firstWord(t);
  return w ? w.toLowerCase() : '</s>';
}

/** Coarse case class of a surface: 'camel' (ElasticDeviceMesh, xGen), 'acronym' (BERT, MoD), 'digits' (GPT-4, T5), 'capitalised' (Kestrel), 'title' (Neural Module Networks), 'lower', 'mixed'. */
export function caseClass(s: string): string {
  const words = s.split(/\s+/);
  if (words.length > 1) return words.every((w) => /^[\p{Lu}\d]/u.test(w)) ? 'title' : /\p{Lu}/u.test(s) ? 'mixed' : 'lower';
  if (/\d/.test(s) && /\p{L}/u.test(s)) return 'digits';
  if (/^\p{Lu}[\p{Lu}\d-]+$/u.test(s)) return 'acronym';
  if (/\p{Ll}\p{Lu}/u.test(s)) return /^\p{Lu}{2,}/u.test(s) || /\p{Lu}{2,}$/u.test(s) ? 'acronym-mixed' : 'camel';
  if (/^\p{Lu}\p{Ll}+(?:-\p{L}+)*$/u.test(s)) return 'capitalised';
  return /\p{Lu}/u.test(s) ? 'mixed' : 'lower';
}

const sentenceHeadCache = new WeakMap<Sentence, readonly number[]>();

/**
 * The sentence-head features of a sentence: the classes of its dataset / benchmark / method head words ('… on three
 * benchmarks …' → sentence-head:benchmark), once per sentence.
 */
function sentenceHeads(s: Sentence, lex: Lexicon): readonly number[] {
  let out = sentenceHeadCache.get(s);
  if (out) return out;
  const classes = new Set<string>();
  // the words /[A-Za-z][a-z-]+/g finds, by code: a letter, then one or more lower-case letters or hyphens
  const text = s.text;
  for (let i = 0; i + 1 < text.length; ) {
    const a = text.charCodeAt(i);
    if (!(((a | 32) >= 97 && (a | 32) <= 122) && isLowerOrHyphen(text.charCodeAt(i + 1)))) {
      i++;
      continue;
    }
    let j = i + 2;
    while (j < text.length && isLowerOrHyphen(text.charCodeAt(j))) j++;
    const c = headClass(text.slice(i, j), lex);
    if (c === 'dataset' || c === 'benchmark' || c === 'data' || c === 'method') classes.add(c);
    i = j;
  }
  out = [...classes].map((c) => namedIn(SENTENCE_HEAD, 'sentence-head:', c));
  sentenceHeadCache.set(s, out);
  return out;
}

const isLowerOrHyphen = (c: number): boolean => (c >= 97 && c <= 122) || c === 45;

/** One code unit, not a word character (what /^\W$/ matches): '(', '"', ','. */
function isPunctuation(s: string): boolean {
  if (s.length !== 1) return false;
  const c = s.charCodeAt(0);
  return !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);
}

const bucket = (n: number, cuts: readonly number[]): string => {
  let k = 0;
  while (k < cuts.length && n >= cuts[k]!) k++;
  return k === 0 ? `<${cuts[0]}` : k === cuts.length ? `${cuts[k - 1]}+` : `${cuts[k - 1]}-${cuts[k]! - 1}`;
};

// Feature names recur on every entity of every paper: each id is looked up by its parts (`prefix` and `value`, `a&b`),
// which spares a concatenation and a hash of a new string per feature.
const names = memoPerName<number>();

function named(prefix: string, value: string): number {
  return namedIn(names(prefix), prefix, value);
}

/** `named` with the prefix's memo already in hand (the hot loop below looks each prefix's memo up once). */
function namedIn(m: Memo<number>, prefix: string, value: string): number {
  return m.get(value) ?? m.set(value, FEATURES.id(`${prefix}${value}`));
}

const GENERATOR = names('g:');
const RULE = names('r:');
const TYPE = names('t:');
const HEAD = names('h:');
const ROLE = names('o:');
const PREV_HEAD = names('p1h:');
const NEXT_HEAD = names('n1h:');
const PREV = names('p1:');
const NEXT = names('n1:');
const SENTENCE_HEAD = names('sentence-head:');

const TYPE_EVIDENCE = /^(?:t:(dataset|benchmark)(?:$|&)|[pn]1h:(dataset|benchmark)$)/;

/**
 * The type a feature is evidence of by the guidelines' own test, if it is: a rule's dataset or benchmark hint, alone or
 * in a conjunction ('t:benchmark', 't:dataset&in-title'), or a head word of the type right before or after the name
 * ('p1h:dataset' in "a dataset, X", 'n1h:benchmark' in "the X benchmark"). The trainer gives these a declared prior
 * towards the type (`TrainConfig.typeEvidencePrior`).
 */
export function typeEvidence(feature: string): 'dataset' | 'benchmark' | undefined {
  const m = TYPE_EVIDENCE.exec(feature);
  return m ? ((m[1] ?? m[2]) as 'dataset' | 'benchmark') : undefined;
}

/** Feature id → (feature id → the id of their conjunction). */
const conjunctions: Map<number, number>[] = [];

/** The id of `a&b`, named once per pair. */
function conj(a: number, b: number): number {
  const m = (conjunctions[a] ??= new Map());
  let id = m.get(b);
  if (id === undefined) m.set(b, (id = FEATURES.id(`${FEATURES.name(a)}&${FEATURES.name(b)}`)));
  return id;
}

/** What the conjunctions below read of a feature: which of their parts it can be, by the prefix of its name. */
const KIND_OTHER = 0;
const KIND_GENERATOR = 1;
const KIND_HINT = 2;
const KIND_SHAPE = 3;
const kinds: number[] = [];

function kindOf(id: number): number {
  let k = kinds[id];
  if (k === undefined) {
    const name = FEATURES.name(id);
    k = name.startsWith('g:') ? KIND_GENERATOR : name.startsWith('t:') ? KIND_HINT : name.startsWith('case:') || name.startsWith('tokens:') ? KIND_SHAPE : KIND_OTHER;
    kinds[id] = k;
  }
  return k;
}

// Features without a value, by id.
const IN_TITLE = FEATURES.id('in-title');
const FIRST_SENTENCE = FEATURES.id('first-sentence');
const TITLE_ONLY = FEATURES.id('title-only');
const MENTIONS_3 = FEATURES.id('mentions:3+');
const HAS_LONG_FORM = FEATURES.id('has-long-form');
const HAS_SHORT_FORM = FEATURES.id('has-short-form');
const HAS_RESULT = FEATURES.id('has-result');

/**
 * One entity's feature set: ids in the order first added, each once. Membership is a mark per id (the current set's
 * stamp) rather than a hash: ids are small and dense, and one set is built at a time.
 */
class FeatureSet {
  private static marks = new Int32Array(1024);
  private static stamp = 0;
  readonly ids: number[] = [];
  private readonly stamp = ++FeatureSet.stamp;

  has(id: number): boolean {
    return id < FeatureSet.marks.length && FeatureSet.marks[id] === this.stamp;
  }

  add(id: number): void {
    let marks = FeatureSet.marks;
    if (id >= marks.length) {
      marks = new Int32Array(Math.max(marks.length * 2, id + 1));
      marks.set(FeatureSet.marks);
      FeatureSet.marks = marks;
    }
    if (marks[id] === this.stamp) return;
    marks[id] = this.stamp;
    this.ids.push(id);
  }
}

/**
 * The head of a noun phrase: the word before its first preposition, by compromise's word class ('Sarcasm Detection
 * In English' → Detection, 'Corpus of Linguistic Acceptability' → Corpus), else its last word.
 */
export function phraseHead(words: readonly string[]): string {
  for (let k = 1; k < words.length - 1; k++) if (wordClass(words[k]!.toLowerCase()) === 'Preposition') return words[k - 1]!;
  return words[words.length - 1]!;
}

/** The features an alias gives by itself (pure on the alias and the lexicon's head words, so remembered). */
const aliasMemo = memoPerObject<readonly number[]>(50_000);

function aliasFeatures(a: string, lex: Lexicon): readonly number[] {
  const memo = aliasMemo(lex);
  const known = memo.get(a);
  if (known) return known;
  const f: string[] = [];
  const words = a.split(/\s+/);
  f.push(`tokens:${bucket(words.length, [2, 3, 4])}`);
  f.push(`len:${bucket(a.length, [3, 5, 9, 17])}`);
  f.push(`case:${caseClass(a)}`);
  // Word identities, suffixes and fine character shapes are left out on purpose: from a few hundred papers they
  // are memorised, not learned (cross-validation: same held-out F1, a smaller in-sample gap).
  if (words.length === 1) {
    const cls = wordClass(a.toLowerCase());
    f.push(`wc:${cls ?? 'unknown'}`);
    if (/^\p{Lu}\p{Ll}+$/u.test(a)) f.push(cls === undefined ? 'capword-unknown' : 'capword-known');
  } else {
    const last = words[words.length - 1]!;
    f.push(`phrase-head:${headClass(phraseHead(words), lex) ?? 'none'}`);
    f.push(`wc-last:${wordClass(last.toLowerCase()) ?? 'unknown'}`);
    const first = words[0]!.toLowerCase();
    f.push(`wc-first:${wordClass(first) ?? 'unknown'}`);
    if (/^\p{Lu}\p{Ll}+ing$/u.test(words[0]!)) f.push('first-gerund');
    if (words.every((w) => /^\p{Lu}/u.test(w) || CONNECTOR.test(w))) f.push('title-case-phrase');
    if (words.some((w) => CONNECTOR.test(w))) f.push('has-connector');
  }
  if (/\d/.test(a)) f.push('has-digit');
  if (/[-/]/.test(a)) f.push('has-hyphen');
  if (/^[\p{Ll}\d\s-]+$/u.test(a)) f.push('lower-case');
  return memo.set(a, f.map((x) => FEATURES.id(x)));
}

/**
 * The feature set of one entity, as ids in FEATURES (deduplicated, unsorted: the scorers add weights in their own
 * order, and a caller that keeps the names sorts them). `mentions` are its candidates in text order; `aliases` its
 * surface forms; `longForm` its acronym long form; `hasResult` whether a score is reported on it.
 */
export function entityFeatures(mentions: readonly Candidate[], aliases: readonly string[], longForm: string | undefined, hasShortForm: boolean, hasResult: boolean, lex: Lexicon): number[] {
  const hasLongForm = longForm !== undefined;
  const f = new FeatureSet();
  let titleOnly = true;
  for (const c of mentions) {
    f.add(namedIn(GENERATOR, 'g:', c.generator));
    for (const r of c.fired) {
      f.add(namedIn(RULE, 'r:', r.rule));
      if (r.type) f.add(namedIn(TYPE, 't:', r.type));
      if (r.head) f.add(namedIn(HEAD, 'h:', r.head));
      if (r.role) f.add(namedIn(ROLE, 'o:', r.role));
    }
    // The neighbouring words by class only (head words), and punctuation that opens or closes the mention:
    // word identities would be memorised from a few hundred papers.
    const prev = previousToken(c.before);
    const next = nextToken(c.after);
    const ph = headClass(prev, lex);
    const nh = headClass(next, lex);
    if (ph) f.add(namedIn(PREV_HEAD, 'p1h:', ph));
    if (nh) f.add(namedIn(NEXT_HEAD, 'n1h:', nh));
    if (isPunctuation(prev)) f.add(namedIn(PREV, 'p1:', prev));
    if (isPunctuation(next)) f.add(namedIn(NEXT, 'n1:', next));
    if (c.sentence.isTitle) f.add(IN_TITLE);
    else {
      titleOnly = false;
      if (c.sentence.index === 1) f.add(FIRST_SENTENCE);
    }
    for (const x of sentenceHeads(c.sentence, lex)) f.add(x);
  }
  if (titleOnly) f.add(TITLE_ONLY);
  const n = mentions.length;
  f.add(n >= 3 ? MENTIONS_3 : named('mentions:', String(n)));
  if (hasLongForm) f.add(HAS_LONG_FORM);
  if (hasShortForm) f.add(HAS_SHORT_FORM);
  // a score is reported on it ('74.3% on X'): results.ts found one around a mention
  if (hasResult) f.add(HAS_RESULT);
  if (longForm) {
    const words = longForm.split(/[\s-]+/);
    f.add(named('long-form:', words.every((w) => /^[\p{Lu}\d]/u.test(w) || CONNECTOR.test(w)) ? 'title-case' : /\p{Lu}/u.test(longForm) ? 'mixed-case' : 'lower-case'));
    f.add(named('long-form-head:', headClass(phraseHead(words), lex) ?? 'none'));
  }
  for (const a of aliases) for (const x of aliasFeatures(a, lex)) f.add(x);
  // Conjunctions the linear scorer cannot form itself. A rule's type hint reads differently by where the candidate came
  // from: "dataset" said of a lexicon match, of a run of capitalised words in a list, or of a long form are three
  // different strengths of evidence; and differently again in a title or beside a score. Each generator's candidates
  // also differ by case and length (a Title Case title chunk is rarely a name, a Title Case long form often is).
  // Left out, by cross-validation (6 splits, two fold salts, λ 2/8): hint × generator × place triples and "listed" /
  // "defined" × each corpus and prune signal. Both fitted the annotated papers rather than the class of name: without
  // them the held-out typed F1 is 0.864 → 0.867 and 0.866 → 0.869, the in-sample gap 0.059 → 0.048 and 0.057 → 0.045.
  const gens: number[] = [];
  const hints: number[] = [];
  const shapes: number[] = [];
  for (const x of f.ids) {
    const k = kindOf(x);
    if (k === KIND_GENERATOR) gens.push(x);
    else if (k === KIND_HINT) hints.push(x);
    else if (k === KIND_SHAPE) shapes.push(x);
  }
  const where = [TITLE_ONLY, IN_TITLE, HAS_RESULT].filter((w) => f.has(w));
  for (const t of hints) {
    for (const w of where) f.add(conj(t, w));
    for (const g of gens) f.add(conj(t, g));
  }
  for (const x of shapes) for (const g of gens) f.add(conj(g, x));
  return f.ids;
}
