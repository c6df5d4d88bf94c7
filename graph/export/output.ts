// An output directory written as one unit: every file (and directory, e.g. neo4j-import/) goes to a
// temporary beside its final name and is renamed into place only when all of them were written, so a full
// disk or a crash leaves the previous outputs whole. Writers stream text; nothing builds a whole file.
import { randomBytes } from 'node:crypto';
import { closeSync, fsync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { kill } from 'node:process';
import { dirname, join, relative } from 'node:path';
import { PapergraphError } from '../../ingest/errors.ts';

/** Writing an output failed; the message names the file, and the previous outputs are untouched. */
export class OutputError extends PapergraphError<'write-failed'> {
  readonly file: string;
  constructor(file: string, cause: unknown) {
    const e = cause as NodeJS.ErrnoException;
    super('write-failed', `cannot write ${file}: ${e.code === 'ENOSPC' ? 'no space left on device' : (e.message ?? String(cause))}`, { cause });
    this.file = file;
  }
}

/** Pieces shorter than this many UTF-16 units are joined before they are encoded, up to PENDING_UNITS. */
const SMALL_PIECE = 4096;
const PENDING_UNITS = 16_384;

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;

/** A character beyond Latin-1: V8 stores a string holding one with two bytes per character. */
const WIDE = /[^\x00-\xff]/;

/**
 * Whether a string, or a string in a list or record (at any depth), holds a character beyond Latin-1: what a writer
 * passes as `OutputFile.write`'s `wide` for a piece made of it. A one-byte string answers at once (V8 knows it holds
 * no such character), a two-byte one at its first wide character.
 */
export function holdsWide(value: unknown): boolean {
  if (typeof value === 'string') return WIDE.test(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const element of value) if (holdsWide(element)) return true;
    return false;
  }
  for (const name in value) if (WIDE.test(name) || holdsWide((value as Record<string, unknown>)[name])) return true;
  return false;
}

/** Bytes buffered before they are handed to the file. */
const BUFFER_BYTES = 1 << 20;

export interface OutputFileOptions {
  /** fsync on close (default; a file renamed into place); the members of a temporary directory may skip it. */
  sync?: boolean;
  /** Size of the buffer text is encoded into (default 1 MiB); smaller for many files open at once. */
  bufferBytes?: number;
  /**
   * Write from this byte on, in a file another writer began (opened without truncating it): the rest of a file
   * whose first part an `OutputFilePart` wrote, up to its `position()`.
   */
  at?: number;
  /**
   * Every piece written ends with an ASCII character (markup, a newline, JSON punctuation: the graph files and the
   * CSVs): small pieces are then joined without reading their last unit, which flattens each piece (a copy) — ACL,
   * the graph files and CSVs: ~0.4 CPU-s less on the graph-files worker, ~0.2 on the main thread.
   */
  asciiEnds?: boolean;
}

/**
 * One open temporary file: `write` encodes each piece of text straight into a 1 MiB buffer; a full buffer is
 * handed to the file (in order, one write at a time) while the next one fills; `close` flushes, syncs and
 * closes. No piece outlives its `write` call and no joined string is built, so a big file leaves no garbage
 * behind in V8's old generation (ACL graph: joining 1 MiB of pieces per flush, as this did before, grew the
 * heap by ~800 MB during graph.graphml and cost seconds of garbage collection).
 */
export class OutputFile {
  private buffer: Buffer;
  /** Buffers whose bytes are on disk, ready to be filled again. */
  private readonly free: Buffer[] = [];
  private used = 0;
  /** Small pieces written and not yet encoded (see `write`). */
  private pendingText = '';
  /** The writes handed to the file so far, chained: they complete in order. */
  private pending: Promise<void> = Promise.resolve();
  private bytes = 0;
  private closed = false;
  private readonly sync: boolean;
  private readonly bufferBytes: number;
  private readonly at: number | undefined;
  private readonly asciiEnds: boolean;
  constructor(
    private readonly handle: FileHandle,
    /** The final path, for error messages. */
    readonly path: string,
    options: OutputFileOptions = {},
  ) {
    this.sync = options.sync ?? true;
    this.bufferBytes = options.bufferBytes ?? BUFFER_BYTES;
    this.at = options.at;
    this.asciiEnds = options.asciiEnds ?? false;
    this.buffer = Buffer.allocUnsafe(this.bufferBytes);
  }

