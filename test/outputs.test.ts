// Atomic outputs: every output goes to a temporary in the output directory and is renamed into place only when
// all were written. A failing writer (a stubbed error, and a real full disk: a small tmpfs in a private mount
// namespace) leaves the previous outputs whole, no temporaries behind, and an error naming the file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputDir, OutputError } from '../graph/export/index.ts';
import { OutputFile, OutputFilePart } from '../graph/export/output.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'papergraph-outputs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ABSTRACT = 'We propose a method and evaluate it on a benchmark, improving results across several settings.';
/** A small corpus the build turns into a few hundred kB of outputs. */
function corpus(path: string, n: number): string {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `p${i}`, title: `Paper ${i}: Net${i % 17} for Task ${i % 5}`, abstract: `We propose Net${i % 17}, a model. ${ABSTRACT} We evaluate on SQuAD and GLUE ${i}.` }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function cli(args: string[], options: { input?: string } = {}) {
  const r = spawnSync(process.execPath, ['bin/papergraph.js', ...args], { encoding: 'utf8', timeout: 120_000, ...options });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('OutputDir', () => {
  it('replaces files and directories only on commit', async () => {
    const out = join(dir, 'commit');
    mkdirSync(join(out, 'sub'), { recursive: true });
    writeFileSync(join(out, 'a.txt'), 'old a');
    writeFileSync(join(out, 'sub', 'old.csv'), 'old');
    const outputs = await OutputDir.open(out);
    await outputs.writeFile('a.txt', ['new ', 'a']);
    const sub = await outputs.directory('sub');
    writeFileSync(join(sub, 'new.csv'), 'new');
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('old a');
    expect(await outputs.commit()).toEqual([join(out, 'a.txt'), join(out, 'sub', 'new.csv')]);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('new a');
    expect(readdirSync(join(out, 'sub'))).toEqual(['new.csv']);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a run that aborts removes the directories it created, and only those', async () => {
    const made = join(dir, 'made', 'deep', 'out');
    const outputs = await OutputDir.open(made);
    const left = await outputs.file('rejections.jsonl');
    left.write('a line its writer never closed\n');
    await outputs.abort();
    expect(left.isClosed).toBe(true); // the handle is closed, not left to the garbage collector
    expect(existsSync(join(dir, 'made'))).toBe(false);
    const kept = join(dir, 'kept');
    mkdirSync(kept);
    writeFileSync(join(kept, 'graph.json'), 'previous');
    const again = await OutputDir.open(join(kept, 'new'));
    await again.abort();
    expect(readdirSync(kept)).toEqual(['graph.json']);
  });

  it("removes the temporaries a killed run left, and leaves a live run's alone", async () => {
    const out = join(dir, 'stale');
    mkdirSync(out);
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(out, `.graph.json.${dead}-0123abcd.tmp`), 'half');
    mkdirSync(join(out, `.neo4j-import.${dead}-0123abcd.tmp`));
    writeFileSync(join(out, `.graph.gexf.${process.ppid}-89abcdef.tmp`), 'a live run');
    writeFileSync(join(out, '.keep-me'), 'not ours');
    await OutputDir.open(out);
    expect(readdirSync(out).sort()).toEqual([`.graph.gexf.${process.ppid}-89abcdef.tmp`, '.keep-me']);
  });

  it('a writer failing mid-file (stubbed ENOSPC) leaves the previous outputs whole and names the file', async () => {
    const out = join(dir, 'stubbed');
    mkdirSync(out);
    writeFileSync(join(out, 'graph.json'), 'previous graph');
    writeFileSync(join(out, 'graph.graphml'), 'previous graphml');
    const outputs = await OutputDir.open(out);
    await outputs.writeFile('graph.json', ['{"new": ', 'true}']);
    function* failing(): Generator<string> {
      yield 'x'.repeat(3 << 20); // past one flush: part of the file is on disk
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    const err = await outputs.writeFile('graph.graphml', failing()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputError);
    expect(err).toMatchObject({ code: 'write-failed', file: join(out, 'graph.graphml') });
    expect((err as Error).message).toBe(`cannot write ${join(out, 'graph.graphml')}: no space left on device`);
    await outputs.abort();
    expect(readFileSync(join(out, 'graph.json'), 'utf8')).toBe('previous graph');
    expect(readFileSync(join(out, 'graph.graphml'), 'utf8')).toBe('previous graphml');
    expect(readdirSync(out).sort()).toEqual(['graph.graphml', 'graph.json']);
  });
});

describe('OutputFile', () => {
  // Small pieces are joined before they are encoded, big ones go straight to the buffer (or past it): every mix must
  // give each piece's own UTF-8 bytes, in order — multi-byte and astral characters cut anywhere, and a piece ending
  // in half a surrogate pair followed by one starting with the other half (each half is its own U+FFFD, as before).
  const piece = (i: number, size: number) => `${i}:${'aé€😀b'.repeat(Math.ceil(size / 6)).slice(0, size)}`;
  const astral = '😀';
  it.each([
    { name: 'small pieces only', pieces: Array.from({ length: 20_000 }, (_, i) => piece(i, 10 + (i % 300))) },
    { name: 'big pieces only', pieces: [5_000, 70_000, 400_000, 2_000_000, 9_000].map((size, i) => piece(i, size)) },
    { name: 'small and big interleaved', pieces: Array.from({ length: 3_000 }, (_, i) => piece(i, i % 7 === 0 ? 3_000 + (i % 5) * 40_000 : 1 + (i % 50))) },
    { name: 'one piece past the buffer after small ones', pieces: [1, 2, 3, 4_095, 4_096, 3 << 20, 5, 6].map((size, i) => piece(i, size)) },
    { name: 'halves of a surrogate pair in two pieces', pieces: ['a', `b${astral[0]}`, `${astral[1]}c`, astral[0]!, astral[1]!, `d${astral}`] },
  ])('writes $name', async ({ pieces }) => {
    const path = join(dir, 'pieces.txt');
    const file = await OutputFile.open(path, { bufferBytes: 1 << 16 });
    for (const p of pieces) {
      const flushed = file.write(p);
      if (flushed) await flushed;
    }
    await file.close();
    const expected = Buffer.concat(pieces.map((p) => Buffer.from(p, 'utf8')));
    expect(file.written).toBe(expected.length);
    expect(readFileSync(path).equals(expected)).toBe(true);
  });

  // Pieces that each end with an ASCII character (the graph files, the CSVs) are joined without looking at their ends:
  // the same bytes.
  it('writes pieces with ASCII ends (asciiEnds) as their own bytes', async () => {
    const pieces = Array.from({ length: 20_000 }, (_, i) => `${piece(i, i % 11 === 0 ? 5_000 : 1 + (i % 300))}\n`);
    const path = join(dir, 'ascii-ends.txt');
    const file = await OutputFile.open(path, { bufferBytes: 1 << 16, asciiEnds: true });
    for (const p of pieces) {
      const flushed = file.write(p);
      if (flushed) await flushed;
    }
    await file.close();
    expect(readFileSync(path).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  // A file written in two parts, the second by another writer from the first's `position()` (graph.json: its nodes on
  // the main thread, its edges on the graph-files worker), the first part's close (and sync) still under way.
  it.each([
    { name: 'small pieces then big ones', first: Array.from({ length: 5_000 }, (_, i) => piece(i, 1 + (i % 90))), second: [70_000, 400_000].map((size, i) => piece(i, size)) },
    { name: 'big pieces then small ones', first: [200_000, 3 << 20, 7].map((size, i) => piece(i, size)), second: Array.from({ length: 5_000 }, (_, i) => piece(i, 1 + (i % 90))) },
  ])('writes $name in two parts', async ({ first, second }) => {
    const path = join(dir, 'parts.txt');
    const head = OutputFilePart.open(path);
    for (const p of first) head.write(p);
    const at = head.position();
    const closing = head.close();
    const tail = await OutputFile.open(path, { bufferBytes: 1 << 16, at });
    for (const p of second) {
      const flushed = tail.write(p);
      if (flushed) await flushed;
    }
    await Promise.all([closing, tail.close()]);
    expect(readFileSync(path).equals(Buffer.concat([...first, ...second].map((p) => Buffer.from(p, 'utf8'))))).toBe(true);
  });
});

describe('a full disk', () => {
  // A tmpfs only this process tree sees (unshare -m): the first build fits, the second cannot (its temporaries
  // sit beside the first build's files), so it fails at a write — and the first build's outputs stay as they were.
  it('leaves the previous build whole when the next one runs out of space', () => {
    const input = corpus(join(dir, 'full-disk.jsonl'), 400);
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    const script = `
      set -u
      mount -t tmpfs -o size=64m tmpfs "$MNT" || exit 90
      node bin/papergraph.js build "$IN" --out "$MNT/out" -q --workers 1 || exit 91
      echo "== before"; (cd "$MNT/out" && find . -type f | sort | xargs sha256sum)
      used=$(du -sb "$MNT" | cut -f1)
      mount -o remount,size=$((used + used / 2)) "$MNT" || exit 92
      node bin/papergraph.js build "$IN" --out "$MNT/out" -q --workers 1 --with-abstracts --seed 9 2>"$MNT/../stderr"
      echo "== rc $?"
      echo "== after"; (cd "$MNT/out" && find . -type f | sort | xargs sha256sum)
      echo "== entries"; ls -A "$MNT/out"
      echo "== stderr"; cat "$MNT/../stderr"
    `;
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, MNT: mnt, IN: input },
    });
    expect(r.status, r.stderr).toBe(0);
    const section = (name: string) => r.stdout.split(`== ${name}`)[1]!.split('\n== ')[0]!.trim();
    expect(section('rc')).toBe('1');
    expect(section('after')).toBe(section('before'));
    expect(section('before')).toContain('./graph.json');
    expect(section('before')).toContain('./neo4j-import/papers.csv');
    expect(section('entries').split('\n').filter((f) => f.startsWith('.'))).toEqual([]);
    expect(section('stderr')).toMatch(/^papergraph: cannot write \S+\/out\/\S+: no space left on device$/m);
    expect(section('stderr')).not.toMatch(/\n\s+at /);
  }, 300_000);
});

describe('extract --out', () => {
  it.each([
    ['a missing input', (d: string) => join(d, 'no-such.jsonl')],
    ['an empty input', (d: string) => (writeFileSync(join(d, 'empty.jsonl'), ''), join(d, 'empty.jsonl'))],
  ])('never truncates an existing output for %s, and exits 1', (_name, input) => {
    const out = join(dir, 'existing.jsonl');
    writeFileSync(out, '{"id":"kept"}\n');
    const r = cli(['extract', input(dir), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^papergraph: no papers to extract/);
    expect(readFileSync(out, 'utf8')).toBe('{"id":"kept"}\n');
    expect(readdirSync(dir).filter((f) => f.startsWith('.existing'))).toEqual([]);
  });

  it('replaces the output once it is complete, and writes every rejection to --rejections', () => {
    const input = join(dir, 'mixed.jsonl');
    writeFileSync(input, `${JSON.stringify({ title: 'Good Paper', abstract: ABSTRACT })}\n{"title": "bad"\n{"title": "no abstract"}\n`);
    const out = join(dir, 'sub', 'entities.jsonl');
    const rejections = join(dir, 'sub', 'rejections.jsonl');
    const r = cli(['extract', input, '--out', out, '--rejections', rejections, '--workers', '1']);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { title: string }).title)).toEqual(['Good Paper']);
    const listed = readFileSync(rejections, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { code: string; line: number });
    expect(listed.map((x) => [x.code, x.line])).toEqual([['invalid-json', 2], ['missing-abstract', 3]]);
    expect(existsSync(join(dir, 'sub'))).toBe(true);
  });
});
