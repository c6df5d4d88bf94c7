// Pass 05 — the paper's language. In an abstract written in another language (the ACL Anthology holds French,
// Portuguese, Spanish … abstracts), capitalised words are not read as names: only name-shaped tokens, the lexicon,
// definitions and acronyms make candidates. Detection: franc-min on abstracts with few English function words.
import type { LanguageRule } from './types.ts';

export const LANGUAGE_RULES: LanguageRule[] = [
  {
    id: 'lang.non-english',
    kind: 'language',
    effect: 'gate',
    reason: 'the abstract is not in English: its capitalised words are not names',
    examples: {
      fires: ['Nous présentons une méthode pour la Traduction Automatique des textes juridiques, et nous évaluons le Système sur un corpus de Décisions de Justice.'],
      not: ['We present a method for the Automatic Translation of legal texts and evaluate the System on a corpus of court decisions.'],
    },
  },
];

/** English function words: an abstract where they make up a fair share of the words is English without asking franc. */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'we', 'for', 'that', 'this', 'with', 'on', 'are', 'by', 'as', 'an', 'be', 'from', 'our', 'which', 'it', 'can', 'these', 'their', 'not', 'or', 'at', 'has', 'have']);
