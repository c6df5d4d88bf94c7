// Pass 70 — pruning: candidates dropped, each with the reason reported in `pruned` (never dropped silently).
import type { Candidate } from '../candidates.ts';
import type { Lexicon } from '../lexicon.ts';

export interface PruneContext {
  lex: Lexicon;
  /** The paper text (title + "\n" + abstract). */
  text: string;
  /** compromise's word class of a lower-cased word ('Place', 'Organization', …), if it knows one. */
  wordClass: (lower: string) => string | undefined;
}

export interface PruneRule {
  id: string;
  reason: string;
  /** True when the candidate must be dropped. */
  test: (c: Candidate, ctx: PruneContext) => boolean;
}

const PLURAL = /^(.*[A-Z0-9])s$/;

/** 'LLMs' → 'LLM' (only for acronym-shaped plurals). */
export function singular(s: string): string {
  const m = PLURAL.exec(s);
  return m ? m[1]! : s;
}

// compromise word classes that mark a capitalised word as a place, organisation, date word, person or unit.
const NON_ENTITY_CLASSES = new Set(['Place', 'Country', 'City', 'Region', 'Demonym', 'Month', 'WeekDay', 'Organization', 'Currency', 'Unit', 'Holiday', 'SportsTeam', 'Date']);
const FUNCTION_CLASSES = new Set(['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Adverb', 'QuestionWord', 'Modal', 'Copula', 'Auxiliary', 'Negative', 'Expression']);

export const PRUNE_RULES: PruneRule[] = [
  {
    id: 'prune.stop-acronym',
    reason: 'generic acronym (stoplist)',
    // also with a version or cut-off: 'BLEU-4', 'R@1', 'ROUGE-L'
    test: (c, { lex }) => [c.surface, singular(c.surface), c.surface.replace(/[-@]?\d+$/, '')].some((s) => lex.stopAcronyms.has(s)),
  },
  {
    id: 'prune.generic-term',
    reason: 'generic concept, not a named entity',
    test: (c, { lex }) => lex.genericTerms.has(c.surface.toLowerCase().replace(/[\s\-_\u2010-\u2015]+/g, '')),
  },
  {
    id: 'prune.lowercase-elsewhere',
    reason: 'the paper also writes it in lower case ("Omni-MLLM" / "omni-MLLM"): a common phrase, not a name',
    test: (c, { text }) => !c.lex && c.kind !== 'long-form' && /^\p{Lu}\p{Ll}/u.test(c.surface) && new RegExp(`(?:^|[\\s(])${(c.surface[0]!.toLowerCase() + c.surface.slice(1)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'u').test(text),
  },
  {
    id: 'prune.language',
    reason: 'a natural language',
    test: (c, { lex }) => c.tokens === 1 && lex.languages.has(c.surface.toLowerCase()),
  },
  {
    id: 'prune.organization',
    reason: 'an organisation or platform',
    test: (c, { lex }) => lex.organizations.has(c.surface.toLowerCase()),
  },
  {
    id: 'prune.compromise-class',
    reason: 'compromise tags the word as a place, organisation, date or unit',
    test: (c, { wordClass }) => !c.strong && !c.lex && c.surface.split(/\s+/).some((w) => NON_ENTITY_CLASSES.has(wordClass(w.toLowerCase()) ?? '')),
  },
  {
    id: 'prune.citation',
    reason: 'an author name in a citation ("Peters et al.", "LeCun, 1998")',
    test: (c) => !c.lex && !c.defined && (/^\s*(?:et\s+al\b|,?\s*\(?(?:19|20)\d\d\b)/.test(c.after) || /^\s+and\s+\p{Lu}\p{Ll}+\s*,?\s*\(?(?:19|20)\d\d/u.test(c.after)),
  },
  {
    id: 'prune.person-name',
    reason: 'compromise knows the word as a person name',
    test: (c, { wordClass }) => !c.strong && !c.lex && !c.defined && c.tokens === 1 && ['FirstName', 'LastName', 'MaleName', 'FemaleName', 'Person'].includes(wordClass(c.surface.toLowerCase()) ?? ''),
  },
  {
    id: 'prune.word-form',
    reason: 'compromise knows the word as a verb form, adverb or comparative ("Adapting", "Parallel" is kept only with a cue)',
    test: (c, { wordClass }) => !c.strong && !c.lex && c.tokens === 1 && c.kind !== 'title-prefix' && (/^\p{Lu}\p{Ll}+ly$/u.test(c.surface) || ['Gerund', 'PastTense', 'Adverb', 'Comparative', 'Superlative', 'Infinitive', 'PresentTense'].includes(wordClass(c.surface.toLowerCase()) ?? '')),
  },
  {
    id: 'prune.lower-single',
    reason: 'a single lower-case word is a common noun, not a name',
    test: (c) => c.kind === 'phrase' && /^\p{Ll}+$/u.test(c.surface),
  },
  {
    id: 'prune.institution',
    reason: 'an institution ("National Science Foundation", "Brown University")',
    test: (c) => !c.lex && c.tokens >= 2 && /\s(?:Foundation|University|Institute|Laboratory|Lab|Labs|Center|Centre|Council|Agency|Department|Association|Society|Corporation|Inc|Ltd|College|School|Hospital|Academy|Ministry)$/.test(c.surface),
  },
  {
    id: 'prune.eponym-adjective',
    reason: 'an adjective from a name ("Bayesian", "Gaussian", "Euclidean")',
    test: (c) => !c.lex && !c.defined && /^\p{Lu}\p{Ll}+(?:ian|ean|ic)$/u.test(c.surface),
  },
  {
    id: 'prune.generic-compound',
    reason: 'a generic acronym with lower-case words only ("API-accessed", "omni-MLLM", "non-IID")',
    test: (c, { lex }) => {
      if (c.lex || c.defined || !/-/.test(c.surface)) return false;
      const parts = c.surface.split(/[-\s]+/);
      const stop = (p: string): boolean => lex.stopAcronyms.has(p) || lex.stopAcronyms.has(singular(p));
      return parts.some(stop) && parts.every((p) => stop(p) || /^\p{Ll}+$/u.test(p));
    },
  },
  {
    id: 'prune.function-word',
    reason: 'compromise tags the word as a function word',
    test: (c, { wordClass }) => !c.lex && c.tokens === 1 && FUNCTION_CLASSES.has(wordClass(c.surface.toLowerCase()) ?? ''),
  },
  {
    id: 'prune.metric-at',
    reason: 'a metric ("R@1")',
    test: (c) => /^@\d/.test(c.after),
  },
  {
    id: 'prune.task-word',
    reason: 'names a task or setting, not a method/dataset ("T2SV task", "ASR problem")',
    test: (c) => !c.lex && !c.defined && /^\)?\s+(?:tasks?|problems?|settings?|scenarios?|domains?|paradigms?|regime|track|subtask|generation|recognition|detection|classification|segmentation|translation|retrieval|prediction)\b/i.test(c.after),
  },
  {
    id: 'prune.single-letter-digit',
    reason: 'a letter-and-digit symbol ("L2", "K8") without a naming cue',
    test: (c) => !c.lex && !c.defined && /^[A-Za-z]\d{1,2}$/.test(c.surface) && !/\(\s*$/.test(c.before) && !c.signals.some((s) => s.weight >= 2),
  },
  {
    id: 'prune.unlicensed',
    reason: 'capitalised word(s) without a naming cue, lexicon entry or acronym definition',
    test: (c) => !c.licensed,
  },
];
