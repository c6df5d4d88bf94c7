// The language of a paper's abstract, decided once for every stage: the extractor does not read capitalised words
// of another language as names (lang.non-english), and the topics stage does not chunk its words into topics ('sur',
// 'modèle' are not research topics). English function words first; franc-min (trigrams) only where they are few.
import { franc } from 'franc-min';
import { ENGLISH_FUNCTION_WORDS } from './extract/rules/05-language.ts';

// Languages franc chooses among (ISO 639-3): English and the other Latin-script languages of the ACL Anthology's
// abstracts; a text in another script is told by its script without trigrams.
const LATIN_LANGUAGES = ['eng', 'fra', 'spa', 'por', 'deu', 'ita', 'cat', 'nld', 'ron', 'pol', 'ces', 'slk', 'swe', 'dan', 'nob', 'fin', 'hun', 'tur', 'ind', 'vie', 'eus', 'glg', 'est', 'lav', 'lit', 'hrv', 'slv'];

/** lang.non-english: few English function words, and franc names another language. */
export function isForeign(abstract: string): boolean {
  const words = abstract.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 12) return false;
  // Mostly letters outside Latin script (Chinese, Arabic, Cyrillic …): not English, no trigrams needed.
  const latin = words.filter((w) => /^[a-z\u00c0-\u024f]+$/.test(w)).length;
  if (latin / words.length < 0.5) return true;
  let hits = 0;
  for (const w of words) if (ENGLISH_FUNCTION_WORDS.has(w)) hits++;
  if (hits / words.length >= 0.12) return false;
  // franc reads trigrams; the first few hundred characters tell the language as well as the whole abstract.
  const lang = franc(abstract.slice(0, 300), { minLength: 40, only: LATIN_LANGUAGES });
  return lang !== 'eng' && lang !== 'und';
}
