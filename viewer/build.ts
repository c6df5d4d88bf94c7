// The viewer bundle: prebuilt into viewer/dist/ by `npm pack` (prepack), so an installed papergraph never needs
// Vite; otherwise built with Vite's JS API into the per-user cache, keyed by a hash of its sources. Also writes
// static sites: `npm run build:viewer -- --data DIR --out DIR2`. Nothing here writes inside the package at run time.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir, userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../ingest/paths.ts';
import { closeAll, DATA_FILES, openDataDir, ViewerBuildError, type DataDir } from './files.ts';

export const VIEWER_DIR = join(REPO_ROOT, 'viewer');
/** Bundles built by `npm run prepack`, shipped in the package: `viewer/dist/<name>/` with a `stamp.json`. */
export const PREBUILT_DIR = join(VIEWER_DIR, 'dist');

export { DATA_FILES, ViewerBuildError } from './files.ts';

export interface BundleOptions {
  /** Entry module relative to viewer/ (the bare-sigma benchmark page has its own). */
  entry: string;
  /** Name of the bundle: `viewer/dist/<name>` when prebuilt, `<cache>/<name>-<hash>` when built on demand. */
  name: string;
  /** Rebuild even when a bundle for the same sources exists. */
  force?: boolean;
}

export const BUNDLE_DEFAULTS: BundleOptions = { entry: 'src/main.ts', name: 'viewer' };

