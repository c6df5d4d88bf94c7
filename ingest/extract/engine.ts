// The per-paper pass, an interpreter of the declared rules in pass order: language gate → generators → title,
// definition and cue rules → name shapes → vocabularies → signals → corpus statistics → aliases (grouping) →
// features and the trained scorers' logits. It decides nothing by hand: the corpus pass reads the scores.
import { abstractLanguage } from '../language.ts';
import type { Evidence, Paper, Role } from '../types.ts';
import {
  acronymDefinitions, definedIdentifiers, groupKey, isStrongToken, longFormCandidate, nameOfLongForm, namingPhrases, reMentions, sharedTaskPatterns, sharedTasks,
  titleChunks, titlePrefix, tokenRuns, type AcronymDef, type Candidate, type Fired, type GeneratorContext, type SharedTaskPatterns,
} from './candidates.ts';
import { defaultCorpusStats, statValue, type CorpusStats, type SurfaceStats } from './corpus-stats.ts';
import { entityFeatures } from './features.ts';
import { defaultLexicon, headClass, inVocabulary, isNameHead, looseKey, maskHas, singular, variantOf, vocabularyMask, type LexEntry, type Lexicon, type Vocabulary } from './lexicon.ts';
import { FEATURES } from './feature-ids.ts';
import { decide, defaultModels, scoreFeatureIds, type LinearModel } from './model.ts';
import { memoPerObject } from './memo.ts';
import { wordClass } from './nlp.ts';
import { findRepositories } from './repos.ts';
import { resultsAround, type LocalResult } from './results.ts';
import {
  CORPUS_RULES, GENERATOR_RULES, LEXICON_RULES, SIGNAL_RULES, RULE_REASONS, compileRules, ruleMacros,
  type CompiledRules, type ContextRule, type SignalContext, type TypeHint,
} from './rules/index.ts';
import { paperText, splitSentences } from './text.ts';
import { UnionFind } from '../union-find.ts';

/** Everything the per-paper pass reads, loaded once per thread. */
export interface EngineResources {
  lex: Lexicon;
  rules: CompiledRules;
  stats: CorpusStats;
  /** The scorers; absent while training (then `features` are kept and no scores are computed). */
  models?: { entity: LinearModel; own: LinearModel };
  /** gen.shared-task and gen.defined-identifier patterns, compiled from the vocabularies. */
  patterns: { sharedTask: SharedTaskPatterns; definedIdentifier: { pattern: RegExp; cheap: RegExp }[] };
}

export interface EngineOptions {
  maxEvidence: number;
  /** Keep each entity's feature names (training, --explain). */
  keepFeatures: boolean;
}

/** One entity as the per-paper pass sees it: its mentions grouped, its features scored. */
export interface LocalEntity {
  name: string;
  aliases: string[];
  evidence: Evidence[];
  /** Strongest non-own role a rule hints at ('EVALUATES_ON' > 'USES' > 'MENTIONS'). */
  roleHint: Role;
  /** Long form when the paper defines an acronym for this entity; short forms defined for it. */
  longForm?: string;
  shortForms: string[];
  /** Canonical lexicon name, when the entity is a listed one; the listed entity it is a variant of. */
  lexName?: string;
  lexFamily?: string;
  results: LocalResult[];
  /** Entity-model logits (none, method, dataset, benchmark) and the own-model logit difference (own − other). */
  scores: number[];
  own: number;
  /** Feature names and every mention's [start, end) (with `keepFeatures`). */
  features?: string[];
  spans?: [number, number][];
  /** First offset, for a stable order. */
  first: number;
}

/** What the per-paper pass returns (plain data: it crosses the worker boundary). */
export interface PaperLocal {
  paperId: string;
  entities: LocalEntity[];
  /** Acronym definitions of this paper (short → long), for cross-paper keys. */
  defs: { short: string; long: string }[];
  repositories: string[];
  /** The abstract's language when it is not English (ISO 639-3, ingest/language.ts): the language gate fired. */
  language?: string;
  /**
   * Entities the scorer dropped, by name and p(entity), when the pass decided them itself (scorers loaded, features
   * not kept): only the kept ones travel on as entities, which keeps a large run's memory to what it will use.
   */
  dropped?: { name: string; score: number }[];
}

