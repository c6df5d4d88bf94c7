// Corpus pass (main thread, after every paper): the scorers' decisions (keep, type, own) and what needs the whole
// corpus — canonical keys, acronyms the corpus agrees on, families, result targets. Deterministic: depends only on
// the per-paper results in order.
import type { EntityType, Extraction, PaperEntity, Pruned, Result, Role } from '../types.ts';
import { canonicalKey, familyOf } from './canonical.ts';
import type { LocalEntity, PaperLocal } from './engine.ts';
import { singular } from './lexicon.ts';
import { decide, defaultModels, explainScore, type Decision, type LinearModel } from './model.ts';

const TYPES: readonly EntityType[] = ['method', 'dataset', 'benchmark'];

export { decide, type Decision } from './model.ts';

/** The relationship of a paper to a kept entity: its own contribution, else the strongest role a rule hints at. */
export function roleOf(e: LocalEntity, d: Decision): Role {
  if (d.own) return d.type === 'method' ? 'PROPOSES' : 'INTRODUCES';
  // A dataset or benchmark with a score reported on it is evaluated on.
  if (d.type !== 'method' && e.results.length > 0) return 'EVALUATES_ON';
  // A paper evaluates on data; a method it runs in its evaluation ('accuracy of ResNet50-D on …') it uses.
  if (d.type === 'method' && e.roleHint === 'EVALUATES_ON') return 'USES';
  return e.roleHint;
}

type DefinitionIndex = Map<string, { byLong: Map<string, { long: string; papers: number }>; papers: number }>;

/** Short form → the long forms papers define for it, counted once per paper. */
function definitionIndex(locals: readonly PaperLocal[]): DefinitionIndex {
  const idx: DefinitionIndex = new Map();
  for (const l of locals) {
    const seen = new Set<string>();
    for (const d of l.defs) {
      const short = singular(d.short);
      const k = canonicalKey(d.long);
      if (seen.has(`${short}\u0000${k}`)) continue;
      seen.add(`${short}\u0000${k}`);
      const m = idx.get(short) ?? { byLong: new Map(), papers: 0 };
      const e = m.byLong.get(k) ?? { long: d.long, papers: 0 };
      e.papers++;
      m.papers++;
      m.byLong.set(k, e);
      idx.set(short, m);
    }
  }
  return idx;
}

/**
 * The long form a short form stands for across the corpus: only when at least two papers define it the same way and
 * they are at least two thirds of the papers defining it — one paper's definition never renames another paper's
 * entity ('ANNs' as artificial neural networks is not 'Agentic Neural Network').
 */
function agreedLong(idx: DefinitionIndex, short: string): string | undefined {
  const m = idx.get(singular(short));
  if (!m) return undefined;
  let best: { long: string; papers: number } | undefined;
  for (const e of m.byLong.values()) if (!best || e.papers > best.papers) best = e;
  return best && best.papers >= 2 && best.papers * 3 >= m.papers * 2 ? best.long : undefined;
}

function keyOf(e: LocalEntity, idx: DefinitionIndex): string {
  if (e.lexName) return canonicalKey(e.lexName);
  if (e.longForm) return canonicalKey(e.longForm);
  for (const a of e.aliases) {
    const long = agreedLong(idx, a);
    if (long) return canonicalKey(long);
  }
  return canonicalKey(singular(e.name));
}

/** Why the scorers decided what they did about one candidate entity (for --explain). */
export interface EntityExplanation {
  name: string;
  kept: boolean;
  type: EntityType;
  /** p(named entity) and p(own contribution). */
  pEntity: number;
  pOwn: number;
  /** The largest terms of the decision: class vs none for a kept entity, none vs the best class for a dropped one. */
  top: { feature: string; weight: number }[];
  evidence: LocalEntity['evidence'];
}

export interface CorpusOutput {
  extractions: Extraction[];
  pruned: Pruned[];
  /** Per paper, every candidate entity with its scores and top features — when the per-paper pass kept features. */
  explanations?: Map<string, EntityExplanation[]>;
}

function explanation(e: LocalEntity, d: Decision, models: { entity: LinearModel; own: LinearModel }): EntityExplanation {
  const cls = TYPES.indexOf(d.type) + 1;
  const top = d.keep ? explainScore(models.entity, e.features!, cls, 0, 6) : explainScore(models.entity, e.features!, 0, cls, 6);
  return { name: e.name, kept: d.keep, type: d.type, pEntity: d.pEntity, pOwn: 1 / (1 + Math.exp(-e.own)), top, evidence: e.evidence };
}

const PRUNED_REASON = 'model.keep: scored as not a named method, dataset or benchmark';

/** Turns per-paper results into final extractions (same order as `locals`). */
export function corpusPass(locals: readonly PaperLocal[]): CorpusOutput {
  const idx = definitionIndex(locals);
  const pruned: Pruned[] = [];
  const explained = locals.some((l) => l.entities.some((e) => e.features));
  const explanations = explained ? new Map<string, EntityExplanation[]>() : undefined;
  const models = explained ? defaultModels() : undefined;
  const extractions: Extraction[] = locals.map((l) => {
    const byKey = new Map<string, PaperEntity>();
    for (const x of l.dropped ?? []) pruned.push({ paperId: l.paperId, surface: x.name, reason: PRUNED_REASON, score: x.score });
    for (const e of l.entities) {
      const d = decide(e);
      if (explanations && e.features) explanations.set(l.paperId, [...(explanations.get(l.paperId) ?? []), explanation(e, d, models!)]);
      if (!d.keep) {
        pruned.push({ paperId: l.paperId, surface: e.name, reason: PRUNED_REASON, score: Math.round(d.pEntity * 1000) / 1000 });
        continue;
      }
      const key = keyOf(e, idx);
      // Numbers read before a method's name are not results on it ('ResNet-50 on ImageNet' is about ImageNet).
      const results: Result[] = d.type === 'method' ? [] : e.results.map((r) => ({ target: key, ...(r.metric ? { metric: r.metric } : {}), value: r.value, text: r.text }));
      const family = e.lexFamily ? canonicalKey(e.lexFamily) : familyOf(e.name);
      const role = roleOf(e, d);
      const prev = byKey.get(key);
      if (prev) {
        for (const a of e.aliases) if (!prev.aliases.includes(a)) prev.aliases.push(a);
        prev.evidence.push(...e.evidence.slice(0, Math.max(0, 3 - prev.evidence.length)));
        if (results.length) prev.results = [...(prev.results ?? []), ...results];
        continue;
      }
      const pe: PaperEntity = { key, name: e.name, type: d.type, aliases: [...e.aliases], role, evidence: e.evidence, score: Math.round(d.pEntity * 1000) / 1000 };
      if (results.length) pe.results = results;
      if (family && family !== key) pe.family = family;
      byKey.set(key, pe);
    }
    return { paperId: l.paperId, entities: [...byKey.values()], repositories: l.repositories, ...(l.language !== undefined ? { language: l.language } : {}) };
  });
  return explanations ? { extractions, pruned, explanations } : { extractions, pruned };
}
