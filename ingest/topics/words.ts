// Word classes for the topic chunker, from compromise's own data: its lexicon, its noun/verb switches, its suffix,
// regex and prefix guesses, its neighbour hints and its singulariser — the parts of its tagger that need no
// sentence context, looked up once per word type. Running compromise's tagger over every abstract would cost
// minutes on a 59k-paper corpus (it tags ~60 abstracts per CPU-second); the vocabulary is what repeats.
import nlp from 'compromise';

/**
 * What a word can be inside a noun phrase.
 * - `noun`: a head or modifier ('translation', 'corpus');
 * - `adj`: a modifier only ('neural', 'low-resource');
 * - `gerund`: a head after a modifier ('question answering'), a verb when it opens a longer phrase ('using BERT');
 * - `past`: a modifier only ('supervised learning', 'annotated corpus'), never a head;
 * - `switch`: noun or verb by context ('model', 'study', 'results');
 * - `stop`: ends a phrase (function words, verbs, adverbs, numbers).
 */
export type WordClass = 'noun' | 'adj' | 'gerund' | 'past' | 'switch' | 'stop';

type Pattern = [RegExp, string | string[], string?];
interface CompromiseModel {
  one: { lexicon: Record<string, string | string[]> };
  two: {
    switches: Record<string, string>;
    suffixPatterns: (Record<string, string> | undefined)[];
    prefixPatterns: (Record<string, string> | undefined)[];
    regexNormal: Pattern[];
    endsWith: Record<string, Pattern[]>;
    neighbours: { leftTags: [string, string][]; leftWords: Record<string, [string, string]> };
  };
}
interface CompromiseMethods {
  two: {
    looksPlural(word: string): unknown;
    transform: { noun: { toSingular(word: string, model: CompromiseModel): string } };
  };
}

const world = nlp.world() as unknown as { model: CompromiseModel; methods: CompromiseMethods };
const MODEL = world.model;
const METHODS = world.methods;

/** A copy of one of compromise's word tables without a prototype: 'constructor' or '__proto__' in a text finds nothing. */
const own = <V>(table: Record<string, V>): Record<string, V> => Object.assign(Object.create(null) as Record<string, V>, table);
const LEXICON = own(MODEL.one.lexicon);
const SWITCHES = own(MODEL.two.switches);
const SUFFIX_PATTERNS = MODEL.two.suffixPatterns.map((t) => (t ? own(t) : undefined));
const PREFIX_PATTERNS = MODEL.two.prefixPatterns.map((t) => (t ? own(t) : undefined));
const ENDS_WITH = own(MODEL.two.endsWith);

/**
 * compromise tag → class, first match wins (a word tagged both 'Adjective' and 'Noun' is a modifier that can
 * also head: it stays `adj` unless a switch says it is a noun). Each row says why.
 */
export const TAG_CLASSES: readonly { tags: readonly string[]; class: WordClass; reason: string }[] = [
  { tags: ['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Possessive', 'QuestionWord', 'Modal', 'Copula', 'Auxiliary', 'Negative', 'Reflexive'], class: 'stop', reason: 'function words end a noun phrase' },
  { tags: ['Adverb', 'Expression', 'Condition'], class: 'stop', reason: 'adverbs and interjections are not part of a topic name' },
  { tags: ['Value', 'Cardinal', 'Ordinal', 'TextValue', 'Fraction', 'Multiple', 'Date', 'Month', 'WeekDay', 'Duration'], class: 'stop', reason: 'numbers and dates are not topics' },
  { tags: ['Gerund'], class: 'gerund', reason: "'-ing' forms head compounds ('question answering') but open verb phrases ('using X')" },
  { tags: ['PastTense', 'Participle'], class: 'past', reason: "participles modify ('supervised learning') but never head a topic" },
  { tags: ['Adjective', 'Comparative', 'Superlative', 'Demonym'], class: 'adj', reason: 'adjectives modify a head noun' },
  { tags: ['PresentTense', 'Infinitive', 'Verb', 'PhrasalVerb', 'Imperative'], class: 'stop', reason: 'finite verbs end a noun phrase' },
  { tags: ['Noun', 'Singular', 'Plural', 'Uncountable', 'ProperNoun', 'Place', 'Country', 'City', 'Region', 'Organization', 'Actor', 'Unit', 'Abbreviation', 'Currency'], class: 'noun', reason: 'nouns head and modify noun phrases' },
];

