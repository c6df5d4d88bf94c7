// Community colours: a fixed list of distinguishable hex colours (sigma v3 reads #rrggbb, not hsl()).
// Community 0 (the largest) gets the first colour; beyond the list, colours repeat lighter, then darker.

/** Tableau 10 followed by Kelly-style contrasting hues, ordered so neighbours in the list differ most. */
export const PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf',
  '#bcbd22', '#ff7f0e', '#6b6ecf', '#b5cf6b', '#ce6dbd', '#3182bd', '#e6550d', '#31a354',
];

/** Colour of nodes in small or unassigned communities (and placeholder before detection). */
export const GREY = '#b0b0b0';

function mix(hex: string, target: number, amount: number): string {
  const out = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16);
    return Math.round(v + (target - v) * amount)
      .toString(16)
      .padStart(2, '0');
  });
  return `#${out.join('')}`;
}

/** Colour for community `index` (0-based, largest first); negative → grey. */
export function communityColor(index: number): string {
  if (index < 0 || !Number.isInteger(index)) return GREY;
  const base = PALETTE[index % PALETTE.length]!;
  const round = Math.floor(index / PALETTE.length) % 3;
  if (round === 1) return mix(base, 255, 0.4);
  if (round === 2) return mix(base, 0, 0.35);
  return base;
}
