// Label placement: which node labels to draw so that no two overlap. Greedy, most important first (focus, then the
// biggest nodes), each label kept only when its box meets no kept box — sigma's label grid thins labels per cell but
// lets long ones (community labels, titles) run over each other.
import type { AbstractGraph } from 'graphology-types';
import type Sigma from 'sigma';

export interface LabelBox {
  node: string;
  text: string;
  /** Box in viewport pixels (padding included). */
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What placement reads of a node: the display graph's attributes. */
export interface LabelNodeAttributes { type: string; label: string; community: number; x: number; y: number; size: number }

/** A node in label order, with what every frame reads of it. */
export interface LabelCandidate {
  node: string;
  attrs: LabelNodeAttributes;
  /** Size as the reducer gives it (before camera scaling). */
  size: number;
}

export interface LabelOptions {
  isHidden(node: string, attrs: LabelNodeAttributes): boolean;
  /** The label a node would show, or null for none. */
  text(node: string, attrs: LabelNodeAttributes): string | null;
  font: string;
  fontSize: number;
  padding: number;
  max: number;
}

const CELL = 96;
let measure: CanvasRenderingContext2D | null = null;
/** The font `measure` was last given: setting a context's font parses it again, so it is set only when it changes. */
let measureFont = '';
/** Text widths by font (`13px system-ui, …`), then text: a label is measured once, not on every frame. */
const widths = new Map<string, Map<string, number>>();

function textWidth(text: string, font: string): number {
  let byText = widths.get(font);
  if (!byText) widths.set(font, (byText = new Map()));
  let w = byText.get(text);
  if (w === undefined) {
    measure ??= document.createElement('canvas').getContext('2d');
    if (measure) {
      if (measureFont !== font) measure.font = measureFont = font;
      w = measure.measureText(text).width;
    } else w = text.length * Number.parseFloat(font) * 0.6;
    if (byText.size > 50_000) byText.clear();
    byText.set(text, w);
  }
  return w;
}

/**
 * Graph → viewport for the camera as it is now, as one affine map. Sigma's own matrix is the last frame's until the
 * next render (labels are placed at the start of a render), and it is the same for every node: three points fix it.
 */
function viewportTransform(renderer: Sigma): { ox: number; oy: number; xx: number; xy: number; yx: number; yy: number } {
  const cameraState = renderer.getCamera().getState();
  const o = renderer.graphToViewport({ x: 0, y: 0 }, { cameraState });
  const ex = renderer.graphToViewport({ x: 1, y: 0 }, { cameraState });
  const ey = renderer.graphToViewport({ x: 0, y: 1 }, { cameraState });
  return { ox: o.x, oy: o.y, xx: ex.x - o.x, xy: ey.x - o.x, yx: ex.y - o.y, yy: ey.y - o.y };
}

/**
 * Every node, biggest first (ties by key). The camera scales all sizes by one factor, so the order holds for any
 * view: it is sorted when the graph or the sizes change, not on every frame.
 */
export function sizeOrder(display: AbstractGraph, size: (node: string, attrs: LabelNodeAttributes) => number): LabelCandidate[] {
  const nodes: LabelCandidate[] = [];
  display.forEachNode((node, attrs) => {
    const a = attrs as LabelNodeAttributes;
    nodes.push({ node, attrs: a, size: size(node, a) });
  });
  return nodes.sort((a, b) => b.size - a.size || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}

/**
 * The size order with the highest priority first (the focused node, then its neighbours), each priority in size
 * order: one pass, so a hover does not sort the graph again.
 */
export function labelOrder(bySize: readonly LabelCandidate[], priority: (node: string) => number): LabelCandidate[] {
  const tiers = new Map<number, LabelCandidate[]>();
  for (const c of bySize) {
    const p = priority(c.node);
    const tier = tiers.get(p);
    if (tier) tier.push(c);
    else tiers.set(p, [c]);
  }
  return [...tiers.keys()].sort((a, b) => b - a).flatMap((p) => tiers.get(p) as LabelCandidate[]);
}

/** Labels to draw this frame, by node, taken in `order` (from `labelOrder`). Deterministic for a given view. */
export function placeLabels(renderer: Sigma, order: readonly LabelCandidate[], o: LabelOptions): Map<string, LabelBox> {
  renderer.resize();
  const { width, height } = renderer.getDimensions();
  const t = viewportTransform(renderer);
  // The camera scales every node size by one factor (sigma's `scaleSize`).
  const scale = renderer.scaleSize(1);
  const font = `${o.fontSize}px ${o.font}`;
  const placed = new Map<string, LabelBox>();
  const grid = new Map<number, LabelBox[]>();
  const cells = (b: LabelBox): number[] => {
    const out: number[] = [];
    for (let cx = Math.floor(b.x / CELL); cx <= Math.floor((b.x + b.w) / CELL); cx++) {
      for (let cy = Math.floor(b.y / CELL); cy <= Math.floor((b.y + b.h) / CELL); cy++) out.push(cx * 100_003 + cy);
    }
    return out;
  };
  const overlaps = (a: LabelBox, b: LabelBox): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const free = (box: LabelBox): boolean => !cells(box).some((k) => grid.get(k)?.some((other) => overlaps(box, other)));
  for (const { node, attrs: a, size } of order) {
    if (placed.size >= o.max) break;
    if (o.isHidden(node, a)) continue;
    const vx = t.ox + t.xx * a.x + t.xy * a.y;
    const vy = t.oy + t.yx * a.x + t.yy * a.y;
    // Where sigma draws it: from 3 px right of the node, the text's middle on the node's centre line. Its box's left,
    // top and bottom need no text: off the canvas there (cut off, not drawn), the label is never measured.
    const y = vy - o.fontSize * 0.7 - o.padding;
    const h = o.fontSize + 2 * o.padding;
    if (y < 0 || y + h > height) continue;
    const x = vx + size * scale + 3 - o.padding;
    if (x < 0 || x > width) continue;
    const text = o.text(node, a);
    if (!text) continue;
    // Its first pixels already covered by a placed label: so is the whole label.
    const box: LabelBox = { node, text, x, y, w: 2 * o.padding, h };
    if (!free(box)) continue;
    box.w += textWidth(text, font);
    // Cut off by the canvas edge: not drawn (the next candidate may fit).
    if (box.x + box.w > width || !free(box)) continue;
    placed.set(node, box);
    for (const k of cells(box)) {
      const list = grid.get(k);
      if (list) list.push(box);
      else grid.set(k, [box]);
    }
  }
  return placed;
}
