// Pass 50 — aliases: text between two names that makes them one entity ("xGen-MM (also known as BLIP-3)").
// Acronym definitions ("Mixture-of-Denoisers (MoD)") join through gen.long-form.
import type { AliasRuleSpec } from './types.ts';

export const ALIAS_RULES: AliasRuleSpec[] = [
  {
    id: 'alias.aka',
    kind: 'alias',
    effect: 'join',
    between: '^\\s*[(,]?\\s*(?:also\\s+known\\s+as|a\\.k\\.a\\.?|aka|short\\s+for|abbreviated\\s+(?:as|to)|hereafter|henceforth)\\s+["“\']?$',
    reason: '"X (also known as Y)", "X, short for Y"',
    examples: { fires: ['[Kestrel-MM] (also known as [KMM-3])', '[ZetaNet], short for [Zeta Network]'], not: ['[Kestrel-MM] and [KMM-3]'] },
  },
  {
    id: 'alias.or-for-short',
    kind: 'alias',
    effect: 'join',
    between: '^\\s*,?\\s*(?:or|a\\.k\\.a\\.?|aka)\\s+["“]?$',
    after: '^["”]?\\s+for\\s+short\\b',
    reason: '"X, or Y for short"',
    examples: { fires: ['[Local Object Kernels], or [LOOK] for short'], not: ['[Local Object Kernels], [LOOK]'] },
  },
  {
    id: 'alias.paren-name',
    kind: 'alias',
    effect: 'join',
    between: '^\\s*["”’\']?\\s*\\(\\s*$',
    parenShort: true,
    // the last item of a list: the parenthesis names the list ("the Detect, Disambiguate, and Translate (DeDiT)
    // framework": DeDiT is not "Translate")
    notBefore: ',\\s*|\\b(?:and|or)\\s+|&\\s*',
    reason: '"X (Y)": a defined name with a short name in parentheses ("xGen-MM (BLIP-3)"), not after a list',
    examples: { fires: ['we propose [Kestrel-MM] ([KMM3]) for'], not: ['we compare [Kestrel-MM] ([BERT-base], 2019)', 'we propose the Watch, Listen, and [Answer] ([WaLiA]) method'] },
  },
];
