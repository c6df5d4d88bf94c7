// The sources stage: expand inputs, read each file as a stream of records, validate, identify, merge.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Paper, Provenance, ReadStats, Rejection, RejectCode, SourceFormat } from '../types.ts';
import { detectFormat, HEAD_BYTES, isSupportedFile } from './detect.ts';
import { SourceError } from './errors.ts';
import { parseArxiv } from './formats/arxiv.ts';
import { parseCsv } from './formats/csv.ts';
import { parseHfPage } from './formats/hf-page.ts';
import { parseJson } from './formats/json.ts';
import { parseJsonl } from './formats/jsonl.ts';
import { cleanText, normaliseTitle, paperId } from './identity.ts';
import { BUNDLED_CORPUS, PROGRESS_EVERY, validateReadOptions, type ReadOptions } from './options.ts';
import type { Draft, Parser, RawRecord } from './record.ts';
import { escapeControls } from './safe-text.ts';

export const PARSERS: Readonly<Record<SourceFormat, Parser>> = {
  'hf-page': parseHfPage,
  jsonl: parseJsonl,
  json: parseJson,
  'hf-api': parseJson,
  arxiv: parseArxiv,
  csv: parseCsv,
};

/** Bytes at the start of a file searched for NUL to call it binary. */
const BINARY_PROBE = 1024;

export const isRejection = (item: RawRecord | Rejection): item is Rejection => 'code' in item;

/** One input file: where to read it and the name provenance and rejections show. */
export interface InputFile {
  path: string;
  name: string;
}

/**
 * Stream one file's records in file order: validated records and rejections. Never throws for bad
 * data; the whole-file outcomes (missing, binary, empty, unknown format, unreadable) are one
 * rejection at line 0.
 */
export async function* readRecords(
  input: string | InputFile,
  options: Partial<ReadOptions> = {},
): AsyncGenerator<RawRecord | Rejection> {
  const opts = validateReadOptions(options);
  const { path, name } = typeof input === 'string' ? { path: input, name: input } : input;
  const reject = (code: RejectCode, line: number, message: string): Rejection => ({ code, file: name, line, message: escapeControls(message) });

  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    yield code === 'ENOENT' || code === 'ENOTDIR'
      ? reject('missing-file', 0, 'no such file')
      : code === 'ELOOP'
        ? reject('symlink-loop', 0, 'symbolic links loop')
        : reject('unreadable-file', 0, `cannot read: ${code ?? (e as Error).message}`);
    return;
  }
  if (info.isDirectory()) {
    yield reject('is-directory', 0, 'is a directory (readPapers expands directories; readRecords reads files)');
    return;
  }
  if (!info.isFile()) {
    // Opening a FIFO blocks until a writer comes; a device can stream forever. Neither is a paper file.
    yield reject('special-file', 0, `is a ${specialKind(info)}, not a regular file`);
    return;
  }

  let yielded = 0;
  let lastLine = 0;
  try {
    const { head, rest, failed } = await openContent(path, HEAD_BYTES);
    if (head.length === 0 && failed) throw failed;
    // A head shorter than asked for is the whole file.
    if (head.length === 0 || (!failed && head.length < HEAD_BYTES && head.toString('latin1').trim() === '')) {
      yield reject('empty-file', 0, head.length === 0 ? 'file is empty' : 'file holds only whitespace');
      return;
    }
    if (head.subarray(0, BINARY_PROBE).includes(0)) {
      yield reject('binary-file', 0, `NUL byte in the first ${BINARY_PROBE} bytes: not a text file`);
      return;
    }
    const format = opts.format ?? detectFormat(name, head);
    if (!format) {
      yield reject('unknown-format', 0, 'cannot tell the format from the name or content; pass `format`');
      return;
    }
    for await (const item of PARSERS[format](rest, { maxRecordBytes: opts.maxRecordBytes })) {
      yielded++;
      lastLine = item.line;
      if ('code' in item) yield reject(item.code, item.line, item.message);
      else yield validate(item, { file: name, line: item.line, format }, reject);
    }
  } catch (e) {
    // Stream-level failures: a corrupt .gz, an I/O error. Records read before it are kept.
    yield reject('unreadable-file', lastLine, `read failed: ${(e as Error).message}`);
    return;
  }
  if (yielded === 0) yield reject('empty-file', 0, 'no records found');
}

function validate(
  d: Draft,
  source: Provenance,
  reject: (code: RejectCode, line: number, message: string) => Rejection,
): RawRecord | Rejection {
  const title = cleanText(d.title ?? '');
  if (!title) return reject('missing-title', d.line, 'record has no title');
  const abstract = cleanText(d.abstract ?? '');
  if (!abstract) return reject('missing-abstract', d.line, 'record has no abstract');
  const rec: RawRecord = { title, abstract, authors: d.authors ?? [], source };
  if (d.id) rec.id = d.id;
  if (d.arxivId) rec.arxivId = d.arxivId;
  if (d.date) rec.date = d.date;
  if (d.url) rec.url = d.url;
  return rec;
}

function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'named pipe (FIFO)';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  return 'special file';
}

