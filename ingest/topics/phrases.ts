// Noun-phrase chunking for topics. A hand-written scanner splits title + abstract into clauses; compromise's word
// classes (words.ts) decide which runs are noun phrases; every sub-span that could name a topic
// ('neural machine translation' → 'machine translation', 'translation') is counted under its normal form
// (lower case, hyphens as spaces, head singular). Acronyms are expanded ('NMT' → 'neural machine translation')
// from the paper's own definitions or, when the corpus agrees on one long form, from the corpus.
import { isAlnumCode } from '../chars.ts';
import { CLASS_CODE, IntList, lowerCode, NEXT_NOUN, NEXT_VERB, WORD_HASH_PRIME, WORD_HASH_SEED, type PhraseTable, type Vocabulary } from './table.ts';

/**
 * How the chunker reads word classes in context; data so that every decision says why (compromise's habit).
 * `maxWords` counts hyphenated words once ('low-resource language' has two).
 */
export const PHRASE_RULES = {
  maxWords: { value: 4, reason: 'topic names are short; longer runs are read through their sub-spans' },
  gerundLead: { reason: "an '-ing' word opening a run of several words is a verb with its object ('using neural networks')" },
  loneGerund: { reason: "an '-ing' word alone is a noun ('parsing and tagging') unless a name or determiner follows ('using BERT', 'improving the')" },
  pastAfterNoun: { reason: "a participle after a noun starts a reduced clause ('a model trained on'): it ends the phrase" },
  switchVerb: { reason: "a noun/verb word followed by a determiner, pronoun or 'that' is a verb ('results show that', 'we model the')" },
  switchNoun: { reason: "a noun/verb word is a noun after a modifier or determiner, or before another noun ('language model', 'the study', 'question answering')" },
  verbAfterNoun: { reason: "an '-s' form of a verb right after a noun is that noun's verb ('this paper describes')" },
  verbAfterPlural: { reason: "a noun/verb word right after a plural noun is its verb ('models help', 'results show')" },
  verbForm: { reason: "an '-s' form of a verb ('covers', 'describes') is a noun only after a modifier or determiner" },
  nounBeforePreposition: { reason: "a noun/verb word before a preposition reads as a noun ('encoders for tagging', 'results on')" },
  neighbourVerb: { reason: "compromise's neighbour hint: a guessed word after a pronoun, modal, adverb or 'to' is a verb ('we compare', 'to leverage')" },
  head: { reason: 'a topic ends in a noun or, after a modifier, a gerund; adjectives and participles only modify' },
  rhetorical: { reason: "a phrase opening with a rhetorical modifier ('extensive experiments', 'the proposed model') or headed by one ('achieved state-of-the-art') is rhetoric; data/rhetorical-modifiers.txt" },
  quantifier: { reason: "a noun that quantifies or sits in a complex preposition ('a lot of', 'on par with', 'hundreds of') is a function word: data/quantifier-nouns.txt" },
  marginalPreposition: { reason: "a participle that works as a preposition ('depending on', 'according to', 'regarding') is a function word: data/marginal-prepositions.txt" },
  unknownAcronym: { reason: "an acronym with no known long form is a name ('BERT'), left to the entity extractor: it ends the phrase" },
} as const;

// Words after which a noun/verb word is a verb ('show that', 'model the', 'outperforms all').
const VERB_BEFORE = new Set(['the', 'a', 'an', 'this', 'these', 'those', 'that', 'its', 'their', 'our', 'his', 'her', 'it', 'them', 'we', 'us', 'how', 'whether', 'what', 'which', 'both', 'each', 'all', 'significant', 'significantly', 'strong', 'competitive', 'promising', 'superior', 'comparable']);

const NOUN = CLASS_CODE.noun;
const ADJ = CLASS_CODE.adj;
const GERUND = CLASS_CODE.gerund;
const PAST = CLASS_CODE.past;
const SWITCH = CLASS_CODE.switch;
const STOP = CLASS_CODE.stop;

const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;

// What may follow an apostrophe in an English word: the possessive and the clitics ("model's", "don't", "we're").
const CLITICS = new Set(['s', 't', 're', 've', 'll', 'd', 'm']);
/**
 * An apostrophe at `i` inside a word rather than before a possessive or clitic: letters on both sides and what follows
 * is not "s", "t", "re", "ve", "ll", "d" or "m" ("Qur'an", "Ma'lula", "rock'n'roll" are one word each; "model's" is
 * 'model' and its possessive).
 */
