// The viewer app: one sigma renderer whose node/edge reducers read UI state; hover, highlight and filters never mutate the graph.
import type { AbstractGraph } from 'graphology-types';
import Sigma from 'sigma';
import { EdgeLineProgram, NodeCircleProgram } from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import { createNodeBorderProgram } from '@sigma/node-border';
import { NodeSquareProgram } from '@sigma/node-square';
import { downloadAsPNG } from '@sigma/export-image';
import type { NodeAttributes, NodeType } from '../../graph/types.ts';
import { AGGREGATE_EDGE, buildCommunityGraph, communityNodeKey, communityOfKey } from './community.ts';
import { renderFilters, renderLegend, setupSearch, type ControlActions } from './controls.ts';
import { formatCount, h } from './dom.ts';
import { buildModel, computeHidden, computeSizes, legendGroup, modelFromSummary, type GraphSummary, type Model, type ViewerData } from './model.ts';
import { renderPanel, type PanelActions } from './panel.ts';
import { buildSearchIndex, type SearchEntry } from './search.ts';
import { DEFAULT_SETTINGS, type ViewerSettings } from './settings.ts';
import { decodeState, encodeState, initialState, type ViewState } from './state.ts';

/** Read-only view of the app for tests and benchmarks (`window.__papergraph`). */
export interface DebugHook {
  readonly mode: 'full' | 'community';
  readonly firstRenderMs: number;
  state(): ViewState;
  /** Nodes currently in the display graph and how many of them are drawn (not hidden). */
  counts(): { display: number; visible: number; total: number };
  isVisible(node: string): boolean;
  /** Durations (ms) of every sigma render since load, for frame-time measurements. */
  renderTimes(): number[];
  /** Whether every node is loaded (large served graphs paint from a summary first). */
  complete(): boolean;
  /** `performance.now()` when the full data was in, or null while loading. */
  completeMs(): number | null;
}

interface Attrs { [key: string]: unknown }

/** A large graph served by `papergraph view`: its summary now, the full data when it has arrived. */
export interface DeferredData {
  summary: GraphSummary;
  files: ViewerData['files'];
  data: Promise<ViewerData>;
}

