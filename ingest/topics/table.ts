// Interning for the topic stage: words and phrases become integer ids held in typed arrays, so counting a
// 59k-abstract corpus (millions of candidate spans, most seen once) costs tens of megabytes, not hundreds.
import { marginalPrepositions, quantifierNouns, rhetoricalModifiers } from './data.ts';
import { singular, wordInfo, type WordClass } from './words.ts';

const CLASS_CODES: readonly WordClass[] = ['noun', 'adj', 'gerund', 'past', 'switch', 'stop'];
export const CLASS_CODE: Record<WordClass, number> = { noun: 0, adj: 1, gerund: 2, past: 3, switch: 4, stop: 5 };
export const NEXT_NOUN = 1;
export const NEXT_VERB = 2;

/** A growable Int32Array (amortised doubling). */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
  /** Grows to `n` entries filled with `fill`. */
  resize(n: number, fill = 0): void {
    while (this.length < n) this.push(fill);
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Lower-case form of one UTF-16 code unit, cached (ASCII fast path; other scripts through toLowerCase). */
const LOWER = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) LOWER[c] = c;
for (let c = 65; c <= 90; c++) LOWER[c] = c + 32;
const lowerDone = new Uint8Array(65536);
export function lowerCode(c: number): number {
  if (c < 128) return LOWER[c]!;
  if (!lowerDone[c]) {
    const l = String.fromCharCode(c).toLowerCase();
    LOWER[c] = l.length === 1 ? l.charCodeAt(0) : c;
    lowerDone[c] = 1;
  }
  return LOWER[c]!;
}

/**
 * The slots of an open-addressing table (slot → entry + 1, 0 = empty, linear probing) of `size` slots (a power of
 * two) holding entries 0 … count-1 with these 32-bit hashes.
 */
export function rehashSlots(size: number, hashes: IntList, count: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let e = 0; e < count; e++) {
    let slot = (hashes.get(e) >>> 0) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = e + 1;
  }
  return slots;
}

/** FNV-1a over UTF-16 code units: the vocabulary's word hash. */
export const WORD_HASH_SEED = 0x811c9dc5 | 0;
export const WORD_HASH_PRIME = 0x01000193;

/**
 * Lower-cased words ↔ ids, with each word's class, neighbour hint and singular form precomputed. `idOf` reads a
 * word straight from the text (hashing its lower-cased characters) so the hot loop creates no strings.
 */
export class Vocabulary {
  readonly words: string[] = [];
  readonly cls = new IntList();
  readonly guessed = new IntList();
  readonly nextIs = new IntList();
  readonly verbStem = new IntList();
  /** 1 for English function words (compromise tags them determiner, preposition, pronoun …): the language test counts them. */
  readonly functionWord = new IntList();
  /** 1 for rhetorical modifiers ('extensive', 'proposed'): a topic never starts with one (data/rhetorical-modifiers.txt). */
  readonly rhetorical = new IntList();
  /** Per '-ing' word: times seen, and times an object followed it ('using the', 'using BERT') — verbs take objects. */
  readonly gerundSeen = new IntList();
  readonly gerundObject = new IntList();
  readonly opensObject = new IntList();
  private readonly rhetoricalWords = rhetoricalModifiers();
  private readonly quantifierWords = quantifierNouns();
  private readonly prepositionWords = marginalPrepositions();
  private readonly singularIds = new IntList();
  /**
   * Open addressing, two entries a slot: word id + 1 (0 = empty) and the word's hash, so a probe that misses reads no
   * other array. A word's lower-case characters sit in `chars` (`charStart[id]` … `charStart[id + 1]`): a probe that
   * hits compares code units in a typed array, not through the string (built by concatenation, it is a rope until
   * flattened).
   */
  private slots = new Int32Array(2 << 16);
  private chars = new Uint16Array(1 << 16);
  private readonly charStart = new IntList();
  /** `idOf`'s lower-cased word, read once from the text. */
  private scratch = new Uint16Array(64);

  constructor() {
    this.charStart.push(0);
  }

