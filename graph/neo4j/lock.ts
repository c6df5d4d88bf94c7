// A write lock in the database itself: builds writing to one Neo4j take turns, wherever they run (the managed
// server, or any NEO4J_URI). The lock is a :PapergraphLock node whose owner is set in a write transaction that
// first takes the node's write lock, so two builds can never both see it free. It is a lease: the holder renews it
// while it writes, and a holder that died (kill -9) loses it when the lease runs out.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import neo4j, { type Driver } from 'neo4j-driver';
import { Neo4jSinkError } from './errors.ts';
import { applySchema } from './schema.ts';

export interface DbLockOptions {
  database?: string;
  /** Seconds to wait for another holder before failing with `locked`. */
  waitSec: number;
  /** Lease length, milliseconds; renewed every third of it. */
  leaseMs: number;
  /** Shown to a build that waits: who holds it. */
  holder: string;
  /** Called once when the lock is busy. */
  onWait?: (holder: string, sinceMs: number) => void;
}

export const DB_LOCK_DEFAULTS: DbLockOptions = {
  waitSec: 3600,
  leaseMs: 60_000,
  holder: `papergraph build, pid ${process.pid} on ${hostname()}`,
};

export interface DbLock {
  /** Throws `locked` when the lease was lost (another build took it after it ran out): stop writing. */
  check(): void;
  release(): Promise<void>;
}

const LOCK_KEY = 'write';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes the database's write lock, waiting for another holder up to `waitSec`. */
export async function acquireDbLock(driver: Driver, partial: Partial<DbLockOptions> = {}): Promise<DbLock> {
  const o = { ...DB_LOCK_DEFAULTS, ...partial };
  // The key's uniqueness constraint is what makes two MERGEs of the lock node meet on one node.
  await applySchema(driver, o.database, ['papergraph_lock_key']);
  const owner = randomUUID();
  const deadline = Date.now() + o.waitSec * 1000;
  let told = false;
  for (;;) {
    const session = driver.session({ database: o.database, defaultAccessMode: neo4j.session.WRITE });
    const state = await session.executeWrite(async (tx) => {
      // Writing first takes the node's write lock: the owner read below is then the committed one, not a stale read.
      await tx.run('MERGE (l:PapergraphLock {key: $key}) SET l.touched = timestamp()', { key: LOCK_KEY });
      const current = (await tx.run('MATCH (l:PapergraphLock {key: $key}) RETURN l.owner AS owner, l.expires < timestamp() AS expired, l.holder AS holder, timestamp() - l.since AS held', { key: LOCK_KEY })).records[0];
      // The holder released (deleted) the node while this transaction waited for it: try again at once.
      if (!current) return { free: false, gone: true, holder: '', held: 0 };
      const free = current.get('owner') === null || current.get('expired') === true;
      if (free) {
        await tx.run('MATCH (l:PapergraphLock {key: $key}) SET l.owner = $owner, l.holder = $holder, l.since = timestamp(), l.expires = timestamp() + $lease', {
          key: LOCK_KEY,
          owner,
          holder: o.holder,
          lease: neo4j.int(o.leaseMs),
        });
      }
      return { free, gone: false, holder: String(current.get('holder') ?? '?'), held: Number(current.get('held') ?? 0) };
    }).catch((err: unknown) => {
      // Same race, seen as a write to the node just deleted.
      if (String((err as { code?: string }).code ?? '').endsWith('EntityNotFound')) return { free: false, gone: true, holder: '', held: 0 };
      throw err;
    }).finally(() => session.close());
    if (state.free) break;
    if (state.gone) continue;
    if (!told) {
      told = true;
      o.onWait?.(state.holder, state.held);
    }
    if (Date.now() > deadline) {
      throw new Neo4jSinkError(
        'locked',
        `another papergraph write (${state.holder}) has held this database for ${Math.round(state.held / 1000)} s; gave up after waiting ${o.waitSec} s ` +
          `(if no build is running, its lease runs out within ${Math.round(o.leaseMs / 1000)} s)`,
      );
    }
    await sleep(500);
  }

  let lost: Error | undefined;
  const renew = async () => {
    try {
      const { records } = await driver.executeQuery(
        'MATCH (l:PapergraphLock {key: $key}) WHERE l.owner = $owner SET l.expires = timestamp() + $lease RETURN count(l) AS held',
        { key: LOCK_KEY, owner, lease: neo4j.int(o.leaseMs) },
        { database: o.database },
      );
      if (Number(records[0]?.get('held') ?? 0) === 0) lost ??= new Neo4jSinkError('locked', 'lost the database write lock: another papergraph write took it after its lease ran out; re-run the build');
    } catch {
      // A failed renewal is not a lost lock: the write itself will fail if the server is gone.
    }
  };
  const timer = setInterval(() => void renew(), Math.max(1_000, Math.floor(o.leaseMs / 3)));
  timer.unref();
  return {
    check() {
      if (lost) throw lost;
    },
    async release() {
      clearInterval(timer);
      await driver
        .executeQuery('MATCH (l:PapergraphLock {key: $key}) WHERE l.owner = $owner DELETE l', { key: LOCK_KEY, owner }, { database: o.database })
        .catch(() => {});
    },
  };
}
