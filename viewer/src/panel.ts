// Side panel for the selected node: paper, entity, topic, repository, author or (at community level) a community; or
// for an author known only by name. DOM text only.
import type {
  AuthorNodeAttributes,
  EdgeAttributes,
  EntityNodeAttributes,
  PaperNodeAttributes,
  RepositoryNodeAttributes,
  TopicNodeAttributes,
} from '../../graph/types.ts';
import { isEntityType, type Result } from '../../ingest/types.ts';
import { AUTHOR_PREFIX as AUTHOR_KEY_PREFIX, authorKey } from '../../graph/authors.ts';
import { languageName } from '../../graph/languages.ts';
import { communityOfKey } from './community.ts';
import { clear, formatCount, h } from './dom.ts';
import { highlightSegments, safeUrl, type Term } from './highlight.ts';
import { authorNode, legendGroup, type Model } from './model.ts';
import type { ViewerSettings } from './settings.ts';
import type { CommunitiesReport } from '../../graph/types.ts';

export interface PanelActions {
  go(node: string): void;
  /** Highlight an author's papers (and list them here); an author with an Author node is that node. */
  author(name: string): void;
  expand(community: number): void;
  collapse(community: number): void;
  close(): void;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2025-04-28' stays; year-less '--04-28' (HF pages) reads 'Apr 28'. */
export function formatDate(date: string): string {
  const m = /^--(\d{2})(?:-(\d{2}))?$/.exec(date);
  if (!m) return date;
  const name = MONTHS[Number(m[1]) - 1] ?? m[1];
  return m[2] ? `${name} ${Number(m[2])}` : `${name}`;
}

/** '1 paper', '1,234 papers'. */
const papersText = (n: number): string => `${formatCount(n)} paper${n === 1 ? '' : 's'}`;

/**
 * The years an author's papers span: '2019-05-02'…'2023-01-10' → '2019–2023', one year → '2021'; year-less dates
 * (HF pages) as formatDate gives them ('Apr 28 – Aug 20'); '' when neither end is known.
 */
export function activeSpan(first: string | undefined, last: string | undefined): string {
  const from = first ?? last;
  const to = last ?? first;
  if (from === undefined || to === undefined) return '';
  const year = /^(\d{4})/;
  const a = year.exec(from)?.[1];
  const b = year.exec(to)?.[1];
  if (a !== undefined && b !== undefined) return a === b ? a : `${a}–${b}`;
  const x = formatDate(from);
  const y = formatDate(to);
  return x === y ? x : `${x} – ${y}`;
}

/**
 * 'fra' → 'in French' for a paper whose abstract is not in English (`languageName`); 'not in English' when its
 * language has no name; '' for English.
 */
export function languageNote(code: string | undefined): string {
  if (code === undefined) return '';
  const name = languageName(code);
  return name === undefined ? 'not in English' : `in ${name}`;
}

const TYPE_NAMES: Record<string, string> = {
  paper: 'Paper', topic: 'Topic', method: 'Method', dataset: 'Dataset', benchmark: 'Benchmark', repository: 'Code repository', community: 'Community', author: 'Author',
};

function badge(type: string): HTMLElement {
  return h('span', { class: `badge badge-${type}` }, TYPE_NAMES[type] ?? type);
}

function nodeLink(model: Model, node: string, actions: PanelActions, text?: string): HTMLElement {
  const a = model.graph.getNodeAttributes(node);
  return h('button', {
    class: `link link-${a.type}`, attrs: { type: 'button', 'data-node': node },
    on: { click: () => actions.go(node) },
  }, text ?? (a.type === 'paper' ? a.title || a.label : a.label));
}

/** A list that shows `step` items and a button for the rest: long lists are never cut silently. */
function longList(items: string[], step: number, render: (item: string) => Node, className = 'list'): HTMLElement {
  const ul = h('ul', { class: className });
  let shown = 0;
  const more = h('button', { class: 'more', attrs: { type: 'button' } });
  const showMore = (): void => {
    for (const item of items.slice(shown, shown + step)) ul.appendChild(h('li', {}, render(item)));
    shown = Math.min(items.length, shown + step);
    more.textContent = `Show ${formatCount(Math.min(step, items.length - shown))} more of ${formatCount(items.length - shown)}`;
    more.hidden = shown >= items.length;
  };
  more.addEventListener('click', showMore);
  showMore();
  return h('div', {}, ul, more);
}

function section(title: string, ...body: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'panel-section' }, h('h3', {}, title), ...body);
}

