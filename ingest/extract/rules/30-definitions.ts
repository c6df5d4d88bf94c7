// Pass 30 — definitions: the paper names something ("we propose X", "called X", "X, a new benchmark") → PROPOSES / INTRODUCES.
import type { ContextRuleSpec } from './types.ts';

// Macros (expanded by index.ts):
//   {PROPOSE} a first-person proposal verb phrase; {WORDS} up to 8 lower-case words; {HEAD} a name word
//   ('benchmark', 'dataset', 'model', …) captured for typing; {NAMES} a list of earlier names ('X, Y and ').
export const DEFINITION_RULES: ContextRuleSpec[] = [
  {
    id: 'def.we-propose',
    // 'we propose MoTE', 'we introduce a new framework: FedPEFT', 'we present a novel benchmark, X'
    before: '{PROPOSE}\\s+(?:(?:a|an|the|our|two|three|several)\\s+)?(?:{WORDS}?{HEAD}\\s*[:,]?\\s*|{WORDS}?[a-z][\\w-]*\\s*[:]\\s*)?["“\']?$',
    typeFromGroup: 1,
    role: 'PROPOSES',
    weight: 4,
    defines: true,
    reason: '"we propose/introduce/present X"',
  },
  {
    id: 'def.we-propose-bare',
    // 'we propose Discrete Markov Bridge', 'we release MonoByte' — the name right after the verb
    before: '{PROPOSE}\\s+["“\']?$',
    role: 'PROPOSES',
    weight: 2,
    defines: true,
    reason: '"we propose X"',
  },
  {
    id: 'def.we-propose-list',
    // 'we propose MaskMix and Progressive Attention Labeling' — later names of a proposal list
    before: '{PROPOSE}\\s+{NAMES}$',
    role: 'PROPOSES',
    weight: 2,
    defines: true,
    reason: '"we propose X and Y"',
  },
  {
    id: 'def.named',
    // 'a framework named ERNIE 3.0', 'a paradigm called "P5"', 'dubbed CTP', 'termed In-BoXBART'
    before: '(?:{HEAD}\\s+|\\b)(?:(?:is|was|are)\\s+)?(?:called|named|dubbed|termed|coined|denoted(?:\\s+as)?|referred\\s+to\\s+as|refer\\s+to\\s+as|which\\s+we\\s+call(?:ed)?|we\\s+call(?:ed)?|we\\s+name(?:d)?|we\\s+dub(?:bed)?|we\\s+term(?:ed)?)\\s*[:,]?\\s*["“\']?$',
    typeFromGroup: 1,
    role: 'PROPOSES',
    weight: 4,
    defines: true,
    ownClaim: true,
    reason: '"named/called/dubbed X"',
  },
  {
    id: 'def.our-head',
    // 'our proposed dataset OpenIE4++', 'our method FOSTER', 'the proposed model X'
    before: '\\b(?:our|the\\s+proposed|our\\s+proposed|our\\s+new|this\\s+new|a\\s+new|a\\s+novel|the\\s+novel)\\s+(?:[a-z][\\w-]*\\s+){0,3}?{HEAD}\\s*[:,]?\\s*$',
    typeFromGroup: 1,
    role: 'PROPOSES',
    weight: 4,
    defines: true,
    reason: '"our (proposed) method/dataset X"',
  },
  {
    id: 'def.head-name',
    // 'the final trained model Edgen', 'the benchmark MARBLE' — a head noun directly before the name
    before: '\\b(?:the|our|a|an|this|its)\\s+(?:[a-z][\\w-]*\\s+){0,3}?{HEADLC}\\s+$',
    typeFromGroup: 1,
    weight: 3,
    defines: true,
    reason: '"the model X"',
  },
  {
    id: 'def.the-proposed',
    // 'the proposed Discrete Markov Bridge', 'our ManagerTower'
    before: '\\b(?:the\\s+proposed|our\\s+proposed|our)\\s+$',
    role: 'PROPOSES',
    weight: 2,
    defines: true,
    reason: '"the proposed X"',
  },
  {
    id: 'def.appositive',
    // 'MoTE, a scalable and memory-efficient approach', 'BridgeDiT, a novel dual-tower diffusion transformer'
    after: '^\\s*(?:\\([^()]{1,60}\\)\\s*|\\)\\s*)?,\\s*(?:a|an|our)\\s+(?:first\\s+|new\\s+|novel\\s+)?{WORDS}?{HEAD}\\b',
    typeFromGroup: 1,
    role: 'PROPOSES',
    weight: 5,
    defines: true,
    ownClaim: true,
    reason: '"X, a … benchmark/dataset/model"',
  },
  {
    id: 'def.is-a',
    // 'X is a benchmark for …', 'X is the first dataset of …'
    after: '^\\s*(?:\\([^()]{1,60}\\)\\s*|\\)\\s*)?(?:is|was|serves\\s+as|consists\\s+of)\\s+(?:a|an|the)\\s+(?:first\\s+|new\\s+|novel\\s+)?{WORDS}?{HEAD}\\b',
    typeFromGroup: 1,
    role: 'PROPOSES',
    weight: 5,
    defines: true,
    ownClaim: true,
    reason: '"X is a … benchmark/dataset/model"',
  },
  {
    id: 'def.new-head-comma',
    // 'a new dataset, X', 'a new benchmark called X' (the called-case is def.named)
    before: '\\b(?:a|an|the)\\s+(?:new|novel|large-scale|challenging|comprehensive|first)\\s+(?:[a-z][\\w-]*\\s+){0,3}?{HEAD}\\s*,\\s*$',
    typeFromGroup: 1,
    role: 'PROPOSES',
    weight: 5,
    defines: true,
    reason: '"a new dataset, X"',
  },
];
