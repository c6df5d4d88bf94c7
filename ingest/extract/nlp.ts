// compromise, used where it pays: its lexicon for word classes (every candidate) and its tagger on short
// windows only (naming phrases such as "called refresh learning"), never on whole abstracts.
import nlp from 'compromise';
import { Memo } from './memo.ts';

type LexValue = string | string[];
const LEXICON = (nlp.model() as { one: { lexicon: Record<string, LexValue> } }).one.lexicon;

// Tags in priority order: the first one a word carries is its class.
const CLASS_ORDER = ['Country', 'City', 'Region', 'Place', 'Demonym', 'Organization', 'SportsTeam', 'Month', 'WeekDay', 'Holiday', 'Date', 'Currency', 'Unit',
  'Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'QuestionWord', 'Modal', 'Copula', 'Auxiliary', 'Negative', 'Expression', 'Adverb',
  'Adjective', 'Comparative', 'Superlative', 'PastTense', 'Gerund', 'PresentTense', 'Infinitive', 'Plural', 'Singular', 'Uncountable',
  'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Person'];

// null: compromise does not know the word (one lookup answers both cases).
const classCache = new Memo<string | null>();

/** compromise's word class for a lower-cased word ('paris' → 'City', 'the' → 'Determiner'), or undefined. */
export function wordClass(lower: string): string | undefined {
  const hit = classCache.get(lower);
  if (hit !== undefined) return hit ?? undefined;
  const v = LEXICON[lower];
  let out: string | undefined;
  if (v !== undefined) {
    const tags = Array.isArray(v) ? v : [v];
    out = CLASS_ORDER.find((t) => tags.includes(t)) ?? tags[0];
  }
  return classCache.set(lower, out ?? null) ?? undefined;
}

// Tags that end a noun phrase in a naming window ("called refresh learning, specifically designed").
const PHRASE_STOP = ['Preposition', 'Conjunction', 'Determiner', 'Pronoun', 'Adverb', 'QuestionWord', 'Copula', 'Modal', 'PastTense', 'Participle', 'Auxiliary'];

/**
 * The noun phrase at the start of `window`, by compromise's tagger: 'refresh learning, specifically designed to'
 * → 'refresh learning'. At most `maxWords` words; the first word is always kept.
 */
export function leadingNounPhrase(window: string, maxWords = 4): string {
  const doc = nlp(window);
  const terms = (doc.json() as { terms: { text: string; tags: string[]; post: string }[] }[])[0]?.terms ?? [];
  const words: string[] = [];
  for (const t of terms) {
    if (words.length > 0 && t.tags.some((tag) => PHRASE_STOP.includes(tag))) break;
    words.push(t.text);
    if (words.length >= maxWords || /[,.;:()!?]/.test(t.post)) break;
  }
  return words.join(' ');
}