const ROLE_RANK: Record<Role, number> = { PROPOSES: 5, INTRODUCES: 5, EVALUATES_ON: 3, USES: 2, MENTIONS: 1 };
const CONTAINERS = new Set(['gen.title-prefix', 'gen.naming-phrase', 'gen.long-form', 'gen.shared-task', 'gen.defined-identifier']);
const GENERATOR_ORDER = new Map(GENERATOR_RULES.map((r, i) => [r.id, i]));

/** Runs every generator over the paper, in declared order, and resolves overlaps between their spans. */
export function generateCandidates(paper: Paper, res: EngineResources, foreign: boolean): { text: string; cands: Candidate[]; defs: AcronymDef[] } {
  const text = paperText(paper.title, paper.abstract);
  const sentences = splitSentences(paper.title, paper.abstract);
  const g: GeneratorContext = { paper: text, lex: res.lex, rules: res.rules, foreign };
  let cands: Candidate[] = [];
  const defs: AcronymDef[] = [];
  const tp = titlePrefix(text, sentences[0]!, paper.abstract, res.lex);
  if (tp) cands.push(tp);
  const sep = tp ? /^[^:]*?(?::|\s[-–—]\s)/u.exec(sentences[0]!.text) : null;
  cands.push(...titleChunks(text, sentences[0]!, sep ? sep[0].length : 0));
  for (const s of sentences) {
    cands.push(...sharedTasks(s, g, res.patterns.sharedTask));
    cands.push(...namingPhrases(s, g));
    cands.push(...definedIdentifiers(s, g, res.patterns.definedIdentifier));
    defs.push(...acronymDefinitions(s));
    cands.push(...tokenRuns(s, g));
  }
  cands.push(...defs.map((d) => longFormCandidate(text, d)));
  cands.push(...reMentions(text, sentences, cands.filter((c) => c.generator === 'gen.defined-identifier' || c.generator === 'gen.title-prefix')));
  // A run or lexicon match inside a title prefix, naming phrase, long form or shared task gives way to it
  // (a listed name inside a long form stays: 'Bidirectional Encoder Representations from Transformers').
  const containers = cands.filter((c) => CONTAINERS.has(c.generator));
  cands = cands.filter((c) => {
    if (CONTAINERS.has(c.generator)) return true;
    return !containers.some((o) => o.start <= c.start && c.end <= o.end && o.end - o.start > c.end - c.start && !(o.generator === 'gen.long-form' && c.generator === 'gen.lexicon'));
  });
  // A span found by several generators keeps one copy: the earliest declared generator's.
  cands.sort((a, b) => a.start - b.start || b.end - a.end || GENERATOR_ORDER.get(a.generator)! - GENERATOR_ORDER.get(b.generator)!);
  const seen = new Set<number>();
  cands = cands.filter((c) => {
    const k = c.start * (text.length + 1) + c.end;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { text, cands, defs };
}

function fireContext(c: Candidate, rules: readonly ContextRule[], lex: Lexicon): void {
  for (const r of rules) {
    if (r.title !== undefined && r.title !== c.sentence.isTitle) continue;
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
    let head: Fired['head'];
    if (r.typeFromGroup !== undefined) {
      const hc = headClass(m?.[r.typeFromGroup]?.split(/\s+/).pop(), lex);
      if (hc === 'task' || hc === 'concept') head = hc;
      else if (isNameHead(hc)) type = hc;
    }
    const fired: Fired = { rule: r.id };
    if (type) fired.type = type;
    if (head) fired.head = head;
    if (r.role) fired.role = r.role;
    c.fired.push(fired);
  }
}

type LexiconTests = Pick<SignalContext, 'inVocabulary' | 'headClass'>;
const lexiconTests = new WeakMap<Lexicon, LexiconTests>();

/** The signal rules' vocabulary and head-word tests for a lexicon (one pair per lexicon, not one per candidate). */
function lexiconTest(lex: Lexicon): LexiconTests {
  let t = lexiconTests.get(lex);
  if (!t) lexiconTests.set(lex, (t = { inVocabulary: (v, s) => inVocabulary(lex, v as Vocabulary, s), headClass: (w) => headClass(w, lex) }));
  return t;
}

let lastWord: string | undefined;
let lastClass: string | undefined;

/** wordClass, remembering its last answer: the signal rules ask about a candidate's surface several times in a row. */
function wordClassOfLast(lower: string): string | undefined {
  if (lower !== lastWord) {
    lastClass = wordClass(lower);
    lastWord = lower;
  }
  return lastClass;
}

/** What the evidence rules read of a surface alone, from the lexicon and the corpus statistics. */
interface SurfaceFacts {
  /** vocabularyMask of the surface. */
  mask: number;
  /** The listed entity it is a variant of (variantOf), null for none. */
  variant: LexEntry | null;
  /** Its corpus statistics, or its singular's. */
  stats: SurfaceStats | undefined;
}

const surfaceFactsMemo = memoPerObject<SurfaceFacts>();

/** A surface's facts in one record: surfaces recur across papers, and one look-up then stands for three. */
function surfaceFacts(surface: string, res: EngineResources): SurfaceFacts {
  const memo = surfaceFactsMemo(res);
  const known = memo.get(surface);
  if (known) return known;
  const { lex, stats } = res;
  return memo.set(surface, {
    mask: vocabularyMask(lex, surface),
    variant: variantOf(surface, lex) ?? null,
    stats: stats.get(looseKey(surface)) ?? stats.get(looseKey(singular(surface))),
  });
}

/** Fires every evidence rule on one candidate, in pass order. */
export function fireRules(c: Candidate, res: EngineResources, text: string): void {
  const { rules, lex } = res;
  fireContext(c, rules.title, lex);
  fireContext(c, rules.definitions, lex);
  fireContext(c, rules.cues, lex);
  if (rules.anyNameShape.test(c.surface)) {
    for (const { rule, pattern } of rules.nameShapes) {
      if (pattern.test(c.surface)) c.fired.push(rule.type ? { rule: rule.id, type: rule.type } : { rule: rule.id });
    }
  }
  let known = !!c.lex;
  const facts = surfaceFacts(c.surface, res);
  const mask = facts.mask;
  for (const r of LEXICON_RULES) {
    if (r.vocabulary === 'entity-variants') {
      const e = c.lex ? undefined : facts.variant;
      if (e) {
        c.fired.push({ rule: r.id, type: e.type });
        known = true;
      }
    } else if (maskHas(mask, r.vocabulary as Exclude<Vocabulary, 'entity-variants'>)) c.fired.push(r.type ? { rule: r.id, type: r.type } : { rule: r.id });
  }
  const view = { surface: c.surface, tokens: c.tokens, strong: c.strong, generator: c.generator, before: c.before, after: c.after, listed: !!c.lex, inTitle: c.sentence.isTitle, known };
  const ctx: SignalContext = { text, wordClass: wordClassOfLast, ...lexiconTest(lex) };
  for (const r of SIGNAL_RULES) if (r.test(view, ctx)) c.fired.push(r.type ? { rule: r.id, type: r.type } : { rule: r.id });
  const s = facts.stats;
  for (const r of CORPUS_RULES) {
    const v = statValue(c.surface, s, r.stat, r.head, r.minDocs ?? 1, c.lex?.lowerCaseSpelling);
    if (v !== undefined && v >= r.min && v < r.max) c.fired.push({ rule: r.id });
  }
}

const isDefined = (c: Candidate): boolean => c.generator === 'gen.title-prefix' || c.generator === 'gen.long-form' || c.fired.some((f) => f.rule.startsWith('def.'));

/**
 * Whether each candidate lies inside a longer one. The candidates come sorted by start, then by end descending, one
 * per span (generateCandidates): then one lies inside another exactly when an earlier one ends at or after its end,
 * which is one pass. Any other order takes the pairwise test.
 */
function nestedFlags(cands: readonly Candidate[]): boolean[] {
  const out: boolean[] = new Array(cands.length);
  let maxEnd = -1;
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!;
    const p = cands[i - 1];
    if (p && !(p.start < c.start || (p.start === c.start && p.end > c.end))) {
      return cands.map((c, i) => cands.some((o, j) => j !== i && o.start <= c.start && c.end <= o.end && o.end - o.start > c.end - c.start));
    }
    out[i] = maxEnd >= c.end;
    if (c.end > maxEnd) maxEnd = c.end;
  }
  return out;
}

/** Groups one paper's candidates into entities: same surface key, acronym definitions, alias rules. */
function group(text: string, cands: Candidate[], defs: AcronymDef[], res: EngineResources): Candidate[][] {
  const g = new UnionFind(cands.length);
  const byKey = new Map<string, number>();
  cands.forEach((c, i) => {
    const k = groupKey(c.surface);
    const j = byKey.get(k);
    if (j === undefined) byKey.set(k, i);
    else g.union(i, j);
  });
  for (const d of defs) {
    const a = byKey.get(groupKey(d.short));
    const b = byKey.get(groupKey(d.long));
    if (a !== undefined && b !== undefined) g.union(a, b);
  }
  // A name inside a longer candidate ('Transformer' in 'Quantized Transformer (QT)') joins nothing: the longer one is
  // the name the alias belongs to, and a listed name inside it must not pull another paper's entity in.
  const nested = nestedFlags(cands);
  for (let i = 0; i + 1 < cands.length; i++) {
    const a = cands[i]!;
    let k = i + 1;
    while (k < cands.length && nested[k]) k++;
    const b = cands[k];
    if (!b || nested[i] || a.sentence !== b.sentence || b.start < a.end) continue;
    const between = text.slice(a.end, b.start);
    const rule = res.rules.aliases.find((r) => r.between.test(between) && (!r.after || r.after.test(b.after)) && !r.notBefore?.test(a.before));
    if (!rule) continue;
    if (rule.parenShort && !(b.strong && b.tokens === 1 && isStrongToken(b.surface) && text[b.end] === ')' && (a.sentence.isTitle || isDefined(a)) && !b.lex)) continue;
    b.fired.push({ rule: rule.id });
    g.union(i, k);
  }
  const members = new Map<number, Candidate[]>();
  cands.forEach((c, i) => {
    const r = g.find(i);
    const list = members.get(r) ?? [];
    list.push(c);
    members.set(r, list);
  });
  return [...members.values()];
}

/** The evidence line of one mention: its first definition, title or cue rule, else its first rule, else its generator. */
function evidenceOf(c: Candidate): Evidence {
  const pick = c.fired.find((f) => /^(?:def|title|cue)\./.test(f.rule) && f.rule !== 'title.in-title') ?? c.fired.find((f) => f.rule.startsWith('lex.')) ?? { rule: c.generator };
  return { rule: pick.rule, reason: RULE_REASONS.get(pick.rule) ?? '', sentence: c.sentence.text, start: c.start, end: c.end };
}

/** The grouping keys of an acronym definition's two forms. */
interface DefKeys {
  short: string;
  long: string;
}

function surfaceCount(list: readonly Candidate[], surface: string): number {
  let n = 0;
  for (const c of list) if (c.surface === surface) n++;
  return n;
}

/**
 * The listed entry an entity is, given the acronym the paper defines for it: the paper's definition says what its short
 * form stands for. A listed short form whose entry spells out another long form is another entity ('sharpness-aware
 * minimization (SAM)' is not the listed Segment Anything | SAM), and a long form that is itself listed is that entry.
 * An entry that spells out no long form ('BERT') keeps the short form.
 */
function definedEntry(hit: LexEntry | undefined, def: AcronymDef | undefined, lex: Lexicon): LexEntry | undefined {
  if (!def) return hit;
  const byLong = lex.byKey.get(looseKey(def.long));
  if (byLong) return byLong;
  if (!hit) return undefined;
  const spelledOut = hit.aliases.filter((a) => /\s/.test(a.trim()));
  return spelledOut.length > 0 && !spelledOut.some((a) => sharesWord(a, def.long)) ? undefined : hit;
}

/** Whether two phrases share a word of three letters or more (case and hyphens aside: 'multi-lingual', 'multilingual'). */
function sharesWord(a: string, b: string): boolean {
  const split = (s: string): string[] => s.toLowerCase().replace(/(?<=\p{L})-(?=\p{L})/gu, '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
  const words = new Set(split(a));
  return split(b).some((w) => words.has(w));
}

function buildEntity(list: Candidate[], defs: AcronymDef[], defKeys: readonly DefKeys[], res: EngineResources, options: EngineOptions): LocalEntity {
  const { lex } = res;
  const aliases: string[] = [];
  for (const c of list) if (!aliases.includes(c.surface)) aliases.push(c.surface);
  const surfaces = new Set(aliases.map(groupKey));
  const def = defs.find((d, k) => surfaces.has(defKeys[k]!.long) || surfaces.has(defKeys[k]!.short));
  const shortForms = defs.filter((d, k) => surfaces.has(defKeys[k]!.short)).map((d) => d.short);
  const lexHit = definedEntry(list.find((c) => c.lex)?.lex ?? list.map((c) => lex.byKey.get(looseKey(c.surface))).find((e) => e !== undefined), def, lex);
  const family = lexHit ? undefined : list.map((c) => variantOf(c.surface, lex)).find((e) => e !== undefined);
  let roleHint: Role = 'MENTIONS';
  for (const c of list) for (const f of c.fired) if (f.role && f.role !== 'PROPOSES' && f.role !== 'INTRODUCES' && ROLE_RANK[f.role] > ROLE_RANK[roleHint]) roleHint = f.role;
  const evidence = list.slice(0, options.maxEvidence).map(evidenceOf);
  // Reported results: scores stated around each mention, before or after it (results.ts).
  const results: LocalResult[] = [];
  for (const c of list) results.push(...resultsAround(c, lex));
  const features = entityFeatures(list, aliases, def?.long && aliases.includes(def.long) ? def.long : undefined, shortForms.length > 0, results.length > 0, lex);
  // The name drops a head word that ends the long form but gives the acronym no letter ('Multi-layer Perceptron Model
  // (MLP)' is 'Multi-layer Perceptron'); the features above read the phrase as written, head word included.
  const longForm = def ? nameOfLongForm(def, lex) : undefined;
  if (longForm && longForm !== def!.long && aliases.includes(def!.long)) aliases.unshift(longForm);
  // A long form written all in lower case is a description ('pathways language model (PaLM)', 'odds ratio preference
  // optimization (ORPO)'), and one whose capitals pick the acronym's letters out of its words is a spelling aid
  // ('TEemporal logiCal grapH networkS (TECHS)'): the short form the paper defines is the name people use. A Title
  // Case long form is a name.
  const describes = longForm !== undefined && (!/\p{Lu}/u.test(longForm) || spellingAidWords(longForm) >= 2);
  const shortName = describes ? shortForms.find((s) => aliases.includes(s)) : undefined;
  const name = shortName ?? (longForm && aliases.includes(longForm) ? longForm : aliases.reduce((best, a) => (surfaceCount(list, a) * 100 + a.length > surfaceCount(list, best) * 100 + best.length ? a : best), aliases[0]!));
  const e: LocalEntity = {
    name,
    aliases: [name, ...aliases.filter((a) => a !== name)],
    evidence,
    roleHint,
    shortForms,
    results,
    scores: [],
    own: 0,
    first: Math.min(...list.map((c) => c.start)),
  };
  if (longForm) e.longForm = longForm;
  if (lexHit) e.lexName = lexHit.name;
  if (family) e.lexFamily = family.name;
  if (res.models) {
    const [scores, o] = scoreFeatureIds([res.models.entity, res.models.own], features) as [number[], number[]];
    e.scores = scores;
    e.own = o[1]! - o[0]!;
  }
  if (options.keepFeatures || !res.models) {
    e.features = features.map((id) => FEATURES.name(id)).sort();
    e.spans = list.map((c) => [c.start, c.end]);
  }
  return e;
}

/**
 * Words of a long form whose capitals mark the acronym's letters rather than a name's parts: a lower-case word with a
 * capital inside ('logiCal', 'networkS', 'crOss') or a word opening with a run of capitals before lower case ('TEemporal',
 * 'GRadient'). CamelCase names ('OntoSenticNet', 'InfoMax') are neither.
 */
function spellingAidWords(long: string): number {
  let n = 0;
  for (const w of long.split(/[\s-]+/)) if (/^\p{Ll}+\p{Lu}/u.test(w) || /^\p{Lu}{2,}\p{Ll}{2,}/u.test(w)) n++;
  return n;
}

/** Extracts one paper's local entities. Pure: the same paper always gives the same result. */
export function extractPaper(paper: Paper, res: EngineResources, options: EngineOptions): PaperLocal {
  const language = abstractLanguage(paper.abstract);
  const foreign = language !== undefined;
  const { text, cands, defs } = generateCandidates(paper, res, foreign);
  for (const c of cands) {
    fireRules(c, res, text);
    if (foreign) c.fired.push({ rule: 'lang.non-english' });
  }
  const groups = group(text, cands, defs, res);
  const defKeys = defs.map((d) => ({ short: groupKey(d.short), long: groupKey(d.long) }));
  let entities = groups.map((list) => buildEntity(list, defs, defKeys, res, options)).sort((a, b) => a.first - b.first);
  const out: PaperLocal = { paperId: paper.id, entities, defs: defs.map((d) => ({ short: d.short, long: d.long })), repositories: findRepositories(paper.abstract) };
  if (language !== undefined) out.language = language;
  if (res.models && !options.keepFeatures) {
    // The decision needs nothing from other papers: make it here, and carry on only what is kept.
    const dropped: { name: string; score: number }[] = [];
    entities = entities.filter((e) => {
      const d = decide(e);
      if (!d.keep) dropped.push({ name: e.name, score: Math.round(d.pEntity * 1000) / 1000 });
      return d.keep;
    });
    out.entities = entities;
    out.dropped = dropped;
  }
  return out;
}

/** The patterns of gen.shared-task and gen.defined-identifier for a lexicon. */
export function generatorPatterns(lex: Lexicon): EngineResources['patterns'] {
  const { PROPOSE: propose, HEAD: head, DATASETHEAD: ds, BENCHMARKHEAD: bench } = ruleMacros(lex);
  const data = `${ds}|${bench}`;
  const id = '([a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+|[a-z]+\\d[a-z0-9]*|[a-z]{4,})';
  return {
    sharedTask: sharedTaskPatterns(lex),
    // each with a cheap test that must pass before the pattern is tried
    definedIdentifier: [
      { pattern: new RegExp(`${propose}\\s+${id}(?=\\s*(?:,|\\(|:|\\.|$|\\s+(?:to|for|which|that|as|in|on|with)\\b))`, 'gdu'), cheap: /\b(?:we|paper|work|study|report)\b/i },
      { pattern: new RegExp(`\\b${id}\\s*,\\s*(?:a|an)\\s+(?:new\\s+|novel\\s+)?(?:[a-z0-9][\\w-]*,?\\s+){0,6}?${head}\\b`, 'gdu'), cheap: /[a-z0-9],\s*an?\s/ },
      // 'the voicebank-demand dataset', 'on the wikihow-qa benchmark': a lower-case identifier named by its head word
      { pattern: new RegExp(`\\b(?:the|on|of|from|a|an)\\s+([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+|[a-z]+\\d[a-z0-9]*)\\s+(?:${data})\\b`, 'gdu'), cheap: /[a-z][-_\d][a-z0-9]*\s/ },
    ],
  };
}

/** Lexicon, rules, corpus statistics and patterns for one thread; `withModels: false` while training. */
export function loadResources(withModels = true, lex: Lexicon = defaultLexicon(), stats: CorpusStats = defaultCorpusStats()): EngineResources {
  const res: EngineResources = { lex, rules: compileRules(lex), stats, patterns: generatorPatterns(lex) };
  if (withModels) res.models = defaultModels();
  return res;
}

let shared: EngineResources | undefined;

/** The default resources with the committed models, loaded once per thread. */
export function defaultResources(): EngineResources {
  shared ??= loadResources(true);
  return shared;
}
