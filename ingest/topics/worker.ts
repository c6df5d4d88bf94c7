// Worker-thread side of the topic stage's text similarity (thread.ts): counts the content words of each batch of
// papers as it arrives, and at the end answers with the BM25 rows, their index and every paper's nearest neighbours.
import { parentPort, workerData } from 'node:worker_threads';
import { collectGarbage } from '../collect-garbage.ts';
import { bm25Rows, knnIndex, nearestNeighbours, WordCounter, type KnnIndex } from './similar.ts';
import { Vocabulary } from './table.ts';
import { flattenNeighbours, replyBuffers, type SimilarityJob, type SimilarityReply } from './thread.ts';

const job = workerData as SimilarityJob;
const counted = new Int32Array(job.counted);
let counter: WordCounter | undefined = new WordCounter(new Vocabulary(), job.titleWeight);

/** The BM25 rows of everything counted and their index; the counter goes with this frame. */
function indexOfCounts(): KnnIndex {
  const words = counter!.finish();
  counter = undefined;
  return knnIndex(bm25Rows(words, job.rows), job.knn.maxPostings);
}

parentPort!.on('message', (msg: { texts: string[] } | { end: true }) => {
  try {
    if ('texts' in msg) {
      for (let k = 0; k < msg.texts.length; k += 2) counter!.add(msg.texts[k]!, msg.texts[k + 1]!);
      Atomics.add(counted, 0, 1);
      return;
    }
    // `wordNeighbours`, with the word counts, the vocabulary and the index's temporaries (~150 MB on ACL) let go
    // before the neighbour search: this thread runs beside the main one's phrase passes, so its peak adds to theirs.
    const index = indexOfCounts();
    collectGarbage();
    const reply = { index, lists: flattenNeighbours(nearestNeighbours(index, job.knn)) };
    parentPort!.postMessage(reply satisfies SimilarityReply, replyBuffers(reply));
  } catch (err) {
    parentPort!.postMessage({ error: String((err as Error)?.stack ?? err) } satisfies SimilarityReply);
  }
});
