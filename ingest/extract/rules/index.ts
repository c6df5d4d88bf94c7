// Compiles the numbered rule passes once: macro expansion, anchoring, RegExp construction.
import { TOKEN_RULES, CUE_SUFFIXES } from './10-tokens.ts';
import { DEFINITION_RULES } from './30-definitions.ts';
import { CUE_RULES, EVAL_WORDS } from './50-cues.ts';
import { NAME_TYPE_RULES } from './60-name-types.ts';
import type { CompiledNameTypeRule, CompiledShapeRule, ContextRule, ContextRuleSpec } from './types.ts';

export { TITLE_PREFIX, TITLE_PREFIX_STOP, TITLE_TYPE_CUES, TITLE_PREFIX_MAX_WORDS } from './20-title.ts';
export { ALIAS_BETWEEN, PAREN_SHORT, LONG_FORM_TRIM } from './40-aliases.ts';
export { PRUNE_RULES, singular } from './70-prune.ts';
export type { PruneContext, PruneRule } from './70-prune.ts';
export { CUE_SUFFIXES };
export type { ContextRule } from './types.ts';

// A name as it appears in running text, for lists: 'GPT-4o', 'Chatbot Arena', 'SQuAD 2.0'.
const NAME = `[A-Za-z0-9][\\w.+&'’-]*(?:\\s+(?:[A-Z0-9][\\w.+&-]*|v?\\d[\\w.]*))*`;
const HEAD_WORDS = 'benchmarks?|datasets?|corpus|corpora|collection|suite|leaderboard|testbed|models?|methods?|frameworks?|architectures?|algorithms?|approach|networks?|modules?|mechanisms?|pipelines?|systems?|toolkits?|library|family|series|backbones?|encoders?|decoders?|optimizers?|loss|strategy|technique|paradigm|agents?|policy|variants?|LLMs?|MLLMs?|VLMs?|LMMs?|transformers?|tokenizers?|engine|platform|tool|interface|solution|recipe|scheme|procedure';

const MACROS: Record<string, string> = {
  // first-person (or paper-as-subject) proposal verb: 'we first propose', 'this paper introduces'
  PROPOSE: `\\b(?:we|this\\s+(?:paper|work|study|report|technical\\s+report)|here,?\\s+we|in\\s+this\\s+(?:paper|work),?\\s+we|our\\s+(?:work|paper))\\s+(?:first\\s+|further\\s+|also\\s+|then\\s+|additionally\\s+|thus\\s+|therefore\\s+|now\\s+|hereby\\s+|newly\\s+)?(?:propose|introduce|present|develop|design|release|build|construct|contribute|curate|create|collect|offer|devise|establish|unveil|open-source|formulate|put\\s+forward|launch|provide)(?:s|d|ed)?`,
  WORDS: `(?:[a-z0-9][\\w-]*,?\\s+){0,8}`,
  HEAD: `(${HEAD_WORDS})`,
  // lower-case head nouns only: 'the model X' but not 'of LLM X'
  HEADLC: `(${HEAD_WORDS.split('|').filter((w) => !/[A-Z]/.test(w)).join('|')})`,
  NAMES: `(?:${NAME}\\s*,\\s*){0,4}${NAME}\\s*,?\\s*(?:and|&)\\s+`,
  // earlier list items, allowing decimals and short parentheticals: 'FUNSD (0.7895 → 0.8420), CORD (…), '
  LIST: `(?:(?:[^.;:\\[\\]]|\\.(?=\\d)){0,120}?(?:,|\\band\\b|\\bor\\b|&|\\bincluding\\b|\\bsuch\\s+as\\b|\\blike\\b|\\be\\.g\\.,?)\\s+(?:the\\s+)?)?`,
  ANDLIST: `(?:\\s*(?:,|and|or|&)\\s*(?:the\\s+)?${NAME}){0,5}`,
  EVAL: `(?:${EVAL_WORDS})`,
};

function expand(src: string): string {
  return src.replace(/\{([A-Z]+)\}/g, (_, k: string) => {
    const v = MACROS[k];
    if (v === undefined) throw new Error(`rules: unknown macro {${k}}`);
    return v;
  });
}

function compileContext(spec: ContextRuleSpec): ContextRule {
  const flags = spec.ignoreCase ? 'iu' : 'u';
  const { before, after, ...rest } = spec;
  const out: ContextRule = { ...rest };
  if (before) out.before = new RegExp(`(?:${expand(before)})$`, flags);
  if (after) out.after = new RegExp(`^(?:${expand(after)})`, flags);
  return out;
}

export const COMPILED = {
  tokenRules: TOKEN_RULES.map((r): CompiledShapeRule => ({ ...r, pattern: new RegExp(r.pattern, 'u') })),
  definitionRules: DEFINITION_RULES.map(compileContext),
  cueRules: CUE_RULES.map(compileContext),
  nameTypeRules: NAME_TYPE_RULES.map((r): CompiledNameTypeRule => ({ ...r, pattern: new RegExp(r.pattern, 'u') })),
  cueSuffix: new RegExp(`^(.+?)-(${CUE_SUFFIXES.map((s) => s.suffix).join('|')})$`, 'i'),
};
