// Format detection from the file name and the first bytes of (decompressed) content.
import { extname } from 'node:path';
import type { SourceFormat } from '../types.ts';
import { PAGE_CHROME } from './formats/hf-page.ts';
import { mapHeader, sniffDelimiter } from './formats/csv.ts';

/** Extensions (after an optional `.gz`) and the format each suggests. */
export const EXTENSIONS: Readonly<Record<string, SourceFormat>> = {
  '.txt': 'hf-page',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.xml': 'arxiv',
  '.atom': 'arxiv',
  '.csv': 'csv',
  '.tsv': 'csv',
};

/** Bytes of content `detectFormat` looks at. */
export const HEAD_BYTES = 64 * 1024;

/** The extension that decides a file's format, `.gz` looked through: 'a.jsonl.gz' → '.jsonl'. */
export function formatExtension(file: string): string {
  const base = file.toLowerCase().replace(/\.gz$/, '');
  return extname(base);
}

/** Whether a directory listing should pick this file up. */
export function isSupportedFile(file: string): boolean {
  return formatExtension(file) in EXTENSIONS;
}

/**
 * The format of a file from its content, with the extension breaking ties; undefined when neither
 * says anything. Content wins where it is unambiguous: a `.json` file of one object per line is
 * JSON Lines, a `.txt` file starting with `<feed` is Atom.
 *   '[{"paper": {…}}]' → 'hf-api'; '[{"title": …}]' → 'json'; '{"title": …}\n{…}' → 'jsonl';
 *   '<?xml …><feed …>' → 'arxiv'; 'Title,Abstract\n…' → 'csv'; page chrome → 'hf-page'.
 */
export function detectFormat(file: string, head: Buffer): SourceFormat | undefined {
  const byExt = EXTENSIONS[formatExtension(file)];
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart();
  const c = start[0];

  if (c === '<') {
    if (/<(?:\w+:)?(?:feed|entry)[\s>]/.test(start)) return 'arxiv';
    return byExt === 'arxiv' ? 'arxiv' : undefined;
  }
  if (c === '[') {
    // daily_papers items: `{"paper": {…}, "title": …}` — "paper" need not be the first key.
    if (/^\[\s*\{/.test(start) && /"paper"\s*:\s*\{/.test(start)) return 'hf-api';
    if (byExt === 'json' || byExt === 'jsonl' || /^\[\s*[{\]]/.test(start)) return 'json';
  }
  if (c === '{') {
    if (byExt === 'jsonl') return 'jsonl';
    // One complete object on the first line → JSON Lines; otherwise a pretty-printed object (sequence).
    const firstLine = start.split('\n', 1)[0]!.trim();
    if (firstLine.endsWith('}') && isJson(firstLine)) return 'jsonl';
    return 'json';
  }
  if (byExt === 'csv') return 'csv';
  const firstLine = start.split('\n', 1)[0]!.replace(/\r$/, '');
  const delimiter = sniffDelimiter(firstLine);
  if (firstLine.includes(delimiter) && mapHeader(splitHeader(firstLine, delimiter))) return 'csv';
  if (byExt === 'hf-page') return 'hf-page';
  const lines = start.split('\n', 50).map((l) => l.trim());
  if (lines.some((l) => PAGE_CHROME.has(l) || l.startsWith('Subscribe'))) return 'hf-page';
  return byExt;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** Header cells for detection only (quotes stripped; the real parse is formats/csv.ts). */
function splitHeader(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, ''));
}
