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

export interface LabelOptions {
  isHidden(node: string): boolean;
  /** The label a node would show, or null for none. */
  text(node: string, attrs: { type: string; label: string; community: number }): string | null;
  /** The node's size as the reducer gives it (before camera scaling). */
  size(node: string, attrs: { type: string; size: number }): number;
  /** Higher goes first (the focused node, its neighbours); ties by rendered size, then key. */
  priority(node: string): number;
  font: string;
  fontSize: number;
  padding: number;
  max: number;
}

const CELL = 96;
let measure: CanvasRenderingContext2D | null = null;
const widths = new Map<string, number>();

function textWidth(text: string, font: string, size: number): number {
  const key = `${size}|${font}|${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    measure ??= document.createElement('canvas').getContext('2d');
    if (measure) {
      measure.font = `${size}px ${font}`;
      w = measure.measureText(text).width;
    } else w = text.length * size * 0.6;
    if (widths.size > 50_000) widths.clear();
    widths.set(key, w);
  }
  return w;
}

/** Labels to draw this frame, by node. Deterministic for a given view. */
export function placeLabels(renderer: Sigma, display: AbstractGraph, o: LabelOptions): Map<string, LabelBox> {
  const { width, height } = renderer.getDimensions();
  const candidates: { node: string; text: string; vx: number; vy: number; size: number; priority: number }[] = [];
  display.forEachNode((node, attrs) => {
    const a = attrs as { type: string; label: string; community: number; x: number; y: number; size: number };
    if (o.isHidden(node)) return;
    const text = o.text(node, a);
    if (!text) return;
    const p = renderer.graphToViewport({ x: a.x, y: a.y });
    const size = renderer.scaleSize(o.size(node, a));
    // Off screen (the label runs to the right of the node): never drawn.
    if (p.x + size < -CELL || p.x - size > width || p.y < -o.fontSize || p.y > height + o.fontSize) return;
    candidates.push({ node, text, vx: p.x, vy: p.y, size, priority: o.priority(node) });
  });
  candidates.sort((a, b) => b.priority - a.priority || b.size - a.size || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
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
  for (const c of candidates) {
    if (placed.size >= o.max) break;
    // Where sigma draws it: from 3 px right of the node, the text's middle on the node's centre line.
    const box: LabelBox = {
      node: c.node,
      text: c.text,
      x: c.vx + c.size + 3 - o.padding,
      y: c.vy - o.fontSize * 0.7 - o.padding,
      w: textWidth(c.text, o.font, o.fontSize) + 2 * o.padding,
      h: o.fontSize + 2 * o.padding,
    };
    // Cut off by the canvas edge: not drawn (the next candidate may fit).
    if (box.x < 0 || box.x + box.w > width || box.y < 0 || box.y + box.h > height) continue;
    const keys = cells(box);
    if (keys.some((k) => grid.get(k)?.some((other) => overlaps(box, other)))) continue;
    placed.set(c.node, box);
    for (const k of keys) {
      const list = grid.get(k);
      if (list) list.push(box);
      else grid.set(k, [box]);
    }
  }
  return placed;
}
