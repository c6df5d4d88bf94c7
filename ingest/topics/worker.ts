// Worker-thread side of the topic stage's text similarity (thread.ts): counts the content words of each batch of
// papers as it arrives, and at the end answers with the BM25 rows, their index and every paper's nearest neighbours.
import { parentPort, workerData } from 'node:worker_threads';
import { WordCounter, wordNeighbours } from './similar.ts';
import { Vocabulary } from './table.ts';
import { flattenNeighbours, replyBuffers, type SimilarityJob, type SimilarityReply } from './thread.ts';

const job = workerData as SimilarityJob;
const counted = new Int32Array(job.counted);
const counter = new WordCounter(new Vocabulary(), job.titleWeight);

parentPort!.on('message', (msg: { texts: string[] } | { end: true }) => {
  try {
    if ('texts' in msg) {
      for (let k = 0; k < msg.texts.length; k += 2) counter.add(msg.texts[k]!, msg.texts[k + 1]!);
      Atomics.add(counted, 0, 1);
      return;
    }
    const { index, lists } = wordNeighbours(counter.finish(), job.rows, job.knn);
    const reply = { index, lists: flattenNeighbours(lists) };
    parentPort!.postMessage(reply satisfies SimilarityReply, replyBuffers(reply));
  } catch (err) {
    parentPort!.postMessage({ error: String((err as Error)?.stack ?? err) } satisfies SimilarityReply);
  }
});
