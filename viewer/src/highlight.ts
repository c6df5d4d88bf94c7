// Split an abstract into plain and entity segments so the panel can highlight entities with DOM text nodes (never HTML).

export interface Term {
  text: string;
  /** Node key the term points to. */
  node: string;
}

export interface Segment {
  text: string;
  node: string | null;
}

const WORD = /[\p{L}\p{N}]/u;

/**
 * Occurrences of the terms (case-insensitive, on word boundaries), longest first, without overlaps.
 * highlightSegments('We beat BERT on GLUE.', [{text:'BERT',node:'m'}]) → ['We beat ', 'BERT'(m), ' on GLUE.']
 */
export function highlightSegments(text: string, terms: readonly Term[]): Segment[] {
  const lower = text.toLowerCase();
  const matches: { start: number; end: number; node: string }[] = [];
  const sorted = [...terms].filter((t) => t.text.trim().length >= 2).sort((a, b) => b.text.length - a.text.length);
  const taken = new Uint8Array(text.length);
  for (const term of sorted) {
    const needle = term.text.toLowerCase();
    let from = 0;
    for (;;) {
      const at = lower.indexOf(needle, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + needle.length;
      const before = text.charAt(at - 1);
      const after = text.charAt(end);
      if ((before && WORD.test(before) && WORD.test(needle.charAt(0))) || (after && WORD.test(after) && WORD.test(needle.charAt(needle.length - 1)))) continue;
      let free = true;
      for (let i = at; i < end; i++) if (taken[i]) { free = false; break; }
      if (!free) continue;
      taken.fill(1, at, end);
      matches.push({ start: at, end, node: term.node });
    }
  }
  matches.sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let pos = 0;
  for (const m of matches) {
    if (m.start > pos) segments.push({ text: text.slice(pos, m.start), node: null });
    segments.push({ text: text.slice(m.start, m.end), node: m.node });
    pos = m.end;
  }
  if (pos < text.length) segments.push({ text: text.slice(pos), node: null });
  return segments;
}

/** Only http(s) links become anchors: `javascript:` and friends are shown as text. */
export function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
