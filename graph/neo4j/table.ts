// How `query` prints rows: an aligned text table whose cells wrap (never cut) to fit a width, JSON, RFC 4180 CSV,
// and the counters of a write as cypher-shell prints them ("Added 1 nodes, Set 2 properties").
import type { QueryResult } from './queries.ts';

/** Cell text: strings verbatim, everything else as JSON; null is empty. */
function cellText(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
}

/** Display length in code points (a surrogate pair is one character). */
const length = (text: string) => [...text].length;

/** Lines of one cell at `width`: its own newlines kept, long lines broken at spaces, long words cut. */
export function wrapCell(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let rest = [...line];
    if (width <= 0) {
      out.push(line);
      continue;
    }
    while (rest.length > width) {
      const head = rest.slice(0, width + 1);
      let cut = head.lastIndexOf(' ');
      if (cut <= 0) cut = width;
      out.push(rest.slice(0, cut).join('').trimEnd());
      rest = rest.slice(cut);
      while (rest[0] === ' ') rest = rest.slice(1);
    }
    out.push(rest.join(''));
  }
  return out;
}

/** Column widths that fit `width` (0 = unlimited): narrow columns keep theirs, wide ones share the rest. */
export function fitWidths(natural: number[], width: number, gap = 2, minimum = 8): number[] {
  const available = width - gap * Math.max(0, natural.length - 1);
  if (width <= 0 || natural.reduce((a, b) => a + b, 0) <= available) return natural;
  const widths = [...natural];
  let remaining = available;
  const order = natural.map((w, i) => [w, i] as const).sort((a, b) => a[0] - b[0]);
  order.forEach(([w, i], k) => {
    const share = Math.floor(remaining / (order.length - k));
    widths[i] = Math.min(w, Math.max(minimum, share));
    remaining -= widths[i]!;
  });
  return widths;
}

/**
 * Aligned text table with a header rule. `width` is the widest a line may be (0 = no limit): wide columns then
 * wrap their cells over several lines, and rows are set apart by a blank line. Nothing is cut.
 */
export function formatTable(result: Pick<QueryResult, 'columns' | 'rows'>, width = 0): string {
  if (result.columns.length === 0) return '(no rows)\n';
  const texts = result.rows.map((r) => result.columns.map((c) => cellText(r[c])));
  const natural = result.columns.map((c, i) => Math.max(length(c), ...texts.flatMap((row) => row[i]!.split(/\r?\n/).map(length))));
  const widths = fitWidths(natural, width);
  const pad = (text: string, w: number) => text + ' '.repeat(Math.max(0, w - length(text)));
  const render = (cells: string[]) => {
    const wrapped = cells.map((text, i) => wrapCell(text, widths[i]!));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    return Array.from({ length: height }, (_, k) => wrapped.map((lines, i) => pad(lines[k] ?? '', widths[i]!)).join('  ').trimEnd());
  };
  const header = render(result.columns);
  const rows = texts.map(render);
  const spaced = rows.some((lines) => lines.length > 1);
  const body = spaced ? rows.flatMap((lines, i) => (i ? ['', ...lines] : lines)) : rows.flat();
  const out = [...header, widths.map((w) => '-'.repeat(w)).join('  '), ...body];
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}

export function formatJson(result: Pick<QueryResult, 'rows'>): string {
  return `${JSON.stringify(result.rows, null, 2)}\n`;
}

/** RFC 4180 CSV: fields with comma, quote or newline are quoted, quotes doubled; non-strings as JSON. */
export function formatCsv(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const field = (v: unknown) => {
    const text = cellText(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [result.columns.map(field).join(','), ...result.rows.map((r) => result.columns.map((c) => field(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** cypher-shell's wording and order of the counters of a write; "(no changes)" when nothing changed. */
const COUNTERS: [string, string][] = [
  ['nodesCreated', 'Added %d nodes'],
  ['nodesDeleted', 'Deleted %d nodes'],
  ['relationshipsCreated', 'Created %d relationships'],
  ['relationshipsDeleted', 'Deleted %d relationships'],
  ['propertiesSet', 'Set %d properties'],
  ['labelsAdded', 'Added %d labels'],
  ['labelsRemoved', 'Removed %d labels'],
  ['indexesAdded', 'Added %d indexes'],
  ['indexesRemoved', 'Removed %d indexes'],
  ['constraintsAdded', 'Added %d constraints'],
  ['constraintsRemoved', 'Removed %d constraints'],
  ['systemUpdates', 'System updates: %d'],
];

export function formatCounters(counters: Record<string, number>): string {
  const parts = COUNTERS.filter(([key]) => (counters[key] ?? 0) !== 0).map(([key, text]) => text.replace('%d', String(counters[key])));
  return parts.length ? parts.join(', ') : '(no changes)';
}
