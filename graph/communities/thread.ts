// Louvain restarts on a worker thread (restart-worker.ts): the CSR and the restarts' seeds go out once, their labels
// and modularity come back. The same numbers as on this thread: the worker runs `runRestarts` on the same CSR.
import { PapergraphError } from '../../ingest/errors.ts';
import { FeedThread, prestartFeedWorker, releasePrestarted } from '../../ingest/feed-thread.ts';
import type { Csr } from './csr.ts';
import type { CommunityOptions } from './options.ts';
import type { RestartRun, RestartSeeds } from './partition.ts';

const ENTRY = new URL('./restart-worker-entry.mjs', import.meta.url);

export class CommunityThreadError extends PapergraphError<'worker-failed'> {}

/** What the worker is started with (the CSR without its keys: restarts read indices only). */
export interface RestartJob {
  csr: Csr;
  seeds: RestartSeeds[];
  options: CommunityOptions;
}

/** Starts a restart worker ahead of its job (`prestartFeedWorker`): the next RestartThread takes it. */
export function prestartRestartThread(): void {
  prestartFeedWorker(ENTRY);
}

/** Ends a prestarted restart worker no RestartThread took. */
export function releaseRestartThread(): Promise<void> {
  return releasePrestarted(ENTRY);
}

/** Restarts of `bestPartition` running on a worker thread while this one runs its own. */
export class RestartThread {
  private readonly feed: FeedThread<RestartJob, never, RestartRun[]>;

  constructor(csr: Csr, seeds: RestartSeeds[], options: CommunityOptions) {
    this.feed = new FeedThread<RestartJob, never, RestartRun[]>({
      entry: ENTRY,
      job: { csr: { ...csr, keys: [] }, seeds, options },
      window: 1,
      // Everything is in the job: no batches.
      next: () => undefined,
      failure: (f) => new CommunityThreadError('worker-failed', `community restart worker failed: ${f.message.split('\n')[0]}`),
    });
  }

  /** The restarts' results, in the order of their seeds. */
  result(): Promise<RestartRun[]> {
    return this.feed.result();
  }

  async close(): Promise<void> {
    await this.feed.close();
  }
}
