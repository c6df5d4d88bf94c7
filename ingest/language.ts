// The language of a paper's abstract, decided once for every stage: the extractor does not read capitalised words
// of another language as names (lang.non-english), and the topics stage does not chunk its words into topics ('sur',
// 'modèle' are not research topics). English function words first; franc-min (trigrams) only where they are few.
import { franc } from 'franc-min';
import { CHAR_LETTER, codePointClassAt } from './chars.ts';
import { ENGLISH_FUNCTION_WORDS } from './extract/rules/05-language.ts';

// Languages franc chooses among (ISO 639-3): English and the other Latin-script languages of the ACL Anthology's
// abstracts; a text in another script is told by its script without trigrams.
const LATIN_LANGUAGES = ['eng', 'fra', 'spa', 'por', 'deu', 'ita', 'cat', 'nld', 'ron', 'pol', 'ces', 'slk', 'swe', 'dan', 'nob', 'fin', 'hun', 'tur', 'ind', 'vie', 'eus', 'glg', 'est', 'lav', 'lit', 'hrv', 'slv'];

/**
 * A word of a–z only, up to five letters, as a number (its letters 1–26 as base-32 digits: 'the' → 20·32² + 8·32 + 5);
 * -1 for any other word. The function words are such words, so a text's words are looked up by number, not cut out.
 */
const MAX_CODED = 5;
const wordCode = (w: string): number => (w.length <= MAX_CODED && /^[a-z]+$/.test(w) ? [...w].reduce((n, ch) => n * 32 + ch.charCodeAt(0) - 96, 0) : -1);
const FUNCTION_WORD_CODES: ReadonlySet<number> = new Set([...ENGLISH_FUNCTION_WORDS].map(wordCode));
if (FUNCTION_WORD_CODES.has(-1)) throw new Error('language: an English function word is not a–z of five letters or fewer');

/**
 * Length in code units of the letter (\p{L}) at `i` of a lower-cased text: 1, 2 (a surrogate pair) or 0 when there is
 * none. ASCII is read by code (its only letters there are a–z), which is most of an abstract.
 */
function letterAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return c >= 97 && c <= 122 ? 1 : 0;
  const u = codePointClassAt(s, i);
  return u >> 2 === CHAR_LETTER ? u & 3 : 0;
}

/** lang.non-english: the abstract is not in English (`abstractLanguage` names a language). */
export function isForeign(abstract: string): boolean {
  return abstractLanguage(abstract) !== undefined;
}

/**
 * The language of an abstract that is not in English, as an ISO 639-3 code ('fra', 'cmn'; 'und' when franc cannot
 * tell which), or undefined for English — and for texts too short to judge (under twelve words), which are read as
 * English. English function words decide first; franc-min's trigrams only where they are few.
 */
export function abstractLanguage(abstract: string): string | undefined {
  // One scan over the lower-cased text's letter runs (\p{L}+): how many, how many in Latin script, how many are
  // English function words.
  const lower = abstract.toLowerCase();
  const n = lower.length;
  let words = 0;
  let latin = 0;
  let hits = 0;
  for (let i = 0; i < n; ) {
    let len = letterAt(lower, i);
    if (len === 0) {
      i++;
      continue;
    }
    const start = i;
    // Latin script: every code unit in a-z or U+00C0–U+024F; `code` the word's wordCode while it can be one
    let isLatin = true;
    let code = 0;
    do {
      if (isLatin) {
        for (let k = i; k < i + len; k++) {
          const c = lower.charCodeAt(k);
          if (!((c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f))) isLatin = false;
        }
      }
      if (code >= 0) {
        const c = lower.charCodeAt(i);
        code = len === 1 && c >= 97 && c <= 122 && i - start < MAX_CODED ? code * 32 + c - 96 : -1;
      }
      i += len;
      len = i < n ? letterAt(lower, i) : 0;
    } while (len > 0);
    words++;
    if (isLatin) latin++;
    if (code > 0 && FUNCTION_WORD_CODES.has(code)) hits++;
  }
  if (words < 12) return undefined;
  // franc reads trigrams; the first few hundred characters tell the language as well as the whole abstract.
  const head = abstract.slice(0, 300);
  // Mostly letters outside Latin script (Chinese, Arabic, Cyrillic …): not English; franc tells which by its script.
  if (latin / words < 0.5) {
    const lang = franc(head, { minLength: 10 });
    return lang === 'eng' ? 'und' : lang;
  }
  if (hits / words >= 0.12) return undefined;
  const lang = franc(head, { minLength: 40, only: LATIN_LANGUAGES });
  // Not one of the thirty commonest English words in twelve or more: no English abstract reads so (on the ACL corpus
  // franc named another language for all but one of 2,292 such abstracts, and that one is a list of report titles).
  if (hits === 0) return lang === 'eng' ? 'und' : lang;
  return lang !== 'eng' && lang !== 'und' ? lang : undefined;
}
