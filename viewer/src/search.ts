// Autocomplete over entity, topic and author names (and aliases, acronyms, other spellings), paper titles, paper ids
// and the authors papers list: exact > prefix > word prefix > substring, then by degree.
import type { NodeType } from '../../graph/types.ts';
import { authorNode, type Model } from './model.ts';

/**
 * What choosing a hit shows: a node, or an author known only by the name papers list (one with no Author node —
 * fewer papers than the build's `authorMinPapers` — whose papers the view then highlights).
 */
export type SearchTarget = { node: string } | { author: string };

export interface SearchEntry {
  target: SearchTarget;
  /** Normalised text matched against. */
  text: string;
  /** What the result list shows. */
  display: string;
  /** The alias, acronym, id, spelling or (for an author) paper count that matched or helps, when not the display name. */
  via: string | null;
  /** The node's type; 'author' for a name-only author too. */
  type: NodeType;
  degree: number;
}

export interface SearchHit {
  target: SearchTarget;
  display: string;
  via: string | null;
  type: NodeType;
  score: number;
}

export function normalise(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** One string per target: a node key and an author name never meet ('author:ada lovelace' is both a key and a name). */
function targetId(target: SearchTarget): string {
  return 'node' in target ? `n${target.node}` : `a${target.author}`;
}

function papersNote(papers: number): string {
  return `${papers} paper${papers === 1 ? '' : 's'}`;
}

export function buildSearchIndex(model: Model): SearchEntry[] {
  const entries: SearchEntry[] = [];
  /** Texts already indexed per Author node, so a name its papers list adds nothing its label or aliases hold. */
  const authorTexts = new Map<string, Set<string>>();
  for (const [node, a] of model.attrs) {
    const degree = model.degree.get(node) ?? 0;
    const target = { node };
    if (a.type === 'paper') {
      const title = a.title || a.label;
      entries.push({ target, text: normalise(title), display: title, via: null, type: a.type, degree });
      // Its id too ('2020.acl-main.1', 'arxiv:2401.00001'), so a pasted id finds the paper.
      entries.push({ target, text: normalise(node), display: title, via: node, type: a.type, degree });
      continue;
    }
    // An author's name shows their paper count, as a name-only author's does; an entity's or topic's shows nothing.
    const note = a.type === 'author' ? papersNote(a.papers) : null;
    entries.push({ target, text: normalise(a.label), display: a.label, via: note, type: a.type, degree });
    const alternatives = a.type === 'topic' ? (a.acronyms ?? []) : a.type === 'repository' ? [] : (a.aliases ?? []);
    const seen = new Set([normalise(a.label)]);
    if (a.type === 'author') authorTexts.set(node, seen);
    for (const alias of alternatives) {
      const text = normalise(alias);
      if (seen.has(text)) continue;
      seen.add(text);
      entries.push({ target, text, display: a.label, via: alias, type: a.type, degree });
    }
  }
  for (const [name, papers] of model.authors) {
    const text = normalise(name);
    const node = authorNode(model, name);
    if (node === undefined) {
      entries.push({ target: { author: name }, text, display: name, via: papersNote(papers.length), type: 'author', degree: papers.length });
      continue;
    }
    // A spelling the node does not list (the build lists every one; an older graph may not): it leads to the node.
    const seen = authorTexts.get(node);
    if (seen?.has(text)) continue;
    seen?.add(text);
    const label = model.attrs.get(node)!.label;
    entries.push({ target: { node }, text, display: label, via: name, type: 'author', degree: model.degree.get(node) ?? 0 });
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

/** Best hit per target, best first. */
export function search(index: readonly SearchEntry[], query: string, limit: number): SearchHit[] {
  const q = normalise(query);
  if (q.length === 0) return [];
  const best = new Map<string, { hit: SearchHit; degree: number }>();
  for (const e of index) {
    const s = score(e.text, q);
    if (s < 0) continue;
    const id = targetId(e.target);
    const prev = best.get(id);
    if (prev && prev.hit.score <= s) continue;
    best.set(id, { hit: { target: e.target, display: e.display, via: e.via, type: e.type, score: s }, degree: e.degree });
  }
  return [...best.values()]
    .sort((a, b) => a.hit.score - b.hit.score || b.degree - a.degree || a.hit.display.localeCompare(b.hit.display))
    .slice(0, limit)
    .map((x) => x.hit);
}
