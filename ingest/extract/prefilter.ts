// A literal prefilter for the declared rules' regular expressions, derived from the expressions themselves: the words
// a match cannot do without ('called', 'such as', a head word) are read out of each pattern once, and one scan of a
// text over all of them (an Aho–Corasick automaton) tells which patterns could match it. A pattern whose required
// words are missing cannot match, so it is not run; one that passes is run as before. The prefilter only ever skips
// an expression that would have failed, so the rules fire exactly as without it.

/**
 * What a sub-expression says about the text it matches: `exact`, every string it can match when they are few and all
 * plain (folded) ASCII; `cnf`, clauses that hold for every match — each clause a set of strings one of which the
 * match contains.
 */
interface Info {
  exact: Set<string> | null;
  cnf: Set<string>[];
}

/** At most this many strings in an `exact` set (a cross product of alternatives grows fast). */
const MAX_EXACT = 64;

const EMPTY: Info = { exact: new Set(['']), cnf: [] };
const UNKNOWN: Info = { exact: null, cnf: [] };

/**
 * The case folding of the scan: A–Z to a–z, and the two non-ASCII letters a case-insensitive Unicode expression
 * matches to an ASCII letter (U+017F long s, U+212A Kelvin sign). Every other non-ASCII character is -1: no
 * required string holds one, so a scan resets there.
 */
function foldCode(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c === 0x17f) return 115;
  if (c === 0x212a) return 107;
  return -1;
}

const isPlain = (c: number): boolean => c >= 32 && c < 127;
const foldChar = (c: number): string => String.fromCharCode(foldCode(c));

/** A recursive-descent reader of the regular-expression syntax the rules use, computing `Info` as it goes. */
class Reader {
  private i = 0;

  constructor(private readonly src: string) {}

  read(): Info {
    const info = this.alternation();
    if (this.i !== this.src.length) throw new Error(`prefilter: unexpected '${this.src[this.i]}' at ${this.i}`);
    return info;
  }

