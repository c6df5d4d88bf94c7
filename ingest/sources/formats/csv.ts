// CSV/TSV with a header row naming the title and abstract columns, read record by record from lines.
// Our own RFC 4180 reader rather than csv-parse: it must re-read the lines after a bogus opening
// quote (csv-parse cannot resynchronise; an unclosed quote there swallows the rest of the file).
import { asProblem, readLines, type Line, type LineProblem } from '../lines.ts';
import { arxivIdFrom, normaliseAuthors, normaliseDate } from '../identity.ts';
import type { Draft, ParseContext, ParsedItem, Problem } from '../record.ts';

/** Header names per field, compared after lower-casing and dropping non-alphanumerics ('Paper Title' → 'papertitle'). */
export const CSV_COLUMNS = {
  title: ['title', 'papertitle', 'articletitle'],
  abstract: ['abstract', 'summary', 'paperabstract', 'abstracttext', 'description'],
  id: ['id', 'paperid'],
  arxivId: ['arxivid', 'arxiv'],
  date: ['date', 'published', 'publishedat', 'publicationdate', 'year'],
  authors: ['authors', 'author'],
  url: ['url', 'link', 'absurl', 'pdfurl'],
} as const;
type Column = keyof typeof CSV_COLUMNS;

const headerKey = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The delimiter of a header line: the most frequent of comma, tab, semicolon (comma on a tie). */
export function sniffDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const n = header.split(d).length - 1;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

/** Column index per field from a header row, or undefined when title or abstract has no column. */
export function mapHeader(header: readonly string[]): Partial<Record<Column, number>> | undefined {
  const keys = header.map(headerKey);
  const map: Partial<Record<Column, number>> = {};
  for (const col of Object.keys(CSV_COLUMNS) as Column[]) {
    for (const name of CSV_COLUMNS[col]) {
      const i = keys.indexOf(name);
      if (i >= 0) {
        map[col] = i;
        break;
      }
    }
  }
  return map.title !== undefined && map.abstract !== undefined ? map : undefined;
}

/** One CSV record being assembled from lines. */
interface Pending {
  /** First line of the record. */
  start: number;
  fields: string[];
  field: string;
  /** Inside a quoted field that has not closed yet. */
  inQuotes: boolean;
  /** Line on which the open quoted field began. */
  quoteLine: number;
  /** Characters read so far (the record's size against `maxRecordBytes`). */
  size: number;
  /** Lines of the record while it stays under `maxRecordBytes`, kept to be read again if its quote proves bogus. */
  held: (Line | LineProblem)[];
  /** First line no longer held (the record grew over the limit), if any. */
  notHeldFrom?: number;
  /** The first unreadable line inside the record. */
  problem?: Problem;
}

type LineOutcome = 'done' | 'open' | 'bad-close';

/**
 * Scan one line of text into the record: fields split on `delimiter`, RFC 4180 quotes (`""` is a
 * quote). A quoted field that is still open at the end of the line continues on the next line
 * ('open'). A quote closing a field opened on this line but followed by more text is kept as text
 * (`"B"x` → the field `"B"x`); the same after a field that ran over several lines means the quote
 * that opened it was never meant to ('bad-close'), so the record is rejected and its lines re-read.
 */
function scanLine(text: string, lineNo: number, rec: Pending, delimiter: string): LineOutcome {
  let i = 0;
  let rawStart = 0; // where the current field began on this line (for the relaxed `"B"x` case)
  /** The field ends with `value` at `end` (a delimiter, or the end of the line): 'done', or where the next field starts. */
  const endField = (value: string, end: number): number | 'done' => {
    rec.fields.push(value);
    rec.field = '';
    if (end >= text.length) return 'done';
    if (end + 1 === text.length) {
      rec.fields.push(''); // a delimiter ending the line: one more, empty field
      return 'done';
    }
    return end + 1;
  };
  if (rec.inQuotes) rec.field += '\n';
  for (;;) {
    let next: number | 'done';
    if (rec.inQuotes) {
      const q = text.indexOf('"', i);
      if (q < 0) {
        rec.field += text.slice(i);
        return 'open';
      }
      rec.field += text.slice(i, q);
      if (text[q + 1] === '"') {
        rec.field += '"';
        i = q + 2;
        continue;
      }
      rec.inQuotes = false;
      const after = text[q + 1];
      if (after === undefined || after === delimiter) next = endField(rec.field, q + 1);
      else if (rec.quoteLine !== lineNo) return 'bad-close';
      else {
        // A stray quote in a one-line field: the field is its text as written, up to the next delimiter.
        const d = text.indexOf(delimiter, q + 1);
        next = endField(text.slice(rawStart, d < 0 ? text.length : d), d < 0 ? text.length : d);
      }
    } else if (text[i] === '"') {
      rec.inQuotes = true;
      rec.quoteLine = lineNo;
      rawStart = i;
      i++;
      continue;
    } else {
      const d = text.indexOf(delimiter, i);
      next = endField(text.slice(i, d < 0 ? text.length : d), d < 0 ? text.length : d);
    }
    if (next === 'done') return 'done';
    i = rawStart = next;
  }
}