/** compromise switch (a word its tagger resolves by context) → class here. */
const SWITCH_CLASSES: Record<string, WordClass> = {
  'Noun|Verb': 'switch', // 'model', 'study': noun after a modifier, else a verb
  'Plural|Verb': 'switch', // 'results', 'uses'
  'Actor|Verb': 'switch',
  'Adj|Noun': 'adj', // 'novel', 'neural'
  'Noun|Gerund': 'gerund', // 'learning', 'parsing'
  'Adj|Past': 'past', // 'proposed', 'based'
  'Adj|Gerund': 'adj', // 'interesting'
  'Adj|Present': 'adj',
  'Unit|Noun': 'noun',
};

/** Facts about one word type: its class, whether compromise only guessed it, and what it says of the next word. */
export interface WordInfo {
  cls: WordClass;
  /** The class came from endings or the noun fallback, not the lexicon: context may overrule it. */
  guessed: boolean;
  /**
   * compromise's neighbour hint for the word after this one (its `leftTags` / `leftWords`): 'verb' after a
   * pronoun, modal, adverb or 'to' ('we compare', 'to leverage'); 'noun' after a determiner or adjective.
   */
  nextIs: 'noun' | 'verb' | null;
  /** An '-s' form whose stem compromise reads as a verb ('describes'): after a noun it is that noun's verb. */
  verbStem: boolean;
  /** An English function word (determiner, preposition, conjunction, pronoun, copula, modal). */
  functionWord: boolean;
  /** A determiner, possessive or pronoun: what opens a verb's object ('using the', 'improving our'). */
  opensObject: boolean;
}

const FUNCTION_TAGS = ['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Possessive', 'Copula', 'Modal'];

const HAS_DIGIT = /[0-9]/;
// Roman numerals number sections, items and tasks ('Task II'): never topic words.
const ROMAN = /^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$/;
// 'to' + a guessed word is an infinitive ('to leverage'): compromise's tagger gets this from its sentence pass.
const VERB_AFTER_WORDS = new Set(['to']);
// A preposition takes a noun phrase: 'for languages', 'on tasks' (compromise's leftTags has no row for it).
const NOUN_AFTER_TAGS = new Set(['Preposition']);

function classOfTags(tags: readonly string[]): WordClass | undefined {
  for (const row of TAG_CLASSES) if (row.tags.some((t) => tags.includes(t))) return row.class;
  return undefined;
}

const asTags = (t: string | string[] | undefined): string[] => (t === undefined ? [] : Array.isArray(t) ? t : [t]);

/**
 * compromise's context-free guesses, in its order (2nd tagger pass): known endings of up to 7 letters
 * ('-ous' → Adjective), shape regexes, ending regexes ('-al', '-ate'), known prefixes ('over-').
 */
function guessTags(word: string): string[] | undefined {
  const { regexNormal } = MODEL.two;
  for (let i = Math.min(7, word.length - 1); i > 1; i--) {
    const tag = SUFFIX_PATTERNS[i]?.[word.slice(word.length - i)];
    if (tag !== undefined) return [tag];
  }
  for (const [re, tag] of regexNormal) if (re.test(word)) return asTags(tag);
  for (const [re, tag] of ENDS_WITH[word[word.length - 1]!] ?? []) if (re.test(word)) return asTags(tag);
  for (let i = Math.min(7, word.length - 3); i > 2; i--) {
    const tag = PREFIX_PATTERNS[i]?.[word.slice(0, i)];
    if (tag !== undefined) return [tag];
  }
  return undefined;
}

const LEFT_TAGS = new Map(MODEL.two.neighbours.leftTags);
const LEFT_WORDS = new Map(Object.values(MODEL.two.neighbours.leftWords));

function nextHint(word: string, tags: readonly string[]): WordInfo['nextIs'] {
  if (VERB_AFTER_WORDS.has(word)) return 'verb';
  const byWord = LEFT_WORDS.get(word);
  if (byWord === 'Verb') return 'verb';
  if (byWord === 'Noun') return 'noun';
  for (const t of tags) {
    if (NOUN_AFTER_TAGS.has(t)) return 'noun';
    const hint = LEFT_TAGS.get(t);
    if (hint === 'Verb') return 'verb';
    if (hint === 'Noun') return 'noun';
  }
  return null;
}

