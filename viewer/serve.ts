// Static HTTP server for `papergraph view`: the viewer bundle plus the graph files of one output DIR — a fixed
// whitelist of names, each served only if it resolves (symlinks followed) to a regular file inside its directory.
// Nothing a client sends can stop it: a bad request gets a status code, never an exception.
import { realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { OptionError } from '../ingest/errors.ts';
import { ensureBundle } from './build.ts';
import { closeAll, DATA_FILES, openDataDir, openInside, Refusal, ViewerBuildError, type DataDir, type OpenFile } from './files.ts';
import { buildModel, summarise, type GraphSummary } from './src/model.ts';
import { DEFAULT_SETTINGS } from './src/settings.ts';

export interface ServeOptions {
  /** Output DIR of `papergraph build` (must hold graph.json). */
  dir: string;
  port: number;
  /** Address to bind; also accepted as a `Host` header value besides localhost and IP literals. */
  host: string;
  /** Bundle directory; the prebuilt or cached bundle when absent. */
  bundleDir?: string;
  /** A client that has not sent its request headers after this long is answered 408 and dropped (slowloris). */
  headersTimeoutMs: number;
  /** Called for what the server refused to serve and for socket-level errors; it keeps running either way. */
  onWarning?: (message: string) => void;
}

export const SERVE_DEFAULTS = { dir: 'out', port: 4173, host: '127.0.0.1', headersTimeoutMs: 10_000 } as const;

export function validateServeOptions(o: ServeOptions): void {
  if (typeof o.dir !== 'string' || o.dir.length === 0) throw new OptionError('invalid-option', 'view', 'dir', 'expecting a directory path');
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new OptionError('invalid-option', 'view', 'port', 'expecting an integer in 0..65535');
  if (typeof o.host !== 'string' || o.host.length === 0) throw new OptionError('invalid-option', 'view', 'host', 'expecting a host name or address');
  if (!Number.isInteger(o.headersTimeoutMs) || o.headersTimeoutMs < 1) throw new OptionError('invalid-option', 'view', 'headersTimeoutMs', 'expecting a positive integer (milliseconds)');
}

export interface RunningViewer {
  url: string;
  server: Server;
  /** Data files DIR holds that are not served (outside DIR after symlinks, or not a regular file), with why. */
  refused: DataDir['refused'];
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

/** Sent with every response. The page needs inline `style` attributes (legend swatches) and data: images (favicon). */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
    + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
} as const;

/**
 * DNS rebinding defence: a page on an attacker's domain that re-resolves to 127.0.0.1 still sends its own name as
 * `Host`. Accepted: `localhost`, any IP literal (an IP origin cannot be rebound) and the --host value. `Host`
 * is `name` or `name:port`, an IPv6 literal in brackets; anything else (userinfo, paths, spaces) is refused.
 */
export function hostAllowed(header: string | undefined, bindHost: string): boolean {
  if (header === undefined) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]@/\\\s]+)(?::\d{1,5})?$/.exec(header);
  if (!m) return false;
  const name = (m[1] as string).toLowerCase();
  if (name.startsWith('[')) return isIP(name.slice(1, -1)) === 6;
  const bind = bindHost.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || isIP(name) === 4 || name === bind;
}

/**
 * The path of a request target, percent-decoded: origin-form (`/graph.json?x`) or absolute-form
 * (`http://127.0.0.1:4173/graph.json`, whose authority must pass the Host check too). No normalisation: routes are
 * exact names, so `/../x`, `//x` and `/%2e%2e/x` are simply not found.
 */
