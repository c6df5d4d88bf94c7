// A small worker_threads pool for the per-paper pass: batches out, results back in input order.
import { Worker } from 'node:worker_threads';
import type { Paper } from '../types.ts';
import type { EngineOptions, PaperLocal } from './engine.ts';
import { ExtractError } from './options.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/** Batches queued per worker. */
const IN_FLIGHT = 2;

/** A worker started ahead of its run (`warmPool`), and whether it died before a run took it. */
interface WarmWorker {
  worker: Worker;
  dead: boolean;
}

/** Workers started by `warmPool` and not yet taken by a run (the next `runPool` takes them first). */
const warm: WarmWorker[] = [];

/**
 * Starts `workers` extraction workers now, so they load the extraction engine (~2 s of module loading, lexicons and
 * the model) while this thread does something else — reading the input; the next `runPool` takes them instead of
 * starting its own. They do not keep the process alive while idle; `release()` ends those no run took (a corpus too
 * small for workers). Which worker extracts which batch never changes a result.
 */
export function warmPool(workers: number): { release(): Promise<void> } {
  for (let k = 0; k < workers; k++) {
    const w: WarmWorker = { worker: new Worker(ENTRY), dead: false };
    // A failure while idle: the run that would take this worker starts a fresh one (and reports its own failure).
    w.worker.on('error', () => (w.dead = true));
    w.worker.on('exit', () => (w.dead = true));
    w.worker.unref();
    warm.push(w);
  }
  return {
    async release() {
      await Promise.all(warm.splice(0).map((w) => w.worker.terminate()));
    },
  };
}

/** A warm worker if one is alive, else a new one. */
function takeWorker(): Worker {
  for (let w = warm.shift(); w; w = warm.shift()) {
    if (!w.dead) {
      w.worker.ref();
      return w.worker;
    }
    void w.worker.terminate();
  }
  return new Worker(ENTRY);
}

/**
 * Structured cloning gives every received string its own copy; rule ids and reasons repeat across hundreds of
 * thousands of records, so share one copy of each (halves the memory of a large run's pruned list).
 */
function intern(locals: PaperLocal[], papers: Paper[], pool: Map<string, string>): PaperLocal[] {
  const one = (s: string): string => {
    const hit = pool.get(s);
    if (hit !== undefined) return hit;
    pool.set(s, s);
    return s;
  };
  // Evidence sentences are re-cut from this thread's copy of the abstract, so they share its memory.
  const share = (paper: Paper | undefined, sentence: string): string => {
    if (!paper) return sentence;
    const at = paper.abstract.indexOf(sentence);
    if (at >= 0) return paper.abstract.slice(at, at + sentence.length);
    return sentence === paper.title ? paper.title : sentence;
  };
  locals.forEach((l, k) => {
    const paper = papers[k];
    for (const e of l.entities) {
      for (const ev of e.evidence) {
        ev.rule = one(ev.rule);
        ev.reason = one(ev.reason);
        ev.sentence = share(paper, ev.sentence);
      }
    }
  });
  return locals;
}

/** Runs `extractPaper` over `papers` on `workers` threads; the result array is in input order. */
export async function runPool(papers: Paper[], workers: number, batchSize: number, options: EngineOptions, onProgress?: (papers: number) => void): Promise<PaperLocal[]> {
  const batches: Paper[][] = [];
  for (let i = 0; i < papers.length; i += batchSize) batches.push(papers.slice(i, i + batchSize));
  const results: PaperLocal[][] = new Array(batches.length);
  const pool = new Map<string, string>();
  const threads = Array.from({ length: Math.min(workers, batches.length) }, takeWorker);
  let next = 0;
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            // Each worker holds up to IN_FLIGHT batches, so it starts the next one while the main thread
            // receives and interns the last one's results instead of idling through the round trip.
            let pending = 0;
            const send = (): void => {
              if (next >= batches.length) {
                if (pending === 0) resolve();
                return;
              }
              const id = next++;
              pending++;
              w.postMessage({ id, papers: batches[id], options });
            };
            w.on('message', (msg: { id: number; out?: PaperLocal[]; error?: string }) => {
              if (msg.error !== undefined) {
                reject(new ExtractError('worker-failed', `extract worker failed: ${msg.error.split('\n')[0]}`));
                return;
              }
              pending--;
              results[msg.id] = intern(msg.out!, batches[msg.id]!, pool);
              onProgress?.(msg.out!.length);
              send();
            });
            w.on('error', (err) => reject(new ExtractError('worker-failed', `extract worker failed: ${err.message}`)));
            w.on('exit', (code) => {
              if (code !== 0 && next <= batches.length) reject(new ExtractError('worker-failed', `extract worker exited with code ${code}`));
            });
            for (let k = 0; k < IN_FLIGHT; k++) send();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results.flat();
}
