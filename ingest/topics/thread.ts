// The topic stage's text similarity on a worker thread (worker.ts): papers' text is sent in batches while this
// thread chunks them for topics, the worker counts their content words as they come, then builds the BM25 rows,
// their index and every paper's nearest neighbours, and moves those buffers back. The same numbers as on one
// thread: the worker runs the same functions on the same text, in the same order.
import { Worker } from 'node:worker_threads';
import { PapergraphError } from '../errors.ts';
import type { Paper } from '../types.ts';
import type { KnnIndex, KnnOptions, Neighbours, WordNeighbours, WordRowOptions } from './similar.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/** Papers per message. */
const BATCH = 1000;
/**
 * Batches sent but not yet counted by the worker. The text goes out only as fast as the worker takes it in, so at
 * most this many batches are copied at once (8× ACL: ~4 MB, against ~500 MB for all the text sent in one go).
 */
const WINDOW = 4;

export class TopicThreadError extends PapergraphError<'worker-failed'> {}

/** What the worker is started with. */
export interface SimilarityJob {
  titleWeight: number;
  rows: WordRowOptions;
  knn: KnnOptions;
  /** Int32 slot 0: batches the worker has counted (it adds to it; this side reads it without waiting). */
  counted: SharedArrayBuffer;
}

/** Neighbour lists as three flat arrays (list i is neighbours[starts[i] .. starts[i+1])), to move between threads. */
export interface FlatNeighbours {
  starts: Int32Array;
  neighbours: Int32Array;
  scores: Float64Array;
}

/** The worker's answer. */
export type SimilarityReply = { index: KnnIndex; lists: FlatNeighbours } | { error: string };

export function flattenNeighbours(lists: readonly Neighbours[]): FlatNeighbours {
  const starts = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (starts[i + 1] = starts[i]! + l.neighbours.length));
  const neighbours = new Int32Array(starts[lists.length]!);
  const scores = new Float64Array(starts[lists.length]!);
  lists.forEach((l, i) => {
    neighbours.set(l.neighbours, starts[i]!);
    scores.set(l.scores, starts[i]!);
  });
  return { starts, neighbours, scores };
}

/** List i is row i's: what `nearestNeighbours` over every row returns. */
export function unflattenNeighbours(flat: FlatNeighbours): Neighbours[] {
  const lists: Neighbours[] = new Array(flat.starts.length - 1);
  for (let i = 0; i < lists.length; i++) {
    const [a, b] = [flat.starts[i]!, flat.starts[i + 1]!];
    lists[i] = { row: i, neighbours: flat.neighbours.subarray(a, b), scores: flat.scores.subarray(a, b) };
  }
  return lists;
}

/** The buffers of the worker's answer, moved rather than copied. */
export function replyBuffers(reply: { index: KnnIndex; lists: FlatNeighbours }): ArrayBuffer[] {
  const { rows, index } = reply.index;
  return [rows.starts, rows.term, rows.weight, index.starts, index.row, index.weight, reply.lists.starts, reply.lists.neighbours, reply.lists.scores].map((a) => a.buffer as ArrayBuffer);
}

export class SimilarityThread {
  private readonly worker: Worker;
  private readonly counted: Int32Array;
  private readonly answer: Promise<WordNeighbours>;
  private sent = 0;
  private batches = 0;
  private ended = false;

  constructor(
    private readonly papers: readonly Paper[],
    job: Omit<SimilarityJob, 'counted'>,
  ) {
    const counted = new SharedArrayBuffer(4);
    this.counted = new Int32Array(counted);
    this.worker = new Worker(ENTRY, { workerData: { ...job, counted } satisfies SimilarityJob });
    this.answer = new Promise<WordNeighbours>((resolve, reject) => {
      this.worker.on('message', (reply: SimilarityReply) => {
        if ('error' in reply) reject(new TopicThreadError('worker-failed', `topic similarity worker failed: ${reply.error.split('\n')[0]}`));
        else resolve({ index: reply.index, lists: unflattenNeighbours(reply.lists) });
      });
      this.worker.on('error', (err) => reject(new TopicThreadError('worker-failed', `topic similarity worker failed: ${err.message}`)));
      this.worker.on('exit', (code) => reject(new TopicThreadError('worker-failed', `topic similarity worker exited with code ${code} before answering`)));
    });
    // Awaited only once the phrase passes are done: a failure before then must not count as unhandled.
    this.answer.catch(() => undefined);
    this.pump();
  }

  private sendBatch(): void {
    const texts: string[] = [];
    const end = Math.min(this.papers.length, this.sent + BATCH);
    for (let i = this.sent; i < end; i++) texts.push(this.papers[i]!.title, this.papers[i]!.abstract);
    this.worker.postMessage({ texts });
    this.sent = end;
    this.batches++;
  }

  /** Sends text while fewer than WINDOW batches wait in the worker; cheap, for calling often from a long loop. */
  pump(): void {
    while (this.sent < this.papers.length && this.batches - Atomics.load(this.counted, 0) < WINDOW) this.sendBatch();
  }

  /** Sends the rest of the text and waits for the neighbours. */
  async result(): Promise<WordNeighbours> {
    while (this.sent < this.papers.length) this.sendBatch();
    if (!this.ended) this.worker.postMessage({ end: true });
    this.ended = true;
    return this.answer;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