function classify(word: string): { cls: WordClass; guessed: boolean } {
  if (word.length === 1 || HAS_DIGIT.test(word) || ROMAN.test(word)) return { cls: 'stop', guessed: false };
  const sw = SWITCHES[word];
  if (sw !== undefined && SWITCH_CLASSES[sw] !== undefined) return { cls: SWITCH_CLASSES[sw]!, guessed: false };
  const lex = asTags(LEXICON[word]);
  const known = classOfTags(lex);
  if (known !== undefined) return { cls: known, guessed: false };
  // 'low-resource', 'text-to-speech', 'fine-tuning': the last part decides.
  const dash = word.lastIndexOf('-');
  if (dash > 0 && dash < word.length - 1) {
    const last = classify(word.slice(dash + 1));
    return { cls: last.cls === 'stop' || last.cls === 'switch' ? 'noun' : last.cls, guessed: true };
  }
  const guessed = guessTags(word);
  let cls = guessed !== undefined ? (classOfTags(guessed) ?? 'noun') : 'noun';
  // 'tasks', 'embeddings', 'describes': an unknown '-s' word is a plural noun or a verb; context decides.
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && (cls === 'noun' || cls === 'stop')) cls = 'switch';
  // compromise's own fallback: an unknown word is a noun.
  return { cls, guessed: true };
}

const infos = new Map<string, WordInfo>();

/**
 * Whether an '-s' word's stem is a verb to compromise ('describes' → 'describe'; '-es' is cut whole unless the word
 * without its 's' is a word of its own). Asked only of a noun/verb '-s' word: classifying a stem is most of the
 * cost of a new word.
 */
function hasVerbStem(word: string): boolean {
  const stem = word.endsWith('es') && classify(word.slice(0, -1)).cls !== 'stop' ? word.slice(0, -2) : word.slice(0, -1);
  return stem.length > 2 && classify(stem).cls === 'stop';
}

/** What compromise knows about a lower-cased word; cached (the vocabulary repeats, the text does not). */
export function wordInfo(word: string): WordInfo {
  let info = infos.get(word);
  if (info === undefined) {
    const { cls, guessed } = classify(word);
    const verbStem = cls === 'switch' && word.endsWith('s') && hasVerbStem(word);
    const tags = asTags(LEXICON[word]);
    info = {
      cls,
      guessed,
      nextIs: nextHint(word, tags),
      verbStem,
      functionWord: tags.some((t) => FUNCTION_TAGS.includes(t)),
      opensObject: tags.some((t) => t === 'Determiner' || t === 'Possessive' || t === 'Pronoun'),
    };
    infos.set(word, info);
  }
  return info;
}

/** An English function word (what `wordInfo(word).functionWord` says), from the lexicon alone: no class guessing. */
export function isFunctionWord(word: string): boolean {
  return asTags(LEXICON[word]).some((t) => FUNCTION_TAGS.includes(t));
}

export function wordClass(word: string): WordClass {
  return wordInfo(word).cls;
}

/** Lexicon tags of a word (empty when compromise does not list it). */
export function lexiconTags(word: string): string[] {
  return asTags(LEXICON[word]);
}

/**
 * Plural endings compromise's singulariser cuts one letter too far, by English morphology (not by word): it strips
 * '-es' after an 's' as in 'buses' → 'bus'.
 */
const SINGULAR_REPAIRS: readonly { plural: RegExp; singular: string; reason: string }[] = [
  { plural: /auses$/, singular: 'ause', reason: "no English noun ends in '-aus': 'clauses' → 'clause', not 'claus'" },
  { plural: /theses$/, singular: 'thesis', reason: "Greek '-thesis' nouns: 'hypotheses', 'syntheses' → '-thesis', not 'hypothes'" },
];

/**
 * 'models' → 'model', 'corpora' → 'corpus'; 'analysis', 'bias', 'news' stay (compromise's plural test, then its
 * singulariser), with repairs:
 * 'biases' → 'bias', not 'biase'; `SINGULAR_REPAIRS` ('clauses' → 'clause', 'hypotheses' → 'hypothesis').
 */
export function singular(word: string): string {
  const lex = asTags(LEXICON[word]);
  if (lex.includes('Singular') || lex.includes('Uncountable')) return word;
  const dash = word.lastIndexOf('-');
  if (dash > 0 && dash < word.length - 1) return word.slice(0, dash + 1) + singular(word.slice(dash + 1));
  // English inflection is for English words: 'français', 'países' are not plurals of 'françai', 'paíse'.
  if (!(lex.includes('Plural') || (METHODS.two.looksPlural(word) && !/[^\x00-\x7f]/.test(word)))) return word;
  const form = METHODS.two.transform.noun.toSingular(word, MODEL) || word;
  for (const r of SINGULAR_REPAIRS) if (r.plural.test(word)) return word.replace(r.plural, r.singular);
  // '-ses' after a vowel + 's' stem: compromise's 'biase', 'aliase' are unknown; 'bias', 'alias' are the words.
  if (form.endsWith('se') && word.endsWith('ses') && LEXICON[form] === undefined && /(?:ias|us)es$/.test(word)) return word.slice(0, -2);
  return form;
}
