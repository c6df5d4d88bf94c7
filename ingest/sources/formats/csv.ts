// CSV/TSV with a header row naming the title and abstract columns, parsed by csv-parse (streaming).
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { asProblem, readLines, type Line } from '../lines.ts';
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

/**
 * Lines come from `readLines`, so over-long lines are never buffered and invalid UTF-8 is found
 * per line. Such a line is fed to csv-parse lossily decoded, or empty when too long (keeping line
 * numbers aligned), and the record covering it is rejected with the line's code. Stray quotes are
 * kept as text (`relax_quotes`: '"B"x' is the field `"B"x`); ragged rows are read by header
 * position. A record over `maxRecordBytes` is `line-too-long`: one over-long line is never buffered,
 * but a quoted field spread over many lines each under the limit is held by csv-parse until it
 * ends (its own `max_record_size` reports every further character and loses the next record). An
 * unclosed quote swallows the rest of the file (csv-parse cannot resynchronise) and is one
 * `invalid-csv` at the record's first line.
 */
export async function* parseCsv(bytes: AsyncIterable<Buffer>, ctx: ParseContext): AsyncGenerator<ParsedItem> {
  const lines = readLines(bytes, ctx.maxRecordBytes)[Symbol.asyncIterator]();
  const flagged = new Map<number, Problem>(); // unreadable lines not yet attributed to a record
  const blankLines = new Set<number>(); // blank lines after the last record csv-parse produced

  // The first readable line is the header and fixes the delimiter.
  let first = await lines.next();
  for (; !first.done && 'code' in first.value; first = await lines.next()) yield asProblem(first.value);
  if (first.done || 'code' in first.value) return;
  const headerLine: Line = first.value;
  const delimiter = sniffDelimiter(headerLine.text);

  async function* text(): AsyncGenerator<string> {
    let batch = '\n'.repeat(headerLine.line - 1) + headerLine.text + '\n';
    for (let r = await lines.next(); !r.done; r = await lines.next()) {
      const l = r.value;
      if ('code' in l) {
        // Keep the CSV structure: an invalid-UTF-8 line goes in lossily decoded (its quotes and
        // delimiters intact); an over-long line, never buffered, goes in as an empty line.
        flagged.set(l.line, asProblem(l));
        batch += (l.lossy ?? '') + '\n';
      } else {
        if (l.text.trim() === '') blankLines.add(l.line);
        batch += l.text + '\n';
      }
      if (batch.length >= 65536) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }

  const skipped: Problem[] = [];
  let lastRecordEnd = headerLine.line - 1; // last line of the last record csv-parse produced
  const parser = Readable.from(text()).pipe(
    parse({
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (record: string[], context: { lines: number }) => {
        lastRecordEnd = context.lines;
        for (const l of blankLines) {
          if (l > lastRecordEnd) break;
          blankLines.delete(l);
        }
        return record;
      },
    }),
  );
  parser.on('skip', (err: CsvError) => {
    // csv-parse reports the line it stopped on; the record began after the previous one ended.
    let start = lastRecordEnd + 1;
    while (blankLines.has(start)) start++;
    const line = Math.min(typeof err.lines === 'number' ? err.lines : start, start);
    // One record can raise several errors; it is one rejection.
    if (skipped.at(-1)?.line !== line) skipped.push({ code: 'invalid-csv', line, message: err.message });
  });

  // Problems on lines before `line` that no record claimed, in line order.
  function* unclaimedBefore(line: number): Generator<Problem> {
    const pending = [...skipped.splice(0), ...[...flagged.values()].filter((p) => p.line < line)];
    for (const p of pending) flagged.delete(p.line);
    yield* pending.sort((a, b) => a.line - b.line);
  }

  let columns: Partial<Record<Column, number>> | undefined;
  let headerSeen = false;
  for await (const row of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    const end = row.info.lines;
    const inner = row.raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
    const start = end - (inner.match(/\n/g)?.length ?? 0);
    yield* unclaimedBefore(start);
    let bad: Problem | undefined;
    for (let l = start; l <= end; l++) {
      const p = flagged.get(l);
      if (p) {
        flagged.delete(l);
        bad ??= { ...p, line: start, message: l === start ? p.message : `${p.message} (line ${l} of the record)` };
      }
    }
    if (!headerSeen) {
      headerSeen = true;
      columns = mapHeader(row.record);
      if (!columns || bad) {
        yield {
          code: 'invalid-csv',
          line: start,
          message: `header row names no title and abstract columns (got: ${row.record.join(', ').slice(0, 200)})`,
        };
        return;
      }
      continue;
    }
    if (bad) {
      yield bad;
      continue;
    }
    if (row.raw.length > ctx.maxRecordBytes) {
      yield { code: 'line-too-long', line: start, message: `record longer than ${ctx.maxRecordBytes} characters (${row.raw.length}), skipped` };
      continue;
    }
    yield draftFromRow(row.record, columns!, start);
  }
  yield* unclaimedBefore(Number.MAX_SAFE_INTEGER);
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
