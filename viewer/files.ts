// Which files the viewer reads: a fixed set of names, each only if it resolves (symlinks followed) to a regular file
// inside its directory — the rule `view` serves by and the static build copies by.
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { PapergraphError } from '../ingest/errors.ts';

/** Files a graph output DIR may hold that the viewer uses or offers for download. */
export const DATA_FILES = { graph: 'graph.json', communities: 'communities.json', graphml: 'graph.graphml', gexf: 'graph.gexf' } as const;
export type DataFile = keyof typeof DATA_FILES;

export class ViewerBuildError extends PapergraphError<'no-graph' | 'bad-graph' | 'usage' | 'bundle-failed' | 'bundle-missing'> {}

/** Why a file is not handed out (status as the server answers it). */
export class Refusal {
  constructor(readonly status: 400 | 403 | 404 | 405 | 421, readonly reason: string) {}
}

export interface OpenFile {
  handle: FileHandle;
  size: number;
  mtimeMs: number;
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Opens `root/name` for reading only if its real path (symlinks resolved) is a regular file inside `root`, which is
 * itself a real path. O_NONBLOCK: opening a FIFO must not block a thread-pool thread; fstat on the open descriptor
 * then refuses it, so the check and the read are about the same file. Failures other than "not there" propagate.
 */
export async function openInside(root: string, name: string): Promise<OpenFile | Refusal> {
  let real: string;
  try {
    real = await realpath(join(root, name));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return new Refusal(404, 'not found');
    if (code === 'ELOOP') return new Refusal(403, `${name}: symlink loop`);
    throw err;
  }
  if (!isInside(root, real)) return new Refusal(403, `${name}: resolves outside ${root}`);
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      return new Refusal(403, `${name}: not a regular file`);
    }
    return { handle, size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

export interface DataDir {
  /** Real path of DIR. */
  dir: string;
  /** Open handles of the data files that pass; graph.json always. The caller closes them. */
  files: Partial<Record<DataFile, OpenFile>>;
  /** Data files DIR holds that are refused (outside DIR after symlinks, not a regular file, unreadable), with why. */
  refused: { file: string; reason: string }[];
}

/** Opens DIR's data files; `no-graph` when graph.json is missing, `bad-graph` when it is refused. */
export async function openDataDir(dataDir: string): Promise<DataDir> {
  let dir: string;
  try {
    dir = await realpath(resolve(dataDir));
  } catch {
    throw new ViewerBuildError('no-graph', `no ${DATA_FILES.graph} in ${dataDir}: the directory does not exist (run \`papergraph build --out ${dataDir}\` first)`);
  }
  const files: DataDir['files'] = {};
  const refused: DataDir['refused'] = [];
  for (const [key, name] of Object.entries(DATA_FILES) as [DataFile, string][]) {
    let found: OpenFile | Refusal;
    try {
      found = await openInside(dir, name);
    } catch (err) {
      found = new Refusal(403, `${name}: cannot open (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (found instanceof Refusal) {
      if (found.status !== 404) refused.push({ file: name, reason: found.reason });
      continue;
    }
    files[key] = found;
  }
  if (!files.graph) {
    await closeAll(files);
    const why = refused.find((r) => r.file === DATA_FILES.graph);
    if (why) throw new ViewerBuildError('bad-graph', `refusing ${join(dir, DATA_FILES.graph)}: ${why.reason.slice(DATA_FILES.graph.length + 2)}`);
    throw new ViewerBuildError('no-graph', `no ${DATA_FILES.graph} in ${dataDir} (run \`papergraph build --out ${dataDir}\` first)`);
  }
  return { dir, files, refused };
}

export async function closeAll(files: DataDir['files']): Promise<void> {
  await Promise.all(Object.values(files).map((f) => f.handle.close()));
}
