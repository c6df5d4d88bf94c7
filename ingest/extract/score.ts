// A faithful port of ../shared/gold/score.py: same normalisation, matching, optional and split rules, same
// rounding (Python's round-half-even on the exact binary value) and the same table / JSON output.
import { PapergraphError } from '../errors.ts';
import { readFileSync } from 'node:fs';

export const SCORE_TYPES = ['method', 'dataset', 'benchmark'] as const;
type Key = (typeof SCORE_TYPES)[number] | 'all' | 'any';
const KEYS: Key[] = [...SCORE_TYPES, 'all', 'any'];

export class ScoreError extends PapergraphError<'invalid-json' | 'invalid-record' | 'unreadable-file'> {}

// Python's `\s` for str patterns (str.isspace): note \x1c-\x1f and \x85 are in, \ufeff is out (unlike JS `\s`).
const PY_WS = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SEP = new RegExp(`[${PY_WS}\\-_.\\u2010-\\u2015]+`, 'g');
const TRAIL = /(dataset|datasets|benchmark|benchmarks|corpus|model|models|method)$/;

/** Python's str.casefold, closely enough for names: upper-casing then lower-casing folds 'ß' → 'ss', 'ﬁ' → 'fi'. */
function casefold(s: string): string {
  return s.toUpperCase().toLowerCase();
}

/** score.py's norm(): case-folded; spaces, hyphens, underscores, dots removed; one trailing generic word removed. */
export function norm(s: string): string {
  const t = casefold(s).replace(SEP, '');
  const t2 = t.replace(TRAIL, '');
  return t2 || t;
}

export type GoldRecord = Record<string, unknown> & { id: unknown };

/** score.py's load(): id → record; blank lines skipped; the last record of an id wins. */
export function loadJsonl(path: string): Map<string, GoldRecord> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScoreError('unreadable-file', `${path}: ${(err as Error).message}`);
  }
  return parseJsonl(text, path);
}

export function parseJsonl(text: string, path = '<input>'): Map<string, GoldRecord> {
  const out = new Map<string, GoldRecord>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g'), '');
    if (!line) return;
    let r: GoldRecord;
    try {
      r = JSON.parse(line) as GoldRecord;
    } catch (e) {
      throw new ScoreError('invalid-json', `${path}:${i + 1}: not JSON: ${(e as Error).message}`);
    }
    if (r === null || typeof r !== 'object' || !('id' in r)) throw new ScoreError('invalid-record', `${path}:${i + 1}: record has no "id"`);
    out.set(pyStr(r.id), r);
  });
  return out;
}

function pyStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null) return 'None';
  return String(v);
}

export interface TypeScore {
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  gold: number;
}
export type ScoreResult = Record<Key, TypeScore> & { split_entities: number; own?: TypeScore };
/** [paperId, kind (FP | FN | TYPE), type, name] — score.py's error tuples. */
export type ScoreErrorRow = [string, string, string, string];

/** Python's round(x, nd) for finite floats: round half to even on the exact binary value. */
export function pyRound(x: number, nd: number): number {
  const exact = Math.abs(x).toFixed(nd + 25);
  const tie = new RegExp(`\\.\\d{${nd}}50*$`).test(exact);
  if (!tie) return Number(x.toFixed(nd));
  const scaled = Math.trunc(Math.abs(x) * 10 ** nd);
  const even = scaled % 2 === 0 ? scaled : scaled + 1;
  return (Math.sign(x) * even) / 10 ** nd;
}

/** Python's f'{x:.{nd}f}'. */
export function pyFixed(x: number, nd: number): string {
  const exact = Math.abs(x).toFixed(nd + 25);
  if (!new RegExp(`\\.\\d{${nd}}50*$`).test(exact)) return x.toFixed(nd);
  return pyRound(x, nd).toFixed(nd);
}

