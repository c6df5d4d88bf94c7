// Shapes of the rule data in the numbered pass files; `index.ts` compiles them once.
import type { Role } from '../../types.ts';
import type { TypeHint } from '../lexicon.ts';

/**
 * A context rule: regular expressions over the text right before / right after a candidate name, written as
 * strings with macros ({LIST}, {HEAD}, …) that `index.ts` expands and compiles once.
 * `{ id: 'cue.benchmark-word', after: '^\\s+benchmarks?\\b', type: 'benchmark', weight: 5, reason: '"X benchmark"' }`
 */
export interface ContextRuleSpec {
  id: string;
  /** Must match the text before the candidate; the compiled pattern is anchored at the end. */
  before?: string;
  /** Must match the text after the candidate; the compiled pattern is anchored at the start. */
  after?: string;
  type?: TypeHint;
  /** When set, the type is read from this capture group's last word through the name-word list. */
  typeFromGroup?: number;
  role?: Role;
  /** How strongly the type counts against other evidence (lexicon 3, default 1). */
  weight: number;
  /** The rule names the candidate (a definition): it licenses spans that otherwise need a cue. */
  defines?: boolean;
  /** Role only when the sentence is the paper's own claim ("we", "our", "this paper"); else MENTIONS. */
  ownClaim?: boolean;
  /**
   * Match case-insensitively. Default is case-sensitive, because list macros tell names from words by their
   * capitals; the first letter of a sentence is lower-cased before matching, so 'We propose' reads 'we propose'.
   */
  ignoreCase?: boolean;
  reason: string;
}

export interface ContextRule extends Omit<ContextRuleSpec, 'before' | 'after'> {
  before?: RegExp;
  after?: RegExp;
}

/** A token-shape rule: a token matching `pattern` is never (part of) a name. */
export interface ShapeRule {
  id: string;
  pattern: string;
  reason: string;
}

/** A name-shape typing rule: 'MMBench' ends in 'Bench' → benchmark. */
export interface NameTypeRule {
  id: string;
  pattern: string;
  type: TypeHint;
  weight: number;
  reason: string;
}

export interface CompiledShapeRule extends Omit<ShapeRule, 'pattern'> {
  pattern: RegExp;
}
export interface CompiledNameTypeRule extends Omit<NameTypeRule, 'pattern'> {
  pattern: RegExp;
}
