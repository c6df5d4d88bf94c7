// Human-readable account of one paper's extraction: each entity with its rule, reason and sentence (for --explain).
import type { Extraction, Paper, Pruned } from '../types.ts';

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Lines explaining `extraction` of `paper`; `pruned` are this paper's dropped candidates. */
export function explainPaper(paper: Paper, extraction: Extraction, pruned: Pruned[]): string {
  const out = [`${paper.id}  ${clip(paper.title, 100)}`];
  if (extraction.entities.length === 0) out.push('  (no entities)');
  for (const e of extraction.entities) {
    const aka = e.aliases.filter((a) => a !== e.name);
    out.push(`  ${e.type.padEnd(9)} ${e.role.padEnd(12)} ${e.name}${aka.length ? `  (aka ${aka.join(', ')})` : ''}  [key ${e.key}${e.family ? `, family ${e.family}` : ''}]`);
    for (const ev of e.evidence) {
      out.push(`      ${ev.rule}: ${ev.reason}`);
      out.push(`        @${ev.start}-${ev.end}  "${clip(ev.sentence, 160)}"`);
    }
    for (const r of e.results ?? []) out.push(`      result: ${r.value}${r.metric ? ` ${r.metric}` : ''} on ${r.target}  ("${r.text}")`);
  }
  for (const url of extraction.repositories) out.push(`  repository ${url}`);
  if (pruned.length) out.push(`  pruned: ${pruned.map((p) => `${p.surface} (${p.reason.split(':')[0]})`).join('; ')}`);
  return out.join('\n');
}
