// Per-paper pass: candidates → signals (definition and cue rules) → licensing and pruning → grouped local entities.
import type { EntityType, Evidence, Paper, Pruned, Role } from '../types.ts';
import {
  acronymDefinitions, headType, isCapsWord, longFormCandidate, namingPhraseCandidates, sentenceCandidates, titlePrefixCandidate,
  type AcronymDef, type Candidate, type Signal,
} from './candidates.ts';
import { looseKey, type Lexicon, type TypeHint } from './lexicon.ts';
import { wordClass } from './nlp.ts';
import { findRepositories } from './repos.ts';
import { resultsBefore, type LocalResult } from './results.ts';
import { ALIAS_BETWEEN, COMPILED, PRUNE_RULES, singular, TITLE_TYPE_CUES, type ContextRule } from './rules/index.ts';
import { paperText, splitSentences } from './text.ts';

/** An entity as the per-paper pass sees it; the corpus pass gives it a key, family and final type. */
export interface LocalEntity {
  name: string;
  aliases: string[];
  type: EntityType;
  /** Winning type score; ≥ 2.5 means a cue or lexicon decided it, below that it is a default. */
  typeScore: number;
  role: Role;
  evidence: Evidence[];
  /** Long form when the paper defines an acronym for this entity. */
  longForm?: string;
  /** Short forms defined in this paper. */
  shortForms: string[];
  /** Canonical lexicon name, when the entity is a known one. */
  lexName?: string;
  /** Lexicon method this is a variant of ('Qwen2.5-7B-Instruct' → 'Qwen2.5'). */
  lexFamily?: string;
  /** Licensed by a definition, lexicon or acronym (not just by shape): lets other papers reuse the name. */
  named: boolean;
  /** Only single capitalised words ('Tuning'): never licensed by other papers. */
  bareWord: boolean;
  results: LocalResult[];
  /** First offset, for a stable order. */
  first: number;
}

/** What the per-paper pass returns (plain data: it crosses the worker boundary). */
export interface PaperLocal {
  paperId: string;
  entities: LocalEntity[];
  /** Unlicensed name candidates; the corpus pass keeps those another paper names, prunes the rest. */
  deferred: LocalEntity[];
  defs: { short: string; long: string }[];
  pruned: Pruned[];
  repositories: string[];
}

export interface EngineOptions {
  maxEvidence: number;
}

const OWN_CLAIM = /\b(?:we|our|this\s+(?:paper|work|study|report)|the\s+proposed|novel|innovative)\b/i;
const ROLE_RANK: Record<Role, number> = { PROPOSES: 5, INTRODUCES: 5, EVALUATES_ON: 3, USES: 2, MENTIONS: 1 };

// A capitalised word followed by a lower-case word starts a phrase ('Compatible momentum contrast'), not a name.
const PHRASE_GOES_ON = /^\s+(?!(?:and|or|as|to|for|which|that|with|is|was|are|in|on|by|from|of|at|via|using|can|could|will|would|may|achieves?|outperforms?|enables?|uses?|has|have|the|a|an|its|their|into|across|over|under|while|where|when|through|between)\b)[a-z]/;

/** Rules whose cue is too common to make a capitalised word a name by itself. */
const NON_LICENSING = new Set(['cue.method-word', 'cue.builds-on', 'cue.compare', 'cue.data-word', 'cue.such-as']);

function applyContext(c: Candidate, rules: ContextRule[], lex: Lexicon): void {
  const capPhrase = !c.strong && !c.lex && c.kind === 'run' && PHRASE_GOES_ON.test(c.after);
  for (const r of rules) {
    if (r.defines && capPhrase) continue;
    let m: RegExpExecArray | null = null;
    if (r.before) {
      m = r.before.exec(c.before);
      if (!m) continue;
    }
    if (r.after) {
      const a = r.after.exec(c.after);
      if (!a) continue;
      m = a;
    }
    let type: TypeHint | undefined = r.type;
    if (r.typeFromGroup !== undefined) type = headType(m?.[r.typeFromGroup]?.split(/\s+/).pop(), lex) ?? type;
    let role = r.role;
    if (r.ownClaim && role && (role === 'PROPOSES' || role === 'INTRODUCES') && !OWN_CLAIM.test(c.sentence.text)) role = 'MENTIONS';
    c.signals.push({ rule: r.id, reason: r.reason, type, weight: r.weight, role });
    if (r.defines) c.defined = true;
  }
}

function nameTypeSignals(c: Candidate): void {
  for (const r of COMPILED.nameTypeRules) {
    if (r.pattern.test(c.surface)) c.signals.push({ rule: r.id, reason: r.reason, type: r.type, weight: r.weight });
  }
}

