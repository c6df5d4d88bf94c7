// Shapes of the declared rules. Every rule — token shape, candidate generator, title, definition, alias, cue, name
// shape, lexicon, signal, corpus statistic, language — is one object with its kind, its effect, its reason and its
// examples; `index.ts` compiles them once, in file order, and the engine interprets them.
import type { Role } from '../../types.ts';

/** A type a rule hints at; 'data' means dataset-or-benchmark. Hints are features for the scorer, never decisions. */
export type TypeHint = 'method' | 'dataset' | 'benchmark' | 'data';

export type RuleKind = 'token' | 'generator' | 'title' | 'definition' | 'alias' | 'cue' | 'name-shape' | 'lexicon' | 'signal' | 'corpus' | 'language';

/**
 * What a rule does when it fires.
 * - `block`: a token rule — the token is never (part of) a name; candidate generation skips it.
 * - `candidate`: a generator — proposes a span as a candidate name.
 * - `join`: an alias rule — two names are one entity.
 * - `evidence`: the rule's feature is added to the candidate; the trained scorer weighs it (with any type/role hint).
 * - `gate`: a language rule — decides which generators read a sentence (capitalised words of another language are
 *   not names).
 */
export type RuleEffect = 'block' | 'candidate' | 'join' | 'evidence' | 'gate';

/**
 * Regression examples kept beside the rule (a meta-test runs every rule on them). Their format depends on the kind:
 * a token ('7B'), a name ('MMBench'), or a sentence with the candidate in brackets ('we propose [MoTE], a …').
 */
export interface Examples {
  fires: string[];
  not: string[];
}

/** The classes the entity scorer tells apart. */
export type ScoreClass = 'none' | 'method' | 'dataset' | 'benchmark';

export interface RuleBase {
  /** Unique, `<kind prefix>.<name>`; its meaning lives in the fields below, never in the id's spelling. */
  id: string;
  kind: RuleKind;
  effect: RuleEffect;
  reason: string;
  examples: Examples;
  /**
   * What the evidence means before any data: the class it points to (a guideline's "not an entity" → 'none', a
   * lexicon of methods → 'method'). Training starts the rule's weight there (the prior mean, `TrainConfig.priorWeight`
   * log-odds) and the annotated papers move it; rare rules keep what they declare, common ones learn their own weight.
   */
  prior?: ScoreClass;
  /**
   * How firmly the prior is declared, in multiples of `TrainConfig.priorWeight` (default 1): 3 where the guidelines
   * name the class outright ("venues … are not entities", metrics, languages, organisations); 5 where that holds
   * even for a name the paper defines ("we propose a new metric, X-Score": a metric all the same) and the annotated
   * papers hold no case to weigh it.
   */
  priorStrength?: number;
  /**
   * Which type the evidence points to among method, dataset and benchmark, saying nothing of whether the span is a
   * name at all ("X: A Benchmark for …" types X, but a title's prefix may be a phrase): the prior favours that type over
   * the other types and leaves `none` alone. Not with `prior`.
   */
  typePrior?: Exclude<ScoreClass, 'none'>;
  /** What the evidence says of the paper's role toward the name before any data: the own scorer starts there. */
  ownPrior?: 'own' | 'other';
}

/** Pass 10 — a token shape that is never a name: '7B', 'FP16', '2021'. */
export interface TokenRule extends RuleBase {
  kind: 'token';
  effect: 'block';
  pattern: string;
}

/**
 * A context rule (title, definition, cue): regular expressions over the sentence text right before / right after a
 * candidate, written with macros ({LIST}, {HEAD}, …) that `index.ts` expands from the vocabularies.
 */
export interface ContextRuleSpec extends RuleBase {
  kind: 'title' | 'definition' | 'cue';
  effect: 'evidence';
  /** Must match the text before the candidate; compiled anchored at the end. */
  before?: string;
  /** Must match the text after the candidate; compiled anchored at the start. */
  after?: string;
  /** Only on the title sentence / only outside it. */
  title?: boolean;
  type?: TypeHint;
  /** The type hint is read from this capture group's last word through the head-word vocabulary. */
  typeFromGroup?: number;
  role?: Role;
  /** Case-insensitive match (default: case-sensitive, since names are told from words by their capitals). */
  ignoreCase?: boolean;
  /**
   * Hyphenated suffixes glued to a name that are this cue, not part of the name ('ViT-based' → ViT): generation
   * cuts them off, and the rule fires on the '-suffix' that follows the name.
   */
  suffixes?: string[];
}

