// graph.gexf: GEXF 1.3 through graphology-gexf's writer, with viz:color/position/size so Gephi opens it laid out.
import { write } from 'graphology-gexf';
import type { Attributes } from 'graphology-types';
import type { ResearchGraph } from '../types.ts';
import { xmlSafe } from './xml.ts';

const VIZ = new Set(['x', 'y', 'size', 'color']);

function hexToRgb(hex: string): string | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return undefined;
  return `rgb(${parseInt(m[1]!, 16)},${parseInt(m[2]!, 16)},${parseInt(m[3]!, 16)})`;
}

/** Scalars stay typed; arrays/objects become JSON strings (the writer would print "[object Object]"). */
function attributeValues(attributes: Attributes, skip: Set<string>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (skip.has(name) || value === undefined || value === null) continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) out[name] = value;
    } else if (typeof value === 'boolean') out[name] = value;
    else out[name] = xmlSafe(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

/**
 * GEXF 1.3. Colours are written as r/g/b (graphology would write 1.3's `hex`, which Gephi reads but
 * networkx does not); `label` is the GEXF label, `weight` the edge weight, the rest are typed attvalues.
 */
export function toGEXF(graph: ResearchGraph, options: { pretty?: boolean } = {}): string {
  return write(graph, {
    version: '1.3',
    pretty: options.pretty ?? true,
    formatNode: (_key, attrs) => {
      const viz: Record<string, number | string> = {};
      if (typeof attrs.x === 'number') viz.x = attrs.x;
      if (typeof attrs.y === 'number') viz.y = attrs.y;
      if (typeof attrs.size === 'number') viz.size = attrs.size;
      const rgb = typeof attrs.color === 'string' ? hexToRgb(attrs.color) : undefined;
      if (rgb) viz.color = rgb;
      return { label: xmlSafe(String(attrs.label ?? '')), viz, attributes: attributeValues(attrs, new Set([...VIZ, 'label'])) };
    },
    formatEdge: (_key, attrs) => ({
      weight: typeof attrs.weight === 'number' ? attrs.weight : 1,
      attributes: attributeValues(attrs, new Set(['weight'])),
    }),
  });
}
