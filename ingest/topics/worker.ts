// Worker-thread side of the topic stage's text similarity (thread.ts): counts the content words of each batch of
// papers as it arrives, and at the end answers with the BM25 rows, their index and every paper's nearest neighbours.
import { collectGarbage } from '../collect-garbage.ts';
import { serveFeed } from '../feed-thread.ts';
import { bm25Rows, ContentWordTable, knnIndex, nearestNeighboursFlat, WordCounter, type SparseRows } from './similar.ts';
import { replyBuffers, type SimilarityJob, type SimilarityReply, type TextBatch } from './thread.ts';

/**
 * Batches between two collections while text comes in. Each batch leaves its text and the matches over it as
 * garbage; left to itself V8 grows this thread's heap to ~200 MB committed for ~35 MB live (ACL), beside the main
 * thread's phrase passes. A collection of a heap this small takes milliseconds.
 */
const COLLECT_EVERY = 8;

serveFeed<SimilarityJob, TextBatch, SimilarityReply>((job) => {
  let counter: WordCounter | undefined = new WordCounter(new ContentWordTable(), job.titleWeight);
  let batches = 0;
  /** The BM25 rows of everything counted; the counter goes with this frame. */
  const rowsOfCounts = (): SparseRows => {
    const words = counter!.finish();
    counter = undefined;
    return bm25Rows(words, job.rows);
  };
  return {
    take({ texts }) {
      for (let k = 0; k < texts.length; k += 2) counter!.add(texts[k]!, texts[k + 1]!);
      if (++batches % COLLECT_EVERY === 0) collectGarbage();
    },
    // `wordNeighbours`, letting the word counts and the vocabulary go before the index is built, and the index's
    // temporaries before the neighbour search (~150 MB on ACL): this thread's peak adds to the main thread's.
    finish() {
      const rows = rowsOfCounts();
      collectGarbage();
      const index = knnIndex(rows, job.knn.maxPostings);
      collectGarbage();
      return { index, lists: nearestNeighboursFlat(index, job.knn) };
    },
    transfer: replyBuffers,
  };
});
