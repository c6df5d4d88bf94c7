// Worker-thread side of thread.ts: runs the Louvain restarts it was given on the CSR and answers with their labels.
import { serveFeed } from '../../ingest/feed-thread.ts';
import { runRestarts, type RestartRun } from './partition.ts';
import type { RestartJob } from './thread.ts';

serveFeed<RestartJob, never, RestartRun[]>((job) => ({
  take() {},
  finish: () => runRestarts(job.csr, job.seeds, job.options),
  transfer: (runs) => runs.map((run) => run.labels.buffer as ArrayBuffer),
}));