function isApostropheInWord(text: string, i: number): boolean {
  const d = text.charCodeAt(i);
  if ((d !== 39 && d !== 0x2019) || i === 0 || !isAlnumCode(text.charCodeAt(i - 1))) return false;
  let j = i + 1;
  while (j < text.length && isAlnumCode(text.charCodeAt(j))) j++;
  return j > i + 1 && !CLITICS.has(text.slice(i + 1, j).toLowerCase());
}
const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;
/**
 * Acronym shape: at least two capitals, no digit, capitals at least half the letters ('NMT', 'LLMs', 'BiLSTM').
 * Returns the acronym without a plural 's' ('LLMs' → 'LLM'), or null.
 */
export function acronymOf(raw: string): string | null {
  if (raw.length < 2 || raw.length > 10) return null;
  let upper = 0;
  let letters = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isUpperCode(c)) {
      upper++;
      letters++;
    } else if (isLowerCode(c)) letters++;
    else if (c !== 45) return null;
  }
  if (upper < 2 || upper * 2 < letters) return null;
  return raw.length > 2 && raw.endsWith('s') && isUpperCode(raw.charCodeAt(raw.length - 2)) ? raw.slice(0, -1) : raw;
}

/**
 * Schwartz & Hearst (2003): how many trailing `words` spell `short` (its letters matched right to left, the first
 * at a word start). 'neural machine translation' + 'NMT' → 3; 0 when they do not match.
 */
export function longFormLength(short: string, words: readonly string[]): number {
  const letters = short.toLowerCase().replace(/[^a-z]/g, '');
  if (letters.length < 2) return 0;
  const maxWords = Math.min(letters.length + 5, letters.length * 2);
  const window = words.slice(-maxWords);
  const text = window.join(' ').toLowerCase();
  let s = letters.length - 1;
  let l = text.length - 1;
  while (s >= 0) {
    const ch = letters[s]!;
    while (l >= 0 && (text[l] !== ch || (s === 0 && l > 0 && /[a-z0-9]/.test(text[l - 1]!)))) l--;
    if (l < 0) return 0;
    l--;
    s--;
  }
  const start = text.lastIndexOf(' ', l) + 1;
  return text.slice(start).split(' ').length;
}

// Clause breaks: sentence and clause punctuation, brackets, quotes, slashes, maths.
// (1 per code unit in a table: the scanner asks for every space and mark, ~11M times on ACL.)
const BREAK_CODES = new Uint8Array(65536);
for (const c of '.,;:!?()[]{}"“”/\\|=<>$%\n•–—‘’+*&#@~^') BREAK_CODES[c.charCodeAt(0)] = 1;
// LaTeX maths and commands ('$x^2$', '\textit') and URLs are skipped whole: with a mistyped scheme ('https;//') or
// none ('factquizmaster.com'), whose last part is no topic ('com'). Citations' 'et al.' end a clause too.
const DOMAIN = /\.(?:com|org|net|io|ai|edu|gov|dev)\b/;
const SKIP = /\$[^$]*\$|\\[a-zA-Z]+|https?[:;]\/\/\S+|www\.\S+|\S+@\S+\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ai|edu|gov|dev)\b(?:\/\S*)?|\bet al\b\.?/g;
// The clause before a parenthesised acronym ends at one of these: '…; neural machine translation (NMT)'.
const CLAUSE_END_CODES = new Set([...'.;:()[]'].map((c) => c.charCodeAt(0)));
const ACRONYM_IN_PARENS = /^\(\s*([A-Za-z][A-Za-z-]{1,9})\s*[),;]/;

/**
 * The place of the last clause end (. ; : ( ) [ ]) in `text`, counted in code points (a surrogate pair is one), or −1:
 * what `Math.max(...[...text].map((ch, i) => (/[.;:()[\]]/.test(ch) ? i : -1)))` gives, without an array of characters
 * per parenthesis. (The caller slices at it as at a code unit offset: the same as ever.)
 */
function lastClauseEnd(text: string): number {
  let cut = -1;
  let at = 0;
  for (let u = 0; u < text.length; u++, at++) {
    const c = text.charCodeAt(u);
    if (c >= 0xd800 && c <= 0xdbff && u + 1 < text.length) {
      const d = text.charCodeAt(u + 1);
      if (d >= 0xdc00 && d <= 0xdfff) u++;
    } else if (CLAUSE_END_CODES.has(c)) cut = at;
  }
  return cut;
}

