// Sentence splitting and name-aware tokenisation with offsets into `title + "\n" + abstract`.
import { isAlnumCode, isCjkCode } from '../chars.ts';

/** A lower-case function word that may stand inside a Title Case name ('Corpus of Linguistic Acceptability', 'The Pile'). */
export const CONNECTOR = /^(?:of|for|and|the|with|in|to|via|on|from|by|a|an)$/;

/** One sentence; `start`/`end` are offsets into the paper text (title + "\n" + abstract). */
export interface Sentence {
  index: number;
  start: number;
  end: number;
  text: string;
  /** The title is sentence 0 and is Title Case, so capitalisation means little there. */
  isTitle: boolean;
}

/** One token; offsets are absolute (into the paper text). */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Text between the previous token and this one ('' for the first token of a sentence). */
  gap: string;
}

/** `title + "\n" + abstract`: the string every Evidence offset points into. */
export function paperText(title: string, abstract: string): string {
  return `${title}\n${abstract}`;
}

// Words after which a period does not end a sentence: 'e.g.', 'et al.', 'Fig.'.
const NO_BREAK_BEFORE = /(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|No|approx|resp|incl|al|Dr|Mr|Ms|Prof|St|viz|w\.r\.t|a\.k\.a)\.|\b[A-Z]\.)$/;

/** Splits the paper text into sentences: the title, then the abstract on . ! ? and line breaks. */
export function splitSentences(title: string, abstract: string): Sentence[] {
  const out: Sentence[] = [{ index: 0, start: 0, end: title.length, text: title, isTitle: true }];
  const base = title.length + 1;
  // A boundary: sentence punctuation followed by whitespace and an opening character, a newline, or a full stop that
  // lost its space between a word and a capitalised word ('rare terms.To train SMART', 'keywords.Prior work').
  // Every boundary starts at one of . ! ? or a newline: the expression is tried (sticky) only there, which finds the
  // same boundaries as a scan from every position.
  const boundary = /([.!?])(["')\]]?)\s+(?=["'(\[]?[A-Z0-9\\])|\n+|(?<=\p{Ll}{2})(\.)(?=\p{Lu}\p{Ll}+\s)/uy;
  const opener = /[.!?\n]/g;
  const next = (): RegExpExecArray | null => {
    for (let o = opener.exec(abstract); o; o = opener.exec(abstract)) {
      boundary.lastIndex = o.index;
      const m = boundary.exec(abstract);
      if (m) {
        opener.lastIndex = o.index + m[0].length;
        return m;
      }
    }
    return null;
  };
  let from = 0;
  const push = (s: number, e: number): void => {
    while (s < e && /\s/.test(abstract[s]!)) s++;
    while (e > s && /\s/.test(abstract[e - 1]!)) e--;
    if (e > s) out.push({ index: out.length, start: base + s, end: base + e, text: abstract.slice(s, e), isTitle: false });
  };
  for (let m = next(); m; m = next()) {
    if (m[1] || m[3]) {
      const head = abstract.slice(Math.max(from, m.index - 12), m.index + 1);
      // '3.5 points' never reaches here (no space); 'e.g. BERT' and 'Fig. 2' must not split.
      if (NO_BREAK_BEFORE.test(head)) continue;
      const end = m.index + 1 + (m[2]?.length ?? 0);
      push(from, end);
      from = m.index + m[0].length;
    } else {
      push(from, m.index);
      from = m.index + m[0].length;
    }
  }
  push(from, abstract.length);
  return out;
}

// URLs and e-mail addresses ('https: //github.com/x/y', '\\url{…}', 'a@b.org'): never names.
const URL = /(?:https?\s*:\s*\/\/\s*|www\.)[^\s}]+|\b[\w.-]+\.(?:com|org|io|ai|net|edu|co|cn)\/[^\s}]*|[\w.+-]+@[\w-]+\.[\w.]+/g;
/**
 * Letter or digit that can be part of a name. Han, kana and Hangul end a token: a Latin name in a Chinese, Japanese or
 * Korean abstract is glued to the words around it, and the name is the Latin run.
 */
export function isNameCode(c: number): boolean {
  return isAlnumCode(c) && !isCjkCode(c);
}

// Joiners kept inside a token when a letter or digit follows: 'Qwen2.5-7B', 'Bio+Clinical', 't-SNE', "R&D", 'M^3C'.
function isJoiner(c: number): boolean {
  return c === 45 || c === 95 || c === 46 || c === 43 || c === 38 || c === 39 || c === 0x2019 || c === 0x2010 || c === 94;
}