  /** Opens `path` for writing (created or truncated); errors name `shownAs` (a temporary's final path). */
  static async open(path: string, options: OutputFileOptions = {}, shownAs = path): Promise<OutputFile> {
    try {
      return new OutputFile(await open(path, options.at === undefined ? 'w' : 'r+', 0o644), shownAs, options);
    } catch (err) {
      throw new OutputError(shownAs, err);
    }
  }

  /**
   * Appends text; returns a promise only when a flush happened (callers await it to keep memory bounded). `wide`: the
   * piece holds a character beyond Latin-1 (`holdsWide`); it is then encoded on its own rather than joined. V8 keeps
   * such a string with two bytes per character, and so a rope joining it: flattening the rope widens every one-byte
   * piece in it, and two-byte text encodes slower. ACL build, graph-files worker: one rope in ~2.5 was two-byte (the
   * evidence of entity links, titles, authors), its flattening ~16 % of the worker's CPU; marking the wide elements
   * took the worker from 11.0 to 9.9 CPU-s (means of 3 interleaved runs). Only speed depends on it, not the bytes.
   */
  write(text: string, wide = false): Promise<void> | undefined {
    if (this.closed) throw new OutputError(this.path, new Error('written after close'));
    // Small pieces (a node, an edge, a CSV row) are joined first and encoded PENDING_UNITS at a time: one encoding call
    // per ~16k characters rather than one per piece (ACL: ~6 M pieces over the output files). The joined text is a
    // rope of short-lived pieces, flattened once by the encoder. A piece ending in a high surrogate is encoded on its
    // own, as before: joined to a next piece starting with a low one, the two halves would become one character.
    if (!wide && text.length < SMALL_PIECE && (this.asciiEnds || !isHighSurrogate(text.charCodeAt(text.length - 1)))) {
      this.pendingText += text;
      if (this.pendingText.length < PENDING_UNITS) return undefined;
      text = this.pendingText;
      this.pendingText = '';
    } else if (this.pendingText.length > 0) {
      const joined = this.pendingText;
      this.pendingText = ''; // before encoding: a full buffer flushes, and flush() encodes what is pending
      const flushed = this.encode(joined);
      const next = this.encode(text);
      return flushed && next ? next : (flushed ?? next);
    }
    return this.encode(text);
  }

  /**
   * Encodes text into the buffer, handing a full buffer to the file first; a promise when that happened, which
   * resolves once the writes before that buffer's are done: the buffer goes to the disk while the next one fills (at
   * most two are in flight), rather than the writer waiting for every write to come back from the thread pool before
   * it encodes on. ACL build, graph-files worker: waiting for each write left it idle ~20% of the files stage.
   */
  private encode(text: string): Promise<void> | undefined {
    // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair 4 for its 2 units).
    if (text.length * 3 <= this.buffer.length - this.used) {
      this.used += this.buffer.write(text, this.used);
      return undefined;
    }
    const before = this.pending;
    void this.flush();
    // A failed write rejects every write queued after it (the chain) and is thrown from the next promise awaited — this
    // one's, a later one's, or close()'s flush; until then it is not an unhandled rejection.
    this.pending.catch(() => undefined);
    if (text.length * 3 <= this.buffer.length) {
      this.used = this.buffer.write(text, 0);
      return before;
    }
    const data = Buffer.from(text, 'utf8');
    return (this.pending = this.pending.then(() => this.writeOut(data)));
  }

  /** Whether the file was closed (`close()` or `discard()`): its handle is released. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes handed to the file so far. */
  get written(): number {
    return this.bytes;
  }

  private async writeOut(data: Buffer): Promise<void> {
    try {
      for (let offset = 0; offset < data.length; ) {
        const { bytesWritten } = await this.handle.write(data, offset, data.length - offset, this.at === undefined ? null : this.at + this.bytes + offset);
        offset += bytesWritten;
      }
    } catch (err) {
      throw new OutputError(this.path, err);
    }
    this.bytes += data.length;
  }

  /** Hands the buffered bytes to the file; resolves once every write so far is done. */
  flush(): Promise<void> {
    if (this.pendingText.length > 0) {
      const text = this.pendingText;
      this.pendingText = '';
      void this.encode(text);
    }
    if (this.used > 0) {
      const full = this.buffer;
      const used = this.used;
      this.buffer = this.free.pop() ?? Buffer.allocUnsafe(this.bufferBytes);
      this.used = 0;
      this.pending = this.pending.then(() => this.writeOut(full.subarray(0, used))).then(() => void this.free.push(full));
    }
    return this.pending;
  }