  private alternation(): Info {
    const alts = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0]! : alternative(alts);
  }

  private sequence(): Info {
    const items: Info[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.quantified());
    return sequence(items);
  }

  private quantified(): Info {
    let atom = this.atom();
    for (;;) {
      const ch = this.src[this.i];
      let min: number;
      let max: number;
      if (ch === '*' || ch === '+' || ch === '?') {
        this.i++;
        min = ch === '+' ? 1 : 0;
        max = ch === '?' ? 1 : Infinity;
      } else if (ch === '{' && /^\{\d+(?:,\d*)?\}/.test(this.src.slice(this.i))) {
        const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i))!;
        this.i += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      } else return atom;
      if (this.src[this.i] === '?') this.i++; // lazy: the same strings
      atom = quantify(atom, min, max);
    }
  }

  private atom(): Info {
    const src = this.src;
    const ch = src[this.i]!;
    if (ch === '(') {
      this.i++;
      let zeroWidth = false;
      if (src[this.i] === '?') {
        const rest = src.slice(this.i, this.i + 4);
        if (rest.startsWith('?:')) this.i += 2;
        else if (rest.startsWith('?=') || rest.startsWith('?!')) {
          this.i += 2;
          zeroWidth = true;
        } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
          this.i += 3;
          zeroWidth = true;
        } else if (rest.startsWith('?<')) {
          const close = src.indexOf('>', this.i);
          if (close < 0) throw new Error('prefilter: unterminated group name');
          this.i = close + 1;
        } else throw new Error(`prefilter: unknown group at ${this.i}`);
      }
      const inner = this.alternation();
      if (src[this.i] !== ')') throw new Error(`prefilter: unclosed group at ${this.i}`);
      this.i++;
      // A lookaround constrains the text around a match, not the match: it requires nothing of it.
      return zeroWidth ? EMPTY : inner;
    }
    if (ch === '[') return this.cls();
    if (ch === '^' || ch === '$') {
      this.i++;
      return EMPTY;
    }
    if (ch === '.') {
      this.i++;
      return UNKNOWN;
    }
    if (ch === '\\') return this.escape();
    if (ch === ')' || ch === '|' || ch === '*' || ch === '+' || ch === '?') throw new Error(`prefilter: unexpected '${ch}' at ${this.i}`);
    const cp = src.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return isPlain(cp) ? { exact: new Set([foldChar(cp)]), cnf: [] } : UNKNOWN;
  }

  private escape(): Info {
    const src = this.src;
    const e = src[this.i + 1];
    if (e === undefined) throw new Error('prefilter: trailing backslash');
    this.i += 2;
    switch (e) {
      case 'b':
      case 'B':
        return EMPTY;
      case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
        return UNKNOWN;
      case 'p':
      case 'P': {
        const close = src.indexOf('}', this.i);
        if (src[this.i] !== '{' || close < 0) throw new Error('prefilter: bad \\p');
        this.i = close + 1;
        return UNKNOWN;
      }
      case 'k': {
        const close = src.indexOf('>', this.i);
        this.i = close + 1;
        return UNKNOWN;
      }
      case 'n': case 'r': case 't': case 'f': case 'v': case '0':
        return UNKNOWN;
      case 'x': {
        const cp = parseInt(src.slice(this.i, this.i + 2), 16);
        this.i += 2;
        return isPlain(cp) ? { exact: new Set([foldChar(cp)]), cnf: [] } : UNKNOWN;
      }
      case 'u': {
        let cp: number;
        if (src[this.i] === '{') {
          const close = src.indexOf('}', this.i);
          cp = parseInt(src.slice(this.i + 1, close), 16);
          this.i = close + 1;
        } else {
          cp = parseInt(src.slice(this.i, this.i + 4), 16);
          this.i += 4;
        }
        return isPlain(cp) ? { exact: new Set([foldChar(cp)]), cnf: [] } : UNKNOWN;
      }
      case 'c':
        this.i++;
        return UNKNOWN;
      default:
        if (/\d/.test(e)) {
          while (/\d/.test(src[this.i] ?? '')) this.i++;
          return UNKNOWN; // a back-reference
        }
        // an identity escape: '\.', '\(', '\-', '\/'
        return isPlain(e.charCodeAt(0)) ? { exact: new Set([foldChar(e.charCodeAt(0))]), cnf: [] } : UNKNOWN;
    }
  }

  /** A character class: its folded characters when it is a short list of plain ASCII ones ('[Tt]'), else unknown. */
  private cls(): Info {
    const src = this.src;
    this.i++;
    let negated = false;
    if (src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const chars = new Set<string>();
    let plain = !negated;
    while (this.i < src.length && src[this.i] !== ']') {
      let c: number;
      if (src[this.i] === '\\') {
        const e = src[this.i + 1]!;
        if (e === 'p' || e === 'P') {
          this.i = src.indexOf('}', this.i) + 1;
          plain = false;
          continue;
        }
        this.i += 2;
        if (/[dDwWsSbBnrtfv0]/.test(e)) {
          plain = false;
          continue;
        }
        if (e === 'x' || e === 'u') {
          plain = false;
          this.i += e === 'x' ? 2 : src[this.i] === '{' ? src.indexOf('}', this.i) + 1 - this.i : 4;
          continue;
        }
        c = e.charCodeAt(0);
      } else {
        c = src.codePointAt(this.i)!;
        this.i += c > 0xffff ? 2 : 1;
      }
      // a range 'a-z'
      if (src[this.i] === '-' && src[this.i + 1] !== ']' && this.i + 1 < src.length) {
        this.i++;
        let d: number;
        if (src[this.i] === '\\') {
          d = src.charCodeAt(this.i + 1);
          this.i += 2;
          if (/[dDwWsSpPxu]/.test(String.fromCharCode(d))) plain = false;
        } else {
          d = src.codePointAt(this.i)!;
          this.i += d > 0xffff ? 2 : 1;
        }
        if (!isPlain(c) || !isPlain(d) || d - c > 8) plain = false;
        else for (let x = c; x <= d; x++) chars.add(foldChar(x));
        continue;
      }
      if (isPlain(c)) chars.add(foldChar(c));
      else plain = false;
    }
    if (src[this.i] !== ']') throw new Error('prefilter: unclosed class');
    this.i++;
    return plain && chars.size > 0 && chars.size <= 4 ? { exact: chars, cnf: [] } : UNKNOWN;
  }
}

