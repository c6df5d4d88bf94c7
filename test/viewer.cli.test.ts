// `papergraph view` as a user runs it: one-line errors with exit codes, a server that serves only the viewer and
// DIR's graph files, that stays up under hostile requests (raw sockets), and that Ctrl-C stops with a message.
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaticViewer, ensureBundle, userCacheDir } from '../viewer/build.ts';
import { hostAllowed, serveViewer } from '../viewer/serve.ts';

const REPO = resolve(import.meta.dirname, '..');
const BIN = join(REPO, 'bin', 'papergraph.js');
const XSS = join(REPO, 'test', 'fixtures', 'viewer', 'xss');
const SECRET = 'TOP-SECRET-not-for-the-viewer';

const WORK = mkdtempSync(join(tmpdir(), 'papergraph-view-'));
/** DIR whose graph.json is a symlink to a file outside it: refused at start. */
const LINKED_GRAPH = join(WORK, 'linked-graph');
mkdirSync(LINKED_GRAPH);
writeFileSync(join(WORK, 'elsewhere.json'), '{"nodes":[],"edges":[]}');
symlinkSync(join(WORK, 'elsewhere.json'), join(LINKED_GRAPH, 'graph.json'));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** Starts `papergraph view DIR --port 0` (through `prefix`, e.g. setpriv) and resolves with its URL. */
async function startView(dir: string, prefix: string[] = []): Promise<{ child: ChildProcessWithoutNullStreams; url: URL; stderr: () => string }> {
  const argv = [...prefix, process.execPath, BIN, 'view', dir, '--port', '0'];
  const child = spawn(argv[0] as string, argv.slice(1), { cwd: REPO });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const url = await new Promise<URL>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) ok(new URL(m[1] as string));
    });
    child.once('exit', (c) => fail(new Error(`view exited ${c}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((ok) => child.once('exit', (code) => ok(code)));
}

/**
 * Sends raw bytes and returns everything the server answers until it closes the connection or `waitMs` passes
 * with nothing more to read. Write errors (the server hung up mid-request) are part of the test, not failures.
 */
function raw(url: URL, bytes: string | Buffer, waitMs = 3000): Promise<string> {
  return new Promise((ok) => {
    const socket = connect(Number(url.port), url.hostname);
    let got = '';
    let timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (d) => {
      got += d.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), 300);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => { clearTimeout(timer); ok(got); });
    socket.write(bytes);
  });
}

function statusOf(response: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(response);
  return m ? Number(m[1]) : 0;
}

/** A plain GET with a chosen Host header (fetch would not let us set it). */
function get(url: URL, path: string, host = url.host, extra = ''): Promise<string> {
  return raw(url, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${extra}\r\n`);
}

describe('papergraph view', () => {
  it.each([
    ['missing DIR', [join(REPO, 'test', 'fixtures', 'viewer', 'nope')], 1],
    ['DIR without graph.json', [join(REPO, 'test', 'fixtures', 'viewer')], 1],
    ['graph.json symlinked from outside DIR', [LINKED_GRAPH], 1],
    ['non-numeric port', [XSS, '--port', 'abc'], 2],
    ['port out of range', [XSS, '--port', '70000'], 2],
  ])('%s (%j) → exit %i with one line', (_name, args, code) => {
    const r = spawnSync(process.execPath, [BIN, 'view', ...args], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('prints the URL and serves the viewer, the manifest and the graph files, nothing else', async () => {
    const { child, url } = await startView(XSS);
    try {
      const fetchText = async (path: string) => {
        const r = await fetch(new URL(path, url));
        return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
      };
      const index = await fetchText('/');
      expect(index.status).toBe(200);
      expect(index.body).toContain('app.js');
      expect(JSON.parse((await fetchText('/manifest.json')).body)).toEqual({ graph: 'graph.json', order: 6, summary: 'summary.json' });
      expect(JSON.parse((await fetchText('/summary.json')).body)).toMatchObject({ order: 6, size: 6, typeCounts: [['paper', 2], ['method', 1], ['benchmark', 1], ['repository', 1], ['author', 1]] });
      expect((await fetchText('/graph.json')).status).toBe(200);
      expect((await fetchText('/app.js')).type).toContain('javascript');
      expect((await fetchText('/graph.gexf')).status).toBe(404);
      for (const path of ['/package.json', '/../package.json', '/%2e%2e/package.json', '/viewer/build.ts']) expect((await fetchText(path)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s stops the server, says so and exits 0', async (signal) => {
    const { child, url, stderr } = await startView(XSS);
    child.kill(signal);
    expect(await exited(child)).toBe(0);
    expect(stderr()).toContain(`stopped (${signal})`);
    expect(await raw(url, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 500)).toBe('');
  });
});

describe('hostAllowed (DNS rebinding)', () => {
  it.each([
    ['127.0.0.1:4173', '127.0.0.1', true],
    ['localhost:4173', '127.0.0.1', true],
    ['LOCALHOST', '127.0.0.1', true],
    ['[::1]:4173', '127.0.0.1', true],
    ['192.168.1.20:4173', '0.0.0.0', true],
    ['papers.lan:4173', 'papers.lan', true],
    ['evil.example', '127.0.0.1', false],
    ['evil.example:4173', '127.0.0.1', false],
    ['localhost.evil.example', '127.0.0.1', false],
    ['127.0.0.1.nip.io:4173', '127.0.0.1', false],
    ['evil@127.0.0.1', '127.0.0.1', false],
    ['127.0.0.1/x', '127.0.0.1', false],
    ['[::1', '127.0.0.1', false],
    ['', '127.0.0.1', false],
  ])('Host %j with --host %s → %s', (header, bind, allowed) => {
    expect(hostAllowed(header, bind)).toBe(allowed);
  });
});

/**
 * The root user reads files whatever their mode: run the server without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH
 * (setpriv) so a mode-000 file is unreadable to it, as it is for any other user.
 */
function unprivilegedPrefix(): string[] | undefined {
  if (process.getuid?.() !== 0) return [];
  const probe = spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', 'true']);
  return probe.status === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : undefined;
}

describe('view server under hostile requests', () => {
  let dir: string;
  let view: Awaited<ReturnType<typeof startView>>;
  const prefix = unprivilegedPrefix();
  if (!prefix && process.env.CI === 'true') throw new Error('view test: running as root without setpriv, cannot make a file unreadable');

  beforeAll(async () => {
    dir = join(WORK, 'hostile');
    mkdirSync(dir);
    copyFileSync(join(XSS, 'graph.json'), join(dir, 'graph.json'));
    writeFileSync(join(WORK, 'secret.txt'), SECRET);
    symlinkSync(join(WORK, 'secret.txt'), join(dir, 'graph.gexf'));
    writeFileSync(join(dir, 'graph.graphml'), '<graphml/>');
    chmodSync(join(dir, 'graph.graphml'), 0o000);
    execFileSync('mkfifo', [join(dir, 'communities.json')]);
    view = await startView(dir, prefix ?? []);
  });

  afterAll(async () => {
    view?.child.kill('SIGTERM');
    if (view) await exited(view.child);
  });

  it('says at start which files it will not serve, and leaves them out of the manifest', async () => {
    expect(view.stderr()).toMatch(/not serving graph\.gexf: .*outside/);
    expect(view.stderr()).toMatch(/not serving communities\.json: .*not a regular file/);
    const manifest = JSON.parse((await get(view.url, '/manifest.json')).split('\r\n\r\n')[1] as string) as Record<string, unknown>;
    expect(manifest).toMatchObject({ graph: 'graph.json' });
    expect(manifest.gexf).toBeUndefined();
    expect(manifest.communities).toBeUndefined();
  });

  it.each([
    ['malformed percent-encoding', 'GET /% HTTP/1.1', 400],
    ['truncated UTF-8 escape', 'GET /%E0%A4%A HTTP/1.1', 400],
    ['invalid UTF-8 escape', 'GET /%C0%AF HTTP/1.1', 400],
    ['encoded NUL', 'GET /graph.json%00 HTTP/1.1', 400],
    ['encoded NUL + extension', 'GET /graph.json%00.html HTTP/1.1', 400],
    ['encoded backslash traversal', 'GET /..%5c..%5cpackage.json HTTP/1.1', 400],
    ['dot-dot traversal', 'GET /../../etc/passwd HTTP/1.1', 404],
    ['encoded dot-dot traversal', 'GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1', 404],
    ['encoded slash traversal', 'GET /..%2f..%2fetc%2fpasswd HTTP/1.1', 404],
    ['double slash', 'GET //etc/passwd HTTP/1.1', 404],
    ['path past a file', 'GET /graph.json/../graph.json HTTP/1.1', 404],
    ['absolute-form, foreign host', 'GET http://evil.example/graph.json HTTP/1.1', 421],
    ['absolute-form with userinfo', 'GET http://evil.example@127.0.0.1/graph.json HTTP/1.1', 421],
    ['absolute-form, other scheme', 'GET file:///etc/passwd HTTP/1.1', 400],
    ['asterisk-form', 'OPTIONS * HTTP/1.1', 400],
    ['POST', 'POST /graph.json HTTP/1.1', 405],
    ['DELETE', 'DELETE /graph.json HTTP/1.1', 405],
    ['symlink out of DIR', 'GET /graph.gexf HTTP/1.1', 403],
    ['FIFO in DIR', 'GET /communities.json HTTP/1.1', 403],
  ])('%s → %i', async (_name, requestLine, status) => {
    const response = await raw(view.url, `${requestLine}\r\nHost: ${view.url.host}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(response)).toBe(status);
    expect(response).not.toContain(SECRET);
  });

  it('absolute-form naming this server is served', async () => {
    expect(statusOf(await raw(view.url, `GET http://${view.url.host}/graph.json HTTP/1.1\r\nHost: ${view.url.host}\r\nConnection: close\r\n\r\n`))).toBe(200);
  });

  it.each([
    ['foreign name', 'evil.example', 421],
    ['foreign name with our port', 'evil.example:PORT', 421],
    ['rebinding-style name', '127.0.0.1.nip.io:PORT', 421],
    ['localhost', 'localhost:PORT', 200],
    ['IPv6 loopback', '[::1]:PORT', 200],
  ])('Host: %s → %i', async (_name, host, status) => {
    expect(statusOf(await get(view.url, '/graph.json', host.replace('PORT', view.url.port)))).toBe(status);
  });

  it('HTTP/1.0 without Host → 400', async () => {
    expect(statusOf(await raw(view.url, 'GET /graph.json HTTP/1.0\r\n\r\n'))).toBe(400);
  });

  it.skipIf(!prefix)('an unreadable file → 500 for that request only', async () => {
    expect(view.stderr()).toMatch(/not serving graph\.graphml: cannot open \(EACCES\)/);
    expect(statusOf(await get(view.url, '/graph.graphml'))).toBe(500);
    expect(view.stderr()).toMatch(/GET "\/graph\.graphml" failed: EACCES/);
    expect(statusOf(await get(view.url, '/graph.json'))).toBe(200);
  });

  it.each([
    ['garbage request line', 'GARBAGE\r\n\r\n'],
    ['raw NUL in the request line', 'GET /\0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['raw space-separated junk', 'GET / / / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['unknown HTTP version', 'GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n'],
    ['header without colon', 'GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n'],
    ['Content-Length and chunked (smuggling)', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['negative Content-Length', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n'],
    ['bare LF in a header value', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: a\nb\r\n\r\n'],
    ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['a TLS ClientHello', Buffer.from(`160301012c010001280303${'00'.repeat(40)}`, 'hex')],
  ])('%s → 400', async (_name, bytes) => {
    expect(statusOf(await raw(view.url, bytes))).toBe(400);
  });

  it('huge headers → 431', async () => {
    const response = await raw(view.url, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`);
    expect(statusOf(response)).toBe(431);
  });

  it('a huge request line → 431', async () => {
    expect(statusOf(await raw(view.url, `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`))).toBe(431);
  });

  it('answers 50 pipelined requests on one connection, in order', async () => {
    const response = await raw(view.url, `GET /graph.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`.repeat(49) + 'GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    const statuses = [...response.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
    expect(statuses).toEqual([...Array(49).fill(200), 404]);
  });

  it('answers while 50 clients hold half-sent requests open', async () => {
    const sockets = await Promise.all(Array.from({ length: 50 }, () => new Promise<ReturnType<typeof connect>>((ok) => {
      const s = connect(Number(view.url.port), view.url.hostname, () => { s.write('GET /graph.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '); ok(s); });
      s.on('error', () => {});
    })));
    try {
      expect(statusOf(await get(view.url, '/graph.json'))).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });

  it('keeps answering after every request above', async () => {
    expect(view.child.exitCode).toBeNull();
    const response = await get(view.url, '/graph.json');
    expect(statusOf(response)).toBe(200);
    expect(statusOf(await get(view.url, '/'))).toBe(200);
    expect(view.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe('serveViewer timeouts', () => {
  it('answers 408 and drops a client that never finishes its headers', async () => {
    const viewer = await serveViewer({ dir: XSS, port: 0, host: '127.0.0.1', headersTimeoutMs: 500 });
    try {
      const url = new URL(viewer.url);
      const started = Date.now();
      const response = await raw(url, 'GET /graph.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a', 10_000);
      expect(statusOf(response)).toBe(408);
      expect(Date.now() - started).toBeLessThan(9_000);
      expect(statusOf(await get(url, '/graph.json'))).toBe(200);
    } finally {
      await viewer.close();
    }
  });

  it.each([
    [{ port: -1 }, 'port'],
    [{ port: 1.5 }, 'port'],
    [{ host: '' }, 'host'],
    [{ headersTimeoutMs: 0 }, 'headersTimeoutMs'],
  ])('rejects %j naming `%s`', async (bad, field) => {
    await expect(serveViewer({ dir: XSS, port: 0, host: '127.0.0.1', ...bad })).rejects.toMatchObject({ code: 'invalid-option', field });
  });
});


describe('static build (build:viewer)', () => {
  it('copies data files by the same rule: a symlink out of DIR is left out and reported', async () => {
    const dir = join(WORK, 'static-src');
    mkdirSync(dir);
    copyFileSync(join(XSS, 'graph.json'), join(dir, 'graph.json'));
    writeFileSync(join(WORK, 'static-secret.txt'), SECRET);
    symlinkSync(join(WORK, 'static-secret.txt'), join(dir, 'graph.gexf'));
    const { out, refused } = await buildStaticViewer({ data: dir, out: join(WORK, 'static-site') });
    expect(refused.map((r) => r.file)).toEqual(['graph.gexf']);
    expect(existsSync(join(out, 'graph.json'))).toBe(true);
    expect(existsSync(join(out, 'graph.gexf'))).toBe(false);
    expect(readFileSync(join(out, 'data.js'), 'utf8')).not.toContain('graph.gexf');
  });

  it('refuses a graph.json that resolves outside DIR (bad-graph)', async () => {
    await expect(buildStaticViewer({ data: LINKED_GRAPH, out: join(WORK, 'static-linked') })).rejects.toMatchObject({ code: 'bad-graph' });
  });
});

describe('viewer bundle cache', () => {
  it.each([
    [{ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, '/x/cache/papergraph'],
    // The XDG spec: a relative path is invalid and ignored.
    [{ XDG_CACHE_HOME: 'rel/cache' }, join(homedir(), '.cache', 'papergraph')],
    [{ XDG_CACHE_HOME: '' }, join(homedir(), '.cache', 'papergraph')],
  ])('userCacheDir(%j) → %s', (env, expected) => {
    expect(userCacheDir(env)).toBe(expected);
  });

  it('a bundle that has to be built goes to the per-user cache, never inside the package', async () => {
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = join(WORK, 'xdg-cache');
    // Checkouts that ran older versions still hold node_modules/.cache/papergraph: it must not change.
    const oldCache = join(REPO, 'node_modules', '.cache', 'papergraph');
    const listing = (): string[] => (existsSync(oldCache) ? readdirSync(oldCache).sort() : []);
    const before = listing();
    try {
      const dir = await ensureBundle({ entry: 'bench/bare.ts', name: 'bare', force: true });
      expect(dir.startsWith(join(WORK, 'xdg-cache', 'papergraph', 'bare-'))).toBe(true);
      for (const f of ['app.js', 'app.css', 'index.html']) expect(existsSync(join(dir, f)), f).toBe(true);
      expect(listing()).toEqual(before);
      expect(existsSync(join(REPO, 'viewer', 'dist', 'bare'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});
