// Pass 10 — token shapes: which name-shaped tokens are measures, hardware, maths or markup, never names.
import type { ShapeRule } from './types.ts';

export const TOKEN_RULES: ShapeRule[] = [
  // '7B', '1.5B', '128K', '3.4GB', '4M', '300M', '10x', '1080p'
  { id: 'tok.measure', pattern: '^\\d+(?:\\.\\d+)?(?:[KMBTkmbt]|[xX]|GB|MB|TB|PB|KB|ms|Hz|kHz|GHz|fps|FPS|px|p|D|nd|st|rd|th|pp|bit|bits|-bit|[KMB]-?tokens?)$', reason: 'a number with a unit or size' },
  // '4-bit', '8-shot', '2-stage', '3-layer', '1-hop'
  { id: 'tok.numbered-word', pattern: '^\\d+(?:\\.\\d+)?-[a-z]+$', reason: 'a numbered common word' },
  // 'FP16', 'BF16', 'INT8', 'fp8'
  { id: 'tok.precision', pattern: '^(?:FP|BF|INT|fp|bf|int|TF|tf)\\d+$', reason: 'a numeric precision' },
  // 'II', 'III', 'IV' — section numbering in titles
  { id: 'tok.roman', pattern: '^(?:II|III|IV|VI|VII|VIII|IX|XI|XII)(?:-[A-Z])?$', reason: 'a roman numeral or section number ("III-B")' },
  // 'C_Phi', 'x_t', 'W_q' — maths variables
  { id: 'tok.variable', pattern: '_', reason: 'a maths variable' },
  // 'A100', 'H100', 'RTX4090', 'V100'
  { id: 'tok.gpu', pattern: '^(?:[AHLV]\\d{2,3}|RTX\\d*|GTX\\d*|TPUv\\d)$', reason: 'accelerator hardware' },
  // 'mathcal', 'mathbf' — LaTeX residue
  { id: 'tok.latex', pattern: '^(?:math[a-z]+|frac|textbf|textit|emph|cite|url|href)$', reason: 'LaTeX markup' },
  // '0.8.We' — a sentence boundary without a space
  { id: 'tok.glued-sentence', pattern: '^\\d+(?:\\.\\d+)*\\.\\p{Lu}\\p{Ll}+$', reason: 'a number glued to the next sentence' },
  // 'PSPACE-complete', 'NP-hard'
  { id: 'tok.complexity', pattern: '-(?:complete|hard)$', reason: 'a complexity class' },
  // '2021', '1990s'
  { id: 'tok.year', pattern: '^(?:19|20)\\d\\ds?$', reason: 'a year' },
];

/**
 * Suffixes glued to a name by a hyphen that are cues, not part of the name: 'ViT-based' → ViT (method, USES).
 * The word after the hyphen is matched case-insensitively.
 */
export const CUE_SUFFIXES: { suffix: string; type?: 'method'; reason: string }[] = [
  { suffix: 'based', type: 'method', reason: '"X-based": built on method X' },
  { suffix: 'style', reason: '"X-style"' },
  { suffix: 'like', reason: '"X-like"' },
  { suffix: 'powered', type: 'method', reason: '"X-powered"' },
  { suffix: 'driven', reason: '"X-driven"' },
  { suffix: 'generated', reason: '"X-generated"' },
  { suffix: 'annotated', reason: '"X-annotated"' },
  { suffix: 'pretrained', type: 'method', reason: '"X-pretrained"' },
  { suffix: 'initialized', type: 'method', reason: '"X-initialized"' },
  { suffix: 'sized', reason: '"X-sized"' },
  { suffix: 'scale', reason: '"X-scale"' },
  { suffix: 'level', reason: '"X-level"' },
  { suffix: 'only', reason: '"X-only"' },
  { suffix: 'specific', reason: '"X-specific"' },
  { suffix: 'aware', reason: '"X-aware"' },
  { suffix: 'guided', reason: '"X-guided"' },
  { suffix: 'enhanced', reason: '"X-enhanced"' },
  { suffix: 'augmented', reason: '"X-augmented"' },
  { suffix: 'free', reason: '"X-free"' },
  { suffix: 'compatible', reason: '"X-compatible"' },
  { suffix: 'series', type: 'method', reason: '"X-series"' },
  { suffix: 'family', type: 'method', reason: '"X-family"' },
  { suffix: 'derived', reason: '"X-derived"' },
  { suffix: 'trained', reason: '"X-trained"' },
  { suffix: 'tuned', reason: '"X-tuned"' },
  { suffix: 'finetuned', reason: '"X-finetuned"' },
];