function product(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** A set of strings as a clause: only when none is empty (an empty string is in every text and says nothing). */
const clause = (s: Set<string> | null): Set<string> | null => (s && s.size > 0 && ![...s].includes('') ? s : null);

function sequence(items: Info[]): Info {
  const cnf: Set<string>[] = [];
  let run: Set<string> = new Set(['']);
  let allExact = true;
  const flush = (): void => {
    const c = clause(run);
    if (c) cnf.push(c);
    run = new Set(['']);
  };
  for (const it of items) {
    cnf.push(...it.cnf);
    if (it.exact) {
      const p = product(run, it.exact);
      if (p) run = p;
      else {
        allExact = false;
        flush();
        run = it.exact;
      }
    } else {
      allExact = false;
      flush();
    }
  }
  if (allExact) return { exact: run, cnf };
  flush();
  return { exact: null, cnf };
}

/** The best single clause of an alternative (its exact strings, or its clause with the longest shortest string). */
function bestClause(info: Info): Set<string> | null {
  const cands = [clause(info.exact), ...info.cnf].filter((c): c is Set<string> => c !== null);
  let best: Set<string> | null = null;
  let score = -1;
  for (const c of cands) {
    const s = Math.min(...[...c].map((x) => x.length)) * 1000 - c.size;
    if (s > score) {
      score = s;
      best = c;
    }
  }
  return best;
}

function alternative(alts: Info[]): Info {
  let exact: Set<string> | null = new Set();
  for (const a of alts) {
    if (!a.exact || !exact) {
      exact = null;
      continue;
    }
    for (const x of a.exact) exact.add(x);
    if (exact.size > MAX_EXACT) exact = null;
  }
  // one clause for the whole: some string of each alternative's best clause
  const union = new Set<string>();
  for (const a of alts) {
    const c = bestClause(a);
    if (!c) return { exact, cnf: [] };
    for (const x of c) union.add(x);
  }
  return { exact, cnf: [union] };
}

function quantify(atom: Info, min: number, max: number): Info {
  if (min === 0) {
    if (max === 1 && atom.exact) return { exact: new Set(['', ...atom.exact]), cnf: [] };
    return EMPTY_OR_MORE;
  }
  const cnf = [...atom.cnf];
  const c = clause(atom.exact);
  if (c) cnf.push(c);
  return { exact: min === 1 && max === 1 ? atom.exact : null, cnf };
}

/** Zero or more repetitions of anything: unknown strings, nothing required. */
const EMPTY_OR_MORE: Info = UNKNOWN;

/**
 * The clauses every match of `re` satisfies: sets of (folded, plain ASCII) strings, one of each set occurring in the
 * matched text. Empty when nothing is required or the expression is beyond the reader (then it always runs).
 */
export function requiredStrings(re: RegExp): Set<string>[] {
  let info: Info;
  // the 'v' flag's class syntax is another one
  if (re.flags.includes('v')) return [];
  try {
    info = new Reader(re.source).read();
  } catch {
    return [];
  }
  const out: Set<string>[] = [...info.cnf];
  const c = clause(info.exact);
  if (c) out.push(c);
  // the same clause twice is checked once
  const seen = new Set<string>();
  return out.filter((s) => {
    const k = [...s].sort().join('\u0000');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * An Aho–Corasick automaton over the folded strings of many clauses: `scan(text, acc)` sets bit k of `acc` when some
 * string of clause k occurs in `text` (folded as the clauses are).
 */
export class ClauseScanner {
  /** Folded ASCII code → its column in `next` (0: a character no string holds, which leads back to the start). */
  private readonly column = new Uint8Array(128);
  private readonly columns: number;
  /** The complete transition table: state × column → state. */
  private readonly next: Uint16Array | Int32Array;
  /** Per state, the offset of its clause bit words in `masks` (its strings' clauses and its suffixes'), or -1. */
  private readonly out: Int32Array;
  private readonly masks: Uint32Array;
  readonly words: number;

  constructor(clauses: readonly Set<string>[]) {
    this.words = Math.max(1, Math.ceil(clauses.length / 32));
    let columns = 1;
    for (const strings of clauses) {
      for (const s of strings) for (let j = 0; j < s.length; j++) if (this.column[s.charCodeAt(j)] === 0) this.column[s.charCodeAt(j)] = columns++;
    }
    this.columns = columns;
    const trie: number[][] = [new Array(columns).fill(-1)];
    const own: Set<number>[] = [new Set()];
    clauses.forEach((strings, k) => {
      for (const s of strings) {
        let st = 0;
        for (let j = 0; j < s.length; j++) {
          const c = this.column[s.charCodeAt(j)]!;
          if (trie[st]![c]! < 0) {
            trie[st]![c] = trie.length;
            trie.push(new Array(columns).fill(-1));
            own.push(new Set());
          }
          st = trie[st]![c]!;
        }
        own[st]!.add(k);
      }
    });
    const n = trie.length;
    const fail = new Int32Array(n);
    const next = n < 65536 ? new Uint16Array(n * columns) : new Int32Array(n * columns);
    const outSets: Set<number>[] = own.map((s) => new Set(s));
    // breadth first: a state's failure link and outputs are known before its children's
    const queue: number[] = [];
    for (let c = 1; c < columns; c++) {
      const t = trie[0]![c]!;
      if (t >= 0) {
        fail[t] = 0;
        next[c] = t;
        queue.push(t);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      const st = queue[q]!;
      for (const k of outSets[fail[st]!]!) outSets[st]!.add(k);
      for (let c = 1; c < columns; c++) {
        const t = trie[st]![c]!;
        if (t >= 0) {
          fail[t] = next[fail[st]! * columns + c]!;
          next[st * columns + c] = t;
          queue.push(t);
        } else next[st * columns + c] = next[fail[st]! * columns + c]!;
      }
    }
    this.next = next;
    this.out = new Int32Array(n).fill(-1);
    const words: number[] = [];
    outSets.forEach((set, st) => {
      if (set.size === 0) return;
      this.out[st] = words.length;
      const w = new Array<number>(this.words).fill(0);
      for (const k of set) w[k >>> 5]! |= 1 << (k & 31);
      words.push(...w);
    });
    this.masks = Uint32Array.from(words);
  }

  /** ORs into `acc` the clauses with a string in `text`. */
  scan(text: string, acc: Uint32Array): void {
    const { column, columns, next, out, masks, words } = this;
    let st = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) {
        if (c === 0x17f) c = 115;
        else if (c === 0x212a) c = 107;
        else {
          st = 0;
          continue;
        }
      } else if (c >= 65 && c <= 90) c += 32;
      const col = column[c]!;
      if (col === 0) {
        st = 0;
        continue;
      }
      st = next[st * columns + col]!;
      const o = out[st]!;
      if (o >= 0) for (let w = 0; w < words; w++) acc[w]! |= masks[o + w]!;
    }
  }
}

/** Whether `acc` holds every clause in `ids`. */
export function hasAll(acc: Uint32Array, ids: readonly number[]): boolean {
  for (const k of ids) if ((acc[k >>> 5]! & (1 << (k & 31))) === 0) return false;
  return true;
}