/** Acronym definitions in a text: 'neural machine translation (NMT)' → ['NMT', ['neural', 'machine', 'translation']]. */
export function acronymDefinitions(text: string, vocab: Vocabulary): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (let at = text.indexOf('('); at >= 0; at = text.indexOf('(', at + 1)) {
    const m = ACRONYM_IN_PARENS.exec(text.slice(at, at + 14));
    if (!m) continue;
    const short = acronymOf(m[1]!);
    if (short === null) continue;
    let before = text.slice(Math.max(0, at - 120), at);
    const cut = lastClauseEnd(before);
    if (cut >= 0) before = before.slice(cut + 1);
    const words = before.split(/[\s,]+/).filter(Boolean);
    const n = longFormLength(short, words);
    if (n === 0) continue;
    const long = words.slice(-n).map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}-]/gu, ''));
    if (long.some((w) => w === '' || w.startsWith('-') || w.endsWith('-'))) continue;
    // The long form must read as a noun phrase: it ends in a noun or gerund, holds no verb or number.
    const classes = long.flatMap((w) => w.split('-')).map((w) => vocab.cls.get(vocab.id(w)));
    const last = classes[classes.length - 1];
    if (last !== NOUN && last !== GERUND && last !== SWITCH) continue;
    if (long.some((w, k) => classes[k] === STOP && w !== 'of' && w !== 'and' && !w.includes('-'))) continue;
    out.push([short, long]);
  }
  return out;
}

/** Acronym long forms: the paper's own definitions first, then the corpus table. */
export interface AcronymLookup {
  get(short: string): readonly string[] | undefined;
}

/** Per-paper counts a chunking pass produces: phrase id → occurrences (title occurrences also counted apart). */
export interface PhraseBag {
  ids: Int32Array;
  tf: Int32Array;
  title: Int32Array;
}

/** Entries of a bag slab: 256 kB, the columns of ~300 ACL papers. */
const BAG_SLAB = 1 << 16;

export const EMPTY_BAG: PhraseBag = { ids: new Int32Array(0), tf: new Int32Array(0), title: new Int32Array(0) };

/** Reusable clause buffers (one chunker per thread of work). */
export class Chunker {
  private words = new Int32Array(256);
  private cls = new Int32Array(256);
  /** Bit 1: hyphen-joined to the next word; bit 2: forced class (acronym expansion); bit 4: in a rhetorical word. */
  private flags = new Int32Array(256);
  /** Hyphen group index of each word (maxWords counts groups). */
  private group = new Int32Array(256);
  private n = 0;
  private groups = 0;
  private keyBuf = new Int32Array(64);
  /** The word being read, lower-cased (`text`). */
  private lowered: Uint16Array = new Uint16Array(64);
  /**
   * The paper's bag as it is counted: phrases in order of first use with their counts, and each phrase's place in it
   * (index + 1, 0 = not in this paper) — phrase ids are dense, so a typed array stands in for a Map (~12M counts on
   * ACL).
   */
  private bagIds = new IntList(256);
  private bagTf = new IntList(256);
  private bagTitle = new IntList(256);
  private bagSlot = new IntList(1 << 16);
  private inTitle = false;
  /** Where the bags' columns are cut from (`BAG_SLAB` code units at a time) and how much of it is taken. */
  private slab = new Int32Array(0);
  private slabAt = 0;

  constructor(
    private readonly vocab: Vocabulary,
    private readonly phrases: PhraseTable,
    private readonly maxWords: number = PHRASE_RULES.maxWords.value,
  ) {}

