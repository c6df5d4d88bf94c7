// Meta-tests over the declared rules and the vocabularies: ids are unique, every rule fires on each of its
// `examples.fires` and on none of its `examples.not`, no word list contradicts a rule, each vocabulary lives in one
// place, and lexicon lines never merge different versions of an entity.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acronymDefinitions, definedIdentifiers, longFormCandidate, makeCandidate, namingPhrases, reMentions, sharedTasks, titleChunks, titlePrefix, tokenRuns,
  type Candidate, type GeneratorContext,
} from '../ingest/extract/candidates.ts';
import { defaultCorpusStats, statValue } from '../ingest/extract/corpus-stats.ts';
import { defaultResources } from '../ingest/extract/engine.ts';
import { isForeign } from '../ingest/language.ts';
import { headClass, inVocabulary, looseKey, variantOf, vocabularyLines, type Vocabulary } from '../ingest/extract/lexicon.ts';
import { canonicalKey } from '../ingest/extract/canonical.ts';
import { wordClass } from '../ingest/extract/nlp.ts';
import { RULES, type ContextRule, type Rule } from '../ingest/extract/rules/index.ts';
import type { Sentence } from '../ingest/extract/text.ts';
import { LEXICON_DIR, REPO_ROOT } from '../ingest/paths.ts';

const res = defaultResources();
const { lex, rules } = res;

/** An example with its bracketed spans removed: the text and each span's [start, end). */
function parse(example: string): { text: string; spans: [number, number][] } {
  let text = '';
  const spans: [number, number][] = [];
  let open = -1;
  for (const ch of example) {
    if (ch === '[' && open < 0) open = text.length;
    else if (ch === ']' && open >= 0) {
      spans.push([open, text.length]);
      open = -1;
    } else text += ch;
  }
  return { text, spans };
}

const sentenceOf = (text: string, isTitle: boolean): Sentence => ({ index: isTitle ? 0 : 1, start: 0, end: text.length, text, isTitle });

/** The candidate a context rule sees for the first bracketed span. */
function candidateAt(example: string, isTitle = false): { c: Candidate; text: string; spans: [number, number][] } {
  const { text, spans } = parse(example);
  const [s, e] = spans[0]!;
  return { c: makeCandidate(text, sentenceOf(text, isTitle), s, e, 'test', text.slice(s, e).split(/\s+/).length, false), text, spans };
}

const CONTEXT = new Map<string, ContextRule>([...rules.title, ...rules.definitions, ...rules.cues].map((r) => [r.id, r]));

function contextFires(r: ContextRule, example: string): boolean {
  const { c } = candidateAt(example, r.kind === 'title');
  if (r.title !== undefined && r.title !== c.sentence.isTitle) return false;
  if (r.before && !r.before.test(c.before)) return false;
  if (r.after && !r.after.test(c.after)) return false;
  return true;
}

/** The spans one generator proposes in an example (a title for the title generators, an abstract sentence otherwise). */
function generated(id: string, text: string): [number, number][] {
  const title = id === 'gen.title-prefix' || id === 'gen.title-chunk';
  const s = sentenceOf(text, title);
  const g: GeneratorContext = { paper: text, lex, rules, foreign: false };
  let cands: Candidate[] = [];
  if (id === 'gen.title-prefix') cands = [titlePrefix(text, s, '', lex)].filter((c): c is Candidate => !!c);
  else if (id === 'gen.title-chunk') cands = titleChunks(text, s, 0);
  else if (id === 'gen.shared-task') cands = sharedTasks(s, g, res.patterns.sharedTask);
  else if (id === 'gen.naming-phrase') cands = namingPhrases(s, g);
  else if (id === 'gen.defined-identifier') cands = definedIdentifiers(s, g, res.patterns.definedIdentifier);
  else if (id === 'gen.long-form') cands = acronymDefinitions(s).map((d) => longFormCandidate(text, d));
  else if (id === 'gen.re-mention') cands = reMentions(text, [s], definedIdentifiers(s, g, res.patterns.definedIdentifier));
  else cands = tokenRuns(s, g).filter((c) => c.generator === id);
  return cands.map((c) => [c.start, c.end]);
}

