// Sidebar controls: community legend (click hides, hover highlights), filters, and the search box with autocomplete.
import type { NodeType } from '../../graph/types.ts';
import { clear, formatCount, h } from './dom.ts';
import type { Model } from './model.ts';
import { formatDate } from './panel.ts';
import { search, type SearchEntry } from './search.ts';
import { SIZE_MODES, type SizeMode, type ViewerSettings } from './settings.ts';
import { NODE_TYPES, type ViewState } from './state.ts';

export interface ControlActions {
  toggleCommunity(id: number): void;
  setAllCommunities(visible: boolean): void;
  hoverCommunity(id: number | null): void;
  toggleType(type: NodeType): void;
  setMinDegree(value: number): void;
  setDates(from: string | null, to: string | null): void;
  setSizeBy(by: SizeMode): void;
  resetFilters(): void;
  choose(node: string): void;
  chooseAuthor(name: string): void;
}

/**
 * Community legend: the largest communities one row each (they have the palette's distinct colours), the rest —
 * pale tints — in one collapsible "smaller communities" group, so a map of hundreds stays a short legend.
 */
export function renderLegend(root: HTMLElement, model: Model, state: ViewState, actions: ControlActions, settings: ViewerSettings): void {
  clear(root);
  const hidden = new Set(state.hiddenCommunities);
  root.append(
    h('div', { class: 'legend-head' },
      h('h3', {}, `Communities (${formatCount(model.communities.size)})`),
      h('button', { class: 'small', attrs: { type: 'button', 'data-action': 'show-all' }, on: { click: () => actions.setAllCommunities(true) } }, 'all'),
      h('button', { class: 'small', attrs: { type: 'button', 'data-action': 'hide-all' }, on: { click: () => actions.setAllCommunities(false) } }, 'none')),
  );
  const list = h('ul', { class: 'legend', attrs: { role: 'list' } });
  const listed = model.communityOrder.filter((id) => id >= 0);
  const tail = new Set(listed.slice(settings.community.legendDistinct));
  const tailList = h('ul', { class: 'legend legend-tail', attrs: { role: 'list' } });
  for (const id of model.communityOrder) {
    const c = model.communities.get(id);
    if (!c) continue;
    const off = hidden.has(id);
    (tail.has(id) ? tailList : list).appendChild(h('li', {},
      h('button', {
        class: `legend-item${off ? ' off' : ''}`,
        title: off ? 'Show this community' : 'Hide this community',
        attrs: { type: 'button', 'data-community': String(id), 'aria-pressed': String(!off) },
        on: {
          click: () => actions.toggleCommunity(id),
          mouseenter: () => actions.hoverCommunity(id),
          mouseleave: () => actions.hoverCommunity(null),
        },
      },
      h('span', { class: 'swatch', attrs: { style: `background:${c.color}` } }),
      h('span', { class: 'legend-label' }, c.label),
      h('span', { class: 'count' }, formatCount(c.size)))));
  }
  root.appendChild(list);
  if (tail.size > 0) {
    const members = [...tail].reduce((n, id) => n + (model.communities.get(id)?.size ?? 0), 0);
    const details = h('details', { class: 'legend-group' },
      h('summary', { attrs: { 'data-legend-group': 'tail' } }, `${formatCount(tail.size)} smaller communities`, h('span', { class: 'count' }, formatCount(members))),
      tailList);
    root.appendChild(details);
  }
}

const SHAPES: Record<string, string> = { circle: '●', bordered: '◉', ring: '○', square: '■', bullseye: '◎' };

