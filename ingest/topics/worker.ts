// Worker-thread side of the topic stage's text similarity (thread.ts): counts the content words of each batch of
// papers as it arrives, and at the end answers with the BM25 rows, their index and every paper's nearest neighbours.
import { parentPort, workerData } from 'node:worker_threads';
import { collectGarbage } from '../collect-garbage.ts';
import { bm25Rows, knnIndex, nearestNeighbours, WordCounter, type SparseRows } from './similar.ts';
import { Vocabulary } from './table.ts';
import { flattenNeighbours, replyBuffers, type SimilarityJob, type SimilarityReply } from './thread.ts';

const job = workerData as SimilarityJob;
const counted = new Int32Array(job.counted);
let counter: WordCounter | undefined = new WordCounter(new Vocabulary(), job.titleWeight);

/** The BM25 rows of everything counted; the counter goes with this frame. */
function rowsOfCounts(): SparseRows {
  const words = counter!.finish();
  counter = undefined;
  return bm25Rows(words, job.rows);
}

/**
 * Batches between two collections while text comes in. Each batch leaves its text and the matches over it as
 * garbage; left to itself V8 grows this thread's heap to ~200 MB committed for ~35 MB live (ACL), beside the main
 * thread's phrase passes. A collection of a heap this small takes milliseconds.
 */
const COLLECT_EVERY = 8;

parentPort!.on('message', (msg: { texts: string[] } | { end: true }) => {
  try {
    if ('texts' in msg) {
      for (let k = 0; k < msg.texts.length; k += 2) counter!.add(msg.texts[k]!, msg.texts[k + 1]!);
      if (Atomics.add(counted, 0, 1) % COLLECT_EVERY === COLLECT_EVERY - 1) collectGarbage();
      return;
    }
    // `wordNeighbours`, letting the word counts and the vocabulary go before the index is built, and the index's
    // temporaries before the neighbour search (~150 MB on ACL): this thread's peak adds to the main thread's.
    const rows = rowsOfCounts();
    collectGarbage();
    const index = knnIndex(rows, job.knn.maxPostings);
    collectGarbage();
    const reply = { index, lists: flattenNeighbours(nearestNeighbours(index, job.knn)) };
    parentPort!.postMessage(reply satisfies SimilarityReply, replyBuffers(reply));
  } catch (err) {
    parentPort!.postMessage({ error: String((err as Error)?.stack ?? err) } satisfies SimilarityReply);
  }
});
