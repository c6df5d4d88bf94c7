// Autocomplete over entity and topic names (and aliases, acronyms), paper titles, paper ids and authors:
// exact > prefix > word prefix > substring, then by degree.
import type { NodeType } from '../../graph/types.ts';
import type { Model } from './model.ts';

/** What a hit points at: a node, or an author (whose papers the view then highlights). */
export type HitType = NodeType | 'author';

/** Search keys of authors: a prefix no node key uses, so an author is never mistaken for a node. */
export const AUTHOR_PREFIX = 'author:';

export interface SearchEntry {
  /** Node key, or `author:` + the author's name. */
  node: string;
  /** Normalised text matched against. */
  text: string;
  /** What the result list shows. */
  display: string;
  /** The alias, acronym, id or (for an author) paper count that matched or helps, when not the display name. */
  via: string | null;
  type: HitType;
  degree: number;
}

export interface SearchHit {
  node: string;
  display: string;
  via: string | null;
  type: HitType;
  score: number;
}

export function normalise(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function buildSearchIndex(model: Model): SearchEntry[] {
  const entries: SearchEntry[] = [];
  for (const [node, a] of model.attrs) {
    const degree = model.degree.get(node) ?? 0;
    if (a.type === 'paper') {
      const title = a.title || a.label;
      entries.push({ node, text: normalise(title), display: title, via: null, type: a.type, degree });
      // Its id too ('2020.acl-main.1', 'arxiv:2401.00001'), so a pasted id finds the paper.
      entries.push({ node, text: normalise(node), display: title, via: node, type: a.type, degree });
      continue;
    }
    entries.push({ node, text: normalise(a.label), display: a.label, via: null, type: a.type, degree });
    const alternatives = a.type === 'topic' ? (a.acronyms ?? []) : a.type === 'repository' ? [] : (a.aliases ?? []);
    const seen = new Set([normalise(a.label)]);
    for (const alias of alternatives) {
      const text = normalise(alias);
      if (seen.has(text)) continue;
      seen.add(text);
      entries.push({ node, text, display: a.label, via: alias, type: a.type, degree });
    }
  }
  for (const [name, papers] of model.authors) {
    entries.push({
      node: `${AUTHOR_PREFIX}${name}`, text: normalise(name), display: name,
      via: `${papers.length} paper${papers.length === 1 ? '' : 's'}`, type: 'author', degree: papers.length,
    });
  }
  return entries;
}

function score(text: string, q: string): number {
  if (text === q) return 0;
  if (text.startsWith(q)) return 1;
  const at = text.indexOf(q);
  if (at < 0) return -1;
  return /[^a-z0-9]/.test(text.charAt(at - 1)) ? 2 : 3;
}

/** Best hit per node, best first. */
export function search(index: readonly SearchEntry[], query: string, limit: number): SearchHit[] {
  const q = normalise(query);
  if (q.length === 0) return [];
  const best = new Map<string, { hit: SearchHit; degree: number }>();
  for (const e of index) {
    const s = score(e.text, q);
    if (s < 0) continue;
    const prev = best.get(e.node);
    if (prev && prev.hit.score <= s) continue;
    best.set(e.node, { hit: { node: e.node, display: e.display, via: e.via, type: e.type, score: s }, degree: e.degree });
  }
  return [...best.values()]
    .sort((a, b) => a.hit.score - b.hit.score || b.degree - a.degree || a.hit.display.localeCompare(b.hit.display))
    .slice(0, limit)
    .map((x) => x.hit);
}