  /**
   * Chunks one paper. Its phrases are interned but not counted: `commit` counts them once the caller keeps the
   * paper (the caller drops text that is not English, so it adds nothing to document frequencies).
   */
  paper(title: string, abstract: string, acronyms: AcronymLookup): PhraseBag {
    this.inTitle = true;
    this.text(title, acronyms);
    this.inTitle = false;
    this.text(abstract, acronyms);
    // One stretch of a shared slab for the three columns: a big corpus keeps a bag per paper, and a buffer of its own
    // each is an allocation outside the heap per paper that V8 tracks and counts towards its next collection.
    const { bagIds, bagTf, bagTitle, bagSlot } = this;
    const m = bagIds.length;
    if (this.slabAt + 3 * m > this.slab.length) {
      this.slab = new Int32Array(Math.max(BAG_SLAB, 3 * m));
      this.slabAt = 0;
    }
    const all = this.slab.subarray(this.slabAt, this.slabAt + 3 * m);
    this.slabAt += 3 * m;
    all.set(bagIds.data.subarray(0, m));
    all.set(bagTf.data.subarray(0, m), m);
    all.set(bagTitle.data.subarray(0, m), 2 * m);
    for (let k = 0; k < m; k++) bagSlot.set(bagIds.get(k), 0);
    bagIds.length = bagTf.length = bagTitle.length = 0;
    return { ids: all.subarray(0, m), tf: all.subarray(m, 2 * m), title: all.subarray(2 * m) };
  }

  /** Counts a kept paper's phrases in the table: once each, as the paper's document frequency. */
  commit(bag: PhraseBag): void {
    for (let k = 0; k < bag.ids.length; k++) this.phrases.count(bag.ids[k]!, bag.tf[k]!);
  }

