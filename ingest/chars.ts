// Character classes read code unit by code unit by the tokenizers of extraction (ingest/extract/text.ts) and of
// topics (ingest/topics/phrases.ts) and by the language check (ingest/language.ts): one definition each, an ASCII
// fast path, the rest through a Unicode class memoised per code unit (0 = not computed yet, 1 = yes, 2 = no).

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ALNUM = new Uint8Array(65536);
const LETTER = /\p{L}/u;
const LETTERS = new Uint8Array(65536);

/** A letter or a digit in any script. */
export function isAlnumCode(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  let v = ALNUM[c]!;
  if (v === 0) {
    v = c >= 0xc0 && LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
    ALNUM[c] = v;
  }
  return v === 1;
}

/** A letter (\p{L}) in any script, for one UTF-16 code unit (a surrogate half is none: test the pair). */
export function isLetterCode(c: number): boolean {
  if (c < 128) return (c | 32) >= 97 && (c | 32) <= 122;
  let v = LETTERS[c]!;
  if (v === 0) LETTERS[c] = v = LETTER.test(String.fromCharCode(c)) ? 1 : 2;
  return v === 1;
}

/**
 * Han, kana and Hangul: scripts written without spaces, so a Latin name in a Chinese, Japanese or Korean abstract
 * is glued to the words around it ('基于DeepStyle算法', '数据集TiKG-30K').
 */
export function isCjkCode(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
}
