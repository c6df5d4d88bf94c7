// Corpus pass (main thread, after every paper): canonical keys, reused acronym definitions, majority types,
// names known elsewhere in the corpus, families. Deterministic: depends only on the per-paper results in order.
import type { EntityType, Extraction, PaperEntity, Pruned, Result } from '../types.ts';
import { canonicalKey, familyOf } from './canonical.ts';
import type { LocalEntity, PaperLocal } from './engine.ts';
import { singular } from './rules/index.ts';

/** Short form → the long form keys defined for it anywhere in the corpus, with counts. */
function definitionIndex(locals: PaperLocal[]): Map<string, Map<string, { long: string; n: number }>> {
  const idx = new Map<string, Map<string, { long: string; n: number }>>();
  for (const l of locals) {
    for (const d of l.defs) {
      const m = idx.get(d.short) ?? new Map<string, { long: string; n: number }>();
      const k = canonicalKey(d.long);
      const e = m.get(k) ?? { long: d.long, n: 0 };
      e.n++;
      m.set(k, e);
      idx.set(d.short, m);
    }
  }
  return idx;
}

/** The long form a short form stands for corpus-wide, when the corpus agrees (≥ 2/3 of its definitions). */
function agreedLong(idx: ReturnType<typeof definitionIndex>, short: string): string | undefined {
  const m = idx.get(short);
  if (!m) return undefined;
  let total = 0;
  let best: { long: string; n: number } | undefined;
  for (const e of m.values()) {
    total += e.n;
    if (!best || e.n > best.n) best = e;
  }
  return best && best.n * 3 >= total * 2 ? best.long : undefined;
}

function keyOf(e: LocalEntity, idx: ReturnType<typeof definitionIndex>, corpusPass: boolean): string {
  if (e.lexName) return canonicalKey(e.lexName);
  if (e.longForm) return canonicalKey(e.longForm);
  if (corpusPass) {
    for (const a of e.aliases) {
      const long = agreedLong(idx, a) ?? agreedLong(idx, singular(a));
      if (long) return canonicalKey(long);
    }
  }
  return canonicalKey(singular(e.name));
}

export interface CorpusOutput {
  extractions: Extraction[];
  pruned: Pruned[];
}

/** Turns per-paper results into final extractions (same order as `locals`). */
export function corpusPass(locals: PaperLocal[], corpusPass: boolean): CorpusOutput {
  const idx = definitionIndex(locals);
  // Names some paper defines or that a lexicon lists: other papers' bare mentions of them are kept.
  const namedKeys = new Set<string>();
  const typeVotes = new Map<string, Record<EntityType, number>>();
  for (const l of locals) {
    for (const e of l.entities) {
      const k = keyOf(e, idx, corpusPass);
      if (e.named) namedKeys.add(k);
      if (e.typeScore >= 2.5) {
        const v = typeVotes.get(k) ?? { method: 0, dataset: 0, benchmark: 0 };
        v[e.type]++;
        typeVotes.set(k, v);
      }
    }
  }
  const pruned: Pruned[] = [];
  const extractions: Extraction[] = locals.map((l) => {
    const byKey = new Map<string, PaperEntity>();
    pruned.push(...l.pruned);
    const all: { e: LocalEntity; rule?: string }[] = l.entities.map((e) => ({ e }));
    for (const e of l.deferred) {
      const k = keyOf(e, idx, corpusPass);
      if (corpusPass && namedKeys.has(k) && !e.bareWord) all.push({ e, rule: 'corpus.known-name' });
      else for (const a of e.aliases) pruned.push({ paperId: l.paperId, surface: a, reason: 'prune.unlicensed: capitalised word(s) without a naming cue, lexicon entry or acronym definition' });
    }
    all.sort((a, b) => a.e.first - b.e.first);
    for (const { e, rule } of all) {
      const key = keyOf(e, idx, corpusPass);
      let type = e.type;
      const votes = typeVotes.get(key);
      // A weakly typed mention follows the corpus majority of strongly typed ones.
      if (corpusPass && e.typeScore < 2.5 && votes) {
        const best = (['method', 'dataset', 'benchmark'] as const).reduce((a, b) => (votes[b] > votes[a] ? b : a));
        if (votes[best] > 0) type = best;
      }
      const evidence = rule ? e.evidence.map((ev) => ({ ...ev, rule, reason: 'named by a definition or lexicon elsewhere in the corpus' })) : e.evidence;
      const results: Result[] = e.results.map((r) => ({ target: key, ...(r.metric ? { metric: r.metric } : {}), value: r.value, text: r.text }));
      const family = e.lexFamily ? canonicalKey(e.lexFamily) : familyOf(e.name);
      const prev = byKey.get(key);
      if (prev) {
        for (const a of e.aliases) if (!prev.aliases.includes(a)) prev.aliases.push(a);
        prev.evidence.push(...evidence.slice(0, Math.max(0, 3 - prev.evidence.length)));
        if (results.length) prev.results = [...(prev.results ?? []), ...results];
        continue;
      }
      const pe: PaperEntity = { key, name: e.name, type, aliases: [...e.aliases], role: e.role === 'PROPOSES' && type !== 'method' ? 'INTRODUCES' : e.role === 'INTRODUCES' && type === 'method' ? 'PROPOSES' : e.role, evidence };
      if (results.length) pe.results = results;
      if (family && family !== key) pe.family = family;
      byKey.set(key, pe);
    }
    return { paperId: l.paperId, entities: [...byKey.values()], repositories: l.repositories };
  });
  return { extractions, pruned };
}
