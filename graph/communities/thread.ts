// Louvain restarts on a worker thread (worker.ts): the CSR and the restart seeds go out, each restart's labels and
// modularity come back. A feed of no batches: the job is the whole input.
import { FeedThread } from '../../ingest/feed-thread.ts';
import { PapergraphError } from '../../ingest/errors.ts';
import type { Csr } from './csr.ts';
import type { CommunityOptions } from './options.ts';
import type { Restart, RestartPlan } from './partition.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export class CommunityThreadError extends PapergraphError<'worker-failed'> {}

/** What the worker runs: restarts `which` of `plan` on `csr` (its keys left out: restarts read only numbers). */
export interface RestartJob {
  csr: Csr;
  plan: RestartPlan;
  which: number[];
  options: CommunityOptions;
}

export class RestartThread {
  private readonly feed: FeedThread<RestartJob, never, Restart[]>;

  constructor(job: RestartJob) {
    this.feed = new FeedThread<RestartJob, never, Restart[]>({
      entry: ENTRY,
      job,
      window: 1,
      next: () => undefined,
      failure: (f) => new CommunityThreadError('worker-failed', `community restart worker failed: ${f.message.split('\n')[0]}`),
    });
  }

  result(): Promise<Restart[]> {
    return this.feed.result();
  }

  async close(): Promise<void> {
    await this.feed.close();
  }
}