/**
 * CSV/TSV records from lines (`readLines`: over-long lines are never buffered, invalid UTF-8 is
 * found per line), read by header position (ragged rows allowed). A record spanning lines is held
 * until it ends, up to `maxRecordBytes`; past that its text is dropped as it streams and the
 * record is `line-too-long`. A quoted field that never closes, or whose closing quote is followed
 * by text on a later line, is an `invalid-csv` at the record's first line, and the lines after it
 * are read again as records — so an unclosed quote costs only its own row, never a merged one.
 * (Lines past `maxRecordBytes` of such a field are not held and cannot be re-read: the rejection
 * names them.) An unreadable line inside a record rejects that record with the line's code.
 */
export async function* parseCsv(bytes: AsyncIterable<Buffer>, ctx: ParseContext): AsyncGenerator<ParsedItem> {
  const source = readLines(bytes, ctx.maxRecordBytes)[Symbol.asyncIterator]();
  const replay: (Line | LineProblem)[] = [];
  const next = async (): Promise<Line | LineProblem | undefined> => {
    if (replay.length > 0) return replay.shift();
    const r = await source.next();
    return r.done ? undefined : r.value;
  };

  let delimiter: string | undefined;
  let columns: Partial<Record<Column, number>> | undefined;
  let rec: Pending | undefined;

  /** A complete record: the header, a draft, or the rejection it stands for. */
  const finish = (r: Pending): ParsedItem | 'header' | undefined => {
    if (r.problem) return { ...r.problem, line: r.start, message: r.problem.line === r.start ? r.problem.message : `${r.problem.message} (line ${r.problem.line} of the record)` };
    if (r.size > ctx.maxRecordBytes) {
      return { code: 'line-too-long', line: r.start, message: `record longer than ${ctx.maxRecordBytes} characters (${r.size}), skipped` };
    }
    if (!columns) {
      columns = mapHeader(r.fields);
      if (!columns) return 'header';
      return undefined;
    }
    return draftFromRow(r.fields, columns, r.start);
  };
  /** The record's opening quote was bogus: reject it and queue its other lines to be read again. */
  const bogusQuote = (r: Pending, why: string): Problem => {
    replay.unshift(...r.held.slice(1));
    const lost = r.notHeldFrom === undefined ? '' : `; lines ${r.notHeldFrom}+ ran past ${ctx.maxRecordBytes} characters inside it and are skipped`;
    return { code: 'invalid-csv', line: r.start, message: `quote opened on line ${r.quoteLine} ${why}${lost}` };
  };

  for (;;) {
    const l = await next();
    if (l === undefined) {
      if (!rec) break;
      // End of file inside a quoted field: reject the record, read its other lines again.
      const r = rec;
      rec = undefined;
      yield columns ? bogusQuote(r, 'is never closed') : badHeader(r, 'holds a quote that is never closed');
      if (!columns) return;
      continue;
    }
    const text = 'code' in l ? l.lossy : l.text;
    if (!rec) {
      if (text === undefined) {
        // An over-long line outside a record is a record of its own, never buffered.
        yield asProblem(l as LineProblem);
        continue;
      }
      if (text.trim() === '') continue;
      delimiter ??= sniffDelimiter(text);
      rec = { start: l.line, fields: [], field: '', inQuotes: false, quoteLine: 0, size: 0, held: [] };
    }
    if ('code' in l && !rec.problem) rec.problem = asProblem(l);
    rec.size += (text?.length ?? ctx.maxRecordBytes + 1) + (rec.held.length > 0 ? 1 : 0);
    if (rec.notHeldFrom === undefined && rec.size <= ctx.maxRecordBytes) rec.held.push(l);
    else {
      rec.notHeldFrom ??= l.line;
      rec.field = ''; // the record is rejected as too long: its text is not kept
    }
    const outcome = text === undefined ? 'open' : scanLine(text, l.line, rec, delimiter!);
    if (outcome === 'open') continue;
    const r = rec;
    rec = undefined;
    if (outcome === 'bad-close') {
      yield columns ? bogusQuote(r, `closes on line ${l.line} with text after it`) : badHeader(r, 'holds a quote that closes with text after it');
      if (!columns) return;
      continue;
    }
    const item = finish(r);
    if (item === 'header') {
      yield badHeader(r, `names no title and abstract columns (got: ${r.fields.join(', ').slice(0, 200)})`);
      return;
    }
    if (item) yield item;
  }

  function badHeader(r: Pending, why: string): Problem {
    return { code: 'invalid-csv', line: r.start, message: `header row ${why}` };
  }
}

function draftFromRow(record: readonly string[], columns: Partial<Record<Column, number>>, line: number): Draft {
  const get = (c: Column): string | undefined => {
    const i = columns[c];
    const v = i === undefined ? undefined : record[i]?.trim();
    return v ? v : undefined;
  };
  const draft: Draft = { line };
  const title = get('title');
  const abstract = get('abstract');
  if (title) draft.title = title;
  if (abstract) draft.abstract = abstract;
  const id = get('id');
  if (id) draft.id = id;
  const arxiv = arxivIdFrom(get('arxivId'));
  if (arxiv) draft.arxivId = arxiv;
  const date = normaliseDate(get('date'));
  if (date) draft.date = date;
  const authors = normaliseAuthors(get('authors'));
  if (authors.length > 0) draft.authors = authors;
  const url = get('url');
  if (url) draft.url = url;
  return draft;
}