/** Whether `rule` fires on one of its examples, by the example format of its kind. */
function fires(rule: Rule, example: string): boolean {
  switch (rule.kind) {
    case 'token':
      return rules.tokens.find((t) => t.rule.id === rule.id)!.pattern.test(example);
    case 'generator': {
      const { text, spans } = parse(example);
      const got = generated(rule.id, text);
      const has = (s: [number, number]): boolean => got.some(([a, b]) => a === s[0] && b === s[1]);
      // fires: every bracketed span is proposed; a `not` example is one where none is
      return spans.length > 0 && spans.every(has);
    }
    case 'title':
    case 'definition':
    case 'cue':
      return contextFires(CONTEXT.get(rule.id)!, example);
    case 'alias': {
      const { text, spans } = parse(example);
      const [a, b] = spans as [[number, number], [number, number]];
      const r = rules.aliases.find((x) => x.id === rule.id)!;
      const second = text.slice(b[0], b[1]);
      if (!r.between.test(text.slice(a[1], b[0]))) return false;
      if (r.after && !r.after.test(text.slice(b[1]))) return false;
      if (r.notBefore?.test(text.slice(0, a[0]))) return false;
      return !r.parenShort || (/^\S+$/.test(second) && text[b[1]] === ')' && /\p{Lu}.*\p{Lu}|\d/u.test(second) && !lex.byKey.has(looseKey(second)));
    }
    case 'name-shape':
      return rules.nameShapes.find((x) => x.rule.id === rule.id)!.pattern.test(example);
    case 'lexicon':
      return rule.vocabulary === 'entity-variants' ? variantOf(example, lex) !== undefined : inVocabulary(lex, rule.vocabulary as Vocabulary, example);
    case 'signal': {
      const { c, text } = candidateAt(example);
      const view = { surface: c.surface, tokens: c.tokens, strong: /\p{Lu}.*\p{Lu}|\d|\p{Ll}\p{Lu}/u.test(c.surface), generator: 'test', before: c.before, after: c.after, listed: lex.byKey.has(looseKey(c.surface)), inTitle: false, known: lex.byKey.has(looseKey(c.surface)) || variantOf(c.surface, lex) !== undefined };
      return rule.test(view, { text, wordClass, inVocabulary: (v, s) => inVocabulary(lex, v as Vocabulary, s), headClass: (w) => headClass(w, lex) });
    }
    case 'corpus': {
      const s = defaultCorpusStats().get(looseKey(example));
      const v = statValue(example, s, rule.stat, rule.head, rule.minDocs ?? 1);
      return v !== undefined && v >= rule.min && v < rule.max;
    }
    case 'language':
      return isForeign(example);
  }
}

describe('declared rules', () => {
  it('have unique ids, a reason and at least one example', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.reason.length, r.id).toBeGreaterThan(10);
      expect(r.examples.fires.length + r.examples.not.length, r.id).toBeGreaterThan(0);
      expect(r.id.startsWith(`${r.id.split('.')[0]}.`), r.id).toBe(true);
    }
  });

  it('declare one prior at most: a class (`prior`) or a type among the types (`typePrior`), with a positive strength', () => {
    for (const r of RULES) {
      expect(r.prior !== undefined && r.typePrior !== undefined, r.id).toBe(false);
      if (r.priorStrength !== undefined) {
        expect(r.prior ?? r.typePrior ?? r.ownPrior, `${r.id}: a strength without a prior`).toBeDefined();
        expect(r.priorStrength, r.id).toBeGreaterThan(0);
      }
    }
  });

  it('run in the order of their pass files', () => {
    const files = readdirSync(join(REPO_ROOT, 'ingest', 'extract', 'rules')).filter((f) => /^\d\d-/.test(f)).sort();
    expect(files.length).toBeGreaterThan(5);
    const order = RULES.map((r) => r.kind);
    const firstOf = (k: string): number => order.indexOf(k as Rule['kind']);
    expect(firstOf('language')).toBeLessThan(firstOf('token'));
    expect(firstOf('token')).toBeLessThan(firstOf('generator'));
    expect(firstOf('generator')).toBeLessThan(firstOf('definition'));
    expect(firstOf('definition')).toBeLessThan(firstOf('cue'));
    expect(firstOf('signal')).toBeLessThan(firstOf('corpus'));
  });

  const cases = RULES.flatMap((r) => [
    ...r.examples.fires.map((ex) => ({ id: r.id, rule: r, ex, want: true })),
    ...r.examples.not.map((ex) => ({ id: r.id, rule: r, ex, want: false })),
  ]);
  it.each(cases)('$id on "$ex" fires: $want', ({ rule, ex, want }) => {
    expect(fires(rule, ex)).toBe(want);
  });
});

