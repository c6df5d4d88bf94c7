// The topic stage's text similarity on a worker thread (worker.ts): papers' text is sent in batches while this
// thread chunks them for topics, the worker counts their content words as they come, then builds the BM25 rows and
// their index in shared memory and searches every paper's nearest neighbours — joined by this thread once its own
// phrase passes are done. The same numbers as on one thread: the same functions on the same text, in the same order.
import { PapergraphError } from '../errors.ts';
import { FeedThread } from '../feed-thread.ts';
import type { Paper } from '../types.ts';
import { searchShared, sharedLists, type KnnIndex, type KnnOptions, type SharedNeighbours, type WordNeighbours, type WordRowOptions } from './similar.ts';

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

/**
 * The worker's note and answer: the rows and their index, and every row's neighbours (`out`), all in shared memory.
 * The note comes before the neighbour search, so this thread can search blocks of rows too; the answer once the
 * worker has claimed its last block.
 */
export interface SimilarityReply {
  index: KnnIndex;
  out: SharedNeighbours;
}

/** A batch: title and abstract of each of its papers, in turn. */
export interface TextBatch {
  texts: string[];
}

/** The similarity worker, fed the papers' text in batches of BATCH papers, at most WINDOW waiting in it. */
export class SimilarityThread {
  private readonly feed: FeedThread<SimilarityJob, TextBatch, SimilarityReply>;
  private next = 0;
  /** The worker's note: what this thread may help search. */
  private shared?: SimilarityReply;
  private onShared?: () => void;

  constructor(
    papers: readonly Paper[],
    private readonly job: SimilarityJob,
  ) {
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
      onNote: (note) => {
        this.shared = note as SimilarityReply;
        this.onShared?.();
      },
    });
  }

  /** Sends text while fewer than WINDOW batches wait in the worker; cheap, for calling often from a long loop. */
  pump(): void {
    this.feed.pump();
  }

  /**
   * Sends the rest of the text (as the worker takes it in), then searches blocks of rows here too, beside the worker,
   * until none is left, and waits for the worker's last ones. Which thread searched a row does not change its list.
   */
  async result(): Promise<WordNeighbours> {
    const answer = this.feed.result();
    const noted = new Promise<void>((resolve) => (this.shared ? resolve() : (this.onShared = resolve)));
    await Promise.race([answer, noted]);
    if (this.shared) searchShared(this.shared.index, this.job.knn, this.shared.out);
    const { index, out } = await answer;
    return { index, lists: sharedLists(out) };
  }

  async close(): Promise<void> {
    await this.feed.close();
  }
}