function communityLine(model: Model, id: number): HTMLElement {
  const c = model.communities.get(id);
  return h('div', { class: 'community-line' },
    h('span', { class: 'swatch', attrs: { style: `background:${c?.color ?? '#999'}` } }),
    c ? `${c.label} · ${formatCount(c.size)} nodes` : `Community ${id}`);
}

function byDateDesc(model: Model) {
  return (a: string, b: string): number => {
    const da = (model.graph.getNodeAttributes(a) as PaperNodeAttributes).date ?? '';
    const db = (model.graph.getNodeAttributes(b) as PaperNodeAttributes).date ?? '';
    return db.localeCompare(da) || a.localeCompare(b);
  };
}

/** Topics and entities the papers of `node` (null: of an author) also link, most shared first (ties by key), at most `limit`. */
function coOccurring(model: Model, node: string | null, papers: readonly string[], limit: number): [string, number][] {
  const co = new Map<string, number>();
  for (const p of papers) {
    model.graph.forEachOutNeighbor(p, (n, na) => {
      if (n === node || (na.type !== 'topic' && !isEntityType(na.type))) return;
      co.set(n, (co.get(n) ?? 0) + 1);
    });
  }
  return [...co].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, limit);
}

/** Papers linked to `node` by SIMILAR_TO (stored once per pair, either direction), most similar first. */
function similarPapers(model: Model, node: string): { paper: string; score: number }[] {
  const out: { paper: string; score: number }[] = [];
  model.graph.forEachEdge(node, (_e, ea: EdgeAttributes, source, target) => {
    if (ea.type === 'SIMILAR_TO') out.push({ paper: source === node ? target : source, score: ea.score ?? ea.weight });
  });
  return out.sort((x, y) => y.score - x.score || x.paper.localeCompare(y.paper));
}

