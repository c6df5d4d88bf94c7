// The viewer's UI state and its URL-hash form: a link carries selection, filters and camera.
import type { NodeType } from '../../graph/types.ts';
import { DEFAULT_SETTINGS, SIZE_MODES, type SizeMode } from './settings.ts';

/** The type filter's rows, in order. */
export const NODE_TYPES: readonly NodeType[] = ['paper', 'topic', 'method', 'dataset', 'benchmark', 'repository', 'author'];

export interface CameraView {
  x: number;
  y: number;
  ratio: number;
}

/** Everything a shared link reproduces. Hover is deliberately not part of it. */
export interface ViewState {
  selected: string | null;
  /** An author whose papers are highlighted (chosen in the search box). */
  author: string | null;
  hiddenCommunities: number[];
  hiddenTypes: NodeType[];
  minDegree: number;
  /** Inclusive `YYYY-MM` bounds on paper dates; null = open. */
  dateFrom: string | null;
  dateTo: string | null;
  sizeBy: SizeMode;
  /** Communities shown node by node while the graph is at community level. */
  expanded: number[];
  camera: CameraView | null;
}

/** A fresh view: nothing selected, every community shown, the types of `settings.filters.hiddenTypes` hidden. */
export function initialState(sizeBy: SizeMode, hiddenTypes: readonly NodeType[] = DEFAULT_SETTINGS.filters.hiddenTypes): ViewState {
  return {
    selected: null,
    author: null,
    hiddenCommunities: [],
    hiddenTypes: sortedTypes(hiddenTypes),
    minDegree: 0,
    dateFrom: null,
    dateTo: null,
    sizeBy,
    expanded: [],
    camera: null,
  };
}

const MONTH = /^(\d{4}|-)-(0[1-9]|1[0-2])$/;

function ints(value: string | null): number[] {
  if (!value) return [];
  return [...new Set(value.split('.').map(Number).filter((n) => Number.isInteger(n) && n >= -1))].sort((a, b) => a - b);
}

/** Types in NODE_TYPES order, each once, unknown ones dropped. */
function sortedTypes(types: readonly string[]): NodeType[] {
  return NODE_TYPES.filter((t) => types.includes(t));
}

/** `ht` when the view hides no type at all (an empty `ht` would read as "the defaults"). */
const NO_TYPES = 'none';

function round(n: number): number {
  return Math.round(n * 1e5) / 1e5;
}

/**
 * `#sel=arxiv%3A2501.1&au=Ada+Lovelace&hc=2.5&ht=repository&md=2&df=2024-01&dt=2025-06&sz=papers&ex=3&cam=0.5,0.5,1`.
 * `ht` lists every hidden type, and is written only when that set differs from the defaults' (`ht=none`: all shown),
 * so a link that shows authors, or hides topics and shows authors, opens as it was shared.
 */
export function encodeState(state: ViewState, defaults: ViewState): string {
  const p = new URLSearchParams();
  if (state.selected !== null) p.set('sel', state.selected);
  if (state.author !== null) p.set('au', state.author);
  if (state.hiddenCommunities.length > 0) p.set('hc', [...state.hiddenCommunities].sort((a, b) => a - b).join('.'));
  const types = [...state.hiddenTypes].sort();
  if (types.join('.') !== [...defaults.hiddenTypes].sort().join('.')) p.set('ht', types.length > 0 ? types.join('.') : NO_TYPES);
  if (state.minDegree > 0) p.set('md', String(state.minDegree));
  if (state.dateFrom) p.set('df', state.dateFrom);
  if (state.dateTo) p.set('dt', state.dateTo);
  if (state.sizeBy !== defaults.sizeBy) p.set('sz', state.sizeBy);
  if (state.expanded.length > 0) p.set('ex', [...state.expanded].sort((a, b) => a - b).join('.'));
  if (state.camera) p.set('cam', [state.camera.x, state.camera.y, state.camera.ratio].map(round).join(','));
  return p.toString();
}

/** The part of the state a Back press should undo: what is selected and expanded (not the camera or filters). */
export function navigationKey(state: ViewState): string {
  return JSON.stringify([state.selected, state.author, state.expanded]);
}

/** Parse a hash (with or without '#'); unknown or malformed fields fall back to `defaults`, never throw. */
export function decodeState(hash: string, defaults: ViewState): ViewState {
  const p = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const state: ViewState = { ...defaults, hiddenCommunities: [], hiddenTypes: [...defaults.hiddenTypes], expanded: [] };
  const sel = p.get('sel');
  if (sel) state.selected = sel;
  const au = p.get('au');
  if (au) state.author = au;
  state.hiddenCommunities = ints(p.get('hc'));
  state.expanded = ints(p.get('ex'));
  const ht = p.get('ht');
  if (ht) state.hiddenTypes = sortedTypes(ht.split('.'));
  const md = Number(p.get('md'));
  if (Number.isInteger(md) && md > 0) state.minDegree = md;
  const df = p.get('df');
  if (df && MONTH.test(df)) state.dateFrom = df;
  const dt = p.get('dt');
  if (dt && MONTH.test(dt)) state.dateTo = dt;
  const sz = p.get('sz');
  if (sz && (SIZE_MODES as readonly string[]).includes(sz)) state.sizeBy = sz as SizeMode;
  const cam = p.get('cam')?.split(',').map(Number);
  if (cam && cam.length === 3 && cam.every(Number.isFinite) && (cam[2] as number) > 0) {
    state.camera = { x: cam[0] as number, y: cam[1] as number, ratio: cam[2] as number };
  }
  return state;
}
