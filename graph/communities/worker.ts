// Worker-thread side of thread.ts: runs its share of the Louvain restarts and moves their labels back.
import { serveFeed } from '../../ingest/feed-thread.ts';
import { runRestarts, type Restart } from './partition.ts';
import type { RestartJob } from './thread.ts';

serveFeed<RestartJob, never, Restart[]>((job) => ({
  take() {
    throw new Error('the restart worker takes no batches');
  },
  finish: () => runRestarts(job.csr, job.plan, job.which, job.options),
  transfer: (runs) => runs.map((r) => r.labels.buffer as ArrayBuffer),
}));
