// compromise, used where it pays: its lexicon for word classes (every candidate) and its tagger on short
// windows only (naming phrases such as "called refresh learning"), never on whole abstracts.
import nlp from 'compromise';

type LexValue = string | string[];
const LEXICON = (nlp.model() as { one: { lexicon: Record<string, LexValue> } }).one.lexicon;

// Tags in priority order: the first one a word carries is its class.
const CLASS_ORDER = ['Country', 'City', 'Region', 'Place', 'Demonym', 'Organization', 'SportsTeam', 'Month', 'WeekDay', 'Holiday', 'Date', 'Currency', 'Unit',
  'Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'QuestionWord', 'Modal', 'Copula', 'Auxiliary', 'Negative', 'Expression', 'Adverb',
  'Adjective', 'Comparative', 'Superlative', 'PastTense', 'Gerund', 'PresentTense', 'Infinitive', 'Plural', 'Singular', 'Uncountable',
  'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Person'];

// Every word compromise knows with its class, read once from its lexicon's own entries: one look-up per word after
// that, and a word such as 'constructor' is not answered by the lexicon object's prototype.
const CLASS_OF = new Map<string, string>();
for (const [word, v] of Object.entries(LEXICON)) {
  const tags = Array.isArray(v) ? v : [v];
  const cls = CLASS_ORDER.find((t) => tags.includes(t)) ?? tags[0];
  if (cls !== undefined) CLASS_OF.set(word, cls);
}

/** compromise's word class for a lower-cased word ('paris' → 'City', 'the' → 'Determiner'), or undefined. */
export function wordClass(lower: string): string | undefined {
  return CLASS_OF.get(lower);
}

/** compromise's classes of a person's name. */
export const PERSON_CLASSES: ReadonlySet<string> = new Set(['FirstName', 'LastName', 'MaleName', 'FemaleName', 'Person']);

/** compromise knows the word, and not as a person's name ('bridge' yes, 'bert' no). */
export function isEnglishWord(lower: string, classOf: (lower: string) => string | undefined = wordClass): boolean {
  const c = classOf(lower);
  return c !== undefined && !PERSON_CLASSES.has(c);
}

/** One English word written in capitals ('BRIDGE', 'SMART'; not 'BERT'). */
export function isCapitalisedEnglishWord(surface: string, classOf: (lower: string) => string | undefined = wordClass): boolean {
  return /^\p{Lu}{2,}$/u.test(surface) && isEnglishWord(surface.toLowerCase(), classOf);
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