/** Union-find over candidate indexes. */
class Groups {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Key used to group surfaces inside one paper: 'LoRAs' and 'LoRA', 'ImageNet-1K' and 'ImageNet-1k'. */
export function groupKey(surface: string): string {
  return looseKey(singular(surface)).replace(/[.'’]/g, '');
}

function pick<T>(xs: T[], score: (x: T) => number): T | undefined {
  let best: T | undefined;
  let bs = -Infinity;
  for (const x of xs) {
    const s = score(x);
    if (s > bs) {
      bs = s;
      best = x;
    }
  }
  return best;
}

/** Candidates with their signals and the acronym definitions of one paper (exported for --explain debugging and tests). */
export function collectCandidates(paper: Paper, lex: Lexicon): { text: string; cands: Candidate[]; defs: AcronymDef[]; longForms: Candidate[] } {
  const text = paperText(paper.title, paper.abstract);
  const sentences = splitSentences(paper.title, paper.abstract);
  let cands: Candidate[] = [];
  const defs: AcronymDef[] = [];
  for (const s of sentences) {
    cands.push(...sentenceCandidates(text, s, lex));
    if (/\b(?:called|named|dubbed|termed|coined|referred)\b/.test(s.text)) cands.push(...namingPhraseCandidates(text, s));
    if (s.text.includes('(') || s.text.includes(',')) defs.push(...acronymDefinitions(s));
  }
  const tp = titlePrefixCandidate(text, sentences[0]!, paper.abstract);
  if (tp) cands.push(tp);
  const longForms = defs.map((d) => longFormCandidate(text, d));
  cands.push(...longForms);

  // Overlaps: a run inside a title prefix, a naming phrase or a long form gives way to it.
  const containers = cands.filter((c) => c.kind === 'title-prefix' || c.kind === 'phrase' || c.kind === 'long-form');
  cands = cands.filter((c) => {
    if (c.kind !== 'run' && c.kind !== 'lexicon') return true;
    return !containers.some((o) => o.start <= c.start && c.end <= o.end && (o.end - o.start > c.end - c.start) && !(o.kind === 'long-form' && c.kind === 'lexicon'));
  });
  // A span found by several finders keeps one copy, the most specific kind's.
  const KIND_RANK: Record<string, number> = { 'title-prefix': 0, 'long-form': 1, phrase: 2, lexicon: 3, run: 4 };
  cands.sort((a, b) => a.start - b.start || b.end - a.end || KIND_RANK[a.kind]! - KIND_RANK[b.kind]!);
  const seen = new Set<string>();
  cands = cands.filter((c) => {
    const k = `${c.start}:${c.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  cands.sort((a, b) => a.start - b.start || b.end - a.end);

  // Signals: definitions, cues, name shapes, lexicon.
  for (const c of cands) {
    applyContext(c, COMPILED.definitionRules, lex);
    applyContext(c, COMPILED.cueRules, lex);
    nameTypeSignals(c);
    if (c.lex) c.signals.push({ rule: 'lex.match', reason: `listed in ${c.lex.file}`, type: c.lex.type, weight: 3 });
    else if (c.lexPrefix) c.signals.push({ rule: 'lex.variant', reason: `variant of ${c.lexPrefix.name} (${c.lexPrefix.file})`, type: c.lexPrefix.type, weight: 2.5 });
    if (c.kind === 'title-prefix') {
      const rest = c.sentence.text.slice(c.end - c.sentence.start);
      const cue = TITLE_TYPE_CUES.find((t) => t.pattern.test(rest));
      if (cue) c.signals.push({ rule: cue.id, reason: cue.reason, type: cue.type, weight: 3 });
    }
  }

  return { text, cands, defs, longForms };
}

/** Extracts one paper's local entities. Pure: the same paper always gives the same result. */
export function extractPaper(paper: Paper, lex: Lexicon, options: EngineOptions): PaperLocal {
  const pruned: Pruned[] = [];
  const { text, cands, defs, longForms } = collectCandidates(paper, lex);

  // Acronym definitions: generic long forms ('Continual Learning (CL)') are not entities unless the paper names them.
  const genericDef = new Set<AcronymDef>();
  for (const d of defs) {
    const head = d.long.split(/[\s-]+/).pop()!.toLowerCase();
    const lf = longForms[defs.indexOf(d)]!;
    const shortNamed = cands.some((c) => c.surface === d.short && c.signals.some((s) => s.rule.startsWith('def.')));
    const longNamed = lf.signals.some((s) => s.rule.startsWith('def.'));
    const stop = lex.stopAcronyms.has(d.short) || lex.stopAcronyms.has(singular(d.short));
    // A lower-case long form ('time series (TS)', 'state space models (SSMs)') is a concept unless the paper names it.
    const lowerLong = !/\p{Lu}/u.test(d.long) && !lex.byKey.has(looseKey(d.short)) && !shortNamed && !longNamed;
    if (stop || lowerLong || ((lex.genericHeads.has(head) || lex.genericTerms.has(looseKey(d.long))) && !shortNamed && !longNamed)) genericDef.add(d);
  }

  // Licensing.
  for (const c of cands) {
    const maxW = Math.max(0, ...c.signals.filter((s) => !NON_LICENSING.has(s.rule) && !s.rule.startsWith('shape.') && !s.rule.startsWith('suffix.')).map((s) => s.weight));
    const capsWord = c.tokens === 1 && isCapsWord(c.surface);
    const shapeW = c.tokens >= 2 ? Math.max(0, ...c.signals.filter((s) => s.rule.startsWith('shape.')).map((s) => s.weight)) : 0;
    // A single capitalised English word ('New', 'Web', 'Pass') needs a definition, not just a cue word after it.
    const englishWord = c.tokens === 1 && !c.strong && wordClass(c.surface.toLowerCase()) !== undefined;
    c.licensed = !!c.lex || c.defined || (c.strong && !capsWord) || (!englishWord && ((c.tokens <= 2 && maxW >= 2) || maxW >= 4 || shapeW >= 2));
  }
  // In-paper propagation: a licensed name licenses its other mentions ('FOSTER' in title and "our method FOSTER").
  const licensedKeys = new Set(cands.filter((c) => c.licensed).map((c) => groupKey(c.surface)));
  for (const c of cands) if (!c.licensed && licensedKeys.has(groupKey(c.surface))) c.licensed = true;

  // Pruning, with reasons.
  const ctx = { lex, wordClass, text };
  const kept: Candidate[] = [];
  const deferred: Candidate[] = [];
  const genericSurfaces = new Set<string>();
  for (const d of genericDef) {
    genericSurfaces.add(d.long);
    genericSurfaces.add(d.short);
  }
  for (const c of cands) {
    if (genericSurfaces.has(c.surface) && !c.lex) {
      pruned.push({ paperId: paper.id, surface: c.surface, reason: 'prune.generic-definition: acronym definition of a generic concept' });
      continue;
    }
    const rule = PRUNE_RULES.find((r) => r.test(c, ctx));
    if (!rule) kept.push(c);
    else if (rule.id === 'prune.unlicensed') deferred.push(c);
    else pruned.push({ paperId: paper.id, surface: c.surface, reason: `${rule.id}: ${rule.reason}` });
  }

  const entities = groupEntities(paper, text, kept, defs.filter((d) => !genericDef.has(d)), lex, options);
  const deferredEntities = groupEntities(paper, text, deferred, [], lex, options);
  for (const e of deferredEntities) e.named = false;
  return {
    paperId: paper.id,
    entities,
    deferred: deferredEntities,
    defs: defs.filter((d) => !genericDef.has(d)).map((d) => ({ short: d.short, long: d.long })),
    pruned,
    repositories: findRepositories(paper.abstract),
  };
}

function groupEntities(paper: Paper, text: string, kept: Candidate[], defs: AcronymDef[], lex: Lexicon, options: EngineOptions): LocalEntity[] {
  if (kept.length === 0) return [];
  const g = new Groups(kept.length);
  const byKey = new Map<string, number>();
  kept.forEach((c, i) => {
    const k = groupKey(c.surface);
    const j = byKey.get(k);
    if (j === undefined) byKey.set(k, i);
    else g.union(i, j);
  });
  // Acronym definitions join short and long forms.
  for (const d of defs) {
    const a = byKey.get(groupKey(d.short));
    const b = byKey.get(groupKey(d.long));
    if (a !== undefined && b !== undefined) g.union(a, b);
    // A run overlapping the long form ('Layerwise Recurrent Router' vs 'Router for Mixture-of-Experts') is the same entity.
    if (b !== undefined) kept.forEach((c, i) => {
      if (c.start < d.longEnd && d.longStart < c.end && c.sentence === d.sentence && c.kind !== 'lexicon') g.union(i, b);
    });
  }
  // 'xGen-MM (BLIP-3)', 'xGen-MM, short for xGen-MultiModal': adjacent names that are aliases.
  for (let i = 0; i + 1 < kept.length; i++) {
    const a = kept[i]!;
    const b = kept[i + 1]!;
    if (a.sentence !== b.sentence || b.start < a.end) continue;
    const between = text.slice(a.end, b.start);
    const rule = ALIAS_BETWEEN.find((r) => r.pattern.test(between));
    if (!rule) continue;
    // 'xGen-MM (BLIP-3)', '"Pretrain, Personalized Prompt, and Predict Paradigm" (P5)': a defined name and a short name in parentheses.
    if (rule.id === 'alias.paren-name' && !((a.strong || a.kind === 'phrase') && b.strong && b.tokens === 1 && text[b.end] === ')' && (a.kind === 'title-prefix' || a.defined || a.sentence.isTitle))) continue;
    g.union(i, i + 1);
  }
  const members = new Map<number, Candidate[]>();
  kept.forEach((c, i) => {
    const r = g.find(i);
    const list = members.get(r) ?? [];
    list.push(c);
    members.set(r, list);
  });
  const out: LocalEntity[] = [];
  for (const list of members.values()) out.push(buildEntity(list, defs, lex, options));
  out.sort((a, b) => a.first - b.first);
  return out;
}

function buildEntity(list: Candidate[], defs: AcronymDef[], lex: Lexicon, options: EngineOptions): LocalEntity {
  const aliases: string[] = [];
  for (const c of list) if (!aliases.includes(c.surface)) aliases.push(c.surface);
  const surfaces = new Set(aliases.map(groupKey));
  const def = defs.find((d) => surfaces.has(groupKey(d.long)) || surfaces.has(groupKey(d.short)));
  const shortForms = defs.filter((d) => surfaces.has(groupKey(d.short))).map((d) => d.short);
  // Known entity: a lexicon match, or an alias the lexicon lists ('low-rank adaptation (LoRA)' → LoRA).
  const lexHit = list.find((c) => c.lex)?.lex ?? list.filter((c) => c.kind === 'long-form' || c.strong).map((c) => lex.byKey.get(looseKey(c.surface))).find((e) => e !== undefined);
  const lexFamily = list.find((c) => c.lexPrefix)?.lexPrefix;
  // Type: add up the weighted signals; 'data' is dataset-or-benchmark, leaning dataset.
  const score: Record<EntityType, number> = { method: 0.5, dataset: 0, benchmark: 0 };
  for (const c of list) {
    for (const s of c.signals) {
      if (!s.type || s.weight <= 0) continue;
      if (s.type === 'data') {
        score.dataset += s.weight;
        score.benchmark += s.weight * 0.9;
      } else score[s.type] += s.weight;
    }
  }
  const order: EntityType[] = lexHit ? [lexHit.type, 'method', 'dataset', 'benchmark'] : ['method', 'dataset', 'benchmark'];
  const type = pick(order, (t) => score[t])!;
  // Role: the strongest one any mention has.
  let role: Role = 'MENTIONS';
  for (const c of list) for (const s of c.signals) if (s.role && ROLE_RANK[s.role] > ROLE_RANK[role]) role = s.role;
  if (role === 'PROPOSES' && type !== 'method') role = 'INTRODUCES';
  const evidence: Evidence[] = [];
  for (const c of list) {
    if (evidence.length >= options.maxEvidence) break;
    const best = pick(c.signals, (s) => s.weight + (s.role ? 0.1 : 0));
    evidence.push({
      rule: best && best.weight > 0 ? best.rule : c.rule,
      reason: best && best.weight > 0 ? best.reason : c.reason,
      sentence: c.sentence.text,
      start: c.start,
      end: c.end,
    });
  }
  const results: LocalResult[] = [];
  if (type !== 'method') for (const c of list) results.push(...resultsBefore(c.before, lex));
  const longForm = def?.long;
  const name = longForm && aliases.includes(longForm) ? longForm : (pick(aliases, (a) => list.filter((c) => c.surface === a).length * 100 + a.length) ?? aliases[0]!);
  return {
    name,
    aliases: [name, ...aliases.filter((a) => a !== name)],
    type,
    typeScore: score[type],
    role,
    evidence,
    longForm,
    shortForms,
    lexName: lexHit?.name,
    lexFamily: lexFamily && lexFamily !== lexHit ? lexFamily.name : undefined,
    named: list.some((c) => !!c.lex || c.kind === 'long-form' || c.signals.some((s) => s.rule.startsWith('def.') && s.weight >= 4)),
    bareWord: list.every((c) => !c.strong && c.tokens === 1),
    results,
    first: Math.min(...list.map((c) => c.start)),
  };
}