  /** Flushes and syncs: errors a filesystem reports late (quota, delayed allocation) surface here, before the rename. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flush();
      if (this.sync) {
        await this.handle.sync().catch((err: unknown) => {
          throw new OutputError(this.path, err);
        });
      }
    } finally {
      this.free.length = 0;
      await this.handle.close();
    }
  }

  /** Closes the file without writing what is buffered (a run that aborts): the handle is not left to the collector. */
  async discard(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.free.length = 0;
    await this.pending.catch(() => undefined);
    await this.handle.close().catch(() => undefined);
  }
}

/**
 * The first part of a file, written synchronously by a thread that cannot await between its pieces (graph.json's
 * nodes, written from the feed of the graph-files worker): one buffer, handed to the file whenever it is full, so
 * memory stays bounded whatever the disk's pace — an `OutputFile` not awaited there held every batch in flight
 * (ACL: up to ~250 MB of buffers). Each piece is encoded on its own; `position()` is where the rest of the file goes
 * (`OutputFileOptions.at`); `close` syncs without blocking.
 */
export class OutputFilePart {
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private bytes = 0;
  private fd: number | undefined;

  private constructor(
    fd: number,
    /** The final path, for error messages. */
    readonly path: string,
  ) {
    this.fd = fd;
  }

  /** Opens `path` for writing (created or truncated); errors name `shownAs`. */
  static open(path: string, shownAs = path): OutputFilePart {
    try {
      return new OutputFilePart(openSync(path, 'w', 0o644), shownAs);
    } catch (err) {
      throw new OutputError(shownAs, err);
    }
  }

  write(text: string): void {
    if (text.length * 3 > this.buffer.length - this.used) this.flush();
    if (text.length * 3 <= this.buffer.length) this.used += this.buffer.write(text, this.used);
    else this.writeOut(Buffer.from(text, 'utf8'));
  }