/**
 * Open a file as a byte stream, gunzipping when it starts with the gzip magic bytes (whatever its
 * name), and read ahead `headBytes` of content for detection. `rest` replays the head. A stream
 * that fails within the head (a .gz cut short in its first 64 KiB) keeps what it gave: `failed`
 * is the error, `rest` replays the head and then throws it, so records before the break are read.
 */
async function openContent(path: string, headBytes: number): Promise<Peeked> {
  const raw = await peek(createReadStream(path, { highWaterMark: 64 * 1024 }), 2);
  let content: AsyncIterable<Buffer> = raw.rest;
  if (raw.head[0] === 0x1f && raw.head[1] === 0x8b) {
    const gunzip = createGunzip();
    // Errors on either side surface when `gunzip` is iterated; the promise itself is only awaited there.
    pipeline(Readable.from(raw.rest), gunzip).catch(() => undefined);
    content = gunzip;
  }
  return peek(content, headBytes);
}

interface Peeked {
  head: Buffer;
  rest: AsyncIterable<Buffer>;
  /** The error the stream failed with while the head was read. */
  failed?: Error;
}

async function peek(source: AsyncIterable<Buffer>, n: number): Promise<Peeked> {
  const it = source[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  let failed: Error | undefined;
  while (size < n) {
    let r: IteratorResult<Buffer>;
    try {
      r = await it.next();
    } catch (e) {
      failed = e as Error;
      done = true;
      break;
    }
    if (r.done) {
      done = true;
      break;
    }
    seen.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(seen, size);
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield* seen;
      if (failed) throw failed;
      if (done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      // Stopped early (strict mode, a consumer breaking out): close the file now, not at GC.
      if (!done) await it.return?.();
    }
  }
  return failed ? { head, rest: rest(), failed } : { head, rest: rest() };
}

/**
 * Input paths → files in reading order. A directory gives its supported files (by extension,
 * `.gz` looked through) recursively, sorted by path, dot-files skipped; symbolic links are followed,
 * a link back into a directory being read (or to one already read) is a `symlink-loop`, a broken
 * link a `missing-file`, a sub-directory that cannot be listed an `unreadable-file`, a FIFO, socket
 * or device with a supported name a `special-file` — each a rejection, and the rest is read. A
 * directory with no supported files gives an `is-directory` rejection. Anything else is passed on
 * and `readRecords` decides.
 */
export async function* expandInputs(inputs: readonly string[]): AsyncGenerator<InputFile | Rejection> {
  for (const input of inputs) {
    let info: Stats | undefined;
    try {
      info = await stat(input);
    } catch {
      // Missing or unreadable: readRecords gives the precise rejection.
    }
    if (!info?.isDirectory()) {
      yield { path: input, name: displayName(input) };
      continue;
    }
    const found: Listed[] = [];
    await walk(input, '', new Set([dirKey(info)]), new Set([dirKey(info)]), found);
    found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    if (!found.some((f) => !('code' in f.item))) {
      yield { code: 'is-directory', file: displayName(input), line: 0, message: 'directory holds no supported files' };
    }
    for (const f of found) yield f.item;
  }
}

/** A file to read or a rejection, with its path relative to the input directory (the sort key). */
interface Listed {
  rel: string;
  item: InputFile | Rejection;
}

const dirKey = (info: Stats): string => `${info.dev}:${info.ino}`;

/**
 * Lists `root/rel` into `out`. `ancestors` are the directories on the current path (a link to one
 * of them is a loop), `seen` every directory listed so far (a second path to one is not read again).
 */
async function walk(root: string, rel: string, ancestors: Set<string>, seen: Set<string>, out: Listed[]): Promise<void> {
  const dir = join(root, rel);
  const rejection = (relPath: string, code: RejectCode, message: string): void => {
    out.push({ rel: relPath, item: { code, file: displayName(join(root, relPath)), line: 0, message: escapeControls(message) } });
  };
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    rejection(rel, 'unreadable-file', `cannot list directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return;
  }
  // By name, so which of two paths to one directory counts as the first does not depend on readdir's order.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const childRel = rel ? `${rel}/${e.name}` : e.name;
    const path = join(root, childRel);
    if (e.isFile()) {
      if (isSupportedFile(e.name)) out.push({ rel: childRel, item: { path, name: displayName(path) } });
      continue;
    }
    let info: Stats;
    try {
      // stat follows symbolic links: the entry type alone says nothing about a link's target.
      info = await stat(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') rejection(childRel, 'symlink-loop', 'symbolic links loop');
      else if (code === 'ENOENT' && e.isSymbolicLink()) rejection(childRel, 'missing-file', 'broken symbolic link');
      else rejection(childRel, 'unreadable-file', `cannot read: ${code ?? (err as Error).message}`);
      continue;
    }
    if (info.isDirectory()) {
      const key = dirKey(info);
      if (ancestors.has(key)) {
        rejection(childRel, 'symlink-loop', 'symbolic link back to a directory being read');
        continue;
      }
      if (seen.has(key)) {
        rejection(childRel, 'symlink-loop', 'symbolic link to a directory already read under another path');
        continue;
      }
      seen.add(key);
      await walk(root, childRel, new Set([...ancestors, key]), seen, out);
      continue;
    }
    if (!isSupportedFile(e.name)) continue;
    if (info.isFile()) out.push({ rel: childRel, item: { path, name: displayName(path) } });
    else rejection(childRel, 'special-file', `is a ${specialKind(info)}, not a regular file`);
  }
}

/** Files of the bundled corpus show as 'ingest/corpus/<name>' wherever the repo sits, so outputs are portable. */
function displayName(path: string): string {
  const rel = relative(BUNDLED_CORPUS, path);
  if (rel === '') return 'ingest/corpus';
  if (!rel.startsWith('..') && !rel.startsWith('/')) return `ingest/corpus/${rel.split('\\').join('/')}`;
  return path;
}

/**
 * Read every input (files, directories; none → the bundled corpus), merge duplicates and count.
 * A paper is a duplicate when its id or its normalised title was seen before; the first occurrence
 * keeps its fields, later ones fill a missing date, authors or url, and every occurrence is in
 * `sources`. Papers come in order of first appearance. `read = accepted + rejected + duplicates`.
 */
export async function readPapers(
  inputs: readonly string[],
  options: Partial<ReadOptions> = {},
): Promise<{ papers: Paper[]; stats: ReadStats }> {
  const opts = validateReadOptions(options);
  const stats: ReadStats = { read: 0, accepted: 0, rejected: 0, duplicates: 0, byCode: {}, rejections: [] };
  const papers: Paper[] = [];
  const byId = new Map<string, Paper>();
  const byTitle = new Map<string, Paper>();

  // Every rejection is counted and handed to `opts.onRejection` (the CLI streams them to rejections.jsonl);
  // only the first `keepRejections` stay in memory, so 5 M bad lines cost a counter, not gigabytes.
  const onRejection = async (r: Rejection): Promise<void> => {
    if (opts.strict) throw SourceError.from(r);
    stats.read++;
    stats.rejected++;
    stats.byCode[r.code] = (stats.byCode[r.code] ?? 0) + 1;
    if (stats.rejections.length < opts.keepRejections) stats.rejections.push(r);
    await opts.onRejection?.(r);
  };
  const progress = (): void => {
    if (opts.onProgress && stats.read % PROGRESS_EVERY === 0) opts.onProgress(stats.read);
  };

  for await (const file of expandInputs(inputs.length > 0 ? inputs : [BUNDLED_CORPUS])) {
    if ('code' in file) {
      await onRejection(file);
      continue;
    }
    for await (const item of readRecords(file, opts)) {
      if (isRejection(item)) await onRejection(item);
      else {
        stats.read++;
        merge(item);
      }
      progress();
    }
  }
  opts.onProgress?.(stats.read);
  stats.accepted = papers.length;
  return { papers: papers.map(canonicalPaper), stats };

  function merge(rec: RawRecord): void {
    const id = paperId(rec);
    const key = normaliseTitle(rec.title);
    const existing = byId.get(id) ?? (key ? byTitle.get(key) : undefined);
    if (!existing) {
      const paper: Paper = { id, title: rec.title, abstract: rec.abstract, authors: rec.authors, sources: [rec.source] };
      if (rec.date) paper.date = rec.date;
      if (rec.url) paper.url = rec.url;
      papers.push(paper);
      byId.set(id, paper);
      if (key && !byTitle.has(key)) byTitle.set(key, paper);
      return;
    }
    stats.duplicates++;
    existing.sources.push(id === existing.id ? rec.source : { ...rec.source, id });
    if (!existing.date && rec.date) existing.date = rec.date;
    if (existing.authors.length === 0 && rec.authors.length > 0) existing.authors = rec.authors;
    if (!existing.url && rec.url) existing.url = rec.url;
    if (!byId.has(id)) byId.set(id, existing);
  }
}

/** The same key order for every paper (fields filled in by a later duplicate would otherwise come last). */
function canonicalPaper(p: Paper): Paper {
  const out: Paper = { id: p.id, title: p.title, abstract: p.abstract } as Paper;
  if (p.date) out.date = p.date;
  out.authors = p.authors;
  if (p.url) out.url = p.url;
  out.sources = p.sources;
  return out;
}

/** One rejection as a line for logs: 'data/a.jsonl:4: missing-abstract: record has no abstract' (control characters escaped). */
export function formatRejection(r: Rejection): string {
  return escapeControls(`${r.file}:${r.line}: ${r.code}: ${r.message}`);
}

/** 'read 636 = accepted 546 + rejected 0 + duplicates 90', then per-code counts when any were rejected. */
export function formatReadSummary(stats: ReadStats): string {
  const head = `read ${stats.read} = accepted ${stats.accepted} + rejected ${stats.rejected} + duplicates ${stats.duplicates}`;
  const codes = (Object.entries(stats.byCode) as [RejectCode, number][])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => `${code} ${n}`);
  return codes.length > 0 ? `${head} (${codes.join(', ')})` : head;
}