// Vocabulary files that list things that are not entities, and the rule that reads each.
const STOP_LISTS: Record<string, Vocabulary> = {
  'stop-acronyms.txt': 'stop-acronyms',
  'generic-terms.txt': 'generic-terms',
  'metrics.txt': 'metrics',
  'languages.txt': 'languages',
  'organizations.txt': 'organizations',
  'venues.txt': 'venues',
};

describe('vocabularies', () => {
  const files = readdirSync(LEXICON_DIR).filter((f) => /\.(?:txt|tsv)$/.test(f));

  it.each(files)('%s says where its words come from (# source:)', (f) => {
    expect(readFileSync(join(LEXICON_DIR, f), 'utf8')).toMatch(/^# source:/m);
  });

  it('no word is in two lists (each vocabulary lives in one place)', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const f of files) {
      if (f === 'heads.tsv') continue;
      for (const line of vocabularyLines(f)) {
        for (const w of line.split(' | ')) {
          const k = w.trim();
          const prev = seen.get(k);
          if (prev && prev !== f) clashes.push(`${k}: ${prev} and ${f}`);
          seen.set(k, f);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('no listed entity is also in a list of non-entities', () => {
    const bad: string[] = [];
    for (const e of lex.entries) {
      for (const a of e.aliases) {
        for (const [file, v] of Object.entries(STOP_LISTS)) if (inVocabulary(lex, v, a) && a !== a.toLowerCase()) bad.push(`${a} (${e.file}) is in ${file}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no word list contradicts a rule: a name a rule says is an entity is in no list of non-entities', () => {
    const positive = RULES.filter((r) => (r.kind === 'name-shape' && r.type) || (r.kind === 'lexicon' && r.type));
    const bad: string[] = [];
    for (const r of positive) {
      for (const ex of r.examples.fires) {
        for (const [file, v] of Object.entries(STOP_LISTS)) if (inVocabulary(lex, v, ex)) bad.push(`${r.id} example "${ex}" is in ${file}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no vocabulary is copied into code: no alternation of three or more words of one list in the rule or engine files', () => {
    const lists = new Map<string, Set<string>>();
    for (const f of files) {
      const words = new Set<string>();
      for (const line of vocabularyLines(f)) for (const w of line.split(f === 'heads.tsv' ? '\t' : ' | ').slice(0, 1)) words.add(w.trim().toLowerCase());
      lists.set(f, words);
    }
    const dir = join(REPO_ROOT, 'ingest', 'extract');
    const code = [...readdirSync(join(dir, 'rules')).map((f) => join(dir, 'rules', f)), ...['candidates.ts', 'engine.ts', 'features.ts', 'corpus.ts'].map((f) => join(dir, f))];
    const bad: string[] = [];
    for (const file of code) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\(\?:((?:[A-Za-z\\[\]-]+\|){2,}[A-Za-z\\[\]-]+)\)/g)) {
        const alts = m[1]!.split('|').map((a) => a.replace(/\\[a-z]/g, '').replace(/\[([A-Za-z])[A-Za-z]\]/g, '$1').replace(/[^A-Za-z-]/g, '').toLowerCase());
        for (const [f, words] of lists) {
          const hits = alts.filter((a) => words.has(a));
          if (hits.length >= 3) bad.push(`${file.slice(REPO_ROOT.length + 1)} lists ${hits.slice(0, 4).join(', ')} … of ${f}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('lexicon lines never merge different versions (XLM / XLM-R, wav2vec / wav2vec 2.0, ARC / ARC-Challenge)', () => {
    const VERSIONISH = /^[-\s]?(?:v?\d[\w.]*|[A-Z]|challenge|easy|hard|large|base|small|mini|pro|plus|xl|turbo|instruct|chat)$/i;
    const bad: string[] = [];
    for (const e of lex.entries) {
      for (const a of e.aliases) {
        for (const b of e.aliases) {
          const ka = canonicalKey(a);
          const kb = canonicalKey(b);
          if (a !== b && kb.startsWith(ka) && kb !== ka && VERSIONISH.test(b.slice(a.length))) bad.push(`${e.file}: "${a}" and "${b}"`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe("compromise's word classes", () => {
  it.each([['paris', 'City'], ['the', 'Determiner'], ['constructor', undefined], ['__proto__', undefined]])('wordClass(%s) = %s: own lexicon entries only, never the prototype', (word, cls) => {
    expect(wordClass(word)).toBe(cls);
  });
});