  private static hashString(s: string): number {
    let h = WORD_HASH_SEED;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), WORD_HASH_PRIME);
    return h >>> 0;
  }

  /** Id of a lower-case word (created when new). */
  id(word: string): number {
    const found = this.lookup(word);
    return found >= 0 ? found : this.add(word, Vocabulary.hashString(word), ~found);
  }

  /** Id of a lower-case word already in the vocabulary, or undefined. */
  has(word: string): number | undefined {
    const found = this.lookup(word);
    return found >= 0 ? found : undefined;
  }

  /** The word's id, or −(its empty slot) − 1. */
  private lookup(word: string): number {
    const h = Vocabulary.hashString(word) | 0;
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = slots[2 * slot]!;
      if (v === 0) return ~slot;
      if (slots[2 * slot + 1] === h && this.words[v - 1] === word) return v - 1;
    }
  }

  /** Id of `text[start, end)` lower-cased, without building a string unless the word is new. */
  idOf(text: string, start: number, end: number): number {
    const len = end - start;
    if (len > this.scratch.length) this.scratch = new Uint16Array(len * 2);
    const word = this.scratch;
    let h = WORD_HASH_SEED;
    for (let i = 0; i < len; i++) {
      const c = lowerCode(text.charCodeAt(start + i));
      word[i] = c;
      h = Math.imul(h ^ c, WORD_HASH_PRIME);
    }
    return this.idOfCodes(word, len, h);
  }

  /**
   * Id of the lower-case word `codes[0, len)` whose hash (`WORD_HASH_SEED`, then `h = imul(h ^ code,
   * WORD_HASH_PRIME)` per code unit) is `h`: a scanner that lower-cases and hashes a word as it reads it.
   */
  idOfCodes(codes: Uint16Array, len: number, h: number): number {
    h |= 0;
    const { slots, chars } = this;
    const starts = this.charStart.data;
    const mask = (slots.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = slots[2 * slot]!;
      if (v === 0) {
        let fresh = '';
        for (let i = 0; i < len; i++) fresh += String.fromCharCode(codes[i]!);
        return this.add(fresh, h >>> 0, slot);
      }
      if (slots[2 * slot + 1] !== h) continue;
      const s = starts[v - 1]!;
      if (starts[v]! - s !== len) continue;
      let same = true;
      for (let i = 0; i < len; i++) {
        if (chars[s + i] !== codes[i]) {
          same = false;
          break;
        }
      }
      if (same) return v - 1;
    }
  }

  private add(word: string, h: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.slots[2 * slot] = id + 1;
    this.slots[2 * slot + 1] = h | 0;
    const at = this.charStart.get(id);
    if (at + word.length > this.chars.length) {
      const next = new Uint16Array(Math.max(this.chars.length * 2, at + word.length));
      next.set(this.chars);
      this.chars = next;
    }
    for (let i = 0; i < word.length; i++) this.chars[at + i] = word.charCodeAt(i);
    this.charStart.push(at + word.length);
    const info = wordInfo(word);
    // A quantifying noun ('a lot of', 'on par with') or a participle that works as a preposition ('depending on') is
    // read as a function word (PHRASE_RULES.quantifier, PHRASE_RULES.marginalPreposition).
    const functionWord = this.quantifierWords.has(word) || this.prepositionWords.has(word);
    this.cls.push(functionWord ? CLASS_CODE.stop : CLASS_CODE[info.cls]);
    this.guessed.push(info.guessed ? 1 : 0);
    this.nextIs.push(info.nextIs === 'noun' ? NEXT_NOUN : info.nextIs === 'verb' ? NEXT_VERB : 0);
    this.verbStem.push(info.verbStem ? 1 : 0);
    this.functionWord.push(info.functionWord ? 1 : 0);
    this.rhetorical.push(this.rhetoricalWords.has(word) ? 1 : 0);
    this.gerundSeen.push(0);
    this.gerundObject.push(0);
    this.opensObject.push(info.opensObject ? 1 : 0);
    this.singularIds.push(-1);
    if (this.words.length * 4 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k] === 0) continue;
      let slot = old[k + 1]! & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[k]!;
      slots[2 * slot + 1] = old[k + 1]!;
    }
    this.slots = slots;
  }

  classOf(id: number): WordClass {
    return CLASS_CODES[this.cls.get(id)]!;
  }

  /** Id of the word's singular form (the form a phrase head is counted under). */
  singularId(id: number): number {
    let s = this.singularIds.get(id);
    if (s < 0) {
      const form = singular(this.words[id]!);
      s = form === this.words[id] ? id : this.id(form);
      this.singularIds.set(id, s);
    }
    return s;
  }

  get size(): number {
    return this.words.length;
  }
}

