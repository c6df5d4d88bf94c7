// Sources stage at the edges of the file system and at scale: special files, symbolic links, unreadable
// directories, a .gz cut inside the format probe, a malformed element in a 20k-element array, 5,000 bad
// lines (kept in memory only up to `keepRejections`), and control characters in what reaches a terminal.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRejection, readPapers } from '../ingest/sources/index.ts';
import type { Rejection } from '../ingest/types.ts';

const ABSTRACT = 'An abstract that is long enough to read as one, ending the way sentences do.';
const rec = (title: string, abstract = ABSTRACT): string => JSON.stringify({ title, abstract });
const codes = (rs: Rejection[]) => rs.map((r) => [r.code, r.file.slice(dir.length + 1), r.line]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'papergraph-recovery-'));
  chmodSync(dir, 0o755); // the unreadable-directory case reads it as another user
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('malformed elements in big arrays', () => {
  it('a stray quote in element 2 of 20,001 loses that element only', async () => {
    const f = join(dir, 'big.json');
    const items = Array.from({ length: 20_001 }, (_, i) => (i === 1 ? '{"title":"Broken, "abstract":"x"}' : rec(`P${i}`)));
    writeFileSync(f, `[${items.join(',\n')}]`);
    const { papers, stats } = await readPapers([f]);
    expect(papers).toHaveLength(20_000);
    expect(papers[1]!.title).toBe('P2');
    expect(codes(stats.rejections)).toEqual([['invalid-json', 'big.json', 2]]);
  });

  it.each([
    ['a missing `}`', '{"title":"P1","abstract":"x"'],
    ['a stray `]`', '{"title":"P1","abstract":"x"]'],
    ['a missing `"`', '{"title":"P1,"abstract":"x"}'],
  ])('%s in element 2 of 2,000 loses that element only', async (_name, broken) => {
    const f = join(dir, 'two-thousand.json');
    writeFileSync(f, `[\n${Array.from({ length: 2000 }, (_, i) => (i === 1 ? broken : rec(`P${i}`))).join(',\n')}\n]\n`);
    const { papers, stats } = await readPapers([f]);
    expect(papers).toHaveLength(1999);
    expect(codes(stats.rejections)).toEqual([['invalid-json', 'two-thousand.json', 3]]);
  });
});

describe('gzip', () => {
  it('a .gz cut inside the first 64 KiB of content keeps every record before the cut', async () => {
    const f = join(dir, 'cut-early.jsonl.gz');
    const lines = Array.from({ length: 300 }, (_, i) => rec(`Paper ${i}`, `${ABSTRACT} ${'word '.repeat(40)}${i}`));
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeLessThan(64 * 1024 * 1.5);
    const gz = gzipSync(Buffer.from(text));
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const { papers, stats } = await readPapers([f]);
    expect(papers.length).toBeGreaterThan(100);
    expect(papers.map((p) => p.title)).toEqual(lines.slice(0, papers.length).map((_, i) => `Paper ${i}`));
    expect(codes(stats.rejections)).toEqual([['unreadable-file', 'cut-early.jsonl.gz', papers.length]]);
  });
});

