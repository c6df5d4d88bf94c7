// Every viewer setting in one typed object, grouped by concern (the sigma Settings habit).
import { PALETTE } from '../../graph/palette.ts';
import type { EdgeType, NodeType } from '../../graph/types.ts';

/** How node size is computed: degree, the entity's paper count, PageRank (papers → entities), or the size the build stored. */
export type SizeMode = 'degree' | 'papers' | 'pagerank' | 'stored';
export const SIZE_MODES: readonly SizeMode[] = ['degree', 'papers', 'pagerank', 'stored'];

/** Sigma program names registered by the app (our `type` attribute is a domain type, never a program). */
export type ProgramName = 'circle' | 'bordered' | 'ring' | 'square' | 'bullseye';
export const PROGRAM_NAMES: readonly ProgramName[] = ['circle', 'bordered', 'ring', 'square', 'bullseye'];

export interface TypeStyle {
  program: ProgramName;
  /** Ring colour for the bordered program; the gap between dot and ring for the bullseye. */
  border: string;
  /** Human label for the legend and filters. */
  label: string;
  /** What the type filter's tooltip says about the type, when its row needs more than its label. */
  hint?: string;
}

export interface ViewerSettings {
  render: {
    labelFont: string;
    labelSize: number;
    labelColor: string;
    /** Labels per grid cell (sigma `labelDensity`); low values avoid label soup. */
    labelDensity: number;
    labelGridCellSize: number;
    /** Minimum on-screen node size (px) for a label to be a candidate. */
    labelRenderedSizeThreshold: number;
    minCameraRatio: number;
    maxCameraRatio: number;
    hideEdgesOnMove: boolean;
    /** Paper titles are labelled only below this camera ratio (zoomed in), so entity names own the overview. */
    paperLabelsBelowRatio: number;
    /** Labels never overlap: each is drawn only where its box (plus this padding, px) meets no bigger node's label. */
    labelPadding: number;
    /** At most this many labels are placed per frame (the biggest nodes first). */
    maxLabels: number;
  };
  size: { by: SizeMode; min: number; max: number };
  filters: {
    /** Node types a fresh view hides (the type filter's boxes start unchecked); a link records any other choice. */
    hiddenTypes: readonly NodeType[];
  };
  style: {
    types: Record<NodeType, TypeStyle>;
    communityType: TypeStyle;
    edgeColor: string;
    edgeSize: number;
    /** Paper–paper similarity links are drawn fainter: they fill in where names are silent, they do not lead. */
    similarEdgeColor: string;
    dimmedNodeColor: string;
    dimmedEdgeColor: string;
    /** Colour of highlighted edges by relationship. */
    edgeTypeColors: Record<EdgeType, string>;
    /** Paper titles longer than this are shortened for canvas labels (full title in the panel). */
    paperLabelMaxChars: number;
  };
  community: {
    /** Graphs with more nodes than this open at community level (one node per community). */
    threshold: number;
    minSize: number;
    maxSize: number;
    /** Links drawn between collapsed communities: each community's this many most associated neighbours. */
    links: number;
    /** The legend lists this many communities one by one (the palette's distinct colours); the rest share one row. */
    legendDistinct: number;
    /** An expanded community is laid out anew as a sub-map: ForceAtlas2 iterations for about this many nodes… */
    subMapWork: number;
    /** …never fewer or more iterations than these. */
    subMapIterations: [number, number];
    /** Inside a sub-map, edges within one sub-community pull this many times harder (as the node layout does). */
    subMapAttraction: number;
    /** The sub-map's radius over its community disc's radius on the community map. */
    subMapScale: number;
    /** Share of the view an expanded community's sub-map fills when the camera moves to it. */
    subMapFill: number;
    /** Node size factor inside expanded communities (thousands of nodes share one community's place). */
    memberSize: number;
  };
  search: { limit: number; minChars: number };
  camera: { focusRatio: number; duration: number };
  panel: { coEntities: number; listStep: number };
  /** URL state: camera moves replace the current history entry; selections and expansions push a new one (Back undoes them). */
  hash: { debounceMs: number };
}

export const DEFAULT_SETTINGS: ViewerSettings = {
  render: {
    labelFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    labelSize: 13,
    labelColor: '#1f2328',
    labelDensity: 0.3,
    labelGridCellSize: 110,
    labelRenderedSizeThreshold: 7,
    minCameraRatio: 0.02,
    maxCameraRatio: 4,
    hideEdgesOnMove: false,
    paperLabelsBelowRatio: 0.5,
    labelPadding: 3,
    maxLabels: 400,
  },
  size: { by: 'degree', min: 2.5, max: 18 },
  filters: {
    // Authors start hidden: a big corpus has one Author node for every fourth node (ACL: ~31,000 among ~152,000, with
    // ~190,000 AUTHORED_BY links), and drawn by default they would bury the topics and entities a map is read by.
    // One checkbox brings them back; search and the panels reach an author while they are hidden (a node chosen in
    // search or a panel is drawn whatever the filters say). At community level they count in their community's
    // size and links like every member, as topics and repositories do, and appear only when shown in an expanded one.
    hiddenTypes: ['author'],
  },
  style: {
    types: {
      paper: { program: 'circle', border: '#ffffff', label: 'Papers' },
      method: { program: 'bordered', border: '#1f2328', label: 'Methods' },
      dataset: { program: 'square', border: '#ffffff', label: 'Datasets' },
      benchmark: { program: 'bordered', border: '#ffffff', label: 'Benchmarks' },
      topic: { program: 'ring', border: '#ffffff', label: 'Topics' },
      repository: { program: 'square', border: '#ffffff', label: 'Code' },
      // A dot in a ring (◎), both in the community colour: a person, unlike the filled discs of entities.
      author: { program: 'bullseye', border: '#ffffff', label: 'Authors', hint: 'People with two or more papers in the corpus; hidden until checked' },
    },
    communityType: { program: 'bordered', border: '#ffffff', label: 'Communities' },
    edgeColor: '#d5d8dc',
    edgeSize: 0.6,
    similarEdgeColor: '#eceef0',
    dimmedNodeColor: '#e6e8eb',
    dimmedEdgeColor: '#f1f2f4',
    edgeTypeColors: {
      PROPOSES: '#d62728',
      INTRODUCES: '#9467bd',
      USES: '#1f77b4',
      EVALUATES_ON: '#2ca02c',
      MENTIONS: '#8c8c8c',
      HAS_CODE: '#333333',
      ABOUT: '#e377c2',
      AUTHORED_BY: '#17becf',
      SIMILAR_TO: '#8c6d31',
    },
    paperLabelMaxChars: 36,
  },
  community: { threshold: 20_000, minSize: 6, maxSize: 40, links: 3, legendDistinct: PALETTE.length, subMapWork: 1_500_000, subMapIterations: [30, 200], subMapAttraction: 3, subMapScale: 3, subMapFill: 0.8, memberSize: 0.6 },
  search: { limit: 12, minChars: 2 },
  camera: { focusRatio: 0.35, duration: 500 },
  panel: { coEntities: 15, listStep: 50 },
  hash: { debounceMs: 250 },
};