function paperPanel(model: Model, node: string, a: PaperNodeAttributes, settings: ViewerSettings, actions: PanelActions): Node[] {
  const g = model.graph;
  const terms: Term[] = [];
  const byRole = new Map<string, string[]>();
  const repos: string[] = [];
  const topics: string[] = [];
  g.forEachOutEdge(node, (_e, ea: EdgeAttributes, _s, target, _sa, ta) => {
    if (ta.type === 'repository') { repos.push(target); return; }
    // Authors are listed by name below (a name with an Author node leads to it); similar papers have their section.
    if (ta.type === 'paper' || ta.type === 'author') return;
    if (ta.type === 'topic') { topics.push(target); return; }
    for (const t of new Set([ta.label, ea.name, ...(ea.aliases ?? []), ...(ta.aliases ?? [])])) if (t) terms.push({ text: t, node: target });
    const list = byRole.get(ea.type) ?? [];
    list.push(target);
    byRole.set(ea.type, list);
  });
  const abstract = h('p', { class: 'abstract' });
  for (const seg of highlightSegments(a.abstract ?? '', terms)) {
    if (seg.node === null) { abstract.appendChild(document.createTextNode(seg.text)); continue; }
    const type = g.getNodeAttribute(seg.node, 'type');
    const target = seg.node;
    abstract.appendChild(h('mark', {
      class: `ent ent-${type}`, title: `${TYPE_NAMES[type] ?? type}: ${g.getNodeAttribute(target, 'label')}`,
      attrs: { 'data-node': target }, on: { click: () => actions.go(target) },
    }, seg.text));
  }
  const url = safeUrl(a.url);
  const authors = a.authors ?? [];
  const out: Node[] = [
    h('h2', { class: 'panel-title' }, a.title || a.label),
    h('div', { class: 'meta' }, badge('paper'), a.date ? ` ${formatDate(a.date)}` : '', a.language ? ` · ${languageNote(a.language)}` : '',
      url ? h('a', { attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } }, ' source ↗') : ''),
  ];
  if (authors.length > 0) {
    const shown = authors.slice(0, 8).flatMap((name, i) => [i > 0 ? ', ' : '', authorLink(model, name, actions)]);
    out.push(h('div', { class: 'authors' }, ...shown, authors.length > 8 ? ` and ${authors.length - 8} more` : ''));
  }
  out.push(communityLine(model, legendGroup(a.community)));
  if (repos.length > 0) {
    out.push(section('Code', h('ul', { class: 'list' }, ...repos.map((r) => {
      const ra = g.getNodeAttributes(r) as RepositoryNodeAttributes;
      const href = safeUrl(ra.url);
      return h('li', {}, href ? h('a', { attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, ra.url) : ra.url ?? ra.label);
    }))));
  }
  out.push(section('Abstract', abstract));
  if (topics.length > 0) out.push(section('Topics', h('div', { class: 'chips topics' }, ...topics.map((n) => nodeLink(model, n, actions)))));
  if (byRole.size > 0) {
    out.push(section('Entities', ...[...byRole].map(([role, nodes]) =>
      h('div', { class: 'role' }, h('span', { class: 'role-name' }, role), ...nodes.map((n) => nodeLink(model, n, actions))))));
  }
  const similar = similarPapers(model, node);
  if (similar.length > 0) {
    out.push(section(`Similar papers (${formatCount(similar.length)})`, h('ul', { class: 'list similar' }, ...similar.map(({ paper, score }) =>
      h('li', {}, nodeLink(model, paper, actions), h('span', { class: 'count' }, score.toFixed(2)))))));
  }
  return out;
}

function topicPanel(model: Model, node: string, a: TopicNodeAttributes, settings: ViewerSettings, actions: PanelActions): Node[] {
  const g = model.graph;
  const papers = g.inNeighbors(node).sort(byDateDesc(model));
  const coTop = coOccurring(model, node, papers, settings.panel.coEntities);
  const out: Node[] = [
    h('h2', { class: 'panel-title' }, a.label),
    h('div', { class: 'meta' }, badge('topic'), ` ${papersText(papers.length)}`,
      ` · used by ${formatCount(a.corpusPapers)} · specificity ×${a.lift.toFixed(2)}`,
      a.acronyms?.length ? ` · ${a.acronyms.join(', ')}` : ''),
    communityLine(model, legendGroup(a.community)),
    section(`Papers (${formatCount(papers.length)})`, longList(papers, settings.panel.listStep, (p) => nodeLink(model, p, actions), 'list papers')),
  ];
  if (coTop.length > 0) {
    out.push(section('Co-occurring topics and entities', h('div', { class: 'chips' }, ...coTop.map(([n, count]) =>
      h('span', { class: 'chip' }, nodeLink(model, n, actions), h('span', { class: 'count' }, String(count)))))));
  }
  return out;
}

/**
 * A name as a paper lists it: a link to its Author node when the graph has one (`data-node`), else a button that
 * highlights the papers listing the name (`data-author`).
 */
function authorLink(model: Model, name: string, actions: PanelActions, text = name): HTMLElement {
  const node = authorNode(model, name);
  if (node !== undefined) return nodeLink(model, node, actions, text);
  return h('button', { class: 'link link-author', attrs: { type: 'button', 'data-author': name }, on: { click: () => actions.author(name) } }, text);
}

/**
 * Who wrote the most of `papers` with the author `self` (a normalised name, graph/authors.ts), most shared papers
 * first: an Author node once whatever the spelling, a name-only co-author by the name as listed.
 */
