// Result statements: "achieves 72.2 on MMMU", "+3.1 mAP on COCO", "an ELBO of 1.38 on the Text8 dataset".
import type { Lexicon } from './lexicon.ts';

/** A number read right before a dataset/benchmark mention; the corpus pass fills in the target key. */
export interface LocalResult {
  metric?: string;
  value: number;
  text: string;
}

const NUM = '([+-]?\\d+(?:\\.\\d+)?)\\s*(?:\\\\?%|\\s*points?\\b|\\s*pp\\b)?';
let compiled: { a: RegExp; b: RegExp; metrics: string[] } | undefined;

function patterns(lex: Lexicon): { a: RegExp; b: RegExp; metrics: string[] } {
  if (compiled && compiled.metrics === lex.metricList) return compiled;
  const metric = lex.metricList.map((m) => m.replace(/[.*+?^${}()|[\]\\@]/g, '\\$&')).join('|');
  // '79.15% accuracy on', '+3.1 mAP on the', '72.2 on', '86.56% IR@1 and 95.64% TR@1 on'
  const a = new RegExp(`${NUM}\\s*(?:(?:absolute|relative|average|avg\\.?|overall|mean)\\s+)?(?:(${metric})\\s+)?(?:(?:score|improvement|gain|increase)\\s+)?(?:(?:on|in|for|at)\\s+)(?:the\\s+)?$`, 'i');
  // 'an ELBO of 1.38 on the', 'accuracy of 90.6% on'
  const b = new RegExp(`\\b(${metric})\\s+(?:of|=|:)?\\s*${NUM}\\s+(?:on|in|for)\\s+(?:the\\s+)?$`, 'i');
  compiled = { a, b, metrics: lex.metricList };
  return compiled;
}

/** Results stated in `before` (the sentence text up to a dataset/benchmark mention). */
export function resultsBefore(before: string, lex: Lexicon): LocalResult[] {
  if (!/\d/.test(before)) return [];
  const tail = before.slice(-90);
  const { a, b } = patterns(lex);
  const mb = b.exec(tail);
  if (mb) return [{ metric: mb[1], value: Number(mb[2]), text: mb[0].trim() }];
  const ma = a.exec(tail);
  if (ma && !/^\d{4}$/.test(ma[1]!)) return [{ metric: ma[2], value: Number(ma[1]), text: ma[0].trim() }];
  return [];
}
