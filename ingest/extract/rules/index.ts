// Compiles the declared rules once, in pass (file) order: macro expansion from the vocabularies, anchoring, RegExps.
import { defaultLexicon, type Lexicon } from '../lexicon.ts';
import { LANGUAGE_RULES } from './05-language.ts';
import { TOKEN_RULES } from './10-tokens.ts';
import { GENERATOR_RULES } from './20-generators.ts';
import { TITLE_RULES } from './30-title.ts';
import { DEFINITION_RULES } from './40-definitions.ts';
import { ALIAS_RULES } from './50-aliases.ts';
import { CUE_RULES, EVAL_WORDS } from './60-cues.ts';
import { NAME_SHAPE_RULES } from './70-name-shapes.ts';
import { LEXICON_RULES } from './80-lexicon.ts';
import { SIGNAL_RULES } from './90-signals.ts';
import { CORPUS_RULES } from './95-corpus.ts';
import type { AliasRuleSpec, ContextRuleSpec, NameShapeRule, Rule, TokenRule } from './types.ts';

export { ENGLISH_FUNCTION_WORDS } from './05-language.ts';
export { LONG_FORM_TRIM, NAMING_VERBS, PAREN_SHORT, TITLE_PREFIX, TITLE_PREFIX_MAX_WORDS, TITLE_PREFIX_STOP } from './20-generators.ts';
export type * from './types.ts';

/** Every rule, in pass order (the order the engine applies them). */
export const RULES: readonly Rule[] = [
  ...LANGUAGE_RULES,
  ...TOKEN_RULES,
  ...GENERATOR_RULES,
  ...TITLE_RULES,
  ...DEFINITION_RULES,
  ...ALIAS_RULES,
  ...CUE_RULES,
  ...NAME_SHAPE_RULES,
  ...LEXICON_RULES,
  ...SIGNAL_RULES,
  ...CORPUS_RULES,
];

// Words that end a noun phrase before its head: prepositions, then conjunctions, articles and relative pronouns.
const PREPOSITION = 'for|of|on|in|to|with|and|from|by|via|towards?|through|across|at';
const NP_BREAK = `${PREPOSITION}|or|a|an|the|that|which|who|is|are|was|were`;

