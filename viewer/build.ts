// Builds the viewer bundle with Vite's JS API (cached by source hash) and writes static sites: `npm run build:viewer -- --data DIR --out DIR2`.
import { PapergraphError } from '../ingest/errors.ts';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const VIEWER_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_DIR = resolve(VIEWER_DIR, '..');

/** Files a graph output DIR may hold that the viewer uses or offers for download. */
export const DATA_FILES = { graph: 'graph.json', communities: 'communities.json', graphml: 'graph.graphml', gexf: 'graph.gexf' } as const;

export class ViewerBuildError extends PapergraphError<'no-graph' | 'bad-graph' | 'usage' | 'bundle-failed'> {}

export interface BundleOptions {
  /** Entry module relative to viewer/ (the bare-sigma benchmark page has its own). */
  entry: string;
  /** Directory under the cache that holds this bundle. */
  name: string;
  /** Rebuild even when a bundle for the same sources exists. */
  force?: boolean;
}

export const BUNDLE_DEFAULTS: BundleOptions = { entry: 'src/main.ts', name: 'viewer' };

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/** Hash of everything that shapes the bundle: viewer sources, shared types, the lockfile. */
async function sourceHash(entry: string): Promise<string> {
  const hash = createHash('sha256').update(entry);
  const files = [
    ...(await listFiles(join(VIEWER_DIR, 'src'))),
    ...(existsSync(join(VIEWER_DIR, 'bench')) ? await listFiles(join(VIEWER_DIR, 'bench')) : []),
    join(VIEWER_DIR, 'index.html'),
    join(VIEWER_DIR, 'build.ts'),
    join(REPO_DIR, 'graph', 'types.ts'),
    join(REPO_DIR, 'graph', 'palette.ts'),
    join(REPO_DIR, 'graph', 'rng.ts'),
    join(REPO_DIR, 'package-lock.json'),
  ].filter((f) => existsSync(f)).sort();
  for (const f of files) hash.update(f.slice(REPO_DIR.length)).update(await readFile(f));
  return hash.digest('hex').slice(0, 16);
}

function cacheRoot(): string {
  return join(REPO_DIR, 'node_modules', '.cache', 'papergraph');
}

/**
 * Returns a directory holding `app.js`, `app.css` and `index.html` for the entry, building it with Vite
 * on first use (IIFE, not an ES module: module scripts do not load from file://).
 */
export async function ensureBundle(options: Partial<BundleOptions> = {}): Promise<string> {
  const o = { ...BUNDLE_DEFAULTS, ...options };
  const dir = join(cacheRoot(), `${o.name}-${await sourceHash(o.entry)}`);
  if (!o.force && existsSync(join(dir, 'app.js'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  const { build } = await import('vite');
  try {
    await build({
      configFile: false,
      root: VIEWER_DIR,
      logLevel: 'warn',
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: tmp,
        emptyOutDir: true,
        copyPublicDir: false,
        target: 'es2020',
        minify: true,
        reportCompressedSize: false,
        lib: {
          entry: join(VIEWER_DIR, o.entry),
          name: 'papergraphViewer',
          formats: ['iife'],
          fileName: () => 'app.js',
          cssFileName: 'app',
        },
      },
    });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw new ViewerBuildError('bundle-failed', `viewer bundle failed: ${(err as Error).message}`);
  }
  if (!existsSync(join(tmp, 'app.css'))) await writeFile(join(tmp, 'app.css'), '');
  await copyFile(join(VIEWER_DIR, 'index.html'), join(tmp, 'index.html'));
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(tmp, dir);
  } catch {
    // Another process finished the same build first: use theirs.
    await rm(tmp, { recursive: true, force: true });
  }
  // Bundles of older sources are dead weight once no running server can still be using them (an hour on).
  for (const entry of await readdir(cacheRoot())) {
    const path = join(cacheRoot(), entry);
    if (entry.startsWith(`${o.name}-`) && path !== dir && Date.now() - (await stat(path)).mtimeMs > 3_600_000) {
      await rm(path, { recursive: true, force: true });
    }
  }
  return dir;
}

/** Which data files DIR has; throws `no-graph` when graph.json is missing. */
export function dataFiles(dataDir: string): Partial<Record<keyof typeof DATA_FILES, string>> {
  if (!existsSync(join(dataDir, DATA_FILES.graph))) {
    throw new ViewerBuildError('no-graph', `no ${DATA_FILES.graph} in ${dataDir} (run \`papergraph build --out ${dataDir}\` first)`);
  }
  const found: Partial<Record<keyof typeof DATA_FILES, string>> = {};
  for (const [key, file] of Object.entries(DATA_FILES) as [keyof typeof DATA_FILES, string][]) {
    if (existsSync(join(dataDir, file))) found[key] = file;
  }
  return found;
}

export interface StaticBuildOptions {
  data: string;
  out: string;
}

/** A self-contained folder: opens from disk (data embedded in data.js) or from any static HTTP host. */
export async function buildStaticViewer(options: StaticBuildOptions): Promise<string> {
  const files = dataFiles(options.data);
  const bundle = await ensureBundle();
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  const graphText = await readFile(join(options.data, DATA_FILES.graph), 'utf8');
  const communitiesText = files.communities ? await readFile(join(options.data, DATA_FILES.communities), 'utf8') : 'null';
  try {
    JSON.parse(graphText);
    JSON.parse(communitiesText);
  } catch (err) {
    throw new ViewerBuildError('bad-graph', `invalid JSON in ${options.data}: ${(err as Error).message}`);
  }
  const links = { graphml: files.graphml, gexf: files.gexf, json: files.graph };
  await writeFile(join(out, 'data.js'),
    `// papergraph viewer data, embedded so the page also works from file://\nwindow.__PAPERGRAPH_DATA__ = {"graph": ${graphText.trim()},\n"communities": ${communitiesText.trim()},\n"files": ${JSON.stringify(links)}};\n`);
  for (const file of ['app.js', 'app.css']) await copyFile(join(bundle, file), join(out, file));
  const html = (await readFile(join(bundle, 'index.html'), 'utf8')).replace('<!--papergraph:data-->', '<script defer src="./data.js"></script>');
  await writeFile(join(out, 'index.html'), html);
  for (const key of ['graph', 'graphml', 'gexf', 'communities'] as const) {
    const file = files[key];
    if (file) await copyFile(join(options.data, file), join(out, file));
  }
  return out;
}

async function cli(argv: string[]): Promise<void> {
  let values: { data?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { data: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    throw new ViewerBuildError('usage', (err as Error).message);
  }
  if (values.help) {
    process.stdout.write('Usage: npm run build:viewer -- --data DIR --out DIR2\nWrites a static viewer of DIR/graph.json into DIR2 (opens from disk or any static host).\n');
    return;
  }
  if (!values.data || !values.out) throw new ViewerBuildError('usage', '--data DIR and --out DIR2 are required');
  const out = await buildStaticViewer({ data: values.data, out: values.out });
  process.stdout.write(`${join(out, 'index.html')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).catch((err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`build:viewer: ${e.message ?? String(err)}\n`);
    process.exitCode = e.code === 'usage' ? 2 : 1;
  });
}
