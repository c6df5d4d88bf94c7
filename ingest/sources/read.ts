// The sources stage: expand inputs, read each file as a stream of records, validate, identify, merge.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
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
  const reject = (code: RejectCode, line: number, message: string): Rejection => ({ code, file: name, line, message });

  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    yield code === 'ENOENT' || code === 'ENOTDIR'
      ? reject('missing-file', 0, 'no such file')
      : reject('unreadable-file', 0, `cannot read: ${code ?? (e as Error).message}`);
    return;
  }
  if (info.isDirectory()) {
    yield reject('is-directory', 0, 'is a directory (readPapers expands directories; readRecords reads files)');
    return;
  }

  let yielded = 0;
  let lastLine = 0;
  try {
    const { head, rest } = await openContent(path, HEAD_BYTES);
    // A head shorter than asked for is the whole file.
    if (head.length === 0 || (head.length < HEAD_BYTES && head.toString('latin1').trim() === '')) {
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

/**
 * Open a file as a byte stream, gunzipping when it starts with the gzip magic bytes (whatever its
 * name), and read ahead `headBytes` of content for detection. `rest` replays the head.
 */
async function openContent(path: string, headBytes: number): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
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

async function peek(source: AsyncIterable<Buffer>, n: number): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
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
      if (done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      // Stopped early (strict mode, a consumer breaking out): close the file now, not at GC.
      if (!done) await it.return?.();
    }
  }
  return { head, rest: rest() };
}

/**
 * Input paths → files in reading order. A directory gives its supported files (by extension,
 * `.gz` looked through) recursively, sorted by path, dot-files skipped; a directory with none gives
 * an `is-directory` rejection. Anything else is passed on and `readRecords` decides.
 */
export async function* expandInputs(inputs: readonly string[]): AsyncGenerator<InputFile | Rejection> {
  for (const input of inputs) {
    let isDir = false;
    try {
      isDir = (await stat(input)).isDirectory();
    } catch {
      // Missing or unreadable: readRecords gives the precise rejection.
    }
    if (!isDir) {
      yield { path: input, name: displayName(input) };
      continue;
    }
    const files = (await listFiles(input)).filter(isSupportedFile).sort();
    if (files.length === 0) {
      yield { code: 'is-directory', file: displayName(input), line: 0, message: 'directory holds no supported files' };
    }
    for (const f of files) yield { path: join(input, f), name: displayName(join(input, f)) };
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
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

  const onRejection = (r: Rejection): void => {
    if (opts.strict) throw SourceError.from(r);
    stats.read++;
    stats.rejected++;
    stats.byCode[r.code] = (stats.byCode[r.code] ?? 0) + 1;
    stats.rejections.push(r);
  };
  const progress = (): void => {
    if (opts.onProgress && stats.read % PROGRESS_EVERY === 0) opts.onProgress(stats.read);
  };

  for await (const file of expandInputs(inputs.length > 0 ? inputs : [BUNDLED_CORPUS])) {
    if ('code' in file) {
      onRejection(file);
      continue;
    }
    for await (const item of readRecords(file, opts)) {
      if (isRejection(item)) onRejection(item);
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

/** One rejection as a line for logs: 'data/a.jsonl:4: missing-abstract: record has no abstract'. */
export function formatRejection(r: Rejection): string {
  return `${r.file}:${r.line}: ${r.code}: ${r.message}`;
}

/** 'read 636 = accepted 546 + rejected 0 + duplicates 90', then per-code counts when any were rejected. */
export function formatReadSummary(stats: ReadStats): string {
  const head = `read ${stats.read} = accepted ${stats.accepted} + rejected ${stats.rejected} + duplicates ${stats.duplicates}`;
  const codes = (Object.entries(stats.byCode) as [RejectCode, number][])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => `${code} ${n}`);
  return codes.length > 0 ? `${head} (${codes.join(', ')})` : head;
}