export function coAuthors(model: Model, self: string, papers: readonly string[], limit: number): { name: string; node?: string; count: number }[] {
  const counts = new Map<string, { name: string; node?: string; count: number }>();
  for (const p of papers) {
    const seen = new Set<string>();
    for (const other of (model.attrs.get(p) as PaperNodeAttributes).authors ?? []) {
      if (authorKey(other) === self) continue;
      const node = authorNode(model, other);
      const id = node ?? `\u0000${other}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const row = counts.get(id);
      if (row) row.count++;
      else counts.set(id, node !== undefined ? { name: model.attrs.get(node)!.label, node, count: 1 } : { name: other, count: 1 });
    }
  }
  return [...counts.values()].sort((x, y) => y.count - x.count || x.name.localeCompare(y.name)).slice(0, limit);
}

/** What every author panel lists: papers (newest first), co-authors, and the topics and entities of their papers. */
function authorSections(model: Model, self: string, papers: string[], settings: ViewerSettings, actions: PanelActions): Node[] {
  const out: Node[] = [section(`Papers (${formatCount(papers.length)})`, longList(papers, settings.panel.listStep, (p) => nodeLink(model, p, actions), 'list papers'))];
  const top = coAuthors(model, self, papers, settings.panel.coEntities);
  if (top.length > 0) {
    out.push(section('Co-authors', h('div', { class: 'chips co-authors' }, ...top.map((x) => h('span', { class: 'chip' },
      x.node !== undefined ? nodeLink(model, x.node, actions, x.name) : authorLink(model, x.name, actions),
      h('span', { class: 'count' }, String(x.count)))))));
  }
  const subjects = coOccurring(model, null, papers, settings.panel.coEntities);
  if (subjects.length > 0) {
    out.push(section('Topics and entities', h('div', { class: 'chips' }, ...subjects.map(([n, count]) =>
      h('span', { class: 'chip' }, nodeLink(model, n, actions), h('span', { class: 'count' }, String(count)))))));
  }
  return out;
}

/** An author known only by name (no Author node): the papers listing that name. */
function authorPanel(model: Model, name: string, settings: ViewerSettings, actions: PanelActions): Node[] {
  const papers = [...(model.authors.get(name) ?? [])].sort(byDateDesc(model));
  return [
    h('h2', { class: 'panel-title' }, name),
    h('div', { class: 'meta' }, badge('author'), ` ${papersText(papers.length)}`),
    ...authorSections(model, authorKey(name), papers, settings, actions),
  ];
}

/** An Author node: what the node knows (papers, years active, other spellings, community), then the author sections. */
function authorNodePanel(model: Model, node: string, a: AuthorNodeAttributes, settings: ViewerSettings, actions: PanelActions): Node[] {
  const papers = model.graph.inNeighbors(node).filter((p) => model.attrs.get(p)?.type === 'paper').sort(byDateDesc(model));
  const span = activeSpan(a.firstSeen, a.lastSeen);
  const out: Node[] = [
    h('h2', { class: 'panel-title' }, a.label),
    h('div', { class: 'meta' }, badge('author'), ` ${papersText(a.papers)}`, span ? ` · active ${span}` : ''),
    communityLine(model, legendGroup(a.community)),
  ];
  const spellings = (a.aliases ?? []).filter((x) => x !== a.label);
  if (spellings.length > 0) out.push(section('Other spellings', h('p', { class: 'aliases' }, spellings.join(', '))));
  out.push(...authorSections(model, node.slice(AUTHOR_KEY_PREFIX.length), papers, settings, actions));
  return out;
}

function entityPanel(model: Model, node: string, a: EntityNodeAttributes, settings: ViewerSettings, actions: PanelActions): Node[] {
  const g = model.graph;
  const papers: string[] = [];
  const results: { paper: string; entity: string; r: Result }[] = [];
  g.forEachInEdge(node, (_e, ea: EdgeAttributes, source, _t, sa) => {
    if (sa.type !== 'paper') return;
    papers.push(source);
    for (const r of ea.results ?? []) results.push({ paper: source, entity: node, r });
  });
  if (a.type === 'benchmark' || a.type === 'dataset') {
    // Numbers reported *on* this benchmark live on the method's edge; find them by target key.
    g.forEachEdge((_e, ea: EdgeAttributes, source, target) => {
      if (target === node) return;
      for (const r of ea.results ?? []) if (r.target === node) results.push({ paper: source, entity: target, r });
    });
  }
  papers.sort(byDateDesc(model));
  const coTop = coOccurring(model, node, papers, settings.panel.coEntities);
  const out: Node[] = [
    h('h2', { class: 'panel-title' }, a.label),
    h('div', { class: 'meta' }, badge(a.type), ` ${papersText(papers.length)}`,
      a.firstSeen ? ` · first seen ${formatDate(a.firstSeen)}` : '', a.family ? ` · family ${a.family}` : ''),
    communityLine(model, legendGroup(a.community)),
  ];
  const aliases = (a.aliases ?? []).filter((x) => x !== a.label);
  if (aliases.length > 0) out.push(section('Aliases', h('p', { class: 'aliases' }, aliases.join(', '))));
  if (a.evidence) {
    out.push(section('Evidence', h('blockquote', { class: 'evidence' }, a.evidence.sentence),
      h('div', { class: 'evidence-rule' }, `rule ${a.evidence.rule}${a.evidence.reason ? ` — ${a.evidence.reason}` : ''}`)));
  }
  out.push(section(`Papers (${formatCount(papers.length)})`, longList(papers, settings.panel.listStep, (p) => nodeLink(model, p, actions), 'list papers')));
  if (coTop.length > 0) {
    out.push(section('Co-occurring entities', h('div', { class: 'chips' }, ...coTop.map(([n, count]) =>
      h('span', { class: 'chip' }, nodeLink(model, n, actions), h('span', { class: 'count' }, String(count)))))));
  }
  if (results.length > 0) {
    const rows = results.map((_, i) => String(i));
    out.push(section(`Reported results (${formatCount(results.length)})`, longList(rows, settings.panel.listStep, (i) => {
      const x = results[Number(i)] as (typeof results)[number];
      const other = x.entity === node ? x.r.target : x.entity;
      return h('div', { class: 'result' },
        h('strong', {}, `${x.r.value}${x.r.metric ? ` ${x.r.metric}` : ''}`),
        g.hasNode(other) && other !== node ? h('span', {}, ' · ', nodeLink(model, other, actions)) : '',
        h('span', {}, ' · ', nodeLink(model, x.paper, actions)),
        h('div', { class: 'result-text' }, x.r.text));
    }, 'list results')));
  }
  return out;
}

function repositoryPanel(model: Model, node: string, a: RepositoryNodeAttributes, settings: ViewerSettings, actions: PanelActions): Node[] {
  const papers = model.graph.inNeighbors(node).sort(byDateDesc(model));
  const href = safeUrl(a.url);
  return [
    h('h2', { class: 'panel-title' }, a.label),
    h('div', { class: 'meta' }, badge('repository'), ` ${a.host ?? ''}`),
    href ? h('a', { attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, a.url) : h('span', {}, a.url ?? ''),
    communityLine(model, legendGroup(a.community)),
    section(`Papers (${formatCount(papers.length)})`, longList(papers, settings.panel.listStep, (p) => nodeLink(model, p, actions), 'list papers')),
  ];
}

function communityPanel(model: Model, id: number, report: CommunitiesReport | null, actions: PanelActions, expanded: ReadonlySet<number>): Node[] {
  const c = model.communities.get(id);
  const r = report?.communities.find((x) => x.id === id);
  const out: Node[] = [
    h('h2', { class: 'panel-title' }, c?.label ?? `Community ${id}`),
    h('div', { class: 'meta' }, badge('community'), ` ${formatCount(c?.size ?? 0)} nodes`, r ? ` · ${formatCount(r.papers)} papers` : '',
      r?.dateSpan ? ` · ${formatDate(r.dateSpan.from)} – ${formatDate(r.dateSpan.to)}` : ''),
    expanded.has(id)
      ? h('button', { class: 'primary', attrs: { type: 'button', 'data-collapse': String(id) }, on: { click: () => actions.collapse(id) } }, 'Collapse to one node')
      : h('button', { class: 'primary', attrs: { type: 'button', 'data-expand': String(id) }, on: { click: () => actions.expand(id) } }, 'Show its nodes'),
  ];
  if (r) {
    // Research lines split from one area (`Community.parent`, the γ 1 community they came from) are each other's
    // closest kin: named here, whether or not the map puts them side by side.
    const kin = r.parent === undefined ? [] : (report?.communities ?? []).filter((x) => x.parent === r.parent && x.id !== id);
    if (kin.length > 0) {
      out.push(section(`Same research area (${kin.length} more line${kin.length === 1 ? '' : 's'})`,
        h('ul', { class: 'list area-lines' }, ...kin.map((x) => h('li', {}, communityLine(model, x.id))))));
    }
    for (const type of ['topic', 'method', 'dataset', 'benchmark'] as const) {
      const top = r.top[type] ?? [];
      if (top.length > 0) out.push(section(`Top ${type}s`, h('p', {}, top.map((t) => `${t.name} (${t.papers})`).join(', '))));
    }
    if (r.people && r.people.length > 0) {
      out.push(section('People', h('div', { class: 'chips people' }, ...r.people.map((p) => h('span', { class: 'chip' },
        model.attrs.has(p.key) ? nodeLink(model, p.key, actions, p.name) : p.name,
        h('span', { class: 'count' }, String(p.papers)))))));
    }
    if (r.topPapers.length > 0) out.push(section('Central papers', h('ul', { class: 'list' }, ...r.topPapers.map((p) => h('li', {}, p.title)))));
  }
  return out;
}

/** What the panel shows: a node (or community node), an author known by name only, or nothing. */
export type PanelSubject = { node: string } | { author: string } | null;

export function renderPanel(
  panel: HTMLElement, model: Model, subject: string | PanelSubject, report: CommunitiesReport | null,
  settings: ViewerSettings, actions: PanelActions, expanded: ReadonlySet<number> = new Set(),
): void {
  clear(panel);
  const what: PanelSubject = typeof subject === 'string' ? { node: subject } : subject;
  if (what === null) { panel.hidden = true; return; }
  const close = h('button', { class: 'close', title: 'Close', attrs: { type: 'button', 'aria-label': 'Close panel' }, on: { click: () => actions.close() } }, '×');
  if ('author' in what) {
    panel.append(close, ...authorPanel(model, what.author, settings, actions));
    panel.hidden = false;
    panel.scrollTop = 0;
    return;
  }
  const node = what.node;
  const community = communityOfKey(node);
  let body: Node[];
  if (community !== null && !model.attrs.has(node)) body = communityPanel(model, community, report, actions, expanded);
  else if (!model.attrs.has(node)) body = [h('p', {}, 'Not in this graph.')];
  else {
    const a = model.graph.getNodeAttributes(node);
    if (a.type === 'paper') body = paperPanel(model, node, a, settings, actions);
    else if (a.type === 'repository') body = repositoryPanel(model, node, a, settings, actions);
    else if (a.type === 'topic') body = topicPanel(model, node, a, settings, actions);
    else if (a.type === 'author') body = authorNodePanel(model, node, a, settings, actions);
    else body = entityPanel(model, node, a, settings, actions);
  }
  panel.append(close, ...body);
  panel.hidden = false;
  panel.scrollTop = 0;
}
