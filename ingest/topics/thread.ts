// The topic stage's text similarity on a worker thread (worker.ts): papers' text is sent in batches while this
// thread chunks them for topics, the worker counts their content words as they come, then builds the BM25 rows,
// their index and every paper's nearest neighbours, and moves those buffers back. The same numbers as on one
// thread: the worker runs the same functions on the same text, in the same order.
import { PapergraphError } from '../errors.ts';
import { FeedThread, prestartFeedWorker } from '../feed-thread.ts';
import type { Paper } from '../types.ts';
import type { FlatNeighbours, KnnIndex, KnnOptions, Neighbours, WordNeighbours, WordRowOptions } from './similar.ts';

export type { FlatNeighbours } from './similar.ts';

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
}

/** The worker's answer. */
export interface SimilarityReply {
  index: KnnIndex;
  lists: FlatNeighbours;
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
export function replyBuffers(reply: SimilarityReply): ArrayBuffer[] {
  const { rows, index } = reply.index;
  return [rows.starts, rows.term, rows.weight, index.starts, index.row, index.weight, reply.lists.starts, reply.lists.neighbours, reply.lists.scores].map((a) => a.buffer as ArrayBuffer);
}

/** A batch: title and abstract of each of its papers, in turn. */
export interface TextBatch {
  texts: string[];
}

/** Starts the similarity worker ahead of its job (`prestartFeedWorker`): the next SimilarityThread takes it. */
export function prestartSimilarityThread(): void {
  prestartFeedWorker(ENTRY);
}

/** The similarity worker, fed the papers' text in batches of BATCH papers, at most WINDOW waiting in it. */
export class SimilarityThread {
  private readonly feed: FeedThread<SimilarityJob, TextBatch, SimilarityReply>;
  private next = 0;

  constructor(papers: readonly Paper[], job: SimilarityJob) {
    this.feed = new FeedThread<SimilarityJob, TextBatch, SimilarityReply>({
      entry: ENTRY,
      job,
      window: WINDOW,
      next: () => {
        if (this.next >= papers.length) return undefined;
        const end = Math.min(papers.length, this.next + BATCH);
        const texts: string[] = [];
        for (let i = this.next; i < end; i++) texts.push(papers[i]!.title, papers[i]!.abstract);
        const elements = end - this.next;
        this.next = end;
        return { batch: { texts }, elements };
      },
      failure: (f) => new TopicThreadError('worker-failed', `topic similarity worker failed: ${f.message.split('\n')[0]}`),
    });
  }

  /** Sends text while fewer than WINDOW batches wait in the worker; cheap, for calling often from a long loop. */
  pump(): void {
    this.feed.pump();
  }

  /** Sends the rest of the text (as the worker takes it in) and waits for the neighbours. */
  async result(): Promise<WordNeighbours> {
    const reply = await this.feed.result();
    return { index: reply.index, lists: unflattenNeighbours(reply.lists) };
  }

  async close(): Promise<void> {
    await this.feed.close();
  }
}
