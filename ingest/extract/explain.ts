// Human-readable account of one paper's extraction (--explain): each candidate entity with the scorer's verdict,
// its probability and the features that weighed most, beside the rule and sentence that found it.
import type { Extraction, Paper } from '../types.ts';
import type { EntityExplanation } from './corpus.ts';

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const pct = (p: number): string => p.toFixed(2);

/** Lines explaining `extraction` of `paper`; `explained` are the scorer's verdicts on its candidate entities. */
export function explainPaper(paper: Paper, extraction: Extraction, explained: readonly EntityExplanation[] = []): string {
  const out = [`${paper.id}  ${clip(paper.title, 100)}`];
  if (extraction.entities.length === 0) out.push('  (no entities)');
  const why = new Map(explained.map((e) => [e.name, e]));
  for (const e of extraction.entities) {
    const aka = e.aliases.filter((a) => a !== e.name);
    out.push(`  ${e.type.padEnd(9)} ${e.role.padEnd(12)} ${e.name}${aka.length ? `  (aka ${aka.join(', ')})` : ''}  [key ${e.key}${e.family ? `, family ${e.family}` : ''}]`);
    const x = why.get(e.name);
    if (x) out.push(`      score: p(entity) ${pct(x.pEntity)}, p(own) ${pct(x.pOwn)}; top features (+ for keeping it as a ${e.type}): ${x.top.map((t) => `${t.feature} ${t.weight >= 0 ? '+' : ''}${t.weight.toFixed(2)}`).join(', ')}`);
    for (const ev of e.evidence) {
      out.push(`      ${ev.rule}: ${ev.reason}`);
      out.push(`        @${ev.start}-${ev.end}  "${clip(ev.sentence, 160)}"`);
    }
    for (const r of e.results ?? []) out.push(`      result: ${r.value}${r.metric ? ` ${r.metric}` : ''} on ${r.target}  ("${r.text}")`);
  }
  for (const url of extraction.repositories) out.push(`  repository ${url}`);
  const dropped = explained.filter((x) => !x.kept);
  if (dropped.length) {
    out.push('  dropped (features: + for dropping):');
    for (const x of dropped) out.push(`    ${x.name}  p(entity) ${pct(x.pEntity)}; ${x.top.slice(0, 3).map((t) => `${t.feature} ${t.weight >= 0 ? '+' : ''}${t.weight.toFixed(2)}`).join(', ')}`);
  }
  return out.join('\n');
}