describe('special files', () => {
  let server: Server;
  beforeAll(async () => {
    execFileSync('mkfifo', [join(dir, 'fifo.jsonl')]);
    server = createServer();
    await new Promise<void>((done) => server.listen(join(dir, 'socket.jsonl'), done));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each([
    ['fifo.jsonl', 'a FIFO (it would block until a writer came)'],
    ['socket.jsonl', 'a socket'],
  ])('%s is rejected up front as special-file: %s', async (name) => {
    const { papers, stats } = await readPapers([join(dir, name)]);
    expect(papers).toEqual([]);
    expect(codes(stats.rejections)).toEqual([['special-file', name, 0]]);
  }, 10_000);

  it('a character device is rejected as special-file', async () => {
    const { stats } = await readPapers(['/dev/zero']);
    expect(stats.rejections.map((r) => [r.code, r.line])).toEqual([['special-file', 0]]);
  }, 10_000);

  it('a FIFO inside a directory is a special-file rejection and the rest is read', async () => {
    const d = join(dir, 'with-fifo');
    mkdirSync(d);
    execFileSync('mkfifo', [join(d, 'a.jsonl')]);
    writeFileSync(join(d, 'b.jsonl'), `${rec('B')}\n`);
    const { papers, stats } = await readPapers([d]);
    expect(papers.map((p) => p.title)).toEqual(['B']);
    expect(codes(stats.rejections)).toEqual([['special-file', 'with-fifo/a.jsonl', 0]]);
  }, 10_000);
});

describe('symbolic links in directories', () => {
  it('a folder of symlinks is read through them', async () => {
    const real = join(dir, 'real');
    const links = join(dir, 'links');
    mkdirSync(real);
    mkdirSync(links);
    writeFileSync(join(real, 'a.jsonl'), `${rec('A')}\n`);
    writeFileSync(join(real, 'b.csv'), `title,abstract\nB,${ABSTRACT}\n`);
    symlinkSync(join(real, 'a.jsonl'), join(links, 'a.jsonl'));
    symlinkSync('../real/b.csv', join(links, 'b.csv'));
    symlinkSync(real, join(links, 'sub'));
    const { papers, stats } = await readPapers([links]);
    // sub/ holds the same two files again: counted as duplicates, nothing skipped.
    expect(papers.map((p) => p.title)).toEqual(['A', 'B']);
    expect(stats).toMatchObject({ read: 4, accepted: 2, rejected: 0, duplicates: 2 });
  });

  it('reports loops, broken links and second paths to a directory, and reads the rest', async () => {
    const d = join(dir, 'loops');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'sub', 'a.jsonl'), `${rec('A')}\n`);
    symlinkSync('..', join(d, 'sub', 'up'));
    symlinkSync('sub', join(d, 'sub2'));
    symlinkSync('nowhere.jsonl', join(d, 'broken.jsonl'));
    symlinkSync('self.jsonl', join(d, 'self.jsonl'));
    const { papers, stats } = await readPapers([d]);
    expect(papers.map((p) => p.title)).toEqual(['A']);
    expect(codes(stats.rejections)).toEqual([
      ['missing-file', 'loops/broken.jsonl', 0],
      ['symlink-loop', 'loops/self.jsonl', 0],
      ['symlink-loop', 'loops/sub/up', 0],
      ['symlink-loop', 'loops/sub2', 0],
    ]);
  });
});

describe('unreadable sub-directory', () => {
  it('is one unreadable-file rejection and the rest of the tree is read', () => {
    const d = join(dir, 'partly-locked');
    mkdirSync(join(d, 'locked'), { recursive: true });
    mkdirSync(join(d, 'open'));
    writeFileSync(join(d, 'open', 'a.jsonl'), `${rec('A')}\n`);
    writeFileSync(join(d, 'locked', 'b.jsonl'), `${rec('B')}\n`);
    writeFileSync(join(d, 'z.jsonl'), `${rec('Z')}\n`);
    chmodSync(join(d, 'locked'), 0o000);
    // root reads any directory: the reader then runs as `nobody` (setpriv, util-linux).
    const asOther = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    const command = [...asOther, process.execPath, '--import', 'tsx', 'test/fixtures/sources/read-stats.ts', d];
    const r = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 60_000 });
    chmodSync(join(d, 'locked'), 0o755);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { titles: string[]; rejections: [string, string, number][] };
    expect(out.titles).toEqual(['A', 'Z']);
    expect(out.rejections).toEqual([['unreadable-file', join(d, 'locked'), 0]]);
    expect(out.rejections.length).toBe(1);
  }, 60_000);
});

describe('rejections at scale', () => {
  it('5,000 bad lines: all counted and streamed to onRejection, only keepRejections held', async () => {
    const f = join(dir, 'many-bad.jsonl');
    writeFileSync(f, [rec('Good'), ...Array.from({ length: 5000 }, (_, i) => `{"title": "bad ${i}"`)].join('\n'));
    const seen: Rejection[] = [];
    const { papers, stats } = await readPapers([f], { onRejection: (r) => void seen.push(r) });
    expect(papers).toHaveLength(1);
    expect(stats).toMatchObject({ read: 5001, rejected: 5000, byCode: { 'invalid-json': 5000 } });
    expect(stats.rejections).toHaveLength(1000);
    expect(seen).toHaveLength(5000);
    expect(seen.at(-1)!.line).toBe(5001);
    expect((await readPapers([f], { keepRejections: 10 })).stats.rejections).toHaveLength(10);
  });
});

describe('control characters never reach the terminal raw', () => {
  it.each([
    ['a CSV header', 'head.csv', 'name,\u001b[31mred\u001b[0m\nA,b\n'],
    ['a file name', 'bad\u001b]0;pwned\u0007name.jsonl', '{"title": 1, "abstract": []}\n'],
    ['a bidi override in a JSON message', 'bidi.json', '[{"title": "x\u202e", "abstract": 5}, {"title": [1]}]'],
  ])('%s', async (_what, name, content) => {
    writeFileSync(join(dir, name), content);
    const { stats } = await readPapers([join(dir, name)]);
    expect(stats.rejections.length).toBeGreaterThan(0);
    for (const r of stats.rejections) {
      const line = formatRejection(r);
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(r.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
  });
});
