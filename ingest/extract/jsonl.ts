// entities.jsonl rows: one JSON line per paper in the format ../shared/gold/score.py reads.
import type { EntityType, Extraction, Role } from '../types.ts';

export interface EntityRow {
  name: string;
  type: EntityType;
  aliases: string[];
  role: Role;
}

/** One JSON line (no trailing newline); entities in a deterministic order (type, then name, then aliases). */
export function entityLine(paper: { id: string; title: string }, entities: EntityRow[]): string {
  const rows = entities
    .map((e) => ({ name: e.name, type: e.type, aliases: [...e.aliases], role: e.role }))
    .sort((a, b) => cmp(a.type, b.type) || cmp(a.name, b.name) || cmp(a.aliases.join('\u0000'), b.aliases.join('\u0000')));
  return JSON.stringify({ id: paper.id, title: paper.title, entities: rows });
}

/** The rows of one extraction, for `entityLine`. */
export function entityRows(extraction: Extraction): EntityRow[] {
  return extraction.entities.map((e) => ({ name: e.name, type: e.type, aliases: e.aliases, role: e.role }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