  private text(raw: string, acronyms: AcronymLookup): void {
    const text = raw.includes('$') || raw.includes('\\') || raw.includes('http') || raw.includes('@') || raw.includes('et al') || DOMAIN.test(raw) ? raw.replace(SKIP, ' . ') : raw;
    const n = text.length;
    this.n = 0;
    this.groups = 0;
    let i = 0;
    let breakBefore = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (!isAlnumCode(c)) {
        if (BREAK_CODES[c] === 1) breakBefore = true;
        i++;
        continue;
      }
      const start = i;
      let hyphens = 0;
      let upper = 0;
      // The word is lower-cased and hashed as it is read (the vocabulary's hash): looking it up reads it no more.
      let lowered = this.lowered;
      let h = WORD_HASH_SEED;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isAlnumCode(d)) {
          if (isUpperCode(d)) upper++;
        } else if ((d === 45 || d === 0x2010 || d === 0x2011) && i + 1 < n && isAlnumCode(text.charCodeAt(i + 1))) {
          hyphens++;
        } else if (!isApostropheInWord(text, i)) break;
        if (i - start === lowered.length) lowered = this.growLowered();
        const l = d === 0x2019 ? 39 : lowerCode(d);
        lowered[i - start] = l;
        h = Math.imul(h ^ l, WORD_HASH_PRIME);
        i++;
      }
      const end = i;
      // "model's" → 'model' (the possessive or clitic is skipped: an apostrophe inside a word stayed in it).
      if (i + 1 < n && (text.charCodeAt(i) === 39 || text.charCodeAt(i) === 0x2019) && isAlnumCode(text.charCodeAt(i + 1))) {
        const negated = lowerCode(text.charCodeAt(i + 1)) === 116 && (i + 2 === n || !isAlnumCode(text.charCodeAt(i + 2))); // n't
        i += 2;
        while (i < n && isAlnumCode(text.charCodeAt(i))) i++;
        // "don't", "isn't", "can't": an auxiliary with its negation is a function word, never a topic word ('don').
        if (negated) {
          this.flush(false);
          breakBefore = true;
          continue;
        }
      }
      if (breakBefore) this.flush(false);
      breakBefore = false;
      const short = upper >= 2 ? acronymOf(text.slice(start, end)) : null;
      if (short !== null) {
        const long = acronyms.get(short);
        const parenthesised = start > 0 && text.charCodeAt(start - 1) === 40;
        if (long === undefined || parenthesised) {
          this.flush(true); // unknownAcronym
          breakBefore = true;
          continue;
        }
        for (let k = 0; k < long.length; k++) this.pushWord(long[k]!, k === long.length - 1);
        continue;
      }
      this.pushToken(text, start, end, hyphens, h);
    }
    this.flush(false);
  }

  /**
   * Adds `text[start, end)` to the clause buffer, split at hyphens into glued words ('low-resource' → low, resource);
   * `this.lowered` holds it lower-cased, `h` is its hash.
   */
  private pushToken(text: string, start: number, end: number, hyphens: number, h: number): void {
    const { vocab } = this;
    const wholeId = vocab.idOfCodes(this.lowered, end - start, h);
    if (hyphens === 0) {
      this.pushId(wholeId, -1, false, false, vocab.rhetorical.get(wholeId) === 1);
      this.groups++;
      return;
    }
    // The whole word's class decides the last part's; the other parts only modify.
    const whole = vocab.cls.get(wholeId);
    const rhetorical = vocab.rhetorical.get(wholeId) === 1;
    const lastCls = whole === STOP || whole === SWITCH ? NOUN : whole;
    let from = start;
    for (let k = start; k <= end; k++) {
      const c = k < end ? text.charCodeAt(k) : 45;
      if (c !== 45 && c !== 0x2010 && c !== 0x2011) continue;
      const last = k === end;
      this.pushId(vocab.idOf(text, from, k), last ? lastCls : ADJ, !last, false, rhetorical);
      from = k + 1;
    }
    this.groups++;
  }

  /** Adds one word of an acronym's long form ('neural machine translation'); its head is a noun. */
  private pushWord(word: string, head: boolean): void {
    const parts = word.split('-');
    for (let k = 0; k < parts.length; k++) {
      const last = k === parts.length - 1;
      const id = this.vocab.id(parts[k]!);
      const own = this.vocab.cls.get(id);
      // A function word inside a long form ('mixture of experts') glues it; it never heads a phrase ('of').
      const glue = this.vocab.functionWord.get(id) === 1;
      const cls = head && last && !glue ? NOUN : own === STOP || own === SWITCH ? (last && !glue ? NOUN : ADJ) : own;
      this.pushId(this.vocab.id(parts[k]!), cls, !last, true);
    }
    this.groups++;
  }

  private pushId(id: number, cls: number, glued: boolean, forced = false, rhetorical = false): void {
    if (this.n === this.words.length) this.grow();
    this.words[this.n] = id;
    this.cls[this.n] = cls >= 0 ? cls : this.vocab.cls.get(id);
    this.flags[this.n] = (glued ? 1 : 0) | (forced || cls >= 0 ? 2 : 0) | (rhetorical ? 4 : 0);
    this.group[this.n] = this.groups;
    this.n++;
  }

  private growLowered(): Uint16Array {
    const next = new Uint16Array(this.lowered.length * 2);
    next.set(this.lowered);
    return (this.lowered = next);
  }

  private grow(): void {
    const size = this.words.length * 2;
    for (const name of ['words', 'cls', 'flags', 'group'] as const) {
      const next = new Int32Array(size);
      next.set(this[name]);
      this[name] = next;
    }
  }

  /** Resolves context-dependent classes of the clause, then emits every run. `nameFollows`: an acronym ended it. */
  private flush(nameFollows: boolean): void {
    const n = this.n;
    if (n === 0) return;
    const { words, cls, flags, vocab } = this;
    for (let i = 0; i < n; i++) {
      if (flags[i]! & 2) continue;
      const c = cls[i]!;
      const prevHint = i > 0 ? vocab.nextIs.get(words[i - 1]!) : 0;
      if (c === SWITCH) {
        const next = i + 1 < n ? vocab.words[words[i + 1]!]! : undefined;
        const nextId = i + 1 < n ? words[i + 1]! : -1;
        const nc = i + 1 < n ? cls[i + 1]! : STOP;
        const pc = i > 0 ? cls[i - 1]! : STOP;
        const verbForm = vocab.verbStem.get(words[i]!) === 1;
        const afterPlural = i > 0 && (pc === NOUN || pc === GERUND) && !(flags[i - 1]! & 1) && vocab.singularId(words[i - 1]!) !== words[i - 1];
        if (next !== undefined && VERB_BEFORE.has(next)) cls[i] = STOP; // switchVerb
        else if (prevHint === NEXT_VERB) cls[i] = STOP; // neighbourVerb
        else if ((pc === NOUN || pc === GERUND) && verbForm) cls[i] = STOP; // verbAfterNoun
        else if (afterPlural) cls[i] = STOP; // verbAfterPlural
        else if (pc === ADJ || pc === PAST || prevHint === NEXT_NOUN) cls[i] = NOUN; // switchNoun
        else if (verbForm) cls[i] = STOP; // verbForm
        else if (pc === NOUN || nc === NOUN || nc === GERUND || nc === SWITCH) cls[i] = NOUN; // switchNoun
        else if (nextId >= 0 && vocab.nextIs.get(nextId) === NEXT_NOUN && vocab.opensObject.get(nextId) === 0) cls[i] = NOUN; // nounBeforePreposition
        else cls[i] = STOP;
      } else if (prevHint === NEXT_VERB && vocab.guessed.get(words[i]!) === 1 && (c === NOUN || c === ADJ)) {
        cls[i] = STOP; // neighbourVerb
      }
    }
    // How '-ing' words are used: an object right after one ('using the', 'using BERT') makes it a verb.
    for (let i = 0; i < n; i++) {
      if (cls[i] !== GERUND || flags[i]! & 1) continue;
      const w = words[i]!;
      vocab.gerundSeen.set(w, vocab.gerundSeen.get(w) + 1);
      const object = i + 1 < n ? vocab.opensObject.get(words[i + 1]!) === 1 : nameFollows;
      if (object) vocab.gerundObject.set(w, vocab.gerundObject.get(w) + 1);
    }
    let start = -1;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? cls[i]! : STOP;
      const breaks = c === STOP || (c === PAST && start >= 0 && (cls[i - 1] === NOUN || cls[i - 1] === GERUND) && !(flags[i - 1]! & 1));
      if (breaks) {
        if (start >= 0) {
          const next = i < n ? vocab.words[words[i]!]! : nameFollows ? '\u0000' : '';
          this.run(start, i, next);
        }
        start = c === STOP ? -1 : i;
        continue;
      }
      if (start < 0) start = i;
    }
    this.n = 0;
    this.groups = 0;
  }

  /** Emits the sub-spans of the run `[from, to)`; `next` is the word after it ('\0' for a name, '' for punctuation). */
  private run(from: number, to: number, next: string): void {
    const { cls, flags, group } = this;
    // A run must end a hyphen group and start one.
    while (from < to && from > 0 && flags[from - 1]! & 1) from++;
    while (to > from && flags[to - 1]! & 1) to--;
    if (from >= to) return;
    if (cls[from] === GERUND && !(flags[from]! & 1)) {
      if (group[to - 1] !== group[from]) from++; // gerundLead
      else if (next === '\u0000' || VERB_BEFORE.has(next)) return; // loneGerund
    }
    let lastHead = -1;
    for (let end = to - 1; end >= from; end--) {
      if (flags[end]! & 1) continue; // inside a hyphen group
      const c = cls[end]!;
      if (!(c === NOUN || (c === GERUND && (end === from || cls[end - 1] !== STOP)))) continue; // head
      if (flags[end]! & 4) continue; // rhetorical head: 'achieved state-of-the-art', 'the best'
      // A head before the run's last one modifies it: 'machine' in 'machine translation' (counted for one-word phrases).
      const modifier = lastHead >= 0;
      if (lastHead < 0) lastHead = end;
      for (let begin = end; begin >= from; begin--) {
        if (begin > 0 && flags[begin - 1]! & 1) continue; // a span starts a hyphen group
        if (group[end]! - group[begin]! >= this.maxWords) break;
        const bc = cls[begin]!;
        if (bc === GERUND && group[begin] !== group[end]) continue; // 'answering system' is not a topic
        if (flags[begin]! & 4) continue; // rhetorical: 'extensive experiments', 'proposed model'
        if (this.vocab.functionWord.get(this.words[begin]!) === 1) continue; // 'of experts' is no noun phrase
        const p = this.emit(begin, end);
        if (modifier && begin === end) this.phrases.modifier.set(p, this.phrases.modifier.get(p) + 1);
      }
    }
  }

  private emit(begin: number, end: number): number {
    const len = end - begin + 1;
    if (len > this.keyBuf.length) this.keyBuf = new Int32Array(len * 2);
    let mask = 0;
    for (let k = 0; k < len; k++) {
      const id = this.words[begin + k]!;
      this.keyBuf[k] = k === len - 1 ? this.vocab.singularId(id) : id;
      if (k < len - 1 && this.flags[begin + k]! & 1) mask |= 1 << k;
    }
    const p = this.phrases.intern(this.keyBuf, 0, len, mask);
    if (p >= this.bagSlot.length) this.bagSlot.resize(p + 1);
    let k = this.bagSlot.get(p) - 1;
    if (k < 0) {
      k = this.bagIds.length;
      this.bagSlot.set(p, k + 1);
      this.bagIds.push(p);
      this.bagTf.push(0);
      this.bagTitle.push(0);
    }
    this.bagTf.set(k, this.bagTf.get(k) + 1);
    if (this.inTitle) this.bagTitle.set(k, this.bagTitle.get(k) + 1);
    return p;
  }
}
