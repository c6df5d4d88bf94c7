// Character classes read code unit by code unit by the tokenizers of extraction (ingest/extract/text.ts) and of
// topics (ingest/topics/phrases.ts), and code point by code point by the language check (ingest/language.ts) and the
// similarity word counter (ingest/topics/similar.ts): one definition each, memoised per code unit.

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ALNUM = new Uint8Array(65536);

/** A letter or a digit in any script, for one UTF-16 code unit; U+0080–U+00BF (ª, µ, º, ², ³ …) count as neither, as the tokenizers always read them. */
export function isAlnumCode(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  let v = ALNUM[c]!;
  if (v === 0) {
    v = c >= 0xc0 && LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
    ALNUM[c] = v;
  }
  return v === 1;
}

export const CHAR_OTHER = 1;
export const CHAR_LETTER = 2;
export const CHAR_NUMBER = 3;
/** Per UTF-16 code unit outside the surrogates: 0 not yet known, else CHAR_OTHER, CHAR_LETTER (\p{L}) or CHAR_NUMBER (\p{N}). */
const UNIT_CLASS = new Uint8Array(65536);
/** The same for code points beyond U+FFFF. */
const ASTRAL_CLASS = new Map<number, number>();
const IS_LETTER = /^\p{L}$/u;
const IS_NUMBER = /^\p{N}$/u;

function classify(ch: string): number {
  return IS_LETTER.test(ch) ? CHAR_LETTER : IS_NUMBER.test(ch) ? CHAR_NUMBER : CHAR_OTHER;
}

/**
 * The class of the code point at `text[i]` (CHAR_OTHER, CHAR_LETTER, CHAR_NUMBER) times 4, plus its length in code
 * units (1, or 2 for a surrogate pair), as the `u` flag reads text: a lone surrogate is a code point of its own,
 * neither letter nor number. `>> 2` gives the class, `& 3` the length.
 */
export function codePointClassAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) {
    let k = UNIT_CLASS[c]!;
    if (k === 0) UNIT_CLASS[c] = k = classify(String.fromCharCode(c));
    return k * 4 + 1;
  }
  const d = c <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
  if (d < 0xdc00 || d > 0xdfff) return CHAR_OTHER * 4 + 1;
  const cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  let k = ASTRAL_CLASS.get(cp);
  if (k === undefined) ASTRAL_CLASS.set(cp, (k = classify(String.fromCodePoint(cp))));
  return k * 4 + 2;
}

/** Where the code point that ends right before `text[i]` starts (`i - 2` after a surrogate pair, else `i - 1`). */
export function codePointStartBefore(text: string, i: number): number {
  const c = text.charCodeAt(i - 1);
  if (c < 0xdc00 || c > 0xdfff || i < 2) return i - 1;
  const h = text.charCodeAt(i - 2);
  return h >= 0xd800 && h <= 0xdbff ? i - 2 : i - 1;
}

/**
 * Han, kana and Hangul: scripts written without spaces, so a Latin name in a Chinese, Japanese or Korean abstract
 * is glued to the words around it ('基于DeepStyle算法', '数据集TiKG-30K').
 */
export function isCjkCode(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
}