export function renderFilters(root: HTMLElement, model: Model, state: ViewState, settings: ViewerSettings, actions: ControlActions): void {
  clear(root);
  const hiddenTypes = new Set(state.hiddenTypes);
  const types = h('div', { class: 'types' });
  for (const type of NODE_TYPES) {
    const count = model.typeCounts.get(type) ?? 0;
    if (count === 0) continue;
    const style = settings.style.types[type];
    const input = h('input', { attrs: { type: 'checkbox', 'data-type': type } });
    input.checked = !hiddenTypes.has(type);
    input.addEventListener('change', () => actions.toggleType(type));
    types.appendChild(h('label', { class: 'type-filter', ...(style.hint ? { title: style.hint } : {}) }, input,
      h('span', { class: `shape shape-${style.program}`, attrs: { style: `--ring:${style.border}` } }, SHAPES[style.program] ?? '●'),
      ` ${style.label} `, h('span', { class: 'count' }, formatCount(count))));
  }

  const maxDeg = Math.min(model.maxDegree, 50);
  const degValue = h('span', { class: 'value' }, String(state.minDegree));
  const deg = h('input', { attrs: { type: 'range', min: '0', max: String(maxDeg), step: '1', id: 'min-degree' } });
  deg.value = String(state.minDegree);
  deg.addEventListener('input', () => { degValue.textContent = deg.value; });
  deg.addEventListener('change', () => actions.setMinDegree(Number(deg.value)));

  const size = h('select', { id: 'size-by' });
  const sizeNames: Record<SizeMode, string> = { degree: 'degree', papers: 'paper count', pagerank: 'PageRank', stored: 'as built' };
  for (const mode of SIZE_MODES) size.appendChild(h('option', { attrs: { value: mode } }, sizeNames[mode]));
  size.value = state.sizeBy;
  size.addEventListener('change', () => actions.setSizeBy(size.value as SizeMode));

  root.append(
    h('h3', {}, 'Filters'),
    types,
    h('label', { class: 'row' }, 'Min degree ', deg, ' ', degValue),
    h('label', { class: 'row' }, 'Size by ', size),
  );
  if (model.months.length > 1) {
    const mk = (id: string, value: string | null, open: string): HTMLSelectElement => {
      const s = h('select', { id });
      s.appendChild(h('option', { attrs: { value: '' } }, open));
      for (const m of model.months) s.appendChild(h('option', { attrs: { value: m } }, formatDate(m)));
      s.value = value ?? '';
      return s;
    };
    const from = mk('date-from', state.dateFrom, 'earliest');
    const to = mk('date-to', state.dateTo, 'latest');
    const change = (): void => actions.setDates(from.value || null, to.value || null);
    from.addEventListener('change', change);
    to.addEventListener('change', change);
    root.appendChild(h('label', { class: 'row' }, 'Dates ', from, ' – ', to));
  }
  root.appendChild(h('button', { class: 'small', attrs: { type: 'button', id: 'reset-filters' }, on: { click: () => actions.resetFilters() } }, 'Reset filters'));
}

/** Wire the search input to a result list; arrows move, Enter chooses, Escape closes. The index is built on first use. */
export function setupSearch(input: HTMLInputElement, list: HTMLElement, index: () => readonly SearchEntry[], settings: ViewerSettings, actions: ControlActions): void {
  let hits: ReturnType<typeof search> = [];
  let active = -1;
  /** The query that found nothing, shown as a message (null: no message). */
  let missed: string | null = null;
  const paint = (): void => {
    clear(list);
    if (missed !== null) list.appendChild(h('li', { class: 'no-results', attrs: { role: 'status' } }, `No results for “${missed}”`));
    hits.forEach((hit, i) => {
      list.appendChild(h('li', {
        class: i === active ? 'active' : '',
        attrs: { role: 'option', ...('node' in hit.target ? { 'data-node': hit.target.node } : { 'data-author': hit.target.author }), 'aria-selected': String(i === active) },
        on: { mousedown: (e) => { e.preventDefault(); pick(i); } },
      }, h('span', { class: `badge badge-${hit.type}` }, hit.type), ' ', hit.display, hit.via ? h('span', { class: 'via' }, ` (${hit.via})`) : ''));
    });
    list.hidden = hits.length === 0 && missed === null;
  };
  const pick = (i: number): void => {
    const hit = hits[i];
    if (!hit) return;
    input.value = hit.display;
    hits = [];
    active = -1;
    missed = null;
    paint();
    if ('node' in hit.target) actions.choose(hit.target.node);
    else actions.chooseAuthor(hit.target.author);
  };
  input.addEventListener('input', () => {
    const q = input.value.trim();
    hits = q.length >= settings.search.minChars ? search(index(), input.value, settings.search.limit) : [];
    missed = q.length >= settings.search.minChars && hits.length === 0 ? q : null;
    active = hits.length > 0 ? 0 : -1;
    paint();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && hits.length > 0) { active = (active + 1) % hits.length; paint(); e.preventDefault(); }
    else if (e.key === 'ArrowUp' && hits.length > 0) { active = (active - 1 + hits.length) % hits.length; paint(); e.preventDefault(); }
    else if (e.key === 'Enter') { pick(Math.max(0, active)); e.preventDefault(); }
    else if (e.key === 'Escape') { hits = []; missed = null; paint(); }
  });
  input.addEventListener('blur', () => { hits = []; missed = null; paint(); });
}