  /** The bytes written so far (the buffer handed to the file first). */
  position(): number {
    this.flush();
    return this.bytes;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeOut(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private writeOut(data: Buffer): void {
    if (this.fd === undefined) throw new OutputError(this.path, new Error('written after close'));
    try {
      for (let offset = 0; offset < data.length; ) offset += writeSync(this.fd, data, offset, data.length - offset);
    } catch (err) {
      throw new OutputError(this.path, err);
    }
    this.bytes += data.length;
  }

  /** Flushes, syncs (on the thread pool) and closes. */
  async close(): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return;
    try {
      this.flush();
      await promisify(fsync)(fd).catch((err: unknown) => {
        throw new OutputError(this.path, err);
      });
    } finally {
      this.fd = undefined;
      closeSync(fd);
    }
  }
}

/** `.graph.json.<pid>-<tag>.tmp` / `.neo4j-import.<pid>-<tag>.old`: what a run leaves if it is killed mid-way. */
const LEFTOVER = /^\..+\.(\d+)-[0-9a-f]{8}\.(?:tmp|old)$/;

const alive = (pid: number): boolean => {
  try {
    kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes the temporaries of runs whose process is gone (a crash, a kill -9); a live run's are left alone. */
async function removeStale(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    entries.map(async (name) => {
      const m = LEFTOVER.exec(name);
      if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) await rm(join(dir, name), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

interface Pending {
  /** Name relative to the output directory (`graph.json`, `neo4j-import`). */
  name: string;
  temp: string;
  kind: 'file' | 'dir';
}

/**
 * The outputs of one run into `dir`. `file()`/`writeFile()` and `directory()` hand out temporaries named
 * `.<name>.<tag>.tmp`; `commit()` renames each into place (a directory replaces the previous one through
 * a short-lived `.<name>.<tag>.old`); `abort()` removes them. Temporaries sit in `dir` itself, so every
 * rename stays on one filesystem. Opening a directory removes what killed runs left there.
 */
export class OutputDir {
  private readonly pending: Pending[] = [];
  /** Files `file()` opened: a run that aborts closes the ones its writers left open before removing them. */
  private readonly opened: OutputFile[] = [];
  private readonly tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private done = false;

  /** `created`: the first directory `open` had to create on the way to `dir`, if any (abort removes what it made). */
  private constructor(readonly dir: string, private readonly created?: string) {}

  static async open(dir: string): Promise<OutputDir> {
    let created: string | undefined;
    try {
      created = await mkdir(dir, { recursive: true });
    } catch (err) {
      throw new OutputError(dir, err);
    }
    await removeStale(dir);
    return new OutputDir(dir, created);
  }

  private temp(name: string, kind: Pending['kind']): string {
    if (this.done) throw new PapergraphError('write-failed', `outputs in ${this.dir} were already committed or aborted`);
    if (this.pending.some((p) => p.name === name)) throw new PapergraphError('write-failed', `${name} is written twice`);
    const temp = join(this.dir, `.${name}.${this.tag}.tmp`);
    this.pending.push({ name, temp, kind });
    return temp;
  }

  /** Opens the temporary for `name`; write to it, then `close()` it. */
  async file(name: string): Promise<OutputFile> {
    const temp = this.temp(name, 'file');
    try {
      const out = new OutputFile(await open(temp, 'w', 0o644), join(this.dir, name));
      this.opened.push(out);
      return out;
    } catch (err) {
      throw new OutputError(join(this.dir, name), err);
    }
  }

  /**
   * The temporary for `name`, to be written by someone else (a worker thread opens it itself); it is renamed or
   * removed with the others.
   */
  reserve(name: string): { temp: string; path: string } {
    return { temp: this.temp(name, 'file'), path: join(this.dir, name) };
  }

  /** Streams `chunks` into `name`; `onProgress` gets the bytes written so far after each flush. */
  async writeFile(name: string, chunks: Iterable<string> | AsyncIterable<string>, onProgress?: (bytes: number) => void): Promise<string> {
    return this.stream(await this.file(name), chunks, onProgress);
  }

  /** Streams `chunks` into a file opened with `file()`, then closes it; returns its final path. */
  async stream(out: OutputFile, chunks: Iterable<string> | AsyncIterable<string>, onProgress?: (bytes: number) => void): Promise<string> {
    try {
      // A plain loop over a synchronous iterable: `for await` would cost a promise and a microtask per piece
      // (seconds over a million pieces); the loop yields to the event loop at each flush instead.
      if (Symbol.iterator in chunks) {
        for (const chunk of chunks) {
          const flushed = out.write(chunk);
          if (flushed) {
            await flushed;
            onProgress?.(out.written);
          }
        }
      } else {
        for await (const chunk of chunks) {
          const flushed = out.write(chunk);
          if (flushed) {
            await flushed;
            onProgress?.(out.written);
          }
        }
      }
      await out.close();
      onProgress?.(out.written);
    } catch (err) {
      await out.close().catch(() => undefined);
      throw err instanceof OutputError ? err : new OutputError(out.path, err);
    }
    return out.path;
  }

  /** A fresh temporary directory standing for `name`; whoever fills it writes there. */
  async directory(name: string): Promise<string> {
    const temp = this.temp(name, 'dir');
    try {
      await mkdir(temp);
    } catch (err) {
      throw new OutputError(join(this.dir, name), err);
    }
    return temp;
  }

  /** Renames every temporary into place, in the order they were opened; returns the final paths of the files (a directory's by name). */
  async commit(): Promise<string[]> {
    this.done = true;
    const written: string[] = [];
    for (const p of this.pending) {
      const target = join(this.dir, p.name);
      try {
        if (p.kind === 'dir') {
          // rename() cannot replace a non-empty directory: move the old one aside, move the new one in.
          const old = join(this.dir, `.${p.name}.${this.tag}.old`);
          const moved = await rename(target, old).then(
            () => true,
            (e: NodeJS.ErrnoException) => {
              if (e.code === 'ENOENT') return false;
              throw e;
            },
          );
          await rename(p.temp, target);
          if (moved) await rm(old, { recursive: true, force: true });
          written.push(...(await readdir(target)).sort().map((f) => join(target, f)));
        } else {
          await rename(p.temp, target);
          written.push(target);
        }
      } catch (err) {
        throw new OutputError(target, err);
      }
    }
    return written;
  }

  /** Removes every temporary, and the directories this run created if they are empty; earlier outputs stay as they were. */
  async abort(): Promise<void> {
    this.done = true;
    await Promise.all(this.opened.map((f) => f.discard()));
    await Promise.all(this.pending.map((p) => rm(p.temp, { recursive: true, force: true }).catch(() => undefined)));
    if (this.created === undefined) return;
    // From `dir` up to the first directory open() made: rmdir removes only empty ones, so anything else written there stays.
    for (let d = this.dir; ; d = dirname(d)) {
      if (!(await rmdir(d).then(() => true, () => false))) break;
      if (relative(this.created, d) === '' || dirname(d) === d) break;
    }
  }
}
