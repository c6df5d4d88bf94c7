// Worker-thread side of the pool: receives batches of papers, returns their per-paper results.
import { parentPort } from 'node:worker_threads';
import type { Paper } from '../types.ts';
import { defaultResources, extractPaper, type EngineOptions, type PaperLocal } from './engine.ts';

interface Job {
  id: number;
  papers: Paper[];
  options: EngineOptions;
}

const res = defaultResources();
parentPort!.on('message', (job: Job) => {
  try {
    const out: PaperLocal[] = job.papers.map((p) => extractPaper(p, res, job.options));
    parentPort!.postMessage({ id: job.id, out });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: String((err as Error)?.stack ?? err) });
  }
});