// Two-letter words that open sentences ('DeBERTa.We propose', 'PTMs.In this work'): after a period they start one; other
// two-letter pieces stay ('DerivBase.Ru').
const SHORT_OPENERS = new Set(['We', 'In', 'It', 'To', 'On', 'As', 'At', 'By', 'An', 'Of', 'Or', 'If', 'So']);

// 'mBART.The', 'end.The', 'DeBERTa.We': a period followed by a capitalised word starts a sentence, it does not join a token.
function gluedSentence(text: string, dot: number): boolean {
  const a = text.charCodeAt(dot + 1);
  const b = text.charCodeAt(dot + 2);
  if (!(a >= 65 && a <= 90 && b >= 97 && b <= 122)) return false;
  if (dot + 3 < text.length && /[a-z]{2}/.test(text.slice(dot + 2, dot + 4))) return true;
  return SHORT_OPENERS.has(text.slice(dot + 1, dot + 3)) && !isAlnumCode(text.charCodeAt(dot + 3));
}

/** A plain lower-case word's shape: its length (31 for longer ones), first and last letters, as one number. */
function shapeOf(text: string, start: number, end: number): number {
  return (Math.min(end - start, 31) << 10) | ((text.charCodeAt(start) - 96) << 5) | (text.charCodeAt(end - 1) - 96);
}

const SHAPES = new WeakMap<ReadonlySet<string>, Uint8Array>();

/**
 * The shapes of the plain lower-case words of a word set (made on its first use; the set must not change after). Most
 * words of a text have none of them, and are then turned away without being cut out of the text and looked up.
 */
function shapeTable(words: ReadonlySet<string>): Uint8Array {
  let table = SHAPES.get(words);
  if (!table) {
    table = new Uint8Array(32 << 10);
    for (const w of words) if (/^[a-z]+$/.test(w)) table[shapeOf(w, 0, w.length)] = 1;
    SHAPES.set(words, table);
  }
  return table;
}

/**
 * Tokenises one sentence into letter/digit runs joined by - _ . + & ' (a hand-written scanner: this is the
 * hot loop of the extractor). A possessive "'s" is split off, so 'M2-omni's' yields 'M2-omni'; trailing '+'
 * is kept ('OpenIE4++', 'C++'); tokens inside URLs and e-mail addresses are skipped.
 */
export function tokenize(sentence: Sentence, keepLower?: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  const text = sentence.text;
  let urls: [number, number][] | undefined;
  if (text.includes('/') || text.includes('@') || text.includes('www.')) {
    urls = [];
    URL.lastIndex = 0;
    for (let u = URL.exec(text); u; u = URL.exec(text)) urls.push([u.index, u.index + u[0].length]);
  }
  const shapes = keepLower && shapeTable(keepLower);
  const n = text.length;
  let last = 0;
  let i = 0;
  while (i < n) {
    if (!isNameCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    // Plain lower-case ASCII words are skipped when `keepLower` is given (unless listed in it): they are never
    // names, and the gap of the next kept token then contains them, which is what breaks a name run.
    let plain = true;
    for (;;) {
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) i++;
      else if (isNameCode(c)) {
        plain = false;
        i++;
      } else if (isJoiner(c) && i + 1 < n && isNameCode(text.charCodeAt(i + 1)) && !(c === 46 && gluedSentence(text, i))) {
        plain = false;
        i += 2;
      } else break;
    }
    while (i < n && text.charCodeAt(i) === 43) {
      plain = false;
      i++;
    }
    if (plain && keepLower && !(shapes![shapeOf(text, start, i)] === 1 && keepLower.has(text.slice(start, i)))) continue;
    let end = i;
    // "M2-omni's" → 'M2-omni'; "don't" → 'don'; "LLMs'" ends before the apostrophe anyway; "IWSLT'15" keeps its year.
    let apos = end - 1;
    while (apos > start && text.charCodeAt(apos) !== 39 && text.charCodeAt(apos) !== 0x2019) apos--;
    if (apos > start && !/^\d{2}$/.test(text.slice(apos + 1, end))) end = apos;
    if (urls && urls.some(([a, b]) => start < b && a < i)) {
      last = i;
      continue;
    }
    out.push({ text: text.slice(start, end), start: sentence.start + start, end: sentence.start + end, gap: text.slice(last, start) });
    // the next token's gap starts where this token ends: a split-off "'s" stays in it and breaks a name run
    last = end;
  }
  return out;
}