/** 32-bit hash of a word-id sequence (murmur-style mixing), exact-checked on lookup. */
function hashIds(ids: Int32Array, from: number, to: number): number {
  let h = 0x9747b28c ^ (to - from);
  for (let i = from; i < to; i++) {
    let k = Math.imul(ids[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * Phrases as word-id sequences (head already singular), interned to dense ids. Per phrase: document frequency,
 * corpus frequency, and which words were hyphen-joined when first seen (so 'low-resource' displays as written
 * while counting with 'low resource').
 */
export class PhraseTable {
  /**
   * Open addressing, three entries a slot: phrase id + 1 (0 = empty), a tag (the phrase's hash with its length,
   * up to 15, in the low four bits; the bits above them place it) and where its words start in `pool` — a probe reads the slot and the words, not
   * the id's columns (the table outgrows the caches: ACL has 690k phrases, and 85 % of 4.6M lookups find one).
   */
  private slots: Int32Array | null = new Int32Array(3 << 16);
  readonly pool = new IntList(1 << 16);
  readonly start = new IntList();
  readonly length = new IntList();
  readonly glue = new IntList();
  readonly df = new IntList();
  readonly cf = new IntList();
  /** Uses of a one-word phrase as a modifier of a later noun in its run ('machine' in 'machine translation'). */
  readonly modifier = new IntList();

  get size(): number {
    return this.start.length;
  }

  /** Id of the phrase `ids[from..to)`, creating it when new. */
  intern(ids: Int32Array, from: number, to: number, glueMask: number): number {
    const h = hashIds(ids, from, to) | 0;
    const tag = (h & ~15) | Math.min(to - from, 15);
    const slots = this.slots!;
    const mask = slots.length / 3 - 1;
    let slot = (tag >>> 4) & mask;
    for (;; slot = (slot + 1) & mask) {
      const v = slots[3 * slot]!;
      if (v === 0) break;
      if (slots[3 * slot + 1] === tag && this.equals(v - 1, slots[3 * slot + 2]!, ids, from, to)) return v - 1;
    }
    const id = this.start.length;
    slots[3 * slot] = id + 1;
    slots[3 * slot + 1] = tag;
    slots[3 * slot + 2] = this.pool.length;
    this.start.push(this.pool.length);
    this.length.push(to - from);
    for (let i = from; i < to; i++) this.pool.push(ids[i]!);
    this.glue.push(glueMask);
    this.df.push(0);
    this.cf.push(0);
    this.modifier.push(0);
    if (this.start.length * 6 > slots.length) this.rehash();
    return id;
  }

  /** Id of the phrase `ids[from..to)`, or −1 when it was never counted. */
  find(ids: Int32Array, from: number, to: number): number {
    const slots = this.slots;
    if (slots === null) throw new Error('PhraseTable.find after seal()');
    const h = hashIds(ids, from, to) | 0;
    const tag = (h & ~15) | Math.min(to - from, 15);
    const mask = slots.length / 3 - 1;
    for (let slot = (tag >>> 4) & mask; ; slot = (slot + 1) & mask) {
      const v = slots[3 * slot]!;
      if (v === 0) return -1;
      if (slots[3 * slot + 1] === tag && this.equals(v - 1, slots[3 * slot + 2]!, ids, from, to)) return v - 1;
    }
  }

  /**
   * Twice the slots. A phrase's place is read off its tag (the hash above the length bits), so the old slots are
   * read in order and each lands near where it was or half the table further: no word is read again, and the writes
   * run in two streams instead of one random write per phrase (ACL: ~1M moves into tables of up to 24 MB).
   */
  private rehash(): void {
    const old = this.slots!;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / 3 - 1;
    for (let k = 0; k < old.length; k += 3) {
      if (old[k] === 0) continue;
      let slot = (old[k + 1]! >>> 4) & mask;
      while (slots[3 * slot] !== 0) slot = (slot + 1) & mask;
      slots[3 * slot] = old[k]!;
      slots[3 * slot + 1] = old[k + 1]!;
      slots[3 * slot + 2] = old[k + 2]!;
    }
    this.slots = slots;
  }

  /** Whether phrase `p` (its words at `pool[s]`) is `ids[from..to)`; the tag has matched, so has its length up to 15. */
  private equals(p: number, s: number, ids: Int32Array, from: number, to: number): boolean {
    const len = to - from;
    if (len >= 15 && this.length.data[p] !== len) return false;
    const pool = this.pool.data;
    for (let i = 0; i < len; i++) if (pool[s + i] !== ids[from + i]) return false;
    return true;
  }

  /** Counts one document's `tf` occurrences of phrase `p` (a document's bag holds each of its phrases once). */
  count(p: number, tf: number): void {
    const cf = this.cf.data;
    const df = this.df.data;
    cf[p] = cf[p]! + tf;
    df[p] = df[p]! + 1;
  }

  words(p: number): number[] {
    const s = this.start.get(p);
    const out = new Array<number>(this.length.get(p));
    for (let i = 0; i < out.length; i++) out[i] = this.pool.get(s + i);
    return out;
  }

  /** Normal form ('low resource language') — the key every paper shares. */
  key(p: number, vocab: Vocabulary): string {
    const s = this.start.get(p);
    let out = vocab.words[this.pool.get(s)]!;
    for (let i = 1; i < this.length.get(p); i++) out += ` ${vocab.words[this.pool.get(s + i)]!}`;
    return out;
  }

  /** Display form: the normal form with the hyphens of its first occurrence ('low-resource language'). */
  display(p: number, vocab: Vocabulary): string {
    const words = this.words(p);
    const mask = this.glue.get(p);
    let out = '';
    words.forEach((w, i) => {
      out += vocab.words[w]!;
      if (i < words.length - 1) out += mask & (1 << i) ? '-' : ' ';
    });
    return out;
  }

  /** Drops the hash index once counting is over (ids, words and counts stay). */
  seal(): void {
    this.slots = null;
  }
}