interface Group {
  type: string;
  aliases: Set<string>;
  display: string;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const OWN_ROLES = ['proposes', 'introduces', 'own'];

function prf(tp: number, fp: number, tpg: number, tot: number): TypeScore {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tot ? tpg / tot : 0;
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return { precision: pyRound(p, 4), recall: pyRound(r, 4), f1: pyRound(f, 4), predicted: tp + fp, gold: tot };
}

/** score.py's score(): per-type and overall counts, split entities and the error list. */
export function score(gold: Map<string, GoldRecord>, pred: Map<string, GoldRecord>): { result: ScoreResult; errors: ScoreErrorRow[] } {
  const c = Object.fromEntries(KEYS.map((k) => [k, [0, 0, 0, 0]])) as Record<Key, [number, number, number, number]>;
  let splits = 0;
  const errors: ScoreErrorRow[] = [];
  // own: [tp_pred, fp, tp_gold, gold_total] over papers whose gold has an "own" list
  const ownC = [0, 0, 0, 0];
  let hasOwn = false;
  for (const [pid, g] of gold) {
    const groups: Group[] = [];
    for (const t of SCORE_TYPES) {
      for (const grp of asList(g[t])) {
        const al = asList(grp).map(String);
        groups.push({ type: t, aliases: new Set(al.map(norm)), display: al[0] ?? '' });
      }
    }
    const optional = new Set<string>();
    for (const grp of asList(g.optional)) for (const a of asList(grp)) optional.add(norm(String(a)));
    const ents = asList(pred.get(pid)?.entities) as Record<string, unknown>[];
    const scoredOwn = 'own' in g;
    hasOwn = hasOwn || scoredOwn;
    const ownNames = new Set(asList(g.own).map((a) => norm(String(a))));
    const ownGroups = new Set(groups.map((gr, i) => ([...gr.aliases].some((a) => ownNames.has(a)) ? i : -1)).filter((i) => i >= 0));
    const maybeOwn = new Set(asList(g.own_optional).map((a) => norm(String(a))));
    const ownGroupsMaybe = new Set(groups.map((gr, i) => ([...gr.aliases].some((a) => maybeOwn.has(a)) && !ownGroups.has(i) ? i : -1)).filter((i) => i >= 0));
    const hitOwn = new Set<number>();
    const hitTyped = new Set<number>();
    const hitAny = new Set<number>();
    for (const e of ents) {
      const t = pyStr(e.type ?? '').toLowerCase();
      const tt = (SCORE_TYPES as readonly string[]).includes(t) ? (t as Key) : undefined;
      const names = new Set([norm(String(e.name)), ...asList(e.aliases).map((a) => norm(String(a)))]);
      const match = groups.map((gr, i) => ([...names].some((n) => gr.aliases.has(n)) ? i : -1)).filter((i) => i >= 0);
      const claimsOwn = OWN_ROLES.includes(pyStr(e.role ?? '').toLowerCase());
      if (scoredOwn && claimsOwn) {
        if (match.length && ownGroups.has(match[0]!)) {
          if (!hitOwn.has(match[0]!)) {
            hitOwn.add(match[0]!);
            ownC[0]! += 1;
          }
        } else if (match.length && ownGroupsMaybe.has(match[0]!)) {
          // annotators disagreed whether the paper introduces it: not scored
        } else if (match.length || ![...names].some((n) => optional.has(n))) {
          ownC[1]! += 1;
          errors.push([pid, 'OWN-FP', t, String(e.name)]);
        }
      }
      if (match.length === 0) {
        if ([...names].some((n) => optional.has(n))) continue;
        for (const k of [tt, 'all', 'any'] as const) if (k) c[k][1] += 1;
        errors.push([pid, 'FP', t, String(e.name)]);
        continue;
      }
      const i = match[0]!;
      const gt = groups[i]!.type;
      if (hitAny.has(i)) {
        splits += 1;
        c.any[1] += 1;
      } else {
        hitAny.add(i);
        c.any[0] += 1;
      }
      if (gt === t && !hitTyped.has(i)) {
        hitTyped.add(i);
        c[tt!][0] += 1;
        c.all[0] += 1;
      } else {
        if (tt) c[tt][1] += 1;
        c.all[1] += 1;
        if (gt !== t) errors.push([pid, 'TYPE', `${t}!=${gt}`, String(e.name)]);
      }
    }
    groups.forEach((gr, i) => {
      const gt = gr.type as Key;
      c[gt][3] += 1;
      c.all[3] += 1;
      c.any[3] += 1;
      if (hitTyped.has(i)) {
        c[gt][2] += 1;
        c.all[2] += 1;
      }
      if (hitAny.has(i)) c.any[2] += 1;
      else errors.push([pid, 'FN', gr.type, gr.display]);
      if (scoredOwn && ownGroups.has(i)) {
        ownC[3]! += 1;
        if (hitOwn.has(i)) ownC[2]! += 1;
        else errors.push([pid, 'OWN-FN', gr.type, gr.display]);
      }
    });
  }
  const result = { split_entities: splits } as ScoreResult;
  for (const k of KEYS) result[k] = prf(...c[k]);
  if (hasOwn) result.own = prf(ownC[0]!, ownC[1]!, ownC[2]!, ownC[3]!);
  return { result, errors };
}

const pyFloat = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));

/** json.dumps(res) byte for byte: key order, ', ' / ': ' separators, floats with '.0'. */
export function formatScoreJson(r: ScoreResult): string {
  const parts = KEYS.map((k) => {
    const v = r[k];
    return `"${k}": {"precision": ${pyFloat(v.precision)}, "recall": ${pyFloat(v.recall)}, "f1": ${pyFloat(v.f1)}, "predicted": ${v.predicted}, "gold": ${v.gold}}`;
  });
  const own = r.own ? `, "own": {"precision": ${pyFloat(r.own.precision)}, "recall": ${pyFloat(r.own.recall)}, "f1": ${pyFloat(r.own.f1)}, "predicted": ${r.own.predicted}, "gold": ${r.own.gold}}` : '';
  return `{${parts.join(', ')}, "split_entities": ${r.split_entities}${own}}`;
}

/** The table score.py prints, line for line. */
export function formatScoreTable(r: ScoreResult): string {
  const lines = [`${''.padEnd(10)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'pred'.padStart(6)} ${'gold'.padStart(6)}`];
  const row = (label: string, v: TypeScore): string =>
    `${label.padEnd(10)} ${pyFixed(v.precision, 3).padStart(6)} ${pyFixed(v.recall, 3).padStart(6)} ${pyFixed(v.f1, 3).padStart(6)} ${String(v.predicted).padStart(6)} ${String(v.gold).padStart(6)}`;
  for (const k of KEYS) lines.push(row(k === 'all' ? 'typed' : k === 'any' ? 'untyped' : k, r[k]));
  if (r.own) lines.push(row('own', r.own));
  lines.push(`split entities (one gold entity predicted as several): ${r.split_entities}`);
  return lines.join('\n');
}