// A name as it appears in running text, for lists: 'GPT-4o', 'Chatbot Arena', 'SQuAD 2.0'.
const NAME = `[A-Za-z0-9][\\w.+&'’/-]*(?:\\s+(?:[A-Z0-9][\\w.+&/-]*|v?\\d[\\w.]*))*`;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** 'treebank' → 'Treebank'. */
const capitalised = (w: string): string => w[0]!.toUpperCase() + w.slice(1);
/** An alternation of words, longest first, so 'datasets' is tried before 'dataset'. */
const alternation = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escape).join('|');
/** The same, a lower-case word also matching with a capital ('Treebank', 'Benchmark'); the rest stays case-sensitive. */
const alternationCapital = (words: readonly string[]): string =>
  [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map((w) => (/^[a-z]/.test(w) ? `[${w[0]}${w[0]!.toUpperCase()}]${escape(w.slice(1))}` : escape(w))).join('|');

/** The macros the rules are written with, expanded from the vocabularies of `lex`. */
export function ruleMacros(lex: Lexicon): Record<string, string> {
  const h = lex.headWords;
  const nameHeads = [...h.method, ...h.dataset, ...h.benchmark, ...h.data];
  return {
    // first-person (or paper-as-subject) proposal verb: 'we first propose', 'this paper introduces'
    PROPOSE: `\\b(?:we|this\\s+(?:paper|work|study|report|technical\\s+report)|here,?\\s+we|in\\s+this\\s+(?:paper|work),?\\s+we|our\\s+(?:work|paper))\\s+(?:first\\s+|further\\s+|also\\s+|then\\s+|additionally\\s+|thus\\s+|therefore\\s+|now\\s+|hereby\\s+|newly\\s+)?(?:propose|introduce|present|develop|design|release|build|construct|contribute|curate|create|collect|offer|devise|establish|unveil|open-source|formulate|put\\s+forward|launch|provide|describe)(?:s|d|ed)?`,
    WORDS: `(?:[a-z0-9][\\w-]*,?\\s+){0,8}`,
    // the lower-case words of a noun phrase before its head, as many as reach a head word without crossing a function
    // word: the head is the phrase's last head word ('a data augmentation [library]', 'a model compression
    // [benchmark]'), never one after 'for', 'of', 'and' or 'that' ('a [model] trained on the data')
    NPWORDS: `(?:(?!(?:${NP_BREAK})\\b)[a-z0-9][\\w-]*,?\\s+){0,8}`,
    ANYWORDS: `(?:[A-Za-z0-9][\\w-]*,?\\s+){0,8}`,
    HEAD: `(${alternation(nameHeads)})`,
    // the same, or a task head ('we introduce two new tasks: X'): the definition then names a task, not an entity
    NAMEORTASKHEAD: `(${alternation([...nameHeads, ...h.task])})`,
    // lower-case head nouns only: 'the model X' but not 'of LLM X'
    HEADLC: `(${alternation(nameHeads.filter((w) => !/[A-Z]/.test(w)))})`,
    METHODHEAD: alternationCapital(h.method),
    DATASETHEAD: alternationCapital(h.dataset),
    BENCHMARKHEAD: alternationCapital(h.benchmark),
    DATAHEAD: alternationCapital(h.data),
    TASKHEAD: alternationCapital(h.task),
    METRICHEAD: alternationCapital(h.metric),
    // metric head words as the capitalised end of a name ('Zeta Token Metric', 'Kestrel Depth Scale')
    METRICHEADCAP: alternation(h.metric.map(capitalised)),
    SERIES: alternation(lex.sharedTasks),
    WORKSHOPSERIES: alternation(lex.workshopSeries),
    LABELWORD: alternationCapital(lex.labelWords.map((w) => w.toLowerCase())),
    // dataset head words as the capitalised end of a CamelCase name ('KestrelCorpus', 'PolyTreebank')
    DATASETHEADCAP: alternation(h.dataset.filter((w) => !w.endsWith('s') || w.endsWith('us')).map(capitalised)),
    // dataset head words in any case as the end of a name ('plWordNet', 'Hindi Wordnet', 'KestrelCORPUS')
    DATASETHEADANYCASE: alternation(h.dataset).replace(/\p{L}/gu, (c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)),
    // benchmark head words, singular, as the capitalised last word of a name ('Zeta Reasoning Benchmark')
    BENCHMARKHEADCAP: alternation(h.benchmark.filter((w) => !w.endsWith('s')).map(capitalised)),
    NAMES: `(?:${NAME}\\s*,\\s*){0,4}${NAME}\\s*,?\\s*(?:\\band|&)\\s+`,
    // earlier list items, allowing decimals and short parentheticals: 'FUNSD (0.7895 → 0.8420), CORD (…), '
    LIST: `(?:(?:[^.;:\\[\\]]|\\.(?=\\d)){0,120}?(?:,|\\band\\b|\\bor\\b|&|\\bincluding\\b|\\bsuch\\s+as\\b|\\blike\\b|\\be\\.g\\.,?)\\s+(?:the\\s+)?)?`,
    // separators are whole words: 'for the MOOC' is not 'f' + 'or the MOOC'
    ANDLIST: `(?:\\s*(?:,|\\band\\b|\\bor\\b|&)\\s*(?:the\\s+)?${NAME}){0,5}`,
    EVAL: `(?:${EVAL_WORDS})`,
    // what may stand between a name and its head word: the closing parenthesis of an acronym the name is in ('a
    // question answering ([QA4]) benchmark'), or the acronym defined for the name ('Greedy Coordinate Gradient (GCG)
    // algorithm')
    ACRONYMPAREN: `(?:\\)|\\s*\\(\\p{Lu}[\\p{L}\\d+&.-]{0,14}\\))?`,
    // the words of a title's first noun phrase before its head ('A Multi-level Diagnostic [Benchmark]'): no preposition
    // among them, so the head of a later phrase ('Raising the Bar for … [Benchmarks]') is not read as this one's
    TITLENP: `(?:(?:[Aa]n?|[Tt]he)\\s+)?(?:(?!(?:${PREPOSITION})\\b)[\\w'’-]+,?\\s+){0,7}?`,
    // the end of a noun phrase after its head: the title's end, punctuation or a preposition ('… Benchmark for X')
    NPEND: `(?=\\s*$|\\s*[,:;.(]|\\s+(?:for|of|on|in|to|with|and|from|across|covering|containing|about|that|which|towards?)\\b)`,
  };
}

function expander(lex: Lexicon): (src: string) => string {
  const m = ruleMacros(lex);
  return (src) =>
    src.replace(/(?<!\\[pP])\{([A-Z]+)\}/g, (_, k: string) => {
      const v = m[k];
      if (v === undefined) throw new Error(`rules: unknown macro {${k}}`);
      return v;
    });
}

/** A context rule with its patterns compiled. */
export interface ContextRule extends Omit<ContextRuleSpec, 'before' | 'after'> {
  before?: RegExp;
  after?: RegExp;
}
export interface CompiledAliasRule extends Omit<AliasRuleSpec, 'between' | 'after' | 'notBefore'> {
  between: RegExp;
  after?: RegExp;
  notBefore?: RegExp;
}
export interface CompiledPatternRule<R extends TokenRule | NameShapeRule> {
  rule: R;
  pattern: RegExp;
}

export interface CompiledRules {
  tokens: CompiledPatternRule<TokenRule>[];
  /** Any token rule at once (the hot path asks only whether some rule blocks a token). */
  anyToken: RegExp;
  title: ContextRule[];
  definitions: ContextRule[];
  aliases: CompiledAliasRule[];
  cues: ContextRule[];
  nameShapes: CompiledPatternRule<NameShapeRule>[];
  /** Any name-shape rule at once: on most surfaces none fires, and one test then stands for all of them. */
  anyNameShape: RegExp;
  /** 'X-based' and the like: the name before a cue suffix, and the suffix. */
  cueSuffix: RegExp;
}

export function compileRules(lex: Lexicon): CompiledRules {
  const expand = expander(lex);
  const context = (spec: ContextRuleSpec): ContextRule => {
    const flags = spec.ignoreCase ? 'iu' : 'u';
    const { before, after, ...rest } = spec;
    const out: ContextRule = { ...rest };
    if (before) out.before = new RegExp(`(?:${expand(before)})$`, flags);
    if (after) out.after = new RegExp(`^(?:${expand(after)})`, flags);
    else if (spec.suffixes) out.after = new RegExp(`^-(?:${alternation(spec.suffixes)})\\b`, 'iu');
    return out;
  };
  // every pattern of a pass in one expression: on most surfaces none matches, and one test then stands for them all
  const anyOf = (rules: readonly { pattern: string }[]): RegExp => new RegExp(rules.map((r) => `(?:${expand(r.pattern)})`).join('|'), 'u');
  const suffixes = CUE_RULES.flatMap((r) => r.suffixes ?? []);
  return {
    tokens: TOKEN_RULES.map((rule) => ({ rule, pattern: new RegExp(expand(rule.pattern), 'u') })),
    anyToken: anyOf(TOKEN_RULES),
    title: TITLE_RULES.map(context),
    definitions: DEFINITION_RULES.map(context),
    aliases: ALIAS_RULES.map(({ between, after, notBefore, ...rest }) => ({
      ...rest,
      between: new RegExp(between, 'iu'),
      ...(after ? { after: new RegExp(after, 'iu') } : {}),
      ...(notBefore ? { notBefore: new RegExp(`(?:${notBefore})$`, 'iu') } : {}),
    })),
    cues: CUE_RULES.map(context),
    nameShapes: NAME_SHAPE_RULES.map((rule) => ({ rule, pattern: new RegExp(expand(rule.pattern), 'u') })),
    anyNameShape: anyOf(NAME_SHAPE_RULES),
    cueSuffix: new RegExp(`^(.+?)-(${alternation(suffixes)})$`, 'i'),
  };
}

/** Rule id → its reason, for evidence lines. */
export const RULE_REASONS: ReadonlyMap<string, string> = new Map(RULES.map((r) => [r.id, r.reason]));

let compiled: CompiledRules | undefined;

/** The rules compiled against the default lexicon, once. */
export function defaultRules(): CompiledRules {
  compiled ??= compileRules(defaultLexicon());
  return compiled;
}

export { CORPUS_RULES, LEXICON_RULES, SIGNAL_RULES, GENERATOR_RULES, LANGUAGE_RULES };