/** What a prebuilt bundle was built from; it is used only while both still match (the lockfile only where there is one). */
interface Stamp {
  entry: string;
  sources: string;
  lockfile: string | null;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/**
 * Hash of the sources that shape the bundle: viewer/src, the entry's folder, the page, this builder, and the shared
 * record types. All of them ship in the package, so an installed copy computes the same hash as `npm pack` did.
 */
async function sourceHash(entry: string): Promise<string> {
  const hash = createHash('sha256').update(entry);
  const entryDir = resolve(VIEWER_DIR, entry, '..');
  const files = new Set([
    ...(await listFiles(join(VIEWER_DIR, 'src'))),
    ...(existsSync(entryDir) ? await listFiles(entryDir) : []),
    join(VIEWER_DIR, 'index.html'),
    join(VIEWER_DIR, 'build.ts'),
    join(REPO_ROOT, 'graph', 'types.ts'),
    // The pure graph modules the viewer imports.
    join(REPO_ROOT, 'graph', 'authors.ts'),
    join(REPO_ROOT, 'graph', 'languages.ts'),
    join(REPO_ROOT, 'graph', 'palette.ts'),
    join(REPO_ROOT, 'graph', 'rng.ts'),
    join(REPO_ROOT, 'ingest', 'types.ts'),
  ]);
  for (const f of [...files].filter((f) => existsSync(f)).sort()) hash.update(f.slice(REPO_ROOT.length)).update(await readFile(f));
  return hash.digest('hex').slice(0, 16);
}

/** Hash of package-lock.json (which versions of sigma & co. went in), or null in an installed package (npm never packs it). */
async function lockfileHash(): Promise<string | null> {
  const lock = join(REPO_ROOT, 'package-lock.json');
  return existsSync(lock) ? createHash('sha256').update(await readFile(lock)).digest('hex').slice(0, 16) : null;
}

/**
 * Per-user cache: `$XDG_CACHE_HOME/papergraph`, else `~/.cache/papergraph` (relative or empty XDG values are
 * ignored, as the XDG spec says); without a home directory, a per-user folder under the system temp dir.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'papergraph');
  let home = '';
  try {
    home = homedir();
  } catch {
    // No passwd entry and no $HOME: fall through to the temp dir.
  }
  if (home && isAbsolute(home)) return join(home, '.cache', 'papergraph');
  let user = 'user';
  try {
    user = String(userInfo().uid);
  } catch {
    // Keep the generic name.
  }
  return join(tmpdir(), `papergraph-cache-${user}`);
}

function readStamp(dir: string): Stamp | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

/** Builds the entry with Vite into `dir`, atomically (a temporary sibling renamed into place). */
async function buildBundle(entry: string, dir: string, stamp?: Stamp): Promise<void> {
  let build: typeof import('vite').build;
  try {
    ({ build } = await import('vite'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new ViewerBuildError('bundle-missing',
      `this papergraph has no prebuilt viewer bundle for its sources (${PREBUILT_DIR}) and Vite is not installed to build one: `
      + 'install papergraph from its npm package (`npm pack` builds the bundle), or run `npm ci` in a checkout');
  }
  await mkdir(resolve(dir, '..'), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await build({
      configFile: false,
      root: VIEWER_DIR,
      logLevel: 'warn',
      mode: 'production',
      // Vite's dependency cache would land in node_modules/.vite of the package: keep it beside the output.
      cacheDir: join(tmp, '.vite'),
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: tmp,
        emptyOutDir: true,
        copyPublicDir: false,
        target: 'es2020',
        minify: true,
        reportCompressedSize: false,
        lib: {
          entry: join(VIEWER_DIR, entry),
          name: 'papergraphViewer',
          formats: ['iife'],
          fileName: () => 'app.js',
          cssFileName: 'app',
        },
      },
    });
    await rm(join(tmp, '.vite'), { recursive: true, force: true });
    if (!existsSync(join(tmp, 'app.css'))) await writeFile(join(tmp, 'app.css'), '');
    await copyFile(join(VIEWER_DIR, 'index.html'), join(tmp, 'index.html'));
    if (stamp) await writeFile(join(tmp, 'stamp.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw new ViewerBuildError('bundle-failed', `viewer bundle failed: ${(err as Error).message}`);
  }
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(tmp, dir);
  } catch {
    // Another process finished the same build first: use theirs.
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Returns a directory holding `app.js`, `app.css` and `index.html` for the entry (IIFE, not an ES module: module
 * scripts do not load from file://): the prebuilt bundle when it matches the sources, else the per-user cache,
 * building it with Vite on first use.
 */
export async function ensureBundle(options: Partial<BundleOptions> = {}): Promise<string> {
  const o = { ...BUNDLE_DEFAULTS, ...options };
  const sources = await sourceHash(o.entry);
  if (!o.force) {
    const prebuilt = join(PREBUILT_DIR, o.name);
    const stamp = readStamp(prebuilt);
    const lockfile = await lockfileHash();
    if (stamp && stamp.entry === o.entry && stamp.sources === sources && (lockfile === null || stamp.lockfile === lockfile)
      && existsSync(join(prebuilt, 'app.js'))) return prebuilt;
  }
  const cache = userCacheDir();
  const dir = join(cache, `${o.name}-${sources}`);
  if (!o.force && existsSync(join(dir, 'app.js'))) return dir;
  await buildBundle(o.entry, dir);
  // Bundles of older sources are dead weight once no running server can still be using them (an hour on).
  for (const entry of await readdir(cache)) {
    const path = join(cache, entry);
    if (entry.startsWith(`${o.name}-`) && path !== dir && Date.now() - (await stat(path)).mtimeMs > 3_600_000) {
      await rm(path, { recursive: true, force: true });
    }
  }
  return dir;
}

/** Builds the bundle into viewer/dist/<name> with its stamp (run by `npm pack` through the prepack script). */
export async function prebuildBundle(options: Partial<BundleOptions> = {}): Promise<string> {
  const o = { ...BUNDLE_DEFAULTS, ...options };
  const dir = join(PREBUILT_DIR, o.name);
  await buildBundle(o.entry, dir, { entry: o.entry, sources: await sourceHash(o.entry), lockfile: await lockfileHash() });
  return dir;
}

export interface StaticBuildOptions {
  data: string;
  out: string;
}

/**
 * A self-contained folder: opens from disk (data embedded in data.js) or from any static HTTP host. Data files are
 * taken by the same rule `view` serves by (regular files inside DIR); refused ones are left out and returned.
 */
export async function buildStaticViewer(options: StaticBuildOptions): Promise<{ out: string; refused: DataDir['refused'] }> {
  const bundle = await ensureBundle();
  const { dir, files, refused } = await openDataDir(options.data);
  const out = resolve(options.out);
  try {
    await mkdir(out, { recursive: true });
    const graphText = await files.graph!.handle.readFile('utf8');
    const communitiesText = files.communities ? await files.communities.handle.readFile('utf8') : 'null';
    try {
      JSON.parse(graphText);
      JSON.parse(communitiesText);
    } catch (err) {
      throw new ViewerBuildError('bad-graph', `invalid JSON in ${dir}: ${(err as Error).message}`);
    }
    const links = { graphml: files.graphml && DATA_FILES.graphml, gexf: files.gexf && DATA_FILES.gexf, json: DATA_FILES.graph };
    await writeFile(join(out, 'data.js'),
      `// papergraph viewer data, embedded so the page also works from file://\nwindow.__PAPERGRAPH_DATA__ = {"graph": ${graphText.trim()},\n"communities": ${communitiesText.trim()},\n"files": ${JSON.stringify(links)}};\n`);
    for (const file of ['app.js', 'app.css']) await copyFile(join(bundle, file), join(out, file));
    const html = (await readFile(join(bundle, 'index.html'), 'utf8')).replace('<!--papergraph:data-->', '<script defer src="./data.js"></script>');
    await writeFile(join(out, 'index.html'), html);
    for (const key of ['graph', 'graphml', 'gexf', 'communities'] as const) {
      const file = files[key];
      if (file) await pipeline(file.handle.createReadStream({ autoClose: false, start: 0 }), createWriteStream(join(out, DATA_FILES[key])));
    }
  } finally {
    await closeAll(files);
  }
  return { out, refused };
}

const USAGE = `Usage: npm run build:viewer -- --data DIR --out DIR2
         Writes a static viewer of DIR/graph.json into DIR2 (opens from disk or any static host).
       npm run build:viewer -- --prebuilt
         Builds the viewer bundle into ${PREBUILT_DIR} (npm pack runs this as prepack).
`;

async function cli(argv: string[]): Promise<void> {
  let values: { data?: string; out?: string; prebuilt?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { data: { type: 'string' }, out: { type: 'string' }, prebuilt: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    throw new ViewerBuildError('usage', (err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.prebuilt) {
    if (values.data || values.out) throw new ViewerBuildError('usage', '--prebuilt takes no --data or --out');
    const dir = await prebuildBundle();
    // stderr: `npm pack --json` passes a lifecycle script's stdout through into its JSON.
    process.stderr.write(`viewer bundle: ${dir}\n`);
    return;
  }
  if (!values.data || !values.out) throw new ViewerBuildError('usage', '--data DIR and --out DIR2 are required (or --prebuilt)');
  const { out, refused } = await buildStaticViewer({ data: values.data, out: values.out });
  for (const r of refused) process.stderr.write(`build:viewer: left out ${r.reason}\n`);
  process.stdout.write(`${join(out, 'index.html')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).catch((err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`build:viewer: ${e.message ?? String(err)}\n`);
    process.exitCode = e.code === 'usage' ? 2 : 1;
  });
}
