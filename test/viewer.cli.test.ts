// `papergraph view` as a user runs it: one-line errors with exit codes, and a server that serves only the viewer and DIR's graph files.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..');
const BIN = join(REPO, 'bin', 'papergraph.js');
const XSS = join(REPO, 'test', 'fixtures', 'viewer', 'xss');

describe('papergraph view', () => {
  it.each([
    ['missing DIR', [join(REPO, 'test', 'fixtures', 'viewer', 'nope')], 1],
    ['DIR without graph.json', [join(REPO, 'test', 'fixtures', 'viewer')], 1],
    ['non-numeric port', [XSS, '--port', 'abc'], 2],
    ['port out of range', [XSS, '--port', '70000'], 2],
  ])('%s (%j) → exit %i with one line', (_name, args, code) => {
    const r = spawnSync(process.execPath, [BIN, 'view', ...args], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('prints the URL and serves the viewer, the manifest and the graph files, nothing else', async () => {
    const child = spawn(process.execPath, [BIN, 'view', XSS, '--port', '0'], { cwd: REPO });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) ok(m[1] as string);
        });
        child.once('exit', (c) => fail(new Error(`view exited ${c}`)));
      });
      const get = async (path: string) => {
        const r = await fetch(new URL(path, url));
        return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
      };
      const index = await get('/');
      expect(index.status).toBe(200);
      expect(index.body).toContain('app.js');
      expect(JSON.parse((await get('/manifest.json')).body)).toEqual({ graph: 'graph.json', order: 5, summary: 'summary.json' });
      expect(JSON.parse((await get('/summary.json')).body)).toMatchObject({ order: 5, size: 4, typeCounts: [['paper', 2], ['method', 1], ['benchmark', 1], ['repository', 1]] });
      expect((await get('/graph.json')).status).toBe(200);
      expect((await get('/app.js')).type).toContain('javascript');
      expect.soft((await get('/graph.gexf')).status).toBe(404);
      for (const path of ['/package.json', '/../package.json', '/%2e%2e/package.json', '/viewer/build.ts']) expect((await get(path)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