/** What a signal test sees of a candidate (a view of the engine's Candidate). */
export interface CandidateView {
  surface: string;
  /** Number of tokens. */
  tokens: number;
  /** Holds a name-shaped token ('BERT', 'GPT-4o', 'MixPro'). */
  strong: boolean;
  /** Generator that proposed it. */
  generator: string;
  /** Sentence text right before / after the surface (bounded). */
  before: string;
  after: string;
  /** Listed in an entity lexicon (methods, datasets, benchmarks). */
  listed: boolean;
  /** The mention stands in the title, where every word may be capitalised. */
  inTitle: boolean;
  /** Listed, or a variant of a listed family ('Llama2-7b' of Llama 2). */
  known: boolean;
}

/** What else a signal test may read: the paper text and compromise's word class of a lower-cased word. */
export interface SignalContext {
  text: string;
  wordClass: (lower: string) => string | undefined;
  /** Membership of a surface in a named vocabulary (lexicon.ts). */
  inVocabulary: (vocabulary: string, surface: string) => boolean;
  /** The class of a head word in heads.tsv ('network' → method, 'benchmarks' → benchmark), if listed. */
  headClass: (word: string) => string | undefined;
}

/** A signal computed by a test over the candidate and the paper (word classes, the paper's own spelling). */
export interface TestRule extends RuleBase {
  kind: 'signal';
  effect: 'evidence';
  test: (c: CandidateView, ctx: SignalContext) => boolean;
  type?: TypeHint;
}

/** A name-shape rule: how a name is built hints at its type ('MMBench' → benchmark). */
export interface NameShapeRule extends RuleBase {
  kind: 'name-shape';
  effect: 'evidence';
  pattern: string;
  type?: TypeHint;
}

/** A vocabulary membership rule: the candidate is listed in a lexicon file. */
export interface LexiconRule extends RuleBase {
  kind: 'lexicon';
  effect: 'evidence';
  /** Vocabulary name (see lexicon.ts `Vocabulary`). */
  vocabulary: string;
  type?: TypeHint;
}

/** An alias rule: the text between two names that makes them one entity. */
export interface AliasRuleSpec extends RuleBase {
  kind: 'alias';
  effect: 'join';
  between: string;
  /** Must match the text after the second name ('X, or Y [for short]'). */
  after?: string;
  /** Only when the second name is a short name-shaped token closing a parenthesis ("X (Y)") and the first is defined. */
  parenShort?: boolean;
  /** Not when the text before the first name matches (the first is then part of something longer). */
  notBefore?: string;
}

/** A generator: finds candidate spans. Its implementation is the function of the same id in candidates.ts. */
export interface GeneratorRule extends RuleBase {
  kind: 'generator';
  effect: 'candidate';
}

/** A corpus-statistics signal: bucketed statistics of the surface form over the reference corpus. */
export interface CorpusRule extends RuleBase {
  kind: 'corpus';
  effect: 'evidence';
  /** Statistic and the half-open range [min, max) of its value for which the rule fires. */
  stat: 'df' | 'lowerShare' | 'titleShare' | 'defShare' | 'headShare';
  min: number;
  max: number;
  /** For `headShare`: the head class whose share is measured. */
  head?: string;
  /** Least number of occurrences for a share to be read (a share of 2 documents says little). */
  minDocs?: number;
}

/** A language gate: sentences of a paper in another language only feed the generators that do not read capitals. */
export interface LanguageRule extends RuleBase {
  kind: 'language';
  effect: 'gate';
}

export type Rule = TokenRule | GeneratorRule | ContextRuleSpec | TestRule | NameShapeRule | LexiconRule | AliasRuleSpec | CorpusRule | LanguageRule;