export function startApp(root: HTMLElement, source: ViewerData | DeferredData, settings: ViewerSettings = DEFAULT_SETTINGS): DebugHook {
  performance.mark('pg:start');
  const deferred = 'summary' in source ? source : null;
  let model: Model = deferred ? modelFromSummary(deferred.summary) : buildModel(source as ViewerData, settings);
  let report = deferred ? null : (source as ViewerData).communities;
  const files = source.files;
  let completeMs: number | null = null;
  /** Actions that need every node (select, expand) wait here until the full data is in. */
  const pending: (() => void)[] = [];
  performance.mark('pg:model');
  const communityMode = model.order > settings.community.threshold;
  const defaults = initialState(settings.size.by);
  let state: ViewState = decodeState(location.hash, defaults);
  let hidden = computeHidden(model, state);
  let sizes = computeSizes(model, state.sizeBy, settings);
  let hovered: string | null = null;
  let legendHover: number | null = null;
  let focus: { node: string; neighbours: Set<string> } | null = null;
  let paperLabels = (state.camera?.ratio ?? 1) < settings.render.paperLabelsBelowRatio;

  // ---- layout
  const search = h('input', { id: 'search', attrs: { type: 'search', placeholder: 'Search methods, datasets, benchmarks, papers…', autocomplete: 'off', 'aria-label': 'Search' } });
  const results = h('ul', { id: 'search-results', attrs: { role: 'listbox' } });
  results.hidden = true;
  const status = h('span', { id: 'status' });
  const downloads = h('span', { class: 'downloads' });
  for (const [key, label] of [['graphml', 'GraphML'], ['gexf', 'GEXF'], ['json', 'JSON']] as const) {
    const file = files[key];
    if (file) downloads.appendChild(h('a', { class: 'button', attrs: { href: file, download: file, 'data-download': key } }, label));
  }
  const exportButton = h('button', { id: 'export-png', attrs: { type: 'button' } }, 'PNG');
  const filters = h('section', { id: 'filters' });
  const legend = h('section', { id: 'legend' });
  const panel = h('aside', { id: 'panel' });
  panel.hidden = true;
  const stage = h('main', { id: 'stage' });
  const banner = h('div', { id: 'banner' });
  root.append(
    h('header', { id: 'toolbar' }, h('span', { class: 'brand' }, 'papergraph'),
      h('div', { id: 'search-box' }, search, results), status, h('span', { class: 'spacer' }), exportButton, downloads),
    h('div', { id: 'body' }, h('aside', { id: 'sidebar' }, filters, legend), h('div', { id: 'stage-wrap' }, stage, banner), panel),
  );

  // ---- display graph: the data graph itself, or (large graphs) a community-level graph derived from it
  const buildDisplay = (): AbstractGraph => (communityMode
    ? buildCommunityGraph(model, new Set(model.complete ? state.expanded : []), settings)
    : (model.graph as unknown as AbstractGraph));
  let display = buildDisplay();
  performance.mark('pg:display');

  const setFocus = (node: string | null): void => {
    if (node === null || !display.hasNode(node)) { focus = null; return; }
    focus = { node, neighbours: new Set(display.neighbors(node)) };
  };
  setFocus(state.selected);

  const { types: typeStyles, communityType } = settings.style;
  const nodeReducer = (node: string, attrs: Attrs): Partial<NodeDisplayData> => {
    const a = attrs as { type: NodeType | 'community'; label: string; x: number; y: number; size: number; color: string; community: number };
    const isCommunity = a.type === 'community';
    const style = isCommunity ? communityType : typeStyles[a.type as NodeType];
    const res: Partial<NodeDisplayData> & Attrs = {
      x: a.x, y: a.y, color: a.color, zIndex: 1,
      // Map our domain type to a sigma program name: sigma picks programs by `type`.
      type: style?.program ?? 'circle',
      borderColor: style?.border ?? '#ffffff',
      size: isCommunity ? a.size : sizes.get(node) ?? settings.size.min,
      label: isCommunity ? a.label : a.type === 'paper' && !paperLabels ? null : model.labels.get(node) ?? a.label,
      hidden: isCommunity ? state.hiddenCommunities.includes(a.community) : hidden.has(node),
    };
    if (focus) {
      const full = isCommunity ? a.label : model.labels.get(node) ?? a.label;
      if (node === focus.node) { res.highlighted = true; res.forceLabel = true; res.zIndex = 3; res.label = full; }
      else if (focus.neighbours.has(node)) { res.zIndex = 2; res.forceLabel = focus.neighbours.size <= 40; res.label = full; }
      else { res.color = settings.style.dimmedNodeColor; res.label = null; res.zIndex = 0; res.borderColor = settings.style.dimmedNodeColor; }
    } else if (legendHover !== null && legendGroup(a.community) !== legendHover) {
      res.color = settings.style.dimmedNodeColor; res.label = null; res.zIndex = 0; res.borderColor = settings.style.dimmedNodeColor;
    }
    if (node === state.selected) res.highlighted = true;
    return res;
  };
  const edgeReducer = (edge: string, attrs: Attrs): Partial<EdgeDisplayData> => {
    const type = attrs.type as string;
    const weight = (attrs.weight as number) || 1;
    const res: Partial<EdgeDisplayData> = {
      type: 'line',
      color: settings.style.edgeColor,
      size: type === AGGREGATE_EDGE ? Math.min(8, 0.5 + Math.log2(weight)) : settings.style.edgeSize,
      zIndex: 0,
    };
    if (focus) {
      const s = display.source(edge);
      const t = display.target(edge);
      if (s === focus.node || t === focus.node) {
        res.color = (settings.style.edgeTypeColors as Record<string, string>)[type] ?? '#555555';
        res.size = Math.max(res.size ?? 1, 1.5);
        res.zIndex = 1;
      } else res.color = settings.style.dimmedEdgeColor;
    } else if (legendHover !== null) {
      const c = display.getNodeAttribute(display.source(edge), 'community');
      const d = display.getNodeAttribute(display.target(edge), 'community');
      if (c !== legendHover || d !== legendHover) res.color = settings.style.dimmedEdgeColor;
    }
    return res;
  };

  const r = settings.render;
  performance.mark('pg:ui');
  const renderer = new Sigma(display, stage, {
    nodeProgramClasses: {
      circle: NodeCircleProgram,
      bordered: createNodeBorderProgram({
        borders: [
          { size: { value: 0.22 }, color: { attribute: 'borderColor' } },
          { size: { fill: true }, color: { attribute: 'color' } },
        ],
      }),
      square: NodeSquareProgram,
    },
    edgeProgramClasses: { line: EdgeLineProgram },
    defaultNodeType: 'circle',
    defaultEdgeType: 'line',
    nodeReducer,
    edgeReducer,
    zIndex: true,
    labelFont: r.labelFont,
    labelSize: r.labelSize,
    labelColor: { color: r.labelColor },
    labelDensity: r.labelDensity,
    labelGridCellSize: r.labelGridCellSize,
    labelRenderedSizeThreshold: r.labelRenderedSizeThreshold,
    minCameraRatio: r.minCameraRatio,
    maxCameraRatio: r.maxCameraRatio,
    hideEdgesOnMove: r.hideEdgesOnMove,
  });
  performance.mark('pg:sigma');
  // At community level the display graph changes as communities expand: pin the frame to the whole
  // data graph so the camera does not jump (the full graph's own bbox is already that frame).
  if (communityMode) renderer.setCustomBBox(model.bbox);
  const renderTimes: number[] = [];
  let renderStart = 0;
  renderer.on('beforeRender', () => { renderStart = performance.now(); });
  renderer.on('afterRender', () => { renderTimes.push(performance.now() - renderStart); });
  const camera = renderer.getCamera();
  if (state.camera) camera.setState(state.camera);
  const firstRenderMs = performance.now();
  if (model.complete) completeMs = firstRenderMs;
  performance.mark('pg:rendered');

  // ---- hash
  let hashTimer: ReturnType<typeof setTimeout> | undefined;
  const writeHash = (): void => {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const c = camera.getState();
      state.camera = { x: c.x, y: c.y, ratio: c.ratio };
      const next = encodeState(state, defaults);
      if (next !== location.hash.slice(1)) history.replaceState(null, '', next ? `#${next}` : location.pathname + location.search);
    }, settings.hash.debounceMs);
  };
  camera.on('updated', (c) => {
    writeHash();
    const show = c.ratio < settings.render.paperLabelsBelowRatio;
    if (show !== paperLabels) { paperLabels = show; renderer.refresh({ schedule: true }); }
  });

  // ---- actions
  const refresh = (full = true): void => { renderer.refresh(full ? undefined : { skipIndexation: true }); };

  const updateStatus = (): void => {
    let visible = 0;
    display.forEachNode((n, a) => {
      if (!(a.type === 'community' ? state.hiddenCommunities.includes(a.community as number) : hidden.has(n))) visible++;
    });
    const total = model.order;
    const edges = formatCount(model.size);
    if (communityMode) {
      const collapsed = model.communities.size - state.expanded.length;
      status.textContent = `${formatCount(total)} nodes · ${edges} edges · community level: ${formatCount(collapsed)} communities collapsed, ${formatCount(state.expanded.length)} expanded`;
      banner.textContent = `This graph has ${formatCount(total)} nodes, so it opens with one node per community. ` +
        (model.complete ? 'Click a community to show its nodes.' : 'Loading every node…');
      banner.hidden = false;
    } else {
      status.textContent = `${formatCount(visible)} of ${formatCount(total)} nodes shown · ${edges} edges · ${formatCount(model.communities.size)} communities`;
      banner.hidden = true;
    }
  };

  const panelActions: PanelActions = {
    go: (node) => select(node, true),
    expand: (id) => { expand(id, true); renderPanel(panel, model, communityNodeKey(id), report, settings, panelActions, new Set(state.expanded)); },
    collapse: (id) => { collapse(id); renderPanel(panel, model, null, report, settings, panelActions); },
    close: () => select(null, false),
  };

  function focusCamera(node: string): void {
    const d = renderer.getNodeDisplayData(node);
    if (!d) return;
    void camera.animate({ x: d.x, y: d.y, ratio: Math.min(camera.ratio, settings.camera.focusRatio) }, { duration: settings.camera.duration });
  }

  function select(node: string | null, moveCamera: boolean): void {
    if (!model.complete && node !== null) { pending.push(() => select(node, moveCamera)); return; }
    if (node !== null && communityMode && model.attrs.has(node)) {
      const c = legendGroup((model.attrs.get(node) as NodeAttributes).community);
      if (!state.expanded.includes(c)) expand(c, false);
    }
    if (node !== null && !display.hasNode(node)) node = null;
    state.selected = node;
    setFocus(hovered ?? node);
    renderPanel(panel, model, node, report, settings, panelActions);
    refresh(false);
    if (node !== null && moveCamera) focusCamera(node);
    writeHash();
  }

  function rebuildDisplay(): void {
    display = buildDisplay();
    renderer.setGraph(display);
    setFocus(hovered ?? state.selected);
    refresh();
    updateStatus();
  }

  function collapse(id: number): void {
    if (!state.expanded.includes(id)) return;
    state.expanded = state.expanded.filter((x) => x !== id);
    const sel = state.selected;
    if (sel !== null && legendGroup(model.attrs.get(sel)?.community ?? Number.NaN) === id) {
      state.selected = null;
      renderPanel(panel, model, null, report, settings, panelActions);
    }
    hovered = null;
    rebuildDisplay();
    writeHash();
  }

  function expand(id: number, moveCamera: boolean): void {
    if (!model.complete) { pending.push(() => expand(id, moveCamera)); return; }
    if (!communityMode || state.expanded.includes(id)) return;
    state.expanded = [...state.expanded, id].sort((a, b) => a - b);
    if (state.selected === communityNodeKey(id)) { state.selected = null; renderPanel(panel, model, null, report, settings, panelActions); }
    hovered = null;
    rebuildDisplay();
    const c = model.communities.get(id);
    if (moveCamera && c) {
      const p = renderer.graphToViewport({ x: c.x, y: c.y });
      const f = renderer.viewportToFramedGraph(p);
      void camera.animate({ x: f.x, y: f.y, ratio: Math.min(camera.ratio, 0.5) }, { duration: settings.camera.duration });
    }
    writeHash();
  }

  const applyFilters = (): void => {
    hidden = computeHidden(model, state);
    renderLegend(legend, model, state, controlActions);
    refresh();
    updateStatus();
    writeHash();
  };

  const controlActions: ControlActions = {
    toggleCommunity: (id) => {
      state.hiddenCommunities = state.hiddenCommunities.includes(id)
        ? state.hiddenCommunities.filter((x) => x !== id) : [...state.hiddenCommunities, id].sort((a, b) => a - b);
      applyFilters();
    },
    setAllCommunities: (visible) => {
      state.hiddenCommunities = visible ? [] : [...model.communities.keys()].sort((a, b) => a - b);
      applyFilters();
    },
    hoverCommunity: (id) => { legendHover = id; refresh(false); },
    toggleType: (type) => {
      state.hiddenTypes = state.hiddenTypes.includes(type) ? state.hiddenTypes.filter((t) => t !== type) : [...state.hiddenTypes, type];
      applyFilters();
    },
    setMinDegree: (value) => { state.minDegree = value; applyFilters(); },
    setDates: (from, to) => { state.dateFrom = from; state.dateTo = to; applyFilters(); },
    setSizeBy: (by) => { state.sizeBy = by; sizes = computeSizes(model, by, settings); refresh(); writeHash(); },
    resetFilters: () => {
      Object.assign(state, { hiddenCommunities: [], hiddenTypes: [], minDegree: 0, dateFrom: null, dateTo: null });
      renderFilters(filters, model, state, settings, controlActions);
      applyFilters();
    },
    choose: (node) => select(node, true),
  };

  renderer.on('enterNode', ({ node }) => { hovered = node; setFocus(node); refresh(false); });
  renderer.on('leaveNode', () => { hovered = null; setFocus(state.selected); refresh(false); });
  renderer.on('clickNode', ({ node }) => {
    const c = communityOfKey(node);
    if (c !== null && !model.attrs.has(node)) {
      expand(c, true);
      // The summary stays readable while the community's own nodes appear.
      renderPanel(panel, model, node, report, settings, panelActions, new Set(state.expanded));
      return;
    }
    select(node, false);
  });
  renderer.on('clickStage', () => { if (state.selected !== null) select(null, false); });

  exportButton.addEventListener('click', () => {
    void downloadAsPNG(renderer, { fileName: 'papergraph', backgroundColor: '#ffffff' });
  });
  window.addEventListener('hashchange', () => {
    const next = decodeState(location.hash, defaults);
    const expandedChanged = next.expanded.join() !== state.expanded.join();
    state = next;
    hidden = computeHidden(model, state);
    sizes = computeSizes(model, state.sizeBy, settings);
    if (expandedChanged) rebuildDisplay();
    renderFilters(filters, model, state, settings, controlActions);
    renderLegend(legend, model, state, controlActions);
    if (state.camera) camera.setState(state.camera);
    select(state.selected, false);
    updateStatus();
  });

  renderFilters(filters, model, state, settings, controlActions);
  renderLegend(legend, model, state, controlActions);
  let index: SearchEntry[] | null = null;
  setupSearch(search, results, () => (model.complete ? (index ??= buildSearchIndex(model)) : []), settings, controlActions);
  updateStatus();
  const restoreSelection = (): void => {
    if (state.selected === null) return;
    const sel = state.selected;
    if (!display.hasNode(sel)) select(sel, state.camera === null);
    else { renderPanel(panel, model, sel, report, settings, panelActions); if (!state.camera) focusCamera(sel); }
  };
  if (model.complete) restoreSelection();
  else {
    (deferred as DeferredData).data.then((full) => {
      model = buildModel(full, settings);
      report = full.communities;
      completeMs = performance.now();
      hidden = computeHidden(model, state);
      sizes = computeSizes(model, state.sizeBy, settings);
      rebuildDisplay();
      renderFilters(filters, model, state, settings, controlActions);
      renderLegend(legend, model, state, controlActions);
      restoreSelection();
      for (const action of pending.splice(0)) action();
      updateStatus();
    }).catch((err: unknown) => {
      banner.textContent = `Could not load the full graph: ${err instanceof Error ? err.message : String(err)}`;
      throw err;
    });
  }

  performance.mark('pg:controls');
  const hook: DebugHook = {
    mode: communityMode ? 'community' : 'full',
    firstRenderMs,
    state: () => structuredClone(state),
    counts: () => {
      let visible = 0;
      display.forEachNode((n) => { const d = renderer.getNodeDisplayData(n); if (d && !d.hidden) visible++; });
      return { display: display.order, visible, total: model.order };
    },
    isVisible: (node) => { const d = renderer.getNodeDisplayData(node); return d !== undefined && !d.hidden; },
    renderTimes: () => [...renderTimes],
    complete: () => model.complete,
    completeMs: () => completeMs,
  };
  return Object.freeze(hook);
}
