// Progress on long work: on a terminal one live line per stage (count, rate, ETA), finished lines kept; piped, a
// plain line per stage start/end and every ~10 s; -q silent; build --json prints the summary as JSON on stdout.
// The reporter is tested over an injected clock and timer, the CLI under a pseudo-terminal (script, util-linux).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgress, formatDuration, type ProgressMode } from '../cli/progress.ts';

function harness(mode: ProgressMode) {
  let now = 0;
  const out: string[] = [];
  const timers: { ms: number; fn: () => void; stopped: boolean }[] = [];
  const progress = createProgress({
    mode,
    write: (t) => void out.push(t),
    now: () => now,
    every: (ms, fn) => {
      const t = { ms, fn, stopped: false };
      timers.push(t);
      return { stop: () => void (t.stopped = true) };
    },
  });
  return {
    progress,
    out,
    advance(ms: number) {
      const steps = Math.floor(ms / 100);
      for (let i = 0; i < steps; i++) {
        now += 100;
        for (const t of timers) if (!t.stopped && now % t.ms === 0) t.fn();
      }
    },
    live: () => timers.filter((t) => !t.stopped).length,
  };
}

describe('progress reporter', () => {
  it('terminal: one live line per stage with count, rate and ETA, redrawn in place; the finished line is kept', () => {
    const h = harness('tty');
    h.progress.start('read', 1000);
    h.advance(1000);
    h.progress.tick(250);
    h.advance(1000);
    h.progress.tick(250); // drawn at most 200 ms later (the timer had just redrawn)
    h.advance(200);
    const last = h.out.at(-1)!;
    expect(last.startsWith('\r\x1b[2K')).toBe(true);
    expect(last).toContain('read  500/1,000  227/s  ETA 2.2 s  (2.2 s)');
    h.progress.end('1,000 records');
    expect(h.out.at(-1)).toBe('\r\x1b[2Kread: done, 500 in 2.2 s — 1,000 records\n');
    expect(h.live()).toBe(0);
  });

  it('terminal: redraws at most every 200 ms, and the timer refreshes the elapsed time of a stage without ticks', () => {
    const h = harness('tty');
    h.progress.start('extract', 10);
    const before = h.out.length;
    for (let i = 0; i < 50; i++) h.progress.tick(0); // no clock movement: no redraw
    expect(h.out.length).toBe(before);
    h.advance(1000);
    expect(h.out.length).toBe(before + 5);
    expect(h.out.at(-1)).toContain('(1.0 s)');
  });

  it('piped: a plain line at start and end and one every 10 s in between, no escape codes', () => {
    const h = harness('plain');
    h.progress.start('layout', 100_000);
    h.advance(9_900);
    expect(h.out).toEqual(['layout: started (100,000 to do)\n']);
    h.progress.tick(40_000);
    h.advance(100);
    expect(h.out.at(-1)).toBe('layout  40,000/100,000  4,000/s  ETA 15.0 s  (10.0 s)\n');
    h.advance(10_000);
    expect(h.out).toHaveLength(3);
    h.progress.end();
    expect(h.out.at(-1)).toBe('layout: done, 40,000 in 20.0 s\n');
    expect(h.out.join('')).not.toMatch(/[\r\x1b]/);
    expect(h.live()).toBe(0);
  });

  it('silent (-q): nothing at all', () => {
    const h = harness('silent');
    h.progress.start('read', 5);
    h.progress.tick(5);
    h.advance(20_000);
    h.progress.end('x');
    expect(h.out).toEqual([]);
  });

  it.each([
    [450, '0.5 s'],
    [59_940, '59.9 s'],
    [65_000, '1 min 05 s'],
  ])('formatDuration(%i) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('progress of a real build', () => {
  const STAGES = ['read', 'extract', 'topics', 'graph', 'communities', 'layout', 'graph.json', 'graph.graphml', 'graph.gexf', 'entities.jsonl', 'communities.json', 'communities.md', 'neo4j-import'];
  let dir: string;
  let input: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'papergraph-progress-'));
    input = join(dir, 'small.jsonl');
    const abstract = 'We propose a model and evaluate it on SQuAD and GLUE, improving results.';
    writeFileSync(input, Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `p${i}`, title: `Paper ${i}: Net${i % 7}`, abstract: `We propose Net${i % 7}. ${abstract}` })).join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const args = (out: string, ...more: string[]) => ['bin/papergraph.js', 'build', input, '--out', join(dir, out), '--workers', '1', ...more];

  it('on a terminal (a pseudo-terminal from script): live lines redrawn in place, a kept line per finished stage', () => {
    const command = [process.execPath, ...args('tty')].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-q', '-e', '-c', command, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    const text = r.stdout.replace(/\r\n/g, '\n');
    expect(text).toContain('\r\x1b[2K');
    for (const stage of STAGES) expect(text).toMatch(new RegExp(`\\r\\x1b\\[2K${stage.replace('.', '\\.')}: done, [^\\n]*\\n`));
    expect(text).toMatch(/^papers {8}60$/m);
  }, 120_000);

  it('piped: plain start and end lines per stage on stderr, nothing but the summary on stdout', () => {
    const r = spawnSync(process.execPath, args('piped'), { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    for (const stage of STAGES) {
      expect(r.stderr).toMatch(new RegExp(`^${stage.replace('.', '\\.')}: started`, 'm'));
      expect(r.stderr).toMatch(new RegExp(`^${stage.replace('.', '\\.')}: done, `, 'm'));
    }
    expect(r.stderr).not.toMatch(/[\r\x1b]/);
    expect(r.stdout).toMatch(/^papers {8}60$/m);
    expect(r.stdout).not.toContain('started');
  }, 120_000);

  it('-q prints nothing; --json prints the summary as JSON on stdout', () => {
    const quiet = spawnSync(process.execPath, args('quiet', '-q'), { encoding: 'utf8', timeout: 120_000 });
    expect(quiet.status).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');
    const json = spawnSync(process.execPath, args('json', '--json', '-q'), { encoding: 'utf8', timeout: 120_000 });
    expect(json.status).toBe(0);
    const summary = JSON.parse(json.stdout) as Record<string, any>;
    expect(summary).toMatchObject({ papers: 60, read: { read: 60, accepted: 60, rejected: 0, duplicates: 0 }, out: join(dir, 'json') });
    expect(Object.keys(summary.timings)).toEqual(['read', 'extract', 'topics', 'graph', 'communities', 'layout', 'files']);
    expect(summary.files).toContain(join(dir, 'json', 'graph.json'));
    expect(summary.files).toContain(join(dir, 'json', 'rejections.jsonl'));
  }, 120_000);
});
