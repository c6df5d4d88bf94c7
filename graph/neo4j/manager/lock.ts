// Cross-process lock on the local machine: a directory holding the owner's pid; a dead owner's lock is taken over.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Neo4jSinkError } from '../errors.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LockOptions {
  timeoutMs: number;
  /** Called once when the lock is busy, with the holder's pid (for a "waiting for …" line). */
  onWait?: (holder: number | undefined) => void;
  /** Error code when the wait times out. */
  code?: 'start-failed' | 'locked';
}

/** Takes the lock at `dir` (waiting up to `timeoutMs`); returns its release. */
export async function acquireLock(dir: string, options: LockOptions | number): Promise<() => Promise<void>> {
  const o: LockOptions = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + o.timeoutMs;
  let told = false;
  await mkdir(dirname(dir), { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'pid'), `${process.pid}\n`);
      return () => rm(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(join(dir, 'pid'), 'utf8').catch(() => '')).trim());
      const age = Date.now() - ((await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now());
      if ((owner && !isAlive(owner)) || (!owner && age > 10_000)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      if (!told) {
        told = true;
        o.onWait?.(owner || undefined);
      }
      if (Date.now() > deadline) {
        throw new Neo4jSinkError(o.code ?? 'start-failed', `timed out after ${Math.round(o.timeoutMs / 1000)} s waiting for ${dir} (held by pid ${owner || '?'})`);
      }
      await sleep(200);
    }
  }
}
