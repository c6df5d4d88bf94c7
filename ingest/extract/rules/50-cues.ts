// Pass 50 — cue contexts: the words around a name give its type and the paper's role toward it.
import type { ContextRuleSpec } from './types.ts';

// Macros: {LIST} an optional run of earlier list items ('X, Y, and '); {ANDLIST} later list items after a name
// (' and XNLI'); {EVAL} an evaluation word.
export const CUE_RULES: ContextRuleSpec[] = [
  // — the word after the name —
  { id: 'cue.benchmark-word', after: '^{ANDLIST}\\s+(?:benchmarks?|leaderboards?|suites?|test\\s*beds?|challenges?)\\b', type: 'benchmark', weight: 5, reason: '"X benchmark"' },
  { id: 'cue.dataset-word', after: '^{ANDLIST}\\s+(?:datasets?|data\\s+sets?|corpus|corpora|treebanks?|databases?)\\b', type: 'dataset', weight: 5, reason: '"X dataset"' },
  { id: 'cue.data-word', after: '^\\s+(?:data|collection|split|test\\s+set|dev\\s+set|validation\\s+set|training\\s+set)\\b', type: 'data', weight: 2, reason: '"X data"' },
  { id: 'cue.method-word', after: '^{ANDLIST}\\s+(?:models?|architectures?|frameworks?|methods?|algorithms?|approach(?:es)?|networks?|modules?|mechanisms?|pipelines?|systems?|toolkits?|library|family|families|series|backbones?|encoders?|decoders?|optimizers?|baselines?|variants?|checkpoints?|layers?|blocks?|LLMs?|MLLMs?|VLMs?|agents?|policies)\\b', type: 'method', weight: 4, reason: '"X model/framework"' },
  // — the words before the name —
  { id: 'cue.benchmark-list', before: '\\bbenchmarks?\\s*(?:,\\s*)?(?:such\\s+as|like|including|includes|include|e\\.g\\.,?|i\\.e\\.,?|namely|:|\\()\\s*(?:the\\s+)?{LIST}$', type: 'benchmark', role: 'EVALUATES_ON', weight: 4, reason: '"benchmarks such as X, Y and Z"' },
  { id: 'cue.dataset-list', before: '\\b(?:datasets?|corpora|data\\s+sets?)\\s*(?:,\\s*)?(?:such\\s+as|like|including|includes|include|e\\.g\\.,?|i\\.e\\.,?|namely|:|\\()\\s*(?:the\\s+)?{LIST}$', type: 'dataset', role: 'EVALUATES_ON', weight: 4, reason: '"datasets such as X, Y and Z"' },
  { id: 'cue.model-list', before: '\\b(?:models?|LLMs|MLLMs|VLMs|baselines|methods|approaches|architectures|backbones)\\s*(?:,\\s*)?(?:such\\s+as|like|including|includes|include|e\\.g\\.,?|i\\.e\\.,?|namely|\\()\\s*{LIST}$', type: 'method', role: 'USES', weight: 3, reason: '"models such as X and Y"' },
  { id: 'cue.trained-on', before: '\\b(?:(?:pre-?trained|trained|fine-?tuned|instruction-tuned|learned|learnt|distilled)\\s+(?:[a-z]+ly\\s+|from\\s+scratch\\s+)?(?:on|from|using)|(?:pre-?training|training|fine-?tuning|train|trains)\\s+on)\\s+(?:the\\s+)?{LIST}$', type: 'dataset', role: 'USES', weight: 3, reason: '"trained on X"' },
  { id: 'cue.evaluated-on', before: '\\b{EVAL}\\b[^.;]{0,60}?\\b(?:on|in|across|over)\\s+(?:the\\s+|both\\s+|several\\s+|various\\s+)?{LIST}$', type: 'data', role: 'EVALUATES_ON', weight: 2, reason: '"evaluated / results / accuracy on X"' },
  { id: 'cue.on-benchmark', before: '\\b(?:on|in|across)\\s+(?:the\\s+)?(?:challenging\\s+|popular\\s+|standard\\s+|public\\s+|widely[- ]used\\s+)?(?:benchmarks?|datasets?)\\s*(?:,\\s*)?(?:\\(\\s*)?{LIST}$', type: 'data', role: 'EVALUATES_ON', weight: 3, reason: '"on benchmarks X and Y"' },
  { id: 'cue.compare', before: '\\b(?:outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|exceed(?:s|ed|ing)?|rival(?:s|ing)?|match(?:es|ing)?|compared\\s+(?:to|with)|comparable\\s+(?:to|with)|competitive\\s+(?:to|with)|on\\s+par\\s+with|better\\s+than|than|over|versus|vs\\.?|against|like|unlike)\\s+(?:the\\s+|strong\\s+|state-of-the-art\\s+|existing\\s+|previous\\s+|baseline\\s+|proprietary\\s+|closed-source\\s+|open-source\\s+)*(?:models?\\s+|methods?\\s+|baselines?\\s+|LLMs\\s+)?(?:such\\s+as\\s+|like\\s+|including\\s+)?{LIST}$', type: 'method', role: 'USES', weight: 2, reason: '"outperforms / compared with X"' },
  { id: 'cue.builds-on', before: '\\b(?:based\\s+on|built\\s+(?:on|upon)|on\\s+top\\s+of|extends?|extending|initiali[sz]ed\\s+(?:from|with)|fine-?tun(?:e|es|ed|ing)|finetun(?:e|es|ed|ing)|distill(?:s|ed|ing)?|prompt(?:s|ed|ing)?|adapt(?:s|ed|ing)?|deploy(?:s|ed|ing)?|quantiz(?:e|es|ed|ing)|leverag(?:e|es|ed|ing)|employ(?:s|ed|ing)?|adopt(?:s|ed|ing)?|integrat(?:e|es|ed|ing)|incorporat(?:e|es|ed|ing)|us(?:e|es|ed|ing)|utiliz(?:e|es|ed|ing)|apply(?:ing)?|applied|with|via|through)\\s+(?:the\\s+|a\\s+|pre-?trained\\s+|frozen\\s+|off-the-shelf\\s+|open-source\\s+)*{LIST}$', type: 'method', role: 'USES', weight: 1.5, reason: '"based on / fine-tunes / uses X"' },
  { id: 'cue.such-as', before: '\\b(?:such\\s+as|e\\.g\\.,?|including)\\s+{LIST}$', role: 'MENTIONS', weight: 0, reason: '"such as X"' },
];

/** Evaluation words for {EVAL}. */
export const EVAL_WORDS = 'evaluat\\w*|experiment\\w*|results?|accuracy|accuracies|performance|performs?|tested|tests?|validat\\w*|benchmark(?:ed|ing)|achiev\\w*|scor\\w*|sota|state-of-the-art|outperform\\w*|improv\\w*|gains?|top-?\\d|f1|bleu|map|ap|auc|points?|reach\\w*|obtain\\w*|set(?:s|ting)?\\s+(?:a\\s+)?new|record|ranks?|ranked';