function requestPath(req: IncomingMessage, bindHost: string): string | Refusal {
  const raw = req.url ?? '';
  let encoded: string;
  if (raw.startsWith('/')) {
    encoded = raw.split(/[?#]/, 1)[0] as string;
  } else if (/^https?:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return new Refusal(400, 'malformed absolute URL');
    }
    if (url.username || url.password || !hostAllowed(url.host, bindHost)) return new Refusal(421, `host not served: ${url.host}`);
    encoded = url.pathname;
  } else {
    return new Refusal(400, 'request target must be a path');
  }
  let path: string;
  try {
    path = decodeURIComponent(encoded);
  } catch {
    return new Refusal(400, 'malformed percent-encoding');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return new Refusal(400, 'control character or backslash in path');
  return path;
}

async function readSummary(dir: string, graph: OpenFile, communities: OpenFile | undefined): Promise<GraphSummary> {
  let graphData: unknown;
  let communitiesData: unknown = null;
  try {
    graphData = JSON.parse(await graph.handle.readFile('utf8'));
    if (communities) communitiesData = JSON.parse(await communities.handle.readFile('utf8'));
  } catch (err) {
    throw new ViewerBuildError('bad-graph', `${err instanceof SyntaxError ? 'invalid JSON' : 'cannot read'} in ${dir}: ${(err as Error).message}`);
  }
  const g = graphData as { nodes?: unknown; edges?: unknown } | null;
  if (!g || !Array.isArray(g.nodes) || !Array.isArray(g.edges)) throw new ViewerBuildError('bad-graph', `${join(dir, DATA_FILES.graph)} is not a graphology export (no nodes/edges arrays)`);
  return summarise(buildModel({ graph: graphData, communities: communitiesData, files: {} } as Parameters<typeof buildModel>[0], DEFAULT_SETTINGS));
}

function etagOf(f: OpenFile): string {
  return `W/"${f.size.toString(16)}-${Math.floor(f.mtimeMs).toString(16)}"`;
}

export async function serveViewer(input: Partial<ServeOptions> & Pick<ServeOptions, 'dir'>): Promise<RunningViewer> {
  const options: ServeOptions = { ...SERVE_DEFAULTS, ...input };
  validateServeOptions(options);
  const bundle = await realpath(options.bundleDir ?? (await ensureBundle()));
  const { dir, files, refused } = await openDataDir(options.dir);
  let summary: GraphSummary;
  try {
    // Read once at start: the summary lets a large graph paint its communities before the page has parsed graph.json.
    summary = await readSummary(dir, files.graph!, files.communities);
  } finally {
    await closeAll(files);
  }
  const summaryJson = JSON.stringify(summary);
  const manifest = JSON.stringify({
    graph: files.graph && DATA_FILES.graph,
    communities: files.communities && DATA_FILES.communities,
    graphml: files.graphml && DATA_FILES.graphml,
    gexf: files.gexf && DATA_FILES.gexf,
    order: summary.order,
    summary: 'summary.json',
  });
  const generated = new Map([['/manifest.json', manifest], ['/summary.json', summaryJson]]);
  // URL path → [directory, file name]; anything else is a 404. Each request re-checks the file (builds rewrite DIR).
  const routes = new Map<string, [string, string]>([
    ['/', [bundle, 'index.html']],
    ['/index.html', [bundle, 'index.html']],
    ['/app.js', [bundle, 'app.js']],
    ['/app.css', [bundle, 'app.css']],
  ]);
  for (const file of Object.values(DATA_FILES)) routes.set(`/${file}`, [dir, file]);
  const warn = options.onWarning ?? (() => {});

  const plain = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra }).end(`${text}\n`);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host === undefined) { plain(res, 400, 'missing Host header'); return; }
    if (!hostAllowed(req.headers.host, options.host)) { plain(res, 421, 'misdirected request: this server answers only for localhost'); return; }
    const path = requestPath(req, options.host);
    if (path instanceof Refusal) { plain(res, path.status, path.reason); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { plain(res, 405, 'method not allowed', { allow: 'GET, HEAD' }); return; }
    const text = generated.get(path);
    if (text !== undefined) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': TYPES['.json'] as string, 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    const route = routes.get(path);
    if (!route) { plain(res, 404, 'not found'); return; }
    const found = await openInside(...route);
    if (found instanceof Refusal) {
      if (found.status !== 404) warn(`view: refused ${found.reason}`);
      plain(res, found.status, found.status === 404 ? 'not found' : 'forbidden');
      return;
    }
    try {
      const etag = etagOf(found);
      if (req.headers['if-none-match'] === etag) { res.writeHead(304, { ...SECURITY_HEADERS, etag }).end(); return; }
      const name = route[1];
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
        'content-length': String(found.size),
        'cache-control': 'no-cache',
        etag,
      });
      if (req.method === 'HEAD' || found.size === 0) { res.end(); return; }
      // A client that goes away mid-file rejects the pipeline; that is its business, not an error of ours.
      await pipeline(found.handle.createReadStream({ autoClose: false, start: 0, end: found.size - 1 }), res).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE' && err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
      });
    } finally {
      await found.handle.close();
    }
  }

  const server = createServer({
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.headersTimeoutMs * 3,
    connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
  }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      warn(`view: ${req.method} ${JSON.stringify(req.url)} failed: ${(err as Error).message}`);
      if (!res.headersSent) plain(res, 500, 'could not read the file');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => { server.off('error', fail); ok(); });
  });
  server.on('error', (err) => warn(`view: server error: ${err.message}`));
  const { port } = server.address() as AddressInfo;
  // A wildcard bind is reached through loopback; print an address a browser can open.
  const shown = options.host === '0.0.0.0' ? '127.0.0.1' : options.host === '::' ? '::1' : options.host;
  const host = shown.includes(':') ? `[${shown}]` : shown;
  return {
    url: `http://${host}:${port}/`,
    server,
    refused,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
