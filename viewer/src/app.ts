// The viewer app: one sigma renderer whose node/edge reducers read UI state; hover, highlight and filters never mutate the graph.
import { DirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import Sigma from 'sigma';
import { EdgeLineProgram, NodeCircleProgram } from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import { graphExtent } from 'sigma/utils';
import { createNodeBorderProgram } from '@sigma/node-border';
import { NodeSquareProgram } from '@sigma/node-square';
import { downloadAsPNG } from '@sigma/export-image';
import type { NodeAttributes, NodeType } from '../../graph/types.ts';
import { AGGREGATE_EDGE, buildCommunityGraph, communityBBox, communityNodeKey, communityOfKey, type SubMapCache } from './community.ts';
import { renderFilters, renderLegend, setupSearch, type ControlActions } from './controls.ts';
import { formatCount, h } from './dom.ts';
import { labelOrder, placeLabels, sizeOrder, type LabelBox, type LabelCandidate } from './labels.ts';
import { authorNode, buildModel, computeHidden, computeSizes, countVisibleEdges, legendGroup, modelFromSummary, type GraphSummary, type Model, type ViewerData } from './model.ts';
import { renderPanel, type PanelActions, type PanelSubject } from './panel.ts';
import { buildSearchIndex, type SearchEntry } from './search.ts';
import { DEFAULT_SETTINGS, type ViewerSettings } from './settings.ts';
import { decodeState, encodeState, initialState, navigationKey, type ViewState } from './state.ts';

/** Read-only view of the app for tests and benchmarks (`window.__papergraph`). */
export interface DebugHook {
  readonly mode: 'full' | 'community';
  readonly firstRenderMs: number;
  state(): ViewState;
  /** Nodes currently in the display graph and how many of them are drawn (not hidden). */
  counts(): { display: number; visible: number; total: number };
  /** Edges of the display graph and how many are drawn (both ends visible) — what the status line says. */
  edges(): { display: number; visible: number };
  isVisible(node: string): boolean;
  /** Display position of nodes (graph coordinates), for layout checks. */
  positions(nodes: readonly string[]): ({ x: number; y: number } | null)[];
  /** Where a node is drawn on the stage (viewport pixels), so a test can click it; null when not displayed. */
  viewport(node: string): { x: number; y: number } | null;
  /** The camera as sigma holds it now (mid-animation too), unlike `state().camera`, which is null until the user moves it. */
  camera(): { x: number; y: number; ratio: number; angle: number };
  /** Labels drawn in the last frame, with their boxes in viewport pixels. */
  labels(): LabelBox[];
  /** Colour of each community in legend order (largest first), unassigned group left out. */
  communityColors(): { id: number; color: string; size: number }[];
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
  const defaults = initialState(settings.size.by, settings.filters.hiddenTypes);
  let state: ViewState = decodeState(location.hash, defaults);
  let hidden = computeHidden(model, state);
  let sizes = computeSizes(model, state.sizeBy, settings);
  let hovered: string | null = null;
  let legendHover: number | null = null;
  let focus: { node: string; neighbours: Set<string> } | null = null;
  let authorPapers: Set<string> | null = null;
  let paperLabels = (state.camera?.ratio ?? 1) < settings.render.paperLabelsBelowRatio;
  const subMaps: SubMapCache = new Map();

  // ---- layout
  const search = h('input', { id: 'search', attrs: { type: 'search', placeholder: 'Search topics, methods, datasets, papers, authors, ids…', autocomplete: 'off', 'aria-label': 'Search' } });
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
  // Shown from the start at community level only: sigma measures the stage as the page first lays out, and a banner
  // that went away after the first render would cost a second full refresh (updateStatus).
  banner.hidden = !communityMode;
  root.append(
    h('header', { id: 'toolbar' }, h('span', { class: 'brand' }, 'papergraph'),
      h('div', { id: 'search-box' }, search, results), status, h('span', { class: 'spacer' }), exportButton, downloads),
    h('div', { id: 'body' }, h('aside', { id: 'sidebar' }, filters, legend), h('div', { id: 'stage-wrap' }, stage, banner), panel),
  );

  // ---- display graph: the data graph itself, or (large graphs) a community-level graph derived from it
  const buildDisplay = (): AbstractGraph => (communityMode
    ? buildCommunityGraph(model, new Set(model.complete ? state.expanded : []), settings, subMaps)
    : (model.graph as unknown as AbstractGraph));
  let display = buildDisplay();
  performance.mark('pg:display');

  const setFocus = (node: string | null): void => {
    if (node === null || !display.hasNode(node)) { focus = null; return; }
    focus = { node, neighbours: new Set(display.neighbors(node)) };
  };
  const setAuthor = (): void => {
    authorPapers = state.author !== null && model.complete ? new Set(model.authors.get(state.author) ?? []) : null;
  };
  setFocus(state.selected);
  setAuthor();

  // The selected node is drawn whatever the filters say: an author chosen in search or a panel (authors start
  // hidden, `settings.filters`) shows on the map among their papers while the other authors stay hidden.
  const isHiddenNode = (node: string, a: { type: string; community: number }): boolean => (a.type === 'community'
    ? state.hiddenCommunities.includes(a.community) : hidden.has(node) && node !== state.selected);
  const isHidden = (node: string): boolean => isHiddenNode(node, display.getNodeAttributes(node) as { type: string; community: number });

  /** Labels placed for the current frame (none overlap); recomputed when the camera, the focus or the data change. */
  let labelled = new Map<string, LabelBox>();

  const { types: typeStyles, communityType } = settings.style;
  /**
   * A node's size as sigma is given it (before camera scaling): the reducer draws it, label placement reads it. Nodes
   * of an expanded community are drawn smaller: a sub-map holds thousands of them in one community's place.
   */
  const displaySize = (node: string, a: { type: string; size: number }): number => (a.type === 'community' ? a.size
    : (sizes.get(node) ?? settings.size.min) * (communityMode ? settings.community.memberSize : 1));
  const labelText = (node: string, a: { type: string; label: string }): string => (a.type === 'community' ? a.label : model.label(node) ?? a.label);
  const nodeReducer = (node: string, attrs: Attrs): Partial<NodeDisplayData> => {
    const a = attrs as { type: NodeType | 'community'; label: string; x: number; y: number; size: number; color: string; community: number };
    const isCommunity = a.type === 'community';
    const style = isCommunity ? communityType : typeStyles[a.type as NodeType];
    const shown = labelled.has(node);
    const res: Partial<NodeDisplayData> & Attrs = {
      x: a.x, y: a.y, color: a.color, zIndex: 1,
      // Map our domain type to a sigma program name: sigma picks programs by `type`.
      type: style?.program ?? 'circle',
      borderColor: style?.border ?? '#ffffff',
      size: displaySize(node, a),
      label: shown ? labelText(node, a) : null,
      forceLabel: shown,
      hidden: isHiddenNode(node, a),
    };
    const dim = (): void => {
      res.color = settings.style.dimmedNodeColor; res.zIndex = 0; res.borderColor = settings.style.dimmedNodeColor;
    };
    if (focus) {
      if (node === focus.node) { res.highlighted = true; res.zIndex = 3; }
      else if (focus.neighbours.has(node)) res.zIndex = 2;
      else dim();
    } else if (authorPapers) {
      if (authorPapers.has(node)) { res.highlighted = true; res.zIndex = 3; } else dim();
    } else if (legendHover !== null && legendGroup(a.community) !== legendHover) dim();
    if (node === state.selected) res.highlighted = true;
    return res;
  };
  const edgeReducer = (edge: string, attrs: Attrs): Partial<EdgeDisplayData> => {
    const type = attrs.type as string;
    const weight = (attrs.weight as number) || 1;
    const res: Partial<EdgeDisplayData> = {
      type: 'line',
      color: type === 'SIMILAR_TO' ? settings.style.similarEdgeColor : settings.style.edgeColor,
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
    } else if (authorPapers) {
      if (!authorPapers.has(display.source(edge)) && !authorPapers.has(display.target(edge))) res.color = settings.style.dimmedEdgeColor;
    } else if (legendHover !== null) {
      const c = display.getNodeAttribute(display.source(edge), 'community');
      const d = display.getNodeAttribute(display.target(edge), 'community');
      if (c !== legendHover || d !== legendHover) res.color = settings.style.dimmedEdgeColor;
    }
    return res;
  };

  const r = settings.render;
  performance.mark('pg:ui');
  // Made on an empty graph, which it draws as nothing: the display graph comes in once its labels are placed (below).
  const renderer = new Sigma(new DirectedGraph() as unknown as AbstractGraph, stage, {
    nodeProgramClasses: {
      circle: NodeCircleProgram,
      bordered: createNodeBorderProgram({
        borders: [
          { size: { value: 0.22 }, color: { attribute: 'borderColor' } },
          { size: { fill: true }, color: { attribute: 'color' } },
        ],
      }),
      // Topics: a ring in the community colour around a white centre.
      ring: createNodeBorderProgram({
        borders: [
          { size: { value: 0.4 }, color: { attribute: 'color' } },
          { size: { fill: true }, color: { value: '#ffffff' } },
        ],
      }),
      // Authors: a dot inside a ring, both in the community colour, the border colour between them (◎).
      bullseye: createNodeBorderProgram({
        borders: [
          { size: { value: 0.22 }, color: { attribute: 'color' } },
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
    // Every label is placed by `placeLabels` (forceLabel), none by sigma's grid: so none overlaps another.
    labelDensity: 0,
    labelGridCellSize: r.labelGridCellSize,
    labelRenderedSizeThreshold: 0,
    minCameraRatio: r.minCameraRatio,
    maxCameraRatio: r.maxCameraRatio,
    hideEdgesOnMove: r.hideEdgesOnMove,
  });
  performance.mark('pg:sigma');
  // At community level the display graph changes as communities expand: pin the frame to the community map (or the
  // whole data graph) so the camera does not jump.
  const frame = (): void => { if (communityMode) renderer.setCustomBBox(communityBBox(model, settings)); };
  // Labels are placed through sigma's graph → viewport map, which sigma sets only as it processes a graph: the empty
  // graph is processed once in the display graph's frame (the community map, or the extent sigma itself takes of the
  // graph), so the display graph is drawn once with its labels, not drawn bare by the constructor and then again.
  renderer.setCustomBBox(communityMode ? communityBBox(model, settings) : graphExtent(display));
  renderer.refresh();
  // Frame times span the whole render, the label placement that starts it (below) included.
  const renderTimes: number[] = [];
  let renderStart = 0;
  renderer.on('beforeRender', () => { renderStart = performance.now(); });
  renderer.on('afterRender', () => { renderTimes.push(performance.now() - renderStart); });
  const camera = renderer.getCamera();
  if (state.camera) camera.setState(state.camera);

  // ---- labels: placed greedily, most important first, each only where it overlaps no placed label
  const priority = (node: string): number => (focus?.node === node ? 3 : focus?.neighbours.has(node) ? 2 : authorPapers?.has(node) ? 2 : 0);
  /** The nodes by size, for the display graph and sizes it was sorted for. */
  let bySize: { display: AbstractGraph; sizes: Map<string, number>; order: LabelCandidate[] } | null = null;
  /** The nodes in label order; kept while only the camera moves, taken anew by every other change (`refresh`). */
  let labelQueue: LabelCandidate[] = [];
  const relabel = (reorder: boolean): void => {
    if (reorder) {
      if (bySize?.display !== display || bySize.sizes !== sizes) bySize = { display, sizes, order: sizeOrder(display, displaySize) };
      labelQueue = labelOrder(bySize.order, priority);
    }
    labelled = placeLabels(renderer, labelQueue, {
      isHidden: isHiddenNode,
      text: (node, a) => {
        if (a.type === 'paper' && !paperLabels && priority(node) === 0) return null;
        if ((focus || authorPapers || legendHover !== null) && priority(node) === 0 && a.type !== 'community') {
          if (focus || authorPapers) return null;
          if (legendHover !== null && legendGroup(a.community) !== legendHover) return null;
        }
        return labelText(node, a);
      },
      font: r.labelFont,
      fontSize: r.labelSize,
      padding: r.labelPadding,
      max: r.maxLabels,
    });
  };
  /**
   * Labels placed anew for the same data and the same size order (a camera move): only the nodes whose label came,
   * went or changed are reduced again (`partialGraph`), not the whole graph, and sigma keeps its indexes (a label
   * moves no node); the refresh is scheduled, so the frame under way draws them.
   */
  const relabelChanged = (): void => {
    const before = labelled;
    relabel(false);
    const changed: string[] = [];
    for (const [node, box] of labelled) if (before.get(node)?.text !== box.text) changed.push(node);
    for (const node of before.keys()) if (!labelled.has(node)) changed.push(node);
    if (changed.length > 0) renderer.refresh({ partialGraph: { nodes: changed }, skipIndexation: true, schedule: true });
  };
  // The first frame: labels placed, then the display graph drawn with them (the full view is framed by sigma's own
  // extent of the graph from here on, the same box).
  relabel(true);
  if (!communityMode) renderer.setCustomBBox(null);
  renderer.setGraph(display);
  const firstRenderMs = performance.now();
  if (model.complete) completeMs = firstRenderMs;
  performance.mark('pg:rendered');

  // ---- URL: camera and filters replace the current history entry; selections and expansions push a new one,
  // so the browser's Back returns to the previous view.
  let hashTimer: ReturnType<typeof setTimeout> | undefined;
  let lastNavigation = navigationKey(state);
  const urlFor = (next: string): string => (next ? `#${next}` : location.pathname + location.search);
  const writeHash = (navigation = false): void => {
    clearTimeout(hashTimer);
    const write = (): void => {
      const c = camera.getState();
      state.camera = { x: c.x, y: c.y, ratio: c.ratio };
      const next = encodeState(state, defaults);
      const key = navigationKey(state);
      if (navigation && key !== lastNavigation) history.pushState(null, '', urlFor(next));
      else if (next !== location.hash.slice(1)) history.replaceState(null, '', urlFor(next));
      lastNavigation = key;
    };
    if (navigation) write();
    else hashTimer = setTimeout(write, settings.hash.debounceMs);
  };
  // A camera move re-places the labels at the start of the frame sigma renders for it, in that same frame: one render
  // per frame with the labels of its own camera, where a second full refresh after sigma's render re-reduced every node
  // and edge and drew the frame twice. The refresh asked for inside `beforeRender` only updates the changed nodes: the
  // render under way cancels the frame it would schedule and draws them.
  let labelsStale = false;
  camera.on('updated', (c) => {
    writeHash();
    paperLabels = c.ratio < settings.render.paperLabelsBelowRatio;
    labelsStale = true;
  });
  renderer.on('beforeRender', () => {
    if (!labelsStale) return;
    labelsStale = false;
    relabelChanged();
  });

  // ---- actions
  const refresh = (full = true): void => {
    relabel(true);
    labelsStale = false;
    renderer.refresh(full ? undefined : { skipIndexation: true });
  };

  const updateStatus = (): void => {
    let visible = 0;
    display.forEachNode((n) => { if (!isHidden(n)) visible++; });
    const total = model.order;
    const edges = countVisibleEdges(display, isHidden);
    const bannerWas = banner.hidden;
    if (communityMode) {
      const collapsed = model.communities.size - state.expanded.length;
      status.textContent = `${formatCount(total)} nodes · ${formatCount(edges)} of ${formatCount(display.size)} links shown · community level: ${formatCount(collapsed)} communities collapsed, ${formatCount(state.expanded.length)} expanded`;
      banner.textContent = `This graph has ${formatCount(total)} nodes, so it opens with one node per community. ` +
        (model.complete ? 'Click a community to show its nodes.' : 'Loading every node…');
      banner.hidden = false;
    } else {
      status.textContent = `${formatCount(visible)} of ${formatCount(total)} nodes · ${formatCount(edges)} of ${formatCount(model.size)} edges shown · ${formatCount(model.communities.size)} communities`;
      banner.hidden = true;
    }
    // The banner takes its height from the graph's: sigma reads its container's size on a refresh (its own on window
    // resizes), so one is scheduled when the banner comes or goes.
    if (banner.hidden !== bannerWas) renderer.scheduleRefresh();
  };

  const showPanel = (subject: PanelSubject): void => {
    renderPanel(panel, model, subject, report, settings, panelActions, new Set(state.expanded));
  };
  const currentSubject = (): PanelSubject => (state.selected !== null ? { node: state.selected } : state.author !== null ? { author: state.author } : null);

  const panelActions: PanelActions = {
    go: (node) => select(node, true),
    author: (name) => chooseAuthor(name),
    expand: (id) => { expand(id, true); showPanel({ node: communityNodeKey(id) }); },
    collapse: (id) => { collapse(id); showPanel(null); },
    close: () => { state.author = null; setAuthor(); select(null, false); },
  };

  function focusCamera(node: string): void {
    if (!display.hasNode(node)) return;
    // From the node's graph position, not sigma's display data: a scheduled refresh (the banner's, on load) leaves
    // un-normalised coordinates there until the next frame, and a link's selection would centre on nothing.
    const at = { x: display.getNodeAttribute(node, 'x') as number, y: display.getNodeAttribute(node, 'y') as number };
    // Both conversions from the current camera and size (sigma's cached matrix may predate the panel's opening).
    const d = renderer.viewportToFramedGraph(renderer.graphToViewport(at, { cameraState: camera.getState() }), { cameraState: camera.getState() });
    void camera.animate({ x: d.x, y: d.y, ratio: Math.min(camera.ratio, settings.camera.focusRatio) }, { duration: settings.camera.duration });
  }

  function select(node: string | null, moveCamera: boolean, navigation = true): void {
    if (!model.complete && node !== null) { pending.push(() => select(node, moveCamera, navigation)); return; }
    if (node !== null && communityMode && model.attrs.has(node)) {
      const c = legendGroup((model.attrs.get(node) as NodeAttributes).community);
      if (!state.expanded.includes(c)) expand(c, false, false);
    }
    if (node !== null && !display.hasNode(node)) node = null;
    const was = state.selected;
    state.selected = node;
    if (node !== null) { state.author = null; setAuthor(); }
    setFocus(hovered ?? node);
    showPanel(currentSubject());
    refresh(false);
    // A selected node is drawn even when filtered out (isHidden): the counts follow.
    if ((node !== null && hidden.has(node)) || (was !== null && hidden.has(was))) updateStatus();
    if (node !== null && moveCamera) focusCamera(node);
    writeHash(navigation);
  }

  /** An author by name: their Author node when the graph has one, else the papers listing the name. */
  function chooseAuthor(name: string | null, navigation = true): void {
    if (!model.complete && name !== null) { pending.push(() => chooseAuthor(name, navigation)); return; }
    const node = name === null ? undefined : authorNode(model, name);
    if (node !== undefined) { select(node, true, navigation); return; }
    state.author = name;
    state.selected = null;
    setAuthor();
    setFocus(hovered);
    showPanel(currentSubject());
    refresh(false);
    writeHash(navigation);
  }

  function rebuildDisplay(): void {
    display = buildDisplay();
    // setGraph renders the new graph before sigma has indexed it: no partial refresh of labels there (`refresh` below
    // places them).
    labelsStale = false;
    renderer.setGraph(display);
    frame();
    setFocus(hovered ?? state.selected);
    refresh();
    updateStatus();
  }

  function collapse(id: number, navigation = true): void {
    if (!state.expanded.includes(id)) return;
    state.expanded = state.expanded.filter((x) => x !== id);
    const sel = state.selected;
    if (sel !== null && legendGroup(model.attrs.get(sel)?.community ?? Number.NaN) === id) {
      state.selected = null;
      showPanel(currentSubject());
    }
    hovered = null;
    rebuildDisplay();
    writeHash(navigation);
  }

  function expand(id: number, moveCamera: boolean, navigation = true): void {
    if (!model.complete) { pending.push(() => expand(id, moveCamera, navigation)); return; }
    if (!communityMode || state.expanded.includes(id)) return;
    state.expanded = [...state.expanded, id].sort((a, b) => a - b);
    if (state.selected === communityNodeKey(id)) { state.selected = null; showPanel(currentSubject()); }
    hovered = null;
    rebuildDisplay();
    const key = communityNodeKey(id);
    const c = model.communities.get(id);
    if (moveCamera && c) {
      // The community's place at community level, now the centre of its sub-map, zoomed so the sub-map fills the view.
      const place = c.map ?? { x: c.x, y: c.y };
      const f = renderer.viewportToFramedGraph(renderer.graphToViewport(place));
      const box = communityBBox(model, settings);
      const extent = Math.max(box.x[1] - box.x[0], box.y[1] - box.y[0]) || 1;
      const diameter = 2 * Math.sqrt(c.size) * settings.community.subMapScale;
      const fit = c.map ? diameter / extent / settings.community.subMapFill : 0.5;
      void camera.animate({ x: f.x, y: f.y, ratio: Math.max(r.minCameraRatio, Math.min(camera.ratio, fit)) }, { duration: settings.camera.duration });
    }
    if (!display.hasNode(key) && state.selected === key) state.selected = null;
    writeHash(navigation);
  }

  const applyFilters = (): void => {
    hidden = computeHidden(model, state);
    renderLegend(legend, model, state, controlActions, settings);
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
      Object.assign(state, { hiddenCommunities: [], hiddenTypes: [...defaults.hiddenTypes], minDegree: 0, dateFrom: null, dateTo: null });
      renderFilters(filters, model, state, settings, controlActions);
      applyFilters();
    },
    choose: (node) => select(node, true),
    chooseAuthor: (name) => chooseAuthor(name),
  };

  renderer.on('enterNode', ({ node }) => { hovered = node; setFocus(node); refresh(false); });
  renderer.on('leaveNode', () => { hovered = null; setFocus(state.selected); refresh(false); });
  renderer.on('clickNode', ({ node }) => {
    const c = communityOfKey(node);
    if (c !== null && !model.attrs.has(node)) {
      expand(c, true);
      // The summary stays readable while the community's own nodes appear.
      showPanel({ node });
      return;
    }
    select(node, false);
  });
  renderer.on('clickStage', () => {
    if (state.selected !== null || state.author !== null) { state.author = null; setAuthor(); select(null, false); }
  });

  exportButton.addEventListener('click', () => {
    void downloadAsPNG(renderer, { fileName: 'papergraph', backgroundColor: '#ffffff' });
  });

  /** Back, Forward or an edited hash: the URL's state becomes the view's. */
  const restoreFromUrl = (): void => {
    const next = decodeState(location.hash, defaults);
    if (encodeState(next, defaults) === encodeState(state, defaults)) return;
    const expandedChanged = next.expanded.join() !== state.expanded.join();
    state = next;
    lastNavigation = navigationKey(state);
    hidden = computeHidden(model, state);
    sizes = computeSizes(model, state.sizeBy, settings);
    setAuthor();
    if (expandedChanged) rebuildDisplay();
    renderFilters(filters, model, state, settings, controlActions);
    renderLegend(legend, model, state, controlActions, settings);
    if (state.camera) camera.setState(state.camera);
    if (state.selected !== null && !display.hasNode(state.selected)) state.selected = null;
    setFocus(hovered ?? state.selected);
    showPanel(currentSubject());
    refresh(false);
    updateStatus();
  };
  window.addEventListener('popstate', restoreFromUrl);
  window.addEventListener('hashchange', restoreFromUrl);

  renderFilters(filters, model, state, settings, controlActions);
  renderLegend(legend, model, state, controlActions, settings);
  let index: SearchEntry[] | null = null;
  setupSearch(search, results, () => (model.complete ? (index ??= buildSearchIndex(model)) : []), settings, controlActions);
  updateStatus();
  const restoreSelection = (): void => {
    // A link naming an author who has an Author node (`au=`, from before the graph had them) opens that node.
    const authorKey = state.author === null ? undefined : authorNode(model, state.author);
    if (authorKey !== undefined) { select(authorKey, state.camera === null, false); return; }
    if (state.author !== null) { setAuthor(); showPanel(currentSubject()); refresh(false); }
    if (state.selected === null) return;
    const sel = state.selected;
    if (!display.hasNode(sel)) select(sel, state.camera === null, false);
    else { showPanel(currentSubject()); if (!state.camera) focusCamera(sel); }
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
      renderLegend(legend, model, state, controlActions, settings);
      restoreSelection();
      for (const action of pending.splice(0)) action();
      updateStatus();
    }).catch((err: unknown) => {
      banner.textContent = `Could not load the full graph: ${err instanceof Error ? err.message : String(err)}`;
      banner.hidden = false;
      renderer.scheduleRefresh();
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
    edges: () => ({ display: display.size, visible: countVisibleEdges(display, isHidden) }),
    isVisible: (node) => { const d = renderer.getNodeDisplayData(node); return d !== undefined && !d.hidden; },
    positions: (nodes) => nodes.map((n) => (display.hasNode(n) ? { x: display.getNodeAttribute(n, 'x') as number, y: display.getNodeAttribute(n, 'y') as number } : null)),
    viewport: (node) => {
      if (!display.hasNode(node)) return null;
      const p = renderer.graphToViewport({ x: display.getNodeAttribute(node, 'x') as number, y: display.getNodeAttribute(node, 'y') as number });
      return { x: p.x, y: p.y };
    },
    camera: () => ({ ...camera.getState() }),
    labels: () => [...labelled.values()].map((b) => ({ ...b })),
    communityColors: () => model.communityOrder.filter((id) => id >= 0).map((id) => {
      const c = model.communities.get(id)!;
      return { id, color: c.color, size: c.size };
    }),
    renderTimes: () => [...renderTimes],
    complete: () => model.complete,
    completeMs: () => completeMs,
  };
  return Object.freeze(hook);
}
