// Pass 40 — definitions: the paper names something ("we propose X", "called X", "X, a new benchmark", "X is proposed").
// They are evidence that a span is a name and that the paper claims it; the scorer weighs them.
import type { ContextRuleSpec } from './types.ts';

// Macros (expanded by index.ts): {PROPOSE} a first-person proposal verb phrase; {WORDS} up to 8 lower-case words;
// {NPWORDS} the lower-case words of a noun phrase before its last head word;
// {ANYWORDS} up to 8 words, capitalised ones too ("a Multi-source Fake news Detection framework X");
// {HEAD} a head word of a method/dataset/benchmark (heads.tsv) captured for typing; {NAMEORTASKHEAD} the same or a
// task head word (a definition of a task then fires with that head); {HEADLC} the same, lower-case
// heads only; {NAMES} a list of earlier names ('X, Y and ').
export const DEFINITION_RULES: ContextRuleSpec[] = [
  {
    id: 'def.we-propose',
    kind: 'definition',
    effect: 'evidence',
    // after "a model for …" only in apposition ("a new benchmark for video QA, [X]"): "our approaches for the [X]" names
    // what the approaches are for
    before: '{PROPOSE}\\s+(?:(?:a|an|the|our|two|three|several)\\s+)?(?:{ANYWORDS}?{NAMEORTASKHEAD}(?:\\s*[:,]?\\s*|\\s+(?:for|of|on|in)\\s+{WORDS}?[a-z][\\w-]*\\s*[:,]\\s*)|{WORDS}?[a-z][\\w-]*\\s*[:]\\s*)?["“\']?$',
    typeFromGroup: 1,
    role: 'PROPOSES',
    reason: '"we propose/introduce/present (a new model) X"',
    examples: {
      fires: ['In this work, we propose [ZetaNet], a sparse model.', 'We introduce a new framework: [FedLite]. It works.', 'we release a multilingual benchmark, [PolyQA], for', 'we propose a Multi-source Bird Call Detection framework [MBCD], which'],
      not: ['They proposed [ZetaNet] last year.', 'We compare against [ZetaNet].', 'This paper describes the method we used in the Kestrel 2022 Task 6 iKestrelEval: [Intended Bird Detection] in English', 'We describe our approaches for the [Kestrel Dialect Identification] (KDI) task'],
    },
  },
  {
    id: 'def.we-propose-list',
    kind: 'definition',
    effect: 'evidence',
    before: '{PROPOSE}\\s+{NAMES}$',
    role: 'PROPOSES',
    reason: '"we propose X and Y": later names of a proposal list',
    examples: { fires: ['we propose ZetaMix and [Progressive Label Smoothing] for'], not: ['we compare ZetaMix and [Progressive Label Smoothing]'] },
  },
  {
    id: 'def.named',
    kind: 'definition',
    effect: 'evidence',
    before: '(?:{HEAD}\\s*,?\\s+|\\b)(?:(?:is|was|are)\\s+)?(?:called|named|dubbed|termed|coined|denoted(?:\\s+as)?|referred\\s+to\\s+as|refer\\s+to\\s+as|which\\s+we\\s+call(?:ed)?|we\\s+call(?:ed)?|we\\s+name(?:d)?|we\\s+dub(?:bed)?|we\\s+term(?:ed)?)(?:\\s+(?:it|them|(?:this|these|the|such|our|its|their)(?:\\s+[a-z]+)?)(?:\\s+(?:an?|the))?)?\\s*[:,]?\\s*["“\']?$',
    typeFromGroup: 1,
    role: 'PROPOSES',
    reason: '"named / called / dubbed X"',
    examples: { fires: ['a framework named [Kestrel] that', 'a paradigm called "[P7]" for', 'which we call [ZetaNet].', 'We call this network a "[rail-only]" connection', 'we call it [ZetaNet] here', 'We name such steers [Kestrel-Steers] and', 'we introduce a novel dataset, called [KestrelQA], rooted in'], not: ['a framework based on [Kestrel] that', 'we call this network a hub and [ZetaNet] a leaf'] },
  },
  {
    id: 'def.is-proposed',
    kind: 'definition',
    effect: 'evidence',
    after: '^\\s*(?:\\([^()]{1,40}\\)\\s*)?(?:is|are|was|were)\\s+(?:thus\\s+|then\\s+|therefore\\s+|hence\\s+|further\\s+|also\\s+)?(?:proposed|introduced|presented|developed|designed|constructed|built|created|released)\\b',
    role: 'PROPOSES',
    reason: '"X (ACR) is proposed / introduced"',
    examples: { fires: ['A new parser, [Kestrel] (KP) is proposed to', '[PolyQA] was constructed from forum posts'], not: ['[PolyQA] was used to evaluate'] },
  },
  {
    id: 'def.our-head',
    kind: 'definition',
    effect: 'evidence',
    before: '\\b(?:our|the\\s+proposed|our\\s+proposed|our\\s+new|this\\s+new|a\\s+new|a\\s+novel|the\\s+novel)\\s+(?:[a-z][\\w-]*\\s+){0,3}?{HEAD}\\s*[:,]?\\s*$',
    typeFromGroup: 1,
    role: 'PROPOSES',
    reason: '"our (proposed) method / dataset X"',
    examples: { fires: ['trained on our proposed dataset [PolyQA] with', 'our method [ZetaNet] beats'], not: ['the method [ZetaNet] beats'] },
  },
  {
    id: 'def.head-name',
    kind: 'definition',
    effect: 'evidence',
    before: '\\b(?:the|our|a|an|this|its)\\s+(?:[\\p{L}\\d][\\w-]*\\s+){0,6}?{HEADLC}\\s+$',
    typeFromGroup: 1,
    reason: '"the model X", "the benchmark X": a head noun right before the name, after its modifiers',
    examples: { fires: ['results on the benchmark [PolyQA] show', 'the final trained model [Kestrel] is', 'a theme-oriented ancient Chinese poetry generation model [KPG] (Kestrel Poetry Generation)'], not: ['results on [PolyQA] show', 'the model is trained on [PolyQA]'] },
  },
  {
    id: 'def.the-proposed',
    kind: 'definition',
    effect: 'evidence',
    before: '\\b(?:the\\s+proposed|our\\s+proposed|our)\\s+$',
    role: 'PROPOSES',
    reason: '"the proposed X", "our X"',
    examples: { fires: ['the proposed [Kestrel] parser', 'our [ZetaNet] is faster'], not: ['the [Kestrel] parser'] },
  },
  {
    id: 'def.appositive',
    kind: 'definition',
    effect: 'evidence',
    after: '^\\s*(?:\\([^()]{1,60}\\)\\s*|\\)\\s*)?,\\s*(?:a|an|our)\\s+(?:first\\s+|new\\s+|novel\\s+)?{NPWORDS}{HEAD}\\b',
    typeFromGroup: 1,
    role: 'PROPOSES',
    reason: '"X, a … benchmark / dataset / model"',
    examples: { fires: ['We build [PolyQA], a multilingual benchmark for', '[ZetaNet] (ZN), a sparse attention model,', 'we employed [NLPKit], a data augmentation library, and'], not: ['[ZetaNet], which is a model,', '[ZetaNet], the model of'] },
  },
  {
    id: 'def.is-a',
    kind: 'definition',
    effect: 'evidence',
    after: '^\\s*(?:\\([^()]{1,60}\\)\\s*|\\)\\s*)?(?:is|was|serves\\s+as|consists\\s+of)\\s+(?:a|an|the)\\s+(?:first\\s+|new\\s+|novel\\s+)?{NPWORDS}{HEAD}\\b',
    typeFromGroup: 1,
    role: 'PROPOSES',
    reason: '"X is a … benchmark / dataset / model"',
    examples: { fires: ['[PolyQA] is a benchmark for multilingual QA', '[Kestrel] is the first parser that'], not: ['[Kestrel] is fast and accurate'] },
  },
  {
    id: 'def.new-head-comma',
    kind: 'definition',
    effect: 'evidence',
    before: '\\b(?:a|an|the)\\s+(?:new|novel|large-scale|challenging|comprehensive|first)\\s+(?:[a-z][\\w-]*\\s+){0,3}?{HEAD}\\s*,\\s*$',
    typeFromGroup: 1,
    role: 'PROPOSES',
    reason: '"a new dataset, X"',
    examples: { fires: ['we build a new dataset, [PolyQA], with'], not: ['we use the dataset, [PolyQA], with'] },
  },
  {
    id: 'def.short-for',
    kind: 'definition',
    effect: 'evidence',
    after: '^\\s*,?\\s*(?:or|a\\.k\\.a\\.?|aka)\\s+["“]?[\\p{Lu}][\\p{L}\\d-]{1,14}["”]?\\s+for\\s+short\\b',
    role: 'PROPOSES',
    reason: '"X, or Y for short": the paper gives a name its short form',
    examples: { fires: ['a method of [Local Object Kernels], or LOOK for short, that'], not: ['a method of [Local Object Kernels] that'] },
  },
];
