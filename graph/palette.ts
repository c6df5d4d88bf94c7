// Community colours: 24 hex colours chosen to stay apart on a white map (sigma v3 reads #rrggbb, not hsl()).
// Community 0 (the largest) gets the first colour. Beyond 24 — the smallest communities of a big map — colours are
// pale tints of the list, so the main communities keep the strong, distinct colours and the tail reads as a group.

/**
 * Tableau 10's first nine, then colours added one at a time, each the farthest (CIELAB distance) from every
 * colour before it and from the grey of unassigned nodes, chroma ≤ 75 and lightness 40–72 so none glares or
 * fades on white. Any two of the first 20 differ by ΔE*ab ≥ 28 (`colorDistance`; ~2.3 is a just-noticeable
 * difference), so no two of the 20 largest communities look alike.
 */
export const PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#edc948', '#76b7b2', '#9c755f',
  '#ff9da7', '#694bc3', '#c30f87', '#f087ff', '#786900', '#5a96ff', '#964b0f', '#87a500',
  '#00785a', '#b4b469', '#00c396', '#00b4e1', '#ff78c3', '#a53c5a', '#e11e69', '#695aa5',
];

/** Colour of nodes in no listed community (and placeholder before detection). */
export const GREY = '#b0b0b0';

/** How much white a tail community's colour takes: pale enough to read as "the rest", still tinted. */
export const TAIL_TINT = 0.55;

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function mix(hex: string, target: number, amount: number): string {
  return `#${rgb(hex)
    .map((v) => Math.round(v + (target - v) * amount).toString(16).padStart(2, '0'))
    .join('')}`;
}

/** Colour for community `index` (0-based, largest first); negative → grey. */
export function communityColor(index: number): string {
  if (index < 0 || !Number.isInteger(index)) return GREY;
  const base = PALETTE[index % PALETTE.length]!;
  return index < PALETTE.length ? base : mix(base, 255, TAIL_TINT);
}

/** CIELAB (D65) of a `#rrggbb` colour. */
export function hexToLab(hex: string): [number, number, number] {
  const lin = rgb(hex).map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const [r, g, b] = lin;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** ΔE*ab (CIE 1976) between two hex colours: 0 = identical; above ~20 two colours are told apart at a glance. */
export function colorDistance(a: string, b: string): number {
  const p = hexToLab(a);
  const q = hexToLab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
