// Static HTTP server for `papergraph view`: the viewer bundle plus the graph files of one output DIR (a fixed whitelist, no path walking).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { DATA_FILES, dataFiles, ensureBundle, ViewerBuildError } from './build.ts';
import { buildModel, summarise, type GraphSummary } from './src/model.ts';
import { DEFAULT_SETTINGS } from './src/settings.ts';

export interface ServeOptions {
  /** Output DIR of `papergraph build` (must hold graph.json). */
  dir: string;
  port: number;
  host: string;
  /** Bundle directory; built (or taken from the cache) when absent. */
  bundleDir?: string;
}

export const SERVE_DEFAULTS = { dir: 'out', port: 4173, host: '127.0.0.1' } as const;

export function validateServeOptions(o: ServeOptions): void {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new RangeError('view: invalid `port`, expecting an integer in 0..65535');
  if (typeof o.host !== 'string' || o.host.length === 0) throw new RangeError('view: invalid `host`, expecting a host name or address');
}

export interface RunningViewer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.graphml': 'application/xml; charset=utf-8',
  '.gexf': 'application/xml; charset=utf-8',
};

async function readSummary(dir: string, withCommunities: boolean): Promise<GraphSummary> {
  let graph: unknown;
  let communities: unknown = null;
  try {
    graph = JSON.parse(await readFile(join(dir, DATA_FILES.graph), 'utf8'));
    if (withCommunities) communities = JSON.parse(await readFile(join(dir, DATA_FILES.communities), 'utf8'));
  } catch (err) {
    throw new ViewerBuildError('bad-graph', `invalid JSON in ${dir}: ${(err as Error).message}`);
  }
  const g = graph as { nodes?: unknown; edges?: unknown };
  if (!Array.isArray(g.nodes) || !Array.isArray(g.edges)) throw new ViewerBuildError('bad-graph', `${join(dir, DATA_FILES.graph)} is not a graphology export (no nodes/edges arrays)`);
  return summarise(buildModel({ graph, communities, files: {} } as Parameters<typeof buildModel>[0], DEFAULT_SETTINGS));
}

export async function serveViewer(options: ServeOptions): Promise<RunningViewer> {
  validateServeOptions(options);
  const dir = resolve(options.dir);
  const files = dataFiles(dir);
  const bundle = options.bundleDir ?? (await ensureBundle());
  // Read once at start: the summary lets a large graph paint its communities before the page has parsed graph.json.
  const summary: GraphSummary = await readSummary(dir, files.communities !== undefined);
  const summaryJson = JSON.stringify(summary);
  const manifest = JSON.stringify({
    graph: files.graph, communities: files.communities, graphml: files.graphml, gexf: files.gexf,
    order: summary.order, summary: 'summary.json',
  });
  // URL path → file on disk; anything else is a 404.
  const routes = new Map<string, string>([
    ['/', join(bundle, 'index.html')],
    ['/index.html', join(bundle, 'index.html')],
    ['/app.js', join(bundle, 'app.js')],
    ['/app.css', join(bundle, 'app.css')],
  ]);
  for (const file of Object.values(DATA_FILES)) routes.set(`/${file}`, join(dir, file));

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
    if (path === '/manifest.json' || path === '/summary.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'] as string, 'cache-control': 'no-store' }).end(path === '/manifest.json' ? manifest : summaryJson);
      return;
    }
    const file = routes.get(path);
    if (!file || !existsSync(file)) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    const ext = file.slice(file.lastIndexOf('.'));
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'content-length': statSync(file).size, 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => { server.off('error', fail); ok(); });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
